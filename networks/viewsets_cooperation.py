"""Admin viewsets of visits, job rotation, partnerships, projects, campaigns, book fair and Liboppi."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.widgets.button import HeaderButton

from ake.languages import (
    translated_field_names,
    translated_panels,
    written_text_create_view,
    written_text_index_view,
)
from finance.panels import MoneyBySourcePanel

from .forms import LiboppiImportForm, RotationMatchForm
from .liboppi_import import liboppi_import_csv
from .models import (
    BookFair,
    Campaign,
    CampaignParticipation,
    DevelopmentProject,
    FundingApplication,
    LiboppiCompletion,
    LiboppiModule,
    LibraryVisit,
    Partnership,
    ProjectSignUp,
    RotationPeriod,
    RotationPlacement,
    RotationWish,
)
from .roles import user_is_ake
from .services import ServiceError, rotation_match
from .viewsets import RegisterViewSet, SafeExportIndexView, WriteToViewSetMixin


class LibraryVisitViewSet(RegisterViewSet):
    model = LibraryVisit
    add_view_class = written_text_create_view()
    icon = "site"
    menu_label = _("Library visits")
    list_display = ["date", "place", "kind"]
    list_filter = ["kind", "place__region", "date"]
    list_export = ["date", "place", "kind", "participating_libraries.all", "summary", "internal_notes"]
    export_headings = {"participating_libraries.all": _("other libraries taking part")}
    list_select_related = ("place",)
    list_prefetch_related = ("participating_libraries",)
    search_fields = ["place__name_fi", "summary", "internal_notes"]
    ordering = ["-date"]
    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldPanel("place"),
        FieldPanel("participating_libraries"),
        FieldPanel("ake_participants"),
        FieldPanel("summary"),
        FieldPanel("internal_notes"),
        FieldPanel("text_language"),
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
    search_fields = ["title_fi", "title_sv", "host_library__name_fi", "description_fi"]
    ordering = ["-window_starts"]
    panels = [
        FieldRowPanel([FieldPanel("host_library"), FieldPanel("contact")]),
        *translated_panels("title"),
        FieldRowPanel([FieldPanel("window_starts"), FieldPanel("window_ends"), FieldPanel("status")]),
        *translated_panels("description", "onboarding_plan", stacked=True),
    ]


class RotationWishViewSet(RegisterViewSet):
    model = RotationWish
    # The timing in the list is marked with its writer's language where it is not the admin's.
    index_view_class = written_text_index_view(SafeExportIndexView)
    add_view_class = written_text_create_view()
    icon = "help"
    menu_label = _("Rotation wishes")
    list_display = ["person", "home_library", "timing", "status", "created_at"]
    list_filter = ["status", "home_library__region"]
    list_export = ["person", "home_library", "timing", "interests", "status", "created_at"]
    search_fields = ["person__first_name", "person__last_name", "home_library__name_fi", "interests"]
    ordering = ["-created_at"]
    edit_template_name = "networks/admin/rotation_wish_edit.html"
    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("home_library")]),
        FieldPanel("interests"),
        FieldPanel("timing"),
        FieldPanel("text_language"),
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
                {
                    "wish": wish,
                    "form": form,
                    # page_title is the h1 (header_title only the <title>): without it the h1 was empty.
                    "page_title": _("Match a rotation wish"),
                    "header_title": _("Match a rotation wish"),
                },
            )

        return view


class RotationPeriodViewSet(RegisterViewSet):
    model = RotationPeriod
    add_view_class = written_text_create_view()
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
    list_select_related = (
        "person",
        "home_library",
        "host_library",
        "reciprocal__person",
        "reciprocal__home_library",
        "reciprocal__host_library",
    )
    ordering = ["-starts_on"]
    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("home_library"), FieldPanel("host_library")]),
        FieldRowPanel([FieldPanel("home_supervisor"), FieldPanel("host_supervisor")]),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("reciprocal"),
        FieldRowPanel([FieldPanel("placement"), FieldPanel("wish")]),
        FieldPanel("onboarding_plan"),
        FieldPanel("experience_story"),
        FieldPanel("story_language"),
        FieldPanel("story_may_be_published"),
    ]


# --------------------------------------------------------------------------- partner libraries
class PartnershipForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        libraries = cleaned.get("libraries")
        if libraries is not None and len(libraries) < 2:
            self.add_error("libraries", _("A partnership has at least two libraries."))
        return cleaned


class PartnershipViewSet(RegisterViewSet):
    model = Partnership
    icon = "link"
    menu_label = _("Partner libraries")
    list_display = ["theme", "starts_on", "ends_on"]
    list_filter = ["starts_on", "libraries__region"]
    list_export = ["theme", "libraries.all", "starts_on", "ends_on", "planned_actions"]
    export_headings = {"libraries.all": _("libraries")}
    list_prefetch_related = ("libraries",)
    search_fields = ["theme_fi", "theme_sv", "theme_en", "planned_actions_fi", "libraries__name_fi"]
    ordering = ["-starts_on"]
    edit_handler = ObjectList(
        [
            FieldPanel("libraries"),
            *translated_panels("theme"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            *translated_panels("planned_actions", stacked=True),
            MultiFieldPanel(
                [InlinePanel("visits", label=_("Visit"))], heading=_("Visits between the partners")
            ),
        ],
        base_form_class=PartnershipForm,
    )


# --------------------------------------------------------------------------- projects, campaigns, book fair
class DevelopmentProjectForm(WagtailAdminModelForm):
    """The status flow's steps that need a funding application in the same form."""

    def _applications(self):
        formset = self.formsets.get("applications") if hasattr(self, "formsets") else None
        if formset is None or not formset.is_valid():
            return None  # the formset's own errors are shown next to its fields
        return [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        flow = DevelopmentProject.Status
        if status not in (flow.APPLIED, flow.FUNDED, flow.REJECTED) or "status" not in self.changed_data:
            return cleaned
        applications = self._applications()
        # A step the flow does not allow is refused by the model, with its own message.
        if applications is None or not self.instance.status_may_become(status):
            return cleaned
        if not applications:
            self.add_error("status", _("Add the funding application below first."))
        elif status == flow.FUNDED and not any(
            a.get("decision") == FundingApplication.Decision.FUNDED for a in applications
        ):
            self.add_error("status", _("Mark the funding application that was funded below first."))
        return cleaned

    def save(self, commit=True):
        project = super().save(commit=commit)
        if commit:
            # An accepted pilot sign-up makes its library a pilot (ProjectSignUp.save), but the form
            # then stores the pilot-library field as it was shown, which dropped the ones just accepted.
            accepted = project.sign_ups.filter(
                status=ProjectSignUp.Status.ACCEPTED, kind=ProjectSignUp.Kind.PILOT
            ).values_list("library_id", flat=True)
            project.pilot_libraries.add(*accepted)
        return project


class DevelopmentProjectViewSet(WriteToViewSetMixin, RegisterViewSet):
    model = DevelopmentProject
    write_to = ("project", _("Write to the libraries"))
    icon = "pick"
    menu_label = _("Development projects")
    list_display = ["name", "status", "idea_from", "scope", "starts_on", "ends_on"]
    list_filter = ["status", "idea_from", "scope", "applications__submitted_on", "starts_on"]
    list_export = [
        "name",
        "status",
        "scope",
        "applications.all",
        "starts_on",
        "ends_on",
        "pilot_libraries.all",
        "results_url",
    ]
    export_headings = {
        "pilot_libraries.all": _("pilot libraries"),
        "applications.all": _("funding applications"),
    }
    list_prefetch_related = ("pilot_libraries", "applications")
    search_fields = ["name_fi", "name_sv", "name_en", "description_fi", "applications__funder"]
    ordering = ["-starts_on", "name"]
    edit_handler = ObjectList(
        [
            *translated_panels("name"),
            FieldRowPanel([FieldPanel("status"), FieldPanel("scope")]),
            *translated_panels("description", stacked=True),
            # Where the idea came from (staff, a group, an event's workshop: plan §1.1).
            FieldRowPanel([FieldPanel("idea_from"), FieldPanel("idea_group"), FieldPanel("idea_event")]),
            MultiFieldPanel(
                [
                    *translated_panels("purpose", stacked=True),
                    InlinePanel(
                        "objectives",
                        panels=translated_panels("objective", "target", "outcome"),
                        label=_("Objective"),
                    ),
                    InlinePanel(
                        "milestones",
                        panels=[*translated_panels("title"), FieldPanel("due_on"), FieldPanel("done")],
                        label=_("Milestone"),
                    ),
                    *translated_panels("resources", stacked=True),
                    MoneyBySourcePanel(),
                    *translated_panels("partners", stacked=True),
                ],
                heading=_("Project plan"),
            ),
            MultiFieldPanel(
                [
                    InlinePanel(
                        "applications",
                        label=_("Funding application"),
                        # Money is for AKE admins and the planning group (finance.view_money, issue #18):
                        # an editor records the application and its decision, never sees the sums.
                        panels=[
                            # The funder's name and its language side by side; the name keeps room
                            # for a long one ("Svenska kulturfonden", "Opetus- ja kulttuuriministeriö").
                            FieldRowPanel([FieldPanel("funder"), FieldPanel("funder_language")]),
                            FieldPanel("submitted_on"),
                            FieldPanel("applied_amount", permission="finance.view_money"),
                            FieldRowPanel([FieldPanel("decision"), FieldPanel("decided_on")]),
                            FieldPanel("granted_amount", permission="finance.view_money"),
                        ],
                    )
                ],
                heading=_("Funding applications"),
            ),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("public"), FieldPanel("sign_up_open"), FieldPanel("sign_up_opened_on")]
                    ),
                    InlinePanel("sign_ups", label=_("Sign-up")),
                    FieldPanel("pilot_libraries"),
                ],
                heading=_("Libraries taking part"),
            ),
            *translated_panels("results", stacked=True),
            FieldPanel("results_url"),
            InlinePanel("documents", label=_("Result document"), panels=[FieldPanel("document")]),
        ],
        base_form_class=DevelopmentProjectForm,
    )


class CampaignViewSet(WriteToViewSetMixin, RegisterViewSet):
    model = Campaign
    write_to = ("campaign", _("Write to the libraries"))
    icon = "pick"
    menu_label = _("Campaigns")
    list_display = ["theme", "year", "sign_up_open"]
    list_filter = ["year", "sign_up_open"]
    list_export = ["year", "theme", "materials_fi_url", "materials_sv_url", "libraries.all"]
    export_headings = {"libraries.all": _("participating libraries")}
    list_prefetch_related = ("libraries",)
    search_fields = ["theme_fi", "theme_sv", "theme_en", "description_fi"]
    ordering = ["-year", "theme"]
    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("sign_up_open")]),
        *translated_panels("theme"),
        *translated_panels("description", stacked=True),
        InlinePanel(
            "materials",
            panels=[FieldPanel("document"), FieldPanel("language")],
            label=_("Material"),
            heading=_("Materials in the material bank"),
            help_text=_(
                "Choose documents of the material bank. A document in a staff-only collection is "
                "shown on the site to logged-in library staff only."
            ),
        ),
        FieldRowPanel([FieldPanel("materials_fi_url"), FieldPanel("materials_sv_url")]),
        InlinePanel("participations", label=_("Participating library"), heading=_("Participating libraries")),
    ]


class CampaignParticipationViewSet(RegisterViewSet):
    model = CampaignParticipation
    icon = "tick"
    menu_label = _("Campaign participations")
    list_display = ["library", "campaign", "signed_up_by", "created_at"]
    list_filter = ["campaign", "campaign__year"]
    list_export = ["campaign", "campaign.year", "library", "signed_up_by", "created_at"]
    export_headings = {"campaign.year": _("year")}
    list_select_related = ("campaign", "library", "signed_up_by")
    search_fields = ["library__name_fi", "campaign__theme"]
    ordering = ["campaign", "library__name_fi"]
    form_fields = ["campaign", "library"]


class BookFairViewSet(RegisterViewSet):
    model = BookFair
    icon = "doc-full-inverse"
    menu_label = _("Book fair")
    list_display = ["year", "planned", "done"]
    list_filter = ["done"]
    list_export = ["year", "planned", "done", "stand_libraries.all", "notes"]
    export_headings = {"stand_libraries.all": _("libraries at the stand")}
    list_prefetch_related = ("stand_libraries",)
    search_fields = ["notes_fi", "notes_sv", "notes_en"]
    ordering = ["-year"]
    form_fields = ["year", "planned", "done", "stand_libraries", *translated_field_names("notes")]


# --------------------------------------------------------------------------- Liboppi
class LiboppiModuleViewSet(RegisterViewSet):
    model = LiboppiModule
    icon = "desktop"
    menu_label = _("Liboppi modules")
    list_display = ["title", "first_offered_on", "scope"]
    list_filter = ["scope", "first_offered_on"]
    list_export = ["title", "first_offered_on", "scope", "url"]
    search_fields = ["title"]
    ordering = ["-first_offered_on"]
    form_fields = ["title", "first_offered_on", "scope", "url"]


class LiboppiCompletionIndexView(SafeExportIndexView):
    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(_("Import CSV"), url=reverse("liboppi_completions:import"), icon_name="upload"),
        ]


class LiboppiCompletionViewSet(RegisterViewSet):
    model = LiboppiCompletion
    index_view_class = LiboppiCompletionIndexView
    icon = "tick-inverse"
    menu_label = _("Liboppi completions")
    list_display = ["module", "library", "completed_on", "count", "source"]
    list_filter = ["module", "source", "completed_on"]
    list_export = ["module", "library", "completed_on", "count", "source", "person_ref"]
    search_fields = ["module__title", "library__name_fi", "person_ref"]
    list_select_related = ("module", "library")
    ordering = ["-completed_on"]
    form_fields = ["module", "library", "completed_on", "count"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("import/", self.import_view, name="import")]

    @property
    def import_view(self):
        def view(request):
            if not user_is_ake(request.user):
                return redirect(self.get_url_name("index"))
            form = LiboppiImportForm(request.POST or None, request.FILES or None)
            result = None
            if request.method == "POST" and form.is_valid():
                result = liboppi_import_csv(data=form.cleaned_data["file"].read())
                if result.ok:
                    messages.success(
                        request,
                        _("Imported %(created)s completions; %(skipped)s were already there.")
                        % {"created": result.created, "skipped": result.skipped},
                    )
                    return redirect(self.get_url_name("index"))
            return TemplateResponse(
                request,
                "networks/admin/liboppi_import.html",
                {
                    "form": form,
                    "result": result,
                    "page_title": _("Import Liboppi completions"),
                    "header_title": _("Import Liboppi completions"),
                },
            )

        return view


def cooperation_register_viewsets():
    return (
        LibraryVisitViewSet("library_visits"),
        RotationPlacementViewSet("rotation_placements"),
        RotationWishViewSet("rotation_wishes"),
        RotationPeriodViewSet("rotation_periods"),
        PartnershipViewSet("partnerships"),
        DevelopmentProjectViewSet("development_projects"),
        CampaignViewSet("campaigns"),
        CampaignParticipationViewSet("campaign_participations"),
        BookFairViewSet("book_fairs"),
        LiboppiModuleViewSet("liboppi_modules"),
        LiboppiCompletionViewSet("liboppi_completions"),
    )
