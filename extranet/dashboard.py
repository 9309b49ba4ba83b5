"""The translation panel on AKE's dashboard (ake/dashboard.py): pages and records missing a language."""

from django.urls import reverse
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from ake.areas import EVENTS, KITS, NOTICES, REGISTRY, REPORT, USERS
from ake.dashboard import DashboardPanel, Line, Urgency
from ake.memo import memoized

from .admin_views import translation_gap_counts


class TranslationGapsPanel(DashboardPanel):
    name = "ake-translation-gaps"
    heading = _("Missing translations")
    permission = "wagtailadmin.access_admin"
    empty_text = _("Every page and record has its text in every language.")

    def get_lines(self):
        url = reverse("extranet_translation_gaps")
        lines = []
        # Kept per process while no content area changed (ake/memo.py): translated texts live in
        # every area, and the counts change only when a text is written, never with the clock.
        gaps = memoized(
            self.request,
            ("dashboard-translation-gaps",),
            translation_gap_counts,
            areas=(NOTICES, EVENTS, KITS, REGISTRY, USERS, REPORT),
        )
        for code, counts in gaps.items():
            language = get_language_info(code)["name_translated"]
            if counts["pages"]:
                lines.append(
                    Line(
                        text=ngettext(
                            "%(count)s page without %(language)s",
                            "%(count)s pages without %(language)s",
                            counts["pages"],
                        )
                        % {"count": counts["pages"], "language": language.lower()},
                        url=f"{url}?language={code}&kind=pages",
                        urgency=Urgency.TRANSLATION,
                    )
                )
            if counts["records"]:
                lines.append(
                    Line(
                        text=ngettext(
                            "%(count)s record without %(language)s",
                            "%(count)s records without %(language)s",
                            counts["records"],
                        )
                        % {"count": counts["records"], "language": language.lower()},
                        url=f"{url}?language={code}&kind=records",
                        urgency=Urgency.TRANSLATION,
                    )
                )
        return lines


def _reviewable_states(user):
    """What Wagtail's ``TaskState.objects.reviewable_by(user)`` finds, in the panel's one query: the
    in-progress states of active group approval tasks of the user's groups (any for a superuser).
    Wagtail reads the active tasks, then each task's specific row and its groups one by one (four
    queries here); None when a task type other than group approval exists, which Wagtail must ask."""
    from wagtail.models import GroupApprovalTask, TaskState
    from wagtail.workflows import get_task_types

    if set(get_task_types()) != {GroupApprovalTask}:
        return None
    states = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, task__active=True)
    if not user.is_superuser:
        mine = GroupApprovalTask.objects.filter(groups__in=user.groups.values("pk")).values("pk")
        states = states.filter(task_id__in=mine)
    return states


def moderation_panel_class():
    """Wagtail's "Awaiting your review" panel, reading the states the user may review in one query
    (issue #20: the admin home within 12 queries). The rows are built as Wagtail builds them."""
    from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
    from wagtail.models import Page, Revision

    class ModerationPanel(WorkflowObjectsToModeratePanel):
        def get_context_data(self, parent_context):
            request = parent_context["request"]
            states = _reviewable_states(request.user)
            if states is None:
                return super().get_context_data(parent_context)
            context = super(WorkflowObjectsToModeratePanel, self).get_context_data(parent_context)
            context.update(states=[], request=request, csrf_token=parent_context["csrf_token"])
            states = (
                states.select_related(
                    "revision", "revision__user", "workflow_state", "workflow_state__workflow"
                )
                .prefetch_related("revision__content_object", "revision__content_object__latest_revision")
                .order_by("-started_at")
                .annotate(previous_revision_id=Revision.objects.previous_revision_id_subquery())
            )
            for state in states:
                obj = state.revision.content_object
                if not obj:
                    continue
                names = {
                    "workflow_action_url_name": "wagtailadmin_pages:workflow_action",
                    "workflow_preview_url_name": "wagtailadmin_pages:workflow_preview",
                    "revisions_compare_url_name": "wagtailadmin_pages:revisions_compare",
                }
                if not isinstance(obj, Page):
                    viewset = obj.snippet_viewset
                    names = {
                        "workflow_action_url_name": viewset.get_url_name("workflow_action"),
                        "workflow_preview_url_name": viewset.get_url_name("workflow_preview"),
                        "revisions_compare_url_name": viewset.get_url_name("revisions_compare"),
                    }
                if not getattr(obj, "is_previewable", False):
                    names["workflow_preview_url_name"] = None
                context["states"].append(
                    {
                        "obj": obj,
                        "revision": state.revision,
                        "previous_revision_id": state.previous_revision_id,
                        "live_revision_id": obj.live_revision_id,
                        "task_state": state,
                        "actions": state.task.specific.get_actions(obj, request.user),
                        "workflow_tasks": state.workflow_state.all_tasks_with_status(),
                        **names,
                    }
                )
            return context

    return ModerationPanel
