"""Wagtail admin viewsets of the cooperation registers (issue #5), grouped under "Cooperation"."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.coreutils import multigetattr

from ake.languages import translated_panels

from .exports import spreadsheet_safe
from .models import GroupActionPlan, GroupJoinRequest, GroupMembership
from .roles import user_is_ake
from .services import ServiceError, group_join_request_approve, group_join_request_reject, term_end


class SafeExportIndexView(IndexView):
    """Index view whose CSV/XLSX export cannot smuggle a formula into a spreadsheet."""

    # "libraries.all" in list_export lists a many-to-many relation's objects in one cell.
    MANY_SUFFIX = ".all"

    def to_row_dict(self, item):
        row = {}
        for field in self.list_export:
            if field.endswith(self.MANY_SUFFIX):
                related = getattr(item, field.removesuffix(self.MANY_SUFFIX)).all()
                row[field] = ", ".join(str(obj) for obj in related)
            else:
                row[field] = multigetattr(item, field)
        return row

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(super().preprocess_field_value(field, value, export_format))


# --------------------------------------------------------------------------- "Write to…" (issue #17)
def write_to_buttons(user, write_to, instance, button_class) -> list:
    """A button opening the message form (trainings' ParticipantMessage) with this record as its
    audience: ``write_to`` is (the form's query parameter, the button's label)."""
    if not write_to or not user.has_perm("trainings.add_participantmessage"):
        return []
    parameter, label = write_to
    url = reverse("trainings_message:add") + f"?{parameter}={instance.pk}"
    return [button_class(label, url=url, icon_name="mail", priority=30)]


class WriteToIndexView(SafeExportIndexView):
    write_to: tuple | None = None

    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + write_to_buttons(
            self.request.user, self.write_to, instance, MenuItem
        )


class WriteToEditView(EditView):
    write_to: tuple | None = None

    @cached_property
    def header_more_buttons(self):
        return super().header_more_buttons + write_to_buttons(
            self.request.user, self.write_to, self.object, Button
        )


class WriteToViewSetMixin:
    """A viewset whose listing rows and edit view offer "Write to…" its people."""

    index_view_class = WriteToIndexView
    edit_view_class = WriteToEditView
    write_to: tuple | None = None

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(write_to=self.write_to, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(write_to=self.write_to, **kwargs)


class RegisterViewSet(ModelViewSet):
    """Base for the registers: export buttons, inspect view, formula-safe spreadsheets."""

    index_view_class = SafeExportIndexView
    inspect_view_enabled = True
    add_to_admin_menu = False
    # Relations shown in the list and the export, fetched in the same query.
    list_select_related: tuple[str, ...] = ()
    list_prefetch_related: tuple[str, ...] = ()

    def get_index_view_kwargs(self, **kwargs):
        view_kwargs = super().get_index_view_kwargs(**kwargs)
        if self.list_select_related or self.list_prefetch_related:
            view_kwargs["queryset"] = self.model._default_manager.select_related(
                *self.list_select_related
            ).prefetch_related(*self.list_prefetch_related)
        return view_kwargs


# --------------------------------------------------------------------------- working groups
class GroupMembershipForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        # A rotating representative's term is two years unless AKE says otherwise (plan §3.2).
        if (
            cleaned.get("role") == GroupMembership.Role.CONSORTIUM_REPRESENTATIVE
            and cleaned.get("starts_on")
            and not cleaned.get("ends_on")
        ):
            cleaned["ends_on"] = term_end(cleaned["starts_on"])
            self.instance.ends_on = cleaned["ends_on"]
        return cleaned


class GroupMembershipViewSet(RegisterViewSet):
    model = GroupMembership
    icon = "user"
    menu_label = _("Group members")
    list_display = ["user", "library", "group", "role", "consortium", "starts_on", "ends_on"]
    list_filter = ["group", "role", "consortium"]
    list_export = ["group", "user", "user.email", "library", "role", "consortium", "starts_on", "ends_on"]
    export_headings = {"user.email": _("email")}
    list_select_related = ("group", "user", "library")
    search_fields = [
        "user__first_name",
        "user__last_name",
        "user__email",
        "library__name_fi",
        "group__name_fi",
    ]
    ordering = ["group__name_fi", "role"]
    edit_handler = ObjectList(
        [
            FieldPanel("group"),
            FieldPanel("user"),
            FieldPanel("library"),
            FieldRowPanel([FieldPanel("role"), FieldPanel("consortium")]),
            FieldRowPanel(
                [
                    FieldPanel("starts_on"),
                    FieldPanel(
                        "ends_on",
                        help_text=_("Leave empty for a consortium representative: the term lasts two years."),
                    ),
                ]
            ),
        ],
        base_form_class=GroupMembershipForm,
    )


class GroupJoinRequestViewSet(RegisterViewSet):
    model = GroupJoinRequest
    icon = "mail"
    menu_label = _("Join requests")
    list_display = ["user", "group", "library", "status", "created_at"]
    list_filter = ["status", "group"]
    list_export = ["group", "user", "library", "status", "created_at", "decided_at", "message"]
    list_select_related = ("group", "user", "library")
    search_fields = ["user__first_name", "user__last_name", "user__email", "group__name_fi"]
    ordering = ["-created_at"]
    form_fields = ["decision_note"]
    edit_template_name = "networks/admin/join_request_edit.html"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/approve/", self.decide_view, {"decision": "approve"}, name="approve"),
            path("<int:pk>/reject/", self.decide_view, {"decision": "reject"}, name="reject"),
        ]

    @property
    def decide_view(self):
        def view(request, pk, decision):
            join_request = get_object_or_404(GroupJoinRequest, pk=pk)
            if request.method != "POST" or not user_is_ake(request.user):
                return redirect(self.get_url_name("edit"), pk)
            try:
                if decision == "approve":
                    group_join_request_approve(join_request=join_request, decided_by=request.user)
                    messages.success(request, _("The person was added to the group and told by email."))
                else:
                    group_join_request_reject(
                        join_request=join_request,
                        decided_by=request.user,
                        note=request.POST.get("decision_note", ""),
                    )
                    messages.success(request, _("The request was rejected and the person told by email."))
            except ServiceError as error:
                messages.error(request, str(error))
            return redirect(self.get_url_name("index"))

        return view


class GroupActionPlanViewSet(RegisterViewSet):
    model = GroupActionPlan
    icon = "doc-full"
    menu_label = _("Action plans")
    list_display = ["group", "year", "status", "approved_at"]
    list_filter = ["year", "status", "group"]
    list_export = [
        "group",
        "year",
        "status",
        "approved_at",
        "basic_activity",
        "development_goals",
        "resources",
    ]
    search_fields = ["group__name_fi", "basic_activity_fi", "basic_activity_sv", "development_goals_fi"]
    ordering = ["-year", "group__name_fi"]
    panels = [
        FieldRowPanel([FieldPanel("group"), FieldPanel("year")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("approved_at")]),
        FieldPanel("confirmed_members"),
        *translated_panels("basic_activity", "development_goals", stacked=True),
        MultiFieldPanel(
            [
                InlinePanel(
                    "actions", panels=translated_panels("timing", "action", "responsible"), label=_("Action")
                )
            ],
            heading=_("Schedule of actions"),
        ),
        *translated_panels("resources", stacked=True),
        MultiFieldPanel(
            [
                InlinePanel(
                    "costs",
                    panels=[FieldPanel("kind"), *translated_panels("description"), FieldPanel("amount")],
                    label=_("Cost"),
                )
            ],
            heading=_("Costs"),
        ),
    ]


def cooperation_viewsets():
    from .viewsets_cooperation import cooperation_register_viewsets

    return (
        GroupMembershipViewSet("group_memberships"),
        GroupJoinRequestViewSet("group_join_requests"),
        GroupActionPlanViewSet("group_action_plans"),
        *cooperation_register_viewsets(),
    )


class CooperationGroup(ViewSetGroup):
    menu_label = _("Cooperation")
    menu_icon = "group"
    menu_order = 310

    def __init__(self):
        self.items = cooperation_viewsets()
        super().__init__()
