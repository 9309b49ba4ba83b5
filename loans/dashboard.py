"""The loans app's panels on AKE's dashboard (ake/dashboard.py): kits due and interlibrary loans open.

Both panels read their rows in one query together (ake.dashboard.rows_together), kept on the request.
"""

from django.db.models import CharField, Count, F, Value, Window
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ake.dashboard import LIMIT, DashboardPanel, Line, Urgency, in_language, rows_together, week_end

from .selectors import DueKind, interlibrary_loan_list_open, kit_booking_list_due

# An interlibrary-loan request unanswered this many days is late even without a "needed by" day.
ILL_LATE_DAYS = 7
KITS, LOANS = 0, 1


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _rows(panel) -> list[list[tuple]]:
    """(kind, pk, name, library, first day, second day, total) of the kits due and the open
    interlibrary loans, most urgent first, read once per request."""
    request = panel.request
    rows = getattr(request, "_ake_loans_dashboard", None)
    if rows is None:
        today = panel.today()
        total = Window(Count("pk"))
        columns = ["kind", "row_id", "name", "library_name", "first_day", "second_day", "total"]
        kits = (
            kit_booking_list_due(today=today, until=week_end(today))
            .annotate(
                kind=F("due_kind"),
                row_id=F("pk"),
                name=in_language("kit__name"),
                library_name=in_language("library__name"),
                first_day=F("pickup_date"),
                second_day=F("return_date"),
                total=total,
            )
            .values(*columns)[:LIMIT]
        )
        loans = (
            interlibrary_loan_list_open()
            .annotate(
                kind=Value("open"),
                row_id=F("pk"),
                name=F("title"),
                library_name=Coalesce(
                    in_language("library__name"), F("outside_library"), output_field=CharField()
                ),
                first_day=F("requested_on"),
                second_day=F("needed_by"),
                total=total,
            )
            .values(*columns)[:LIMIT]
        )
        rows = rows_together([kits, loans], columns)
        rank = {kind: index for index, kind in enumerate(DueKind.ORDER)}
        rows[KITS].sort(key=lambda row: (rank[row[0]], row[4], row[5], row[1]))
        rows[LOANS].sort(key=lambda row: (row[4], row[1]))
        request._ake_loans_dashboard = rows
    return rows


class KitsPanel(DashboardPanel):
    name = "ake-kits"
    heading = gettext_lazy("Kits this week")
    permission = "loans.change_kitbooking"
    rank = 2

    def get_lines(self):
        rows = _rows(self)[KITS]
        self._total = rows[0][6] if rows else 0
        texts = {
            DueKind.RETURN_OVERDUE: (_("%(kit)s not returned by %(library)s"), "return"),
            DueKind.HAND_OVER_OVERDUE: (_("%(kit)s not handed over to %(library)s"), "hand_over"),
            DueKind.TO_APPROVE: (_("%(kit)s requested by %(library)s"), "approve"),
            DueKind.HAND_OVER: (_("%(kit)s to hand over to %(library)s"), "hand_over"),
            DueKind.EXPECTED_BACK: (_("%(kit)s expected back from %(library)s"), "return"),
        }
        urgencies = {
            DueKind.RETURN_OVERDUE: Urgency.OVERDUE,
            DueKind.HAND_OVER_OVERDUE: Urgency.OVERDUE,
            DueKind.TO_APPROVE: Urgency.WAITING,
        }
        lines = []
        for kind, pk, kit, library, pickup, back, _total in rows:
            text, action = texts[kind]
            returning = action == "return"
            detail = (_("due back %(date)s") if returning else _("pick-up %(date)s")) % {
                "date": _day(back if returning else pickup)
            }
            lines.append(
                Line(
                    text=text % {"kit": kit, "library": library},
                    url=reverse(f"kit_bookings:{action}", args=[pk]),
                    urgency=urgencies.get(kind, Urgency.THIS_WEEK),
                    detail=detail,
                )
            )
        return lines

    def more_url(self):
        return reverse("kit_bookings:index")


class InterlibraryLoansPanel(DashboardPanel):
    name = "ake-interlibrary-loans"
    heading = gettext_lazy("Interlibrary-loan requests open")
    permission = "loans.change_interlibraryloan"
    rank = 3

    def get_lines(self):
        today = self.today()
        rows = _rows(self)[LOANS]
        self._total = rows[0][6] if rows else 0
        lines = []
        for _kind, pk, title, library, requested_on, needed_by, _total in rows:
            late = (needed_by is not None and needed_by < today) or (
                today - requested_on
            ).days > ILL_LATE_DAYS
            detail = _("requested %(date)s") % {"date": _day(requested_on)}
            if needed_by:
                detail += ", " + _("needed by %(date)s") % {"date": _day(needed_by)}
            lines.append(
                Line(
                    text=_("%(title)s for %(library)s") % {"title": title, "library": library},
                    url=reverse("interlibrary_loans:send", args=[pk]),
                    urgency=Urgency.OVERDUE if late else Urgency.WAITING,
                    detail=detail,
                )
            )
        return lines

    def more_url(self):
        return reverse("interlibrary_loans:index") + "?status=received"
