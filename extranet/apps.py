from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExtranetConfig(AppConfig):
    name = "extranet"
    verbose_name = _("Extranet")

    def ready(self):
        from networks import privacy

        from . import indicators, signals  # noqa: F401 - registers A3, A4, A5
        from .privacy import erase_subscriptions, export_subscriptions

        signals.connect()
        privacy.register_exporter("notice_subscriptions", export_subscriptions)
        privacy.register_eraser("notice_subscriptions", erase_subscriptions)
