"""The surveys' panel on AKE's dashboard (ake/dashboard.py): the response rates of the surveys
running now, the one closing soonest first. One query: each survey's invited and answered counts are
subqueries (two counts over joins would multiply each other), the total rides on the rows."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ake.dashboard import DashboardPanel, Line, Urgency, windowed

from .models import Invitation, Response, Survey, SurveyKind

# A survey closing within a week is "this week": a reminder may still raise its rate.
CLOSING_SOON = datetime.timedelta(days=7)


def _count(queryset):
    counted = queryset.order_by().values("survey").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class SurveyResponsesPanel(DashboardPanel):
    name = "ake-survey-responses"
    heading = gettext_lazy("Survey response rates")
    permission = "surveys.change_survey"
    rank = 6
    empty_text = gettext_lazy("No survey is open.")

    def get_lines(self):
        now = timezone.now()
        own = Q(survey=OuterRef("pk"))
        surveys = (
            Survey.objects.filter(opens_at__lte=now, closes_at__gt=now)
            # An event's feedback has no invitations of its own; the event's pages show it.
            .exclude(kind=SurveyKind.TRAINING)
            .annotate(
                invited=_count(Invitation.objects.filter(own)),
                answered=_count(Invitation.objects.filter(own, answered=True)),
                response_count=_count(Response.objects.filter(own)),
            )
            .order_by("closes_at", "pk")
        )
        rows, self._total = windowed(surveys)
        lines = []
        for survey in rows:
            closes = timezone.localtime(survey.closes_at)
            if survey.invited:
                text = _("%(survey)s: %(answered)s of %(invited)s invited answered (%(rate)s %%)") % {
                    "survey": survey.title,
                    "answered": survey.answered,
                    "invited": survey.invited,
                    "rate": round(survey.answered * 100 / survey.invited),
                }
            else:
                text = _("%(survey)s: %(count)s answers, no invitations sent") % {
                    "survey": survey.title,
                    "count": survey.response_count,
                }
            lines.append(
                Line(
                    text=text,
                    url=reverse("surveys:results", args=[survey.pk]),
                    urgency=Urgency.THIS_WEEK if closes - now < CLOSING_SOON else Urgency.FORECAST,
                    detail=_("%(count)s answers in all · closes %(date)s")
                    % {"count": survey.response_count, "date": date_format(closes, "SHORT_DATE_FORMAT")},
                )
            )
        return lines

    def more_url(self):
        return reverse("surveys_survey:index")
