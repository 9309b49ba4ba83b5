"""The events' panels on AKE's dashboard (ake/dashboard.py): registrations waiting for approval, and
events left without attendance or feedback. Both read their rows in one query together, kept on the
request (ake.dashboard.rows_together)."""

import datetime

from django.db.models import BooleanField, Count, F, IntegerField, Value, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ake.dashboard import LIMIT, DashboardPanel, Line, Urgency, in_language, rows_together

from .selectors import awaiting_approval_status, event_list_awaiting_approval, event_list_without_follow_up

# Attendance left unmarked this long after the event is overdue (the indicators count attendance).
FOLLOW_UP_OVERDUE_DAYS = 7
# Registrations still waiting this close to the start are overdue: the people need an answer.
APPROVAL_OVERDUE_DAYS = 3
COLUMNS = (
    "row_id",
    "title_shown",
    "starts",
    "ends",
    "awaiting_count",
    "attendance_missing",
    "feedback_missing",
)


def _rows(panel) -> dict[str, list[tuple]]:
    """{"approvals": rows, "follow_up": rows}, each row COLUMNS + the part's total, read once."""
    request = panel.request
    rows = getattr(request, "_ake_events_dashboard", None)
    if rows is None:
        now = timezone.now()
        parts = {
            "follow_up": event_list_without_follow_up(now=now).annotate(
                awaiting_count=Value(0, output_field=IntegerField())
            )
        }
        # Approval mode (issue 17) adds the status; until then the panel has nothing to read.
        if awaiting_approval_status() is not None:
            parts["approvals"] = event_list_awaiting_approval().annotate(
                attendance_missing=Value(False, output_field=BooleanField()),
                feedback_missing=Value(False, output_field=BooleanField()),
            )
        names = list(parts)
        found = rows_together(
            [
                parts[name]
                .annotate(
                    row_id=F("pk"),
                    title_shown=in_language("title"),
                    starts=F("start"),
                    ends=F("end"),
                    total=Window(Count("pk")),
                )
                .values(*COLUMNS, "total")[:LIMIT]
                for name in names
            ],
            [*COLUMNS, "total"],
        )
        rows = {"approvals": [], **dict(zip(names, found, strict=True))}
        rows["approvals"].sort(key=lambda row: (row[2], row[0]))
        rows["follow_up"].sort(key=lambda row: (row[3], row[0]))
        request._ake_events_dashboard = rows
    return rows


def _day(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")


class ApprovalsPanel(DashboardPanel):
    name = "ake-approvals"
    heading = gettext_lazy("Registrations awaiting approval")
    permission = "trainings.change_registration"
    rank = 2

    def is_shown(self) -> bool:
        return awaiting_approval_status() is not None and super().is_shown()

    def get_lines(self):
        rows = _rows(self)["approvals"]
        self._total = rows[0][-1] if rows else 0
        now = timezone.now()
        lines = []
        for pk, title, start, _end, awaiting, *_rest in rows:
            soon = start - now < datetime.timedelta(days=APPROVAL_OVERDUE_DAYS)
            lines.append(
                Line(
                    text=ngettext(
                        "%(event)s: %(count)s registration awaiting approval",
                        "%(event)s: %(count)s registrations awaiting approval",
                        awaiting,
                    )
                    % {"event": title, "count": awaiting},
                    url=reverse("trainings_event:participants", args=[pk]),
                    urgency=Urgency.OVERDUE if soon else Urgency.WAITING,
                    detail=_("starts %(date)s") % {"date": _day(start)},
                )
            )
        return lines

    def more_url(self):
        return reverse("trainings_event:index")


class EventFollowUpPanel(DashboardPanel):
    name = "ake-event-follow-up"
    heading = gettext_lazy("Events without attendance or feedback")
    permission = "trainings.change_event"
    rank = 4

    def get_lines(self):
        rows = _rows(self)["follow_up"]
        self._total = rows[0][-1] if rows else 0
        now = timezone.now()
        lines = []
        for pk, title, _start, end, _awaiting, attendance_missing, _feedback_missing, _total in rows:
            late = now - end > datetime.timedelta(days=FOLLOW_UP_OVERDUE_DAYS)
            if attendance_missing:
                text, view = _("%(event)s: attendance not marked"), "attendance"
            else:
                text, view = _("%(event)s: feedback request not sent"), "feedback"
            lines.append(
                Line(
                    text=text % {"event": title},
                    url=reverse(f"trainings_event:{view}", args=[pk]),
                    urgency=Urgency.OVERDUE if late else Urgency.WAITING,
                    detail=_("ended %(date)s") % {"date": _day(end)},
                )
            )
        return lines

    def more_url(self):
        return reverse("trainings_event:index")
