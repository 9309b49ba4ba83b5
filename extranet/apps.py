from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from ake.areas import NOTICES


class ExtranetConfig(AppConfig):
    name = "extranet"
    verbose_name = _("Extranet")

    # What each model's rows can show in (ake/areas.py; None: no page shows them). A model left out
    # fails the tests (AKE_CHECK_CONTENT_AREAS): see README, "Content areas".
    content_areas = {
        "noticecategory": NOTICES,
        "noticeseries": NOTICES,
        "noticepagetag": NOTICES,
        "homepage": NOTICES,
        "noticeindexpage": NOTICES,
        "noticepage": NOTICES,
        "standardpage": NOTICES,
        "materialbankpage": NOTICES,
        "trainingarchivepage": NOTICES,
        "accessibilitystatementpage": NOTICES,
        "privacynoticepage": NOTICES,
        "trainingwish": None,
        "subscription": None,
        "subscriptionperiod": None,
        "delivery": None,
        "dailyusage": None,
        "documentlanguage": NOTICES,  # the material bank marks each document's language
    }

    def ready(self):
        from networks import privacy

        from . import indicators, signals  # noqa: F401 - registers A3, A4, A5
        from .legal import legal_pages_ensure_after_migrate
        from .page_trees import page_trees_sync_after_migrate
        from .privacy import (
            delivery_errors,
            erase_subscriptions,
            export_subscriptions,
            subscriptions_unconfirmed,
        )
        from .records import register_record_types
        from .search_backend import reindex_after_migrate

        signals.connect()
        from ake import extensions

        from .my_page import my_page

        extensions.register("my_page", my_page)
        register_record_types()
        privacy.register_exporter("notice_subscriptions", export_subscriptions)
        privacy.register_eraser("notice_subscriptions", erase_subscriptions)
        privacy.register_retention_job("subscriptions_unconfirmed", subscriptions_unconfirmed)
        privacy.register_retention_job("delivery_errors", delivery_errors)
        # Development: every page in every content language after each migrate (before the legal
        # pages, which then turn their aliases into translations with their own texts).
        post_migrate.connect(page_trees_sync_after_migrate, dispatch_uid="extranet_page_trees")
        # The accessibility statement and the privacy notice exist on every site (issue #15 item 10).
        post_migrate.connect(legal_pages_ensure_after_migrate, dispatch_uid="extranet_legal_pages")
        # Swedish and English pages indexed with their own configuration, once (issue #14).
        post_migrate.connect(reindex_after_migrate, dispatch_uid="extranet_search_reindex")
