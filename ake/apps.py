from django.apps import AppConfig


class AkeConfig(AppConfig):
    """Project-wide pieces: base templates tags, demo data, middleware."""

    name = "ake"
    verbose_name = "AKE"

    # What each model's rows can show in (ake/areas.py; None: no page shows them). A model left out
    # fails the tests (AKE_CHECK_CONTENT_AREAS): see README, "Content areas".
    content_areas = {"demodataload": None, "outboxmail": None}

    def ready(self):
        from . import admin_sidebar, auth_backends, inputs, page_cache, sentry
        from .spreadsheets import protect_wagtail_exports

        page_cache.connect_signals()
        auth_backends.connect_signals()
        protect_wagtail_exports()
        inputs.install()
        admin_sidebar.install()
        sentry.init()  # error reporting, only when SENTRY_DSN is set
