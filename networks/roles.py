"""The roles of the extranet, as Django groups with permissions.

The groups are created by a migration; their permissions are (re)synced after every migrate, because
apps added later bring permissions of their own.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

LIBRARY_STAFF = "Library staff"
AKE_EDITORS = "AKE editors"
AKE_ADMINS = "AKE admins"
PLANNING_GROUP = "Planning group"
ROLE_NAMES = (LIBRARY_STAFF, AKE_EDITORS, AKE_ADMINS, PLANNING_GROUP)

# Apps whose records AKE editors manage in the Wagtail admin.
EDITOR_APPS = (
    "extranet",
    "trainings",
    "loans",
    "networks",
    "surveys",
    "wagtaildocs",
    "wagtailimages",
    "taggit",
)
# Registry-wide or personal records that only admins change.
ADMIN_ONLY_MODELS = ("user", "countedlibraries", "libraryemaildomain")
REPORT_VIEW = ("reporting", "view_indicator_report")
# Money (issue #18): the follow-up for the planning group (admins have every permission); editors
# only record costs of their own events and never see totals.
MONEY_VIEW = ("finance", "view_money")
EVENT_COST_RECORD = ("finance", "record_event_cost")
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)


def _editor_permissions():
    return (
        Permission.objects.filter(content_type__app_label__in=EDITOR_APPS)
        .exclude(Q(content_type__app_label="networks") & Q(content_type__model__in=ADMIN_ONLY_MODELS))
        .union(
            Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
            Permission.objects.filter(content_type__app_label="reporting"),
            _permission(*EVENT_COST_RECORD),
        )
    )


def _permission(app_label, codename):
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


def _report_permission():
    return _permission(*REPORT_VIEW)


def sync_role_permissions() -> None:
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_NAMES}
    groups[LIBRARY_STAFF].permissions.clear()
    groups[AKE_EDITORS].permissions.set(list(_editor_permissions()))
    groups[AKE_ADMINS].permissions.set(list(Permission.objects.all()))
    groups[PLANNING_GROUP].permissions.set(list(_report_permission().union(_permission(*MONEY_VIEW))))

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for name in (AKE_EDITORS, AKE_ADMINS):
        group = groups[name]
        codenames = PAGE_PERMISSIONS + (("bulk_delete_page",) if name == AKE_ADMINS else ())
        if root_page is not None:
            for codename in codenames:
                permission = Permission.objects.filter(
                    content_type__app_label="wagtailcore", codename=codename
                ).first()
                if permission:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=root_page, permission=permission
                    )
        if root_collection is not None:
            for app_label, codename in COLLECTION_PERMISSIONS:
                permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def user_has_role(user, role: str) -> bool:
    # From the user's cached permissions entry (ake/auth_backends.py): no query on a page.
    from ake.auth_backends import role_names

    return role in role_names(user)


def user_requires_two_factor(user) -> bool:
    return user.is_superuser or user_has_role(user, AKE_ADMINS)


def user_is_ake(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user_has_role(user, AKE_EDITORS) or user_has_role(user, AKE_ADMINS)
    )


def user_can_view_report(user) -> bool:
    return user.is_authenticated and user.has_perm("reporting.view_indicator_report")
