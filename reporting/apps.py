from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ake.areas import REPORT


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Indicator report")

    # What each model's rows can show in (ake/areas.py; None: no page shows them). A model left out
    # fails the tests (AKE_CHECK_CONTENT_AREAS): see README, "Content areas".
    content_areas = {
        "reportpermissions": REPORT,
        "goal": REPORT,
        "action": REPORT,
        "indicatordefinition": REPORT,
        "indicatortarget": REPORT,
        "manualvalue": REPORT,
        "staffresource": REPORT,
        "reportsnapshot": REPORT,
        "freezelogentry": REPORT,
        "pdfrender": None,
    }

    def ready(self):
        from networks.privacy import register_eraser, register_exporter

        from .privacy import erase_user, export_user
        from .records import register_record_types

        register_exporter("reporting", export_user)
        register_eraser("reporting", erase_user)
        register_record_types()
