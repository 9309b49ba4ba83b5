from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Trainings and events")

    def ready(self):
        from networks.privacy import register_eraser, register_exporter

        from . import indicators, providers  # noqa: F401 - registers the indicators and page providers
        from .services import user_participation_erase, user_participation_export

        register_exporter("trainings", user_participation_export)
        register_eraser("trainings", user_participation_erase)
