from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from ake.languages import missing_languages_column, translated_field_names, translated_panels

from .models import (
    FreezeLogEntry,
    IndicatorDefinition,
    IndicatorTarget,
    ManualValue,
    ReportSnapshot,
    StaffResource,
)


def _stamp_entered_by(instance, user) -> None:
    instance.entered_by = user
    instance.entered_by_name = user.get_full_name() or user.email


class ManualValueCreateView(generic.CreateView):
    def save_instance(self):
        _stamp_entered_by(self.form.instance, self.request.user)
        return super().save_instance()


class ManualValueEditView(generic.EditView):
    def save_instance(self):
        _stamp_entered_by(self.form.instance, self.request.user)
        return super().save_instance()


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Records written only by the report itself (freezing, its log): even a superuser only reads them."""

    def user_has_permission(self, user, action):
        return action in ("view", "inspect") and super().user_has_permission(user, "view")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class IndicatorDefinitionViewSet(ModelViewSet):
    model = IndicatorDefinition
    icon = "list-ol"
    menu_label = _("Indicators")
    list_display = ["code", "label_fi", "unit", "action", missing_languages_column()]
    list_filter = ["unit"]
    search_fields = ["code", "label_fi", "label_sv", "label_en"]
    panels = [*translated_panels("label"), FieldPanel("plan_wording")]
    ordering = ["order"]
    inspect_view_enabled = True
    copy_view_enabled = False


class IndicatorTargetViewSet(ModelViewSet):
    model = IndicatorTarget
    icon = "pick"
    menu_label = _("Targets per year")
    list_display = ["indicator", "year", "kind", "low", "high"]
    list_filter = ["year", "kind"]
    search_fields = ["indicator__code", "indicator__label_fi"]
    form_fields = ["indicator", "year", "kind", "low", "high", "tolerance_percent"]
    ordering = ["-year", "indicator__order"]


class ManualValueViewSet(ModelViewSet):
    model = ManualValue
    icon = "edit"
    menu_label = _("Manual values")
    list_display = ["indicator", "year", "value", "override", "entered_by_name", "entered_at"]
    list_filter = ["year", "override"]
    search_fields = ["indicator__code", "note_fi", "note_sv", "note_en"]
    form_fields = ["indicator", "year", "value", *translated_field_names("note"), "override"]
    add_view_class = ManualValueCreateView
    edit_view_class = ManualValueEditView
    ordering = ["-year", "indicator__order"]


class StaffResourceViewSet(ModelViewSet):
    model = StaffResource
    icon = "group"
    menu_label = _("Staff resources (Table 2)")
    list_display = ["year", "position_number", "title_fi", "fte_percent", missing_languages_column()]
    list_filter = ["year"]
    search_fields = ["position_number", "title_fi", "title_sv", "main_tasks_fi"]
    panels = [
        FieldPanel("year"),
        FieldPanel("order"),
        FieldPanel("position_number"),
        *translated_panels("title"),
        FieldPanel("fte_percent"),
        *translated_panels("main_tasks"),
    ]
    ordering = ["-year", "order"]


class ReportSnapshotViewSet(ModelViewSet):
    """Frozen years, to look at only: freezing and unfreezing happen on the report page."""

    model = ReportSnapshot
    icon = "lock"
    menu_label = _("Frozen reports")
    list_display = ["year", "frozen_at", "frozen_by_name"]
    form_fields = []
    inspect_view_enabled = True
    inspect_view_fields = ["year", "frozen_at", "frozen_by_name", "content_hash"]
    copy_view_enabled = False


class FreezeLogViewSet(ModelViewSet):
    model = FreezeLogEntry
    icon = "history"
    menu_label = _("Freeze log")
    list_display = ["year", "action", "by_name", "at"]
    list_filter = ["year", "action"]
    form_fields = []
    inspect_view_enabled = True
    copy_view_enabled = False


class ReportingGroup(ViewSetGroup):
    menu_label = _("Indicator report")
    menu_icon = "table"
    menu_order = 400
    items = (
        IndicatorDefinitionViewSet("indicators"),
        IndicatorTargetViewSet("indicator_targets"),
        ManualValueViewSet("manual_values"),
        StaffResourceViewSet("staff_resources"),
        ReportSnapshotViewSet("frozen_reports"),
        FreezeLogViewSet("freeze_log"),
    )


register_permission_policy(ReportSnapshot, ReadOnlyPolicy(ReportSnapshot))
register_permission_policy(FreezeLogEntry, ReadOnlyPolicy(FreezeLogEntry))


@hooks.register("register_admin_viewset")
def register_reporting_viewsets():
    return ReportingGroup()
