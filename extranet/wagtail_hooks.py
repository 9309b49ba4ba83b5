from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from . import admin_views
from .rich_text import LanguageDocumentLinkHandler
from .viewsets import ExtranetAdminGroup, NoticeSnippetGroup

register_snippet(NoticeSnippetGroup)


@hooks.register("register_admin_viewset")
def register_extranet_viewsets():
    return ExtranetAdminGroup()


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/translation-gaps/",
            admin_views.translation_gaps_report,
            name="extranet_translation_gaps",
        ),
        path(
            "reports/missing-swedish/",
            admin_views.missing_translations_report,
            name="extranet_missing_swedish",
        ),
        path("reports/extranet-usage/", admin_views.usage_report, name="extranet_usage"),
        path("rotation-stories/", admin_views.rotation_story_list, name="extranet_rotation_stories"),
        path(
            "rotation-stories/<int:pk>/notice/",
            admin_views.rotation_story_notice_create,
            name="extranet_rotation_story_notice",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_translation_gaps_menu_item():
    return MenuItem(
        _("Translation gaps"), reverse("extranet_translation_gaps"), icon_name="globe", order=1100
    )


@hooks.register("register_reports_menu_item")
def register_usage_menu_item():
    return MenuItem(_("Extranet usage"), reverse("extranet_usage"), icon_name="view", order=1110)


@hooks.register("register_admin_menu_item")
def register_rotation_stories_menu_item():
    # Beside the notices: the stories are raw material for notices, not a register of their own.
    return MenuItem(
        _("Rotation stories"), reverse("extranet_rotation_stories"), icon_name="openquote", order=215
    )


@hooks.register("construct_homepage_summary_items")
def drop_site_summary_counts(request, summary_items):
    """The dashboard without Wagtail's counts of pages, images and documents: three queries for
    numbers nobody at AKE acts on (the menu reaches each). The moderation panels stay: notices go
    through the approval workflow."""
    summary_items.clear()


@hooks.register("construct_homepage_panels")
def replace_default_panels(request, panels):
    """AKE's dashboard (ake/dashboard.py): Wagtail's "recent edits" and "locked pages" go (three
    queries for lists nobody at AKE works from; the page explorer reaches both); its moderation
    panels stay, notices go through the approval workflow. The translation gaps come in."""
    from wagtail.admin.views.home import LockedPagesPanel, RecentEditsPanel, WorkflowObjectsToModeratePanel

    from .dashboard import TranslationGapsPanel, moderation_panel_class

    panels[:] = [
        # "Awaiting your review" in one query instead of five (issue #20).
        moderation_panel_class()() if type(panel) is WorkflowObjectsToModeratePanel else panel
        for panel in panels
        if not isinstance(panel, RecentEditsPanel | LockedPagesPanel)
    ]
    panels.append(TranslationGapsPanel(request))


# After wagtail.documents' own hook (order 0), which registers the plain handler for the same type.
@hooks.register("register_rich_text_features", order=100)
def register_document_link_language(features):
    features.register_link_type(LanguageDocumentLinkHandler)
