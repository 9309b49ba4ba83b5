"""The report's panel on AKE's dashboard (ake/dashboard.py): running-year indicators off track."""

from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ake.dashboard import DashboardPanel, Line, Urgency
from ake.memo import request_area_versions

from .forecast import forecast_for_dashboard
from .presentation import format_target, format_value, pick
from .rules import Target


class ForecastPanel(DashboardPanel):
    name = "ake-forecast"
    heading = gettext_lazy("Indicators that will miss their target at the current pace")
    permission = "reporting.view_indicator_report"
    empty_text = gettext_lazy("Every indicator of the running year is on track, or cannot be judged yet.")

    def get_lines(self):
        self.entry = forecast_for_dashboard(versions=request_area_versions(self.request), today=self.today())
        if self.entry is None:
            # Nothing computed yet: the note says so; "every indicator is on track" would be a guess.
            self.empty_text = ""
            return []
        url = reverse("reporting:report_year", args=[self.entry["year"]])
        return [
            Line(
                text=f"{miss['code']} {pick(miss['label'])}",
                url=f"{url}#indicator-{miss['code']}",
                urgency=Urgency.FORECAST,
                detail=_("%(projected)s with what is scheduled; target %(target)s")
                % {
                    "projected": format_value(miss["unit"], miss["projected"]),
                    "target": format_target(miss["unit"], Target.from_json(miss["target"])),
                },
            )
            for miss in self.entry["misses"]
        ]

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        entry = getattr(self, "entry", None)
        if entry is None:
            context["note"] = _("The forecast is being computed; it shows here in a moment.")
        else:
            computed_at = timezone.localtime(parse_datetime(entry["computed_at"]))
            context["note"] = (
                _("Computed at %(time)s; being updated with the latest changes.")
                if entry["stale"]
                else _("Computed at %(time)s.")
            ) % {"time": date_format(computed_at, "TIME_FORMAT")}
        return context
