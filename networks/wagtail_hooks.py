from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ake.languages import missing_languages_column, translated_panels

from .models import AccessRequest, CountedLibraries, Library, LibraryEmailDomain, User, WorkingGroup
from .services import ServiceError, access_request_approve, access_request_reject
from .viewsets import WriteToViewSetMixin


class LibraryForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("contact_person")
        if field is not None:
            # Only the library's own staff (its branches' included) can be its contact person.
            library = self.instance
            people = User.objects.filter(is_active=True).order_by("last_name", "first_name")
            field.queryset = (
                people.filter(Q(library=library) | Q(library__parent=library))
                if library.pk
                else people.none()
            )


class LibraryViewSet(ModelViewSet):
    model = Library
    icon = "home"
    menu_label = _("Library registry")
    list_display = [
        "name_fi",
        "municipality_fi",
        "region",
        "consortium",
        "parent",
        "active_to",
        missing_languages_column(),
    ]
    list_filter = ["region", "consortium", "bilingual", "swedish_school_island"]
    search_fields = ["name_fi", "name_sv", "name_en", "municipality_fi", "municipality_sv"]
    edit_handler = ObjectList(
        [
            *translated_panels("name", "municipality"),
            FieldPanel("region"),
            FieldPanel("consortium"),
            FieldPanel("parent"),
            FieldPanel("bilingual"),
            FieldPanel("swedish_school_island"),
            FieldPanel("population"),
            FieldPanel("staff_count"),
            FieldPanel("active_from"),
            FieldPanel("active_to"),
            FieldPanel("source_note"),
            FieldPanel("contact_person"),
        ],
        base_form_class=LibraryForm,
    )
    add_to_admin_menu = False


class LibraryEmailDomainViewSet(ModelViewSet):
    model = LibraryEmailDomain
    icon = "mail"
    menu_label = _("Email domains")
    list_display = ["domain", "library"]
    search_fields = ["domain", "library__name_fi"]
    form_fields = ["domain", "library"]


class CountedLibrariesViewSet(ModelViewSet):
    model = CountedLibraries
    icon = "list-ul"
    menu_label = _("Counted libraries per year")
    list_display = ["year", "decided_at"]
    form_fields = ["year", "libraries", "note"]


class WorkingGroupViewSet(WriteToViewSetMixin, ModelViewSet):
    model = WorkingGroup
    write_to = ("group", _("Write to the members"))
    icon = "group"
    menu_label = _("Working groups and networks")
    list_display = ["name_fi", "kind", "active", missing_languages_column()]
    list_filter = ["kind", "active"]
    search_fields = ["name_fi", "name_sv", "name_en"]
    panels = [
        FieldPanel("slug"),
        *translated_panels("name"),
        FieldPanel("kind"),
        *translated_panels("description"),
        FieldPanel("teams_url"),
        FieldPanel("mailing_list"),
        FieldPanel("is_swedish_cooperation_group"),
        FieldPanel("meeting_goal"),
        FieldPanel("active"),
        FieldPanel("open_to_join"),
    ]


class AccessRequestViewSet(ModelViewSet):
    model = AccessRequest
    icon = "user"
    menu_label = _("Access requests")
    list_display = ["email", "first_name", "last_name", "library", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["email", "first_name", "last_name"]
    form_fields = ["library", "decision_note"]
    edit_template_name = "networks/admin/access_request_edit.html"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/approve/", self.decide_view, {"decision": "approve"}, name="approve"),
            path("<int:pk>/reject/", self.decide_view, {"decision": "reject"}, name="reject"),
        ]

    @property
    def decide_view(self):
        def view(request, pk, decision):
            access_request = get_object_or_404(AccessRequest, pk=pk)
            if request.method != "POST" or not request.user.has_perm("networks.change_accessrequest"):
                return redirect(self.get_url_name("edit"), pk)
            try:
                if decision == "approve":
                    access_request_approve(access_request=access_request, decided_by=request.user)
                    messages.success(request, _("Access approved; a verification email was sent."))
                else:
                    access_request_reject(
                        access_request=access_request,
                        decided_by=request.user,
                        note=request.POST.get("decision_note", ""),
                    )
                    messages.success(request, _("Access request rejected."))
            except ServiceError as error:
                messages.error(request, str(error))
            return redirect(self.get_url_name("index"))

        return view


class RegistryGroup(ViewSetGroup):
    menu_label = _("Registry")
    menu_icon = "home"
    menu_order = 300
    items = (
        LibraryViewSet("libraries"),
        LibraryEmailDomainViewSet("library_domains"),
        CountedLibrariesViewSet("counted_libraries"),
        WorkingGroupViewSet("working_groups"),
        AccessRequestViewSet("access_requests"),
    )


@hooks.register("register_admin_viewset")
def register_registry_viewsets():
    return RegistryGroup()


@hooks.register("register_admin_viewset")
def register_cooperation_viewsets():
    from .viewsets import CooperationGroup

    return CooperationGroup()


@hooks.register("construct_homepage_panels")
def add_access_requests_panel(request, panels):
    from .dashboard import AccessRequestsPanel

    panels.append(AccessRequestsPanel(request))
