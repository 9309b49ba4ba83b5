"""Admin viewsets of visits, job rotation, partnerships, projects, campaigns, book fair and Liboppi."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from .forms import RotationMatchForm
from .models import LibraryVisit, RotationCost, RotationPeriod, RotationPlacement, RotationWish
from .roles import user_is_ake
from .services import ServiceError, rotation_match
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


# --------------------------------------------------------------------------- job rotation
class RotationPlacementViewSet(RegisterViewSet):
    model = RotationPlacement
    icon = "home"
    menu_label = _("Rotation placements")
    list_display = ["title", "host_library", "window_starts", "window_ends", "status"]
    list_filter = ["status", "host_library__region"]
    list_export = [
        "host_library",
        "title",
        "contact",
        "window_starts",
        "window_ends",
        "status",
        "description",
    ]
    search_fields = ["title", "host_library__name_fi", "description"]
    ordering = ["-window_starts"]
    panels = [
        FieldRowPanel([FieldPanel("host_library"), FieldPanel("contact")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("window_starts"), FieldPanel("window_ends"), FieldPanel("status")]),
        FieldPanel("description"),
        FieldPanel("onboarding_plan"),
    ]


class RotationWishViewSet(RegisterViewSet):
    model = RotationWish
    icon = "help"
    menu_label = _("Rotation wishes")
    list_display = ["person", "home_library", "timing", "status", "created_at"]
    list_filter = ["status", "home_library__region"]
    list_export = ["person", "home_library", "timing", "interests", "status", "created_at"]
    search_fields = ["person__first_name", "person__last_name", "home_library__name_fi", "interests"]
    ordering = ["-created_at"]
    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("home_library")]),
        FieldPanel("interests"),
        FieldPanel("timing"),
        FieldPanel("preferred_libraries"),
        FieldPanel("status"),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("<int:pk>/match/", self.match_view, name="match")]

    @property
    def match_view(self):
        def view(request, pk):
            wish = get_object_or_404(RotationWish, pk=pk)
            if not user_is_ake(request.user):
                return redirect(self.get_url_name("index"))
            form = RotationMatchForm(request.POST or None)
            if request.method == "POST" and form.is_valid():
                try:
                    period = rotation_match(wish=wish, **form.cleaned_data)
                except ServiceError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, _("The rotation period was created."))
                    return redirect("rotation_periods:edit", period.pk)
            return TemplateResponse(
                request,
                "networks/admin/rotation_match.html",
                {"wish": wish, "form": form, "header_title": _("Match a rotation wish")},
            )

        return view


class RotationPeriodViewSet(RegisterViewSet):
    model = RotationPeriod
    icon = "date"
    menu_label = _("Rotation periods")
    list_display = ["person", "home_library", "host_library", "starts_on", "ends_on", "status"]
    list_filter = ["status", "starts_on", "home_library__region"]
    list_export = [
        "person",
        "home_library",
        "host_library",
        "starts_on",
        "ends_on",
        "status",
        "reciprocal",
        "home_supervisor",
        "host_supervisor",
    ]
    search_fields = [
        "person__first_name",
        "person__last_name",
        "home_library__name_fi",
        "host_library__name_fi",
    ]
    ordering = ["-starts_on"]
    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("home_library"), FieldPanel("host_library")]),
        FieldRowPanel([FieldPanel("home_supervisor"), FieldPanel("host_supervisor")]),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("reciprocal"),
        FieldRowPanel([FieldPanel("placement"), FieldPanel("wish")]),
        FieldPanel("onboarding_plan"),
        MultiFieldPanel([InlinePanel("costs", label=_("Cost"))], heading=_("Costs")),
        FieldPanel("experience_story"),
    ]


class RotationCostViewSet(RegisterViewSet):
    model = RotationCost
    icon = "table"
    menu_label = _("Rotation costs")
    list_display = ["period", "kind", "claimed_amount", "approved_amount", "paid_amount", "paid_on"]
    list_filter = ["kind", "paid_on"]
    list_export = [
        "period",
        "kind",
        "description",
        "claimed_amount",
        "approved_amount",
        "paid_amount",
        "paid_on",
    ]
    search_fields = ["description", "period__person__last_name", "period__host_library__name_fi"]
    ordering = ["-created_at"]
    form_fields = [
        "period",
        "kind",
        "description",
        "claimed_amount",
        "approved_amount",
        "paid_amount",
        "paid_on",
    ]


def cooperation_register_viewsets():
    return (
        LibraryVisitViewSet("library_visits"),
        RotationPlacementViewSet("rotation_placements"),
        RotationWishViewSet("rotation_wishes"),
        RotationPeriodViewSet("rotation_periods"),
        RotationCostViewSet("rotation_costs"),
    )
