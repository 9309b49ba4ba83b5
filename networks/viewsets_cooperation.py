"""Admin viewsets of visits, job rotation, partnerships, projects, campaigns, book fair and Liboppi."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from .models import LibraryVisit
from .viewsets import RegisterViewSet


class LibraryVisitViewSet(RegisterViewSet):
    model = LibraryVisit
    icon = "site"
    menu_label = _("Library visits")
    list_display = ["date", "place", "kind"]
    list_filter = ["kind", "place__region", "date"]
    list_export = ["date", "place", "kind", "participating_libraries.all", "summary", "internal_notes"]
    export_headings = {"participating_libraries.all": _("other libraries taking part")}
    search_fields = ["place__name_fi", "summary", "internal_notes"]
    ordering = ["-date"]
    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldPanel("place"),
        FieldPanel("participating_libraries"),
        FieldPanel("ake_participants"),
        FieldPanel("summary"),
        FieldPanel("internal_notes"),
    ]


def cooperation_register_viewsets():
    return (LibraryVisitViewSet("library_visits"),)
