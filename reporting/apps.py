from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Indicator report")

    def ready(self):
        from networks.privacy import register_eraser, register_exporter

        from .privacy import erase_user, export_user
        from .records import register_record_types

        register_exporter("reporting", export_user)
        register_eraser("reporting", erase_user)
        register_record_types()
