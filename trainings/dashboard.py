"""The events' panels on AKE's dashboard (ake/dashboard.py): events left without follow-up, and
registrations waiting for approval."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ake.dashboard import DashboardPanel, Line, Urgency, windowed

from .selectors import event_list_without_follow_up

# Attendance left unmarked this long after the event is overdue (the indicators count attendance).
FOLLOW_UP_OVERDUE_DAYS = 7


class EventFollowUpPanel(DashboardPanel):
    name = "ake-event-follow-up"
    heading = gettext_lazy("Events without attendance or feedback")
    permission = "trainings.change_event"
    rank = 4

    def get_lines(self):
        now = timezone.now()
        rows, self._total = windowed(event_list_without_follow_up(now=now))
        lines = []
        for event in rows:
            late = now - event.end > datetime.timedelta(days=FOLLOW_UP_OVERDUE_DAYS)
            ended = _("ended %(date)s") % {
                "date": date_format(timezone.localtime(event.end), "SHORT_DATE_FORMAT")
            }
            if event.attendance_missing:
                text, view = _("%(event)s: attendance not marked"), "attendance"
            else:
                text, view = _("%(event)s: feedback request not sent"), "feedback"
            lines.append(
                Line(
                    text=text % {"event": event.title},
                    url=reverse(f"trainings_event:{view}", args=[event.pk]),
                    urgency=Urgency.OVERDUE if late else Urgency.WAITING,
                    detail=ended,
                )
            )
        return lines

    def more_url(self):
        return reverse("trainings_event:index")
