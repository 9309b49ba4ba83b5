from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from . import admin_views
from .viewsets import ExtranetAdminGroup, NoticeSnippetGroup

register_snippet(NoticeSnippetGroup)


@hooks.register("register_admin_viewset")
def register_extranet_viewsets():
    return ExtranetAdminGroup()


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/missing-swedish/",
            admin_views.missing_translations_report,
            name="extranet_missing_swedish",
        ),
        path("reports/extranet-usage/", admin_views.usage_report, name="extranet_usage"),
    ]


@hooks.register("register_reports_menu_item")
def register_missing_swedish_menu_item():
    return MenuItem(
        _("Pages without Swedish"), reverse("extranet_missing_swedish"), icon_name="globe", order=1100
    )


@hooks.register("register_reports_menu_item")
def register_usage_menu_item():
    return MenuItem(_("Extranet usage"), reverse("extranet_usage"), icon_name="view", order=1110)
