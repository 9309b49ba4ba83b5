"""Admin of the theme weeks and of the libraries that told they took part.

The admin warns (in the list and on the week's page) when no preparatory AKE event is scheduled
3–6 weeks before the week (``ThemeWeek.preparation_problem``).
"""

from django.contrib import messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from ake.languages import missing_languages_column, translated_panels

from .models import ThemeWeek, ThemeWeekParticipation


class PreparationColumn(Column):
    """ "OK" or what is wrong with the week's preparation, as a warning."""

    cell_template_name = "trainings/admin/preparation_cell.html"

    def get_value(self, instance):
        return instance.preparation_problem()


class ThemeWeekIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("preparatory_event")
            .annotate(library_count=Count("participations"))
        )


class WarnAboutPreparation:
    """Shows the preparation warning on the week's page and after saving it."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Added before the page renders, so the admin's message area shows it on this very page.
        if self.request.method == "GET" and getattr(self, "object", None) is not None:
            problem = self.object.preparation_problem()
            if problem:
                messages.warning(self.request, problem)
        return context

    def save_instance(self):
        instance = super().save_instance()
        problem = instance.preparation_problem()
        if problem:
            messages.warning(self.request, problem)
        return instance


class ThemeWeekEditView(WarnAboutPreparation, generic.EditView):
    pass


class ThemeWeekCreateView(WarnAboutPreparation, generic.CreateView):
    pass


class ThemeWeekViewSet(ModelViewSet):
    model = ThemeWeek
    icon = "calendar-alt"
    menu_label = _("Theme weeks")
    index_view_class = ThemeWeekIndexView
    edit_view_class = ThemeWeekEditView
    add_view_class = ThemeWeekCreateView
    copy_view_enabled = False
    list_display = [
        "__str__",
        "starts",
        "ends",
        "preparatory_event",
        PreparationColumn("preparation", label=_("Preparation 3–6 weeks before")),
        Column("library_count", label=_("Libraries that took part")),
        missing_languages_column(),
    ]
    search_fields = ["name_fi", "name_sv", "name_en"]
    ordering = ["-starts"]
    edit_handler = ObjectList(
        [
            *translated_panels("name"),
            FieldRowPanel([FieldPanel("starts"), FieldPanel("ends")]),
            FieldPanel("national_url"),
            FieldPanel("preparatory_event"),
        ]
    )


class ThemeWeekParticipationViewSet(ModelViewSet):
    """The libraries that told they took part; AKE may add one on a library's behalf or remove a mistake."""

    model = ThemeWeekParticipation
    icon = "tick"
    menu_label = _("Theme-week participations")
    copy_view_enabled = False
    list_display = ["theme_week", "library", "note", "reported_by", "reported_at"]
    list_filter = ["theme_week"]
    list_export = ["theme_week", "library", "note", "reported_at"]
    ordering = ["-theme_week__starts", "library__name_fi"]
    form_fields = ["theme_week", "library", "note"]

    def get_queryset(self, request):
        return ThemeWeekParticipation.objects.select_related("theme_week", "library", "reported_by")
