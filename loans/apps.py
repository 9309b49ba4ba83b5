from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ake.areas import BOOKINGS, KITS


class LoansConfig(AppConfig):
    name = "loans"
    verbose_name = _("Lending")

    # What each model's rows can show in (ake/areas.py; None: no page shows them). A model left out
    # fails the tests (AKE_CHECK_CONTENT_AREAS): see README, "Content areas".
    content_areas = {
        "kittyperule": KITS,
        "kit": KITS,
        "kitphoto": KITS,
        "kitdocument": KITS,
        "kitunit": KITS,
        "kitbooking": BOOKINGS,
        "kitbookingevent": BOOKINGS,
        "kitreminder": None,
        "interlibraryloan": KITS,
        "interlibrarymonthlytotal": KITS,
    }

    def ready(self):
        from ake import extensions
        from networks import privacy

        from . import indicators  # noqa: F401 - registers C7
        from .personal_data import (
            interlibrary_contacts,
            interlibrary_requests_erase,
            interlibrary_requests_export,
            kit_bookings_erase,
            kit_bookings_export,
            kit_reminder_errors,
        )
        from .records import register_record_types
        from .views import material_bank_kits

        extensions.register("material_kits", material_bank_kits)
        from .my_page import my_page

        extensions.register("my_page", my_page)
        register_record_types()
        privacy.register_exporter("kit_bookings", kit_bookings_export)
        privacy.register_eraser("kit_bookings", kit_bookings_erase)
        privacy.register_exporter("interlibrary_loan_requests", interlibrary_requests_export)
        privacy.register_eraser("interlibrary_loan_requests", interlibrary_requests_erase)
        privacy.register_retention_job("kit_reminder_errors", kit_reminder_errors)
        privacy.register_retention_job("interlibrary_contacts", interlibrary_contacts)
