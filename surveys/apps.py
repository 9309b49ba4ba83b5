from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ake.areas import REPORT


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    # What each model's rows can show in (ake/areas.py). Survey pages are never cached (forms with a
    # CSRF token, or AKE's results); the report's evaluation section reads surveys and responses.
    content_areas = {
        "survey": REPORT,
        "question": REPORT,
        "invitation": None,
        "response": REPORT,
        "answer": REPORT,
        "evaluationnote": REPORT,
        "importedresult": REPORT,
    }

    def ready(self):
        from ake import extensions

        from .my_page import my_page
        from .records import register_record_types
        from .report import report_evaluation

        extensions.register("report_evaluation", report_evaluation)
        extensions.register("my_page", my_page)
        register_record_types()
