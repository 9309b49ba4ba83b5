from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from ake.areas import REGISTRY, REPORT, USERS


def _sync_roles_after_last_app(sender, **kwargs):
    # post_migrate fires once per app, and each app's permissions are created in its own turn:
    # the roles are synced after the last one, when every permission exists.
    if sender.label != list(apps.get_app_configs())[-1].label:
        return
    from .roles import sync_role_permissions

    sync_role_permissions()


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Libraries and networks")

    # What each model's rows can show in (ake/areas.py; None: no page shows them). A model left out
    # fails the tests (AKE_CHECK_CONTENT_AREAS): see README, "Content areas".
    content_areas = {
        "library": REGISTRY,
        "libraryemaildomain": REGISTRY,
        "countedlibraries": REPORT,
        "user": USERS,
        "loginfailure": None,  # throttle counters; no page shows them
        "accessrequest": USERS,
        "workinggroup": REGISTRY,
        "groupmembership": REGISTRY,
        "groupjoinrequest": REGISTRY,
        "groupactionplan": REGISTRY,
        "actionplanaction": REGISTRY,
        "actionplancost": REGISTRY,
        "rotationplacement": REGISTRY,
        "rotationwish": REGISTRY,
        "rotationperiod": REGISTRY,
        "partnership": REPORT,
        "partnervisit": REPORT,
        "developmentproject": REPORT,
        "fundingapplication": REPORT,
        "projectobjective": REPORT,
        "projectmilestone": REPORT,
        "projectdocument": REPORT,
        "projectsignup": REPORT,
        "campaign": REPORT,
        "campaignmaterial": REPORT,
        "campaignparticipation": REPORT,
        "bookfair": REPORT,
        "liboppimodule": REPORT,
        "liboppicompletion": REPORT,
        "libraryvisit": REPORT,
    }

    def ready(self):
        post_migrate.connect(_sync_roles_after_last_app, dispatch_uid="networks_sync_roles")
        # The cooperation registers' Table 1 indicators and personal-data handlers (issue #5).
        from . import indicators, privacy_cooperation, retention  # noqa: F401
        from .records import register_record_types

        register_record_types()
        from ake import extensions

        from .my_page import my_page

        extensions.register("my_page", my_page)
