from django.apps import AppConfig


class AkeConfig(AppConfig):
    """Project-wide pieces: base templates tags, demo data, middleware."""

    name = "ake"
    verbose_name = "AKE"

    def ready(self):
        from .spreadsheets import protect_wagtail_exports

        protect_wagtail_exports()
