"""The registry's panel on AKE's dashboard (ake/dashboard.py): access requests waiting."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ake.dashboard import DashboardPanel, Line, Urgency, windowed

from .selectors import access_request_list_pending

# A request older than this has waited too long: the person cannot sign in until AKE decides.
OVERDUE_DAYS = 3


class AccessRequestsPanel(DashboardPanel):
    name = "ake-access-requests"
    heading = gettext_lazy("Access requests waiting")
    permission = "networks.change_accessrequest"
    rank = 1

    def get_lines(self):
        rows, self._total = windowed(access_request_list_pending())
        today = self.today()
        lines = []
        for row in rows:
            waited = (today - timezone.localdate(row.created_at)).days
            lines.append(
                Line(
                    text=_("%(name)s (%(organisation)s)")
                    % {
                        "name": f"{row.first_name} {row.last_name}".strip() or row.email,
                        "organisation": row.library.name if row.library_id else row.organisation or row.email,
                    },
                    url=reverse("access_requests:edit", args=[row.pk]),
                    urgency=Urgency.OVERDUE if waited > OVERDUE_DAYS else Urgency.WAITING,
                    detail=_("requested %(date)s")
                    % {"date": date_format(timezone.localtime(row.created_at), "SHORT_DATE_FORMAT")},
                )
            )
        return lines

    def more_url(self):
        return reverse("access_requests:index") + "?status=pending"
