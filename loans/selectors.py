"""Reads of the loans app: availability, a library's bookings, and the interlibrary-loan figures."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum, TextField
from django.db.models.functions import Cast, ExtractMonth, ExtractYear, JSONObject
from django.utils import timezone

from ake.prepared import PreparedQuery, PreparedRows

from .models import (
    InterlibraryLoan,
    InterlibraryMonthlyTotal,
    Kit,
    KitBooking,
    KitDocument,
    KitPhoto,
    KitType,
    KitTypeRule,
    KitUnit,
)

ONE_DAY = datetime.timedelta(days=1)
# How far ahead the "next free dates" search looks before it gives up.
NEXT_FREE_HORIZON_DAYS = 730


# --------------------------------------------------------------------------- kits
# A kit type's saved rule (kit_type is unique), compiled once per process.
_KIT_TYPE_RULE = PreparedQuery(
    lambda kit_type: KitTypeRule.objects.filter(kit_type=kit_type), "ake-sample-kit-type"
)


def kit_type_rule_get(*, kit_type: str) -> KitTypeRule:
    """The saved rule of a kit type, or the defaults when AKE has saved none."""
    rule = _KIT_TYPE_RULE.first(kit_type)
    return rule or KitTypeRule(kit_type=kit_type)


def kit_type_rules_map() -> dict[str, KitTypeRule]:
    saved = {rule.kit_type: rule for rule in KitTypeRule.objects.all()}
    return {kit_type: saved.get(kit_type) or KitTypeRule(kit_type=kit_type) for kit_type in KitType.values}


def _available_unit_ids() -> ArraySubquery:
    """The ids of a kit's available units (the kit is the outer row): how many copies it lends."""
    return ArraySubquery(
        KitUnit.objects.filter(kit_id=OuterRef("pk"), state=KitUnit.State.AVAILABLE)
        .order_by("pk")
        .values("pk")
    )


def _active_kits() -> QuerySet[Kit]:
    first_photo = KitPhoto.objects.filter(kit_id=OuterRef("pk")).order_by("sort_order", "pk")
    return (
        Kit.objects.filter(active=True)
        .annotate(
            unit_ids=_available_unit_ids(),
            photo_image_id=Subquery(first_photo.values("image_id")[:1]),
            # A replaced image file changes the photo's rendition: part of what a card is made of.
            photo_file=Subquery(first_photo.values("image__file")[:1]),
        )
        .order_by("kit_type", "name_fi", "pk")
    )


# The active kits in the kits' order, each with its available units' ids and its first photo:
# what the kit list and the kit calendar show of them, one statement compiled once per process.
ACTIVE_KITS = PreparedQuery(_active_kits)


def _rows_as_text(queryset, fields: tuple[str, ...]) -> ArraySubquery:
    """Each row of ``queryset`` as the text of a JSON object of ``fields`` (a value to compare)."""
    # annotate() then values(): modeltranslation's values() with no field name selects every field.
    return ArraySubquery(
        queryset.annotate(row=Cast(JSONObject(**{field: field for field in fields}), TextField())).values(
            "row"
        )
    )


def _kit_page(kit_id: int) -> QuerySet[Kit]:
    return Kit.objects.filter(active=True, pk=kit_id).annotate(
        unit_ids=_available_unit_ids(),
        # What the page shows of its photos and instructions, with their images' and documents'
        # files and titles: a change of any of them changes the row.
        photo_rows=_rows_as_text(
            KitPhoto.objects.filter(kit_id=OuterRef("pk")).order_by("sort_order", "pk"),
            ("id", "image_id", "caption", "caption_fi", "caption_sv", "caption_en", "image__file")
            + ("image__focal_point_x", "image__focal_point_y", "image__focal_point_width")
            + ("image__focal_point_height",),
        ),
        document_rows=_rows_as_text(
            KitDocument.objects.filter(kit_id=OuterRef("pk")).order_by("sort_order", "pk"),
            (
                "id",
                "document_id",
                "label",
                "label_fi",
                "label_sv",
                "label_en",
                "document__title",
                "document__file",
            ),
        ),
    )


# An active kit's row for its page, with its available units' ids and what its photos and
# instructions show, one statement compiled once per process; empty for no such kit.
KIT_PAGE = PreparedQuery(_kit_page, -7001)


def kit_photos(*, kit_id: int) -> list[KitPhoto]:
    """The kit's photos with their images, in the order of its page (``KIT_PAGE``'s rows)."""
    return list(KitPhoto.objects.filter(kit_id=kit_id).select_related("image").order_by("sort_order", "pk"))


def kit_documents(*, kit_id: int) -> list[KitDocument]:
    """The kit's instructions with their documents, in the order of its page."""
    return list(
        KitDocument.objects.filter(kit_id=kit_id).select_related("document").order_by("sort_order", "pk")
    )


@dataclass
class DayAvailability:
    date: datetime.date
    free_units: int
    total_units: int

    @property
    def state(self) -> str:
        if self.total_units == 0:
            return "none"
        if self.free_units == 0:
            return "booked"
        if self.free_units < self.total_units:
            return "partly"
        return "free"

    @property
    def is_free(self) -> bool:
        return self.free_units > 0


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, 1), datetime.date(year, month, last)


def kit_month_availability(*, kit_ids: list[int], year: int, month: int) -> dict[int, list[DayAvailability]]:
    """Free units per day of a month for each kit, in two queries whatever the number of kits."""
    first, last = month_bounds(year, month)
    units_by_kit: dict[int, set[int]] = defaultdict(set)
    for unit_id, kit_id in KitUnit.objects.filter(
        kit_id__in=kit_ids, state=KitUnit.State.AVAILABLE
    ).values_list("pk", "kit_id"):
        units_by_kit[kit_id].add(unit_id)
    taken: dict[int, dict[datetime.date, set[int]]] = defaultdict(lambda: defaultdict(set))
    bookings = KitBooking.objects.filter(
        kit_id__in=kit_ids,
        status__in=KitBooking.HOLDING_STATUSES,
        blocked_start__lte=last,
        blocked_end__gte=first,
    ).values_list("kit_id", "unit_id", "blocked_start", "blocked_end")
    for kit_id, unit_id, start, end in bookings:
        if unit_id not in units_by_kit[kit_id]:
            continue
        day = max(start, first)
        while day <= min(end, last):
            taken[kit_id][day].add(unit_id)
            day += ONE_DAY
    result = {}
    for kit_id in kit_ids:
        total = len(units_by_kit[kit_id])
        days = []
        day = first
        while day <= last:
            days.append(DayAvailability(day, total - len(taken[kit_id][day]), total))
            day += ONE_DAY
        result[kit_id] = days
    return result


# Every kit's holding bookings that touch a month (first day, last day): the statement compiled once
# per process, its rows plain tuples (the kit calendar's first view after a booking reads only these).
_MONTH_HOLDING = PreparedRows(
    lambda first, last: (
        KitBooking.objects.filter(
            status__in=KitBooking.HOLDING_STATUSES, blocked_start__lte=last, blocked_end__gte=first
        )
        .order_by()
        .values_list("kit_id", "unit_id", "blocked_start", "blocked_end")
    ),
    datetime.date(2001, 1, 1),
    datetime.date(2001, 1, 31),
)


def kit_month_taken(*, units: dict[int, frozenset], year: int, month: int) -> dict[int, list[int]]:
    """How many of each kit's available units (``units``: kit -> unit ids) are taken on each day of
    the month, for the kits with any taken day; one query whatever the number of kits. The same
    counts as ``kit_month_availability`` (a unit no longer available counts for nothing).

    Counted as bookings that hold a day: the exclusion constraint ``kitbooking_unit_no_overlap``
    lets no two holding bookings of one unit share a day, so each booking is one more unit taken
    on each of its days (its first day +1, the day after its last -1, then running sums: this was
    a set of units per day, most of a kit calendar's first view after a booking at scale 10)."""
    first, last = month_bounds(year, month)
    length = (last - first).days + 1
    changes: dict[int, list[int]] = {}
    for kit_id, unit_id, start, end in _MONTH_HOLDING.rows(first, last):
        if unit_id not in units.get(kit_id, ()):
            continue
        days = changes.get(kit_id)
        if days is None:
            days = changes[kit_id] = [0] * (length + 1)
        days[(start - first).days if start > first else 0] += 1
        days[(end - first).days + 1 if end < last else length] -= 1
    return {kit_id: list(accumulate(days[:length])) for kit_id, days in changes.items()}


# One kit's holding bookings that touch a month (kit, first day, last day), compiled once per process.
_KIT_MONTH_HOLDING = PreparedRows(
    lambda kit_id, first, last: (
        KitBooking.objects.filter(
            kit_id=kit_id,
            status__in=KitBooking.HOLDING_STATUSES,
            blocked_start__lte=last,
            blocked_end__gte=first,
        )
        .order_by()
        .values_list("unit_id", "blocked_start", "blocked_end")
    ),
    -7001,
    datetime.date(2001, 1, 1),
    datetime.date(2001, 1, 31),
)


def kit_days(*, kit_id: int, units: frozenset, year: int, month: int) -> list[DayAvailability]:
    """``kit_month_availability`` of one kit whose available units are known (``units``): its
    bookings read with one query compiled once per process."""
    first, last = month_bounds(year, month)
    taken: dict[int, set[int]] = {}
    for unit_id, start, end in _KIT_MONTH_HOLDING.rows(kit_id, first, last):
        if unit_id in units:
            for index in range((max(start, first) - first).days, (min(end, last) - first).days + 1):
                taken.setdefault(index, set()).add(unit_id)
    total = len(units)
    return [
        DayAvailability(first + ONE_DAY * index, total - len(taken.get(index, ())), total)
        for index in range((last - first).days + 1)
    ]


def calendar_weeks(days: list[DayAvailability]) -> list[list[DayAvailability | None]]:
    """The days of a month laid out Monday to Sunday, padded with None."""
    if not days:
        return []
    weeks: list[list[DayAvailability | None]] = []
    week: list[DayAvailability | None] = [None] * days[0].date.weekday()
    for day in days:
        week.append(day)
        if len(week) == 7:
            weeks.append(week)
            week = []
    if week:
        weeks.append(week + [None] * (7 - len(week)))
    return weeks


def kit_next_free_slot(
    *,
    kit: Kit,
    loan_days: int,
    delivery: str,
    not_before: datetime.date,
    exclude_booking_id: int | None = None,
    rule: KitTypeRule | None = None,
) -> tuple[datetime.date, datetime.date] | None:
    """The earliest (pick-up, return) of ``loan_days`` days on any available unit of the kit."""
    rule = rule or kit_type_rule_get(kit_type=kit.kit_type)
    probe_start, probe_end = rule.blocked_range(
        pickup_date=not_before, return_date=not_before + ONE_DAY * (loan_days - 1), delivery=delivery
    )
    before = not_before - probe_start
    span = probe_end - probe_start
    # One query: each available unit with its holding bookings' blocked ranges (the kit page offers
    # the first free dates as its form's default, within the page's query budget).
    holding = Q(bookings__status__in=KitBooking.HOLDING_STATUSES, bookings__blocked_end__gte=probe_start)
    if exclude_booking_id is not None:
        # Not a negated Q: over a multi-valued relation that would become a subquery.
        holding &= Q(bookings__pk__lt=exclude_booking_id) | Q(bookings__pk__gt=exclude_booking_id)
    units = (
        kit.units.filter(state=KitUnit.State.AVAILABLE)
        .annotate(
            starts=ArrayAgg(
                "bookings__blocked_start", filter=holding, order_by="bookings__blocked_start", default=[]
            ),
            ends=ArrayAgg(
                "bookings__blocked_end", filter=holding, order_by="bookings__blocked_start", default=[]
            ),
        )
        .values_list("pk", "starts", "ends")
    )
    ranges: dict[int, list[tuple[datetime.date, datetime.date]]] = {
        unit_id: list(zip(starts, ends, strict=True)) for unit_id, starts, ends in units
    }
    horizon = not_before + datetime.timedelta(days=NEXT_FREE_HORIZON_DAYS)
    best = None
    for unit_ranges in ranges.values():
        candidates = sorted({not_before} | {end + ONE_DAY + before for _, end in unit_ranges})
        for pickup in candidates:
            if pickup < not_before or pickup > horizon:
                continue
            start = pickup - before
            end = start + span
            if all(end < other_start or start > other_end for other_start, other_end in unit_ranges):
                if best is None or pickup < best:
                    best = pickup
                break
    if best is None:
        return None
    return best, best + ONE_DAY * (loan_days - 1)


def kit_yearly_loan_counts(*, kit: Kit) -> list[tuple[int, int]]:
    """(year, loans) for the kit: bookings that were handed over, by the year of the pick-up."""
    rows = (
        KitBooking.objects.filter(
            kit=kit, status__in=[KitBooking.Status.HANDED_OVER, KitBooking.Status.RETURNED]
        )
        .annotate(year=ExtractYear("pickup_date"))
        .values("year")
        .annotate(loans=Count("pk"))
        .order_by("-year")
    )
    return [(row["year"], row["loans"]) for row in rows]


_KIT_YEARLY_LOANS = PreparedRows(
    lambda kit_id: (
        KitBooking.objects.filter(
            kit_id=kit_id, status__in=[KitBooking.Status.HANDED_OVER, KitBooking.Status.RETURNED]
        )
        .annotate(year=ExtractYear("pickup_date"))
        .values("year")
        .annotate(loans=Count("pk"))
        .order_by("-year")
        .values_list("year", "loans")
    ),
    -7002,
)


def kit_yearly_loans(*, kit_id: int) -> list[tuple[int, int]]:
    """``kit_yearly_loan_counts`` with its statement compiled once per process."""
    return _KIT_YEARLY_LOANS.rows(kit_id)


def kit_history(*, kit: Kit) -> QuerySet[KitBooking]:
    return (
        KitBooking.objects.filter(kit=kit)
        .select_related("library", "unit", "booked_by")
        .prefetch_related("events")
        .order_by("-pickup_date", "-pk")
    )


# --------------------------------------------------------------------------- bookings
def _library_q(library, prefix: str = "library") -> Q:
    """Rows of the library's whole organisation: a branch's bookings belong to its library too."""
    organisation_id = library.organisation_id
    return Q(**{f"{prefix}_id": organisation_id}) | Q(**{f"{prefix}__parent_id": organisation_id})


def kit_booking_list_for_library(*, library) -> QuerySet[KitBooking]:
    return (
        KitBooking.objects.filter(_library_q(library))
        .select_related("kit", "unit", "library", "booked_by")
        .order_by("-pickup_date", "-pk")
    )


def kit_booking_get_for_user(*, user, pk: int) -> KitBooking | None:
    """The booking if it belongs to the user's library, else None (never another library's)."""
    if not user.is_authenticated or user.library_id is None:
        return None
    return kit_booking_list_for_library(library=user.library).filter(pk=pk).first()


def kit_booking_list_overdue(*, today: datetime.date | None = None) -> QuerySet[KitBooking]:
    """Kits kept past their return day, with ``overdue_notice_sent_at`` (None until the notice went)."""
    from django.db.models import OuterRef, Subquery

    from .models import KitReminder

    today = today or timezone.localdate()
    notice = KitReminder.objects.filter(
        booking=OuterRef("pk"), kind=KitReminder.Kind.OVERDUE, status=KitReminder.Status.SENT
    ).values("sent_at")[:1]
    return (
        KitBooking.objects.filter(status=KitBooking.Status.HANDED_OVER, return_date__lt=today)
        .select_related("kit", "unit", "library", "booked_by")
        .annotate(overdue_notice_sent_at=Subquery(notice))
        .order_by("return_date")
    )


# --------------------------------------------------------------------------- interlibrary loans
SENT_STATUSES = (InterlibraryLoan.Status.SENT, InterlibraryLoan.Status.RETURNED)


def interlibrary_loan_list_for_library(*, library) -> QuerySet[InterlibraryLoan]:
    return InterlibraryLoan.objects.filter(_library_q(library)).select_related("library")


@dataclass
class IllMonth:
    month: int
    volumes: int = 0
    cost: Decimal = Decimal("0")
    loans: int = 0  # per-loan rows counted (not replaced by a total)
    totals: int = 0  # monthly totals counted


def interlibrary_year_figures(*, year: int, until: datetime.date | None = None) -> dict:
    """Volumes and costs sent in ``year`` month by month (see interlibrary_years_figures)."""
    return interlibrary_years_figures(years=[year], until=until)[year]


def interlibrary_years_figures(*, years, until: datetime.date | None = None) -> dict[int, dict]:
    """Volumes and costs sent in each of ``years`` month by month, per-loan rows and monthly totals
    combined.

    The rule (documented in InterlibraryMonthlyTotal): a monthly total for a library replaces that
    library's per-loan rows sent in the same month; a total without a library replaces the month's
    rows of libraries outside the registry. Not-supplied and not-yet-sent requests never count. A
    loan counts in the month and year it was sent, whenever it returns. ``until`` cuts per-loan rows
    at a day (for the running year); totals are whole months and count once entered. Two queries,
    whatever the number of years.
    """
    years = list(years)
    loans = InterlibraryLoan.objects.filter(
        status__in=SENT_STATUSES,
        sent_on__gte=datetime.date(min(years), 1, 1),
        sent_on__lte=datetime.date(max(years), 12, 31),
    )
    if until is not None:
        loans = loans.filter(sent_on__lte=until)
    per_loan = (
        loans.annotate(year=ExtractYear("sent_on"), month=ExtractMonth("sent_on"))
        .values("year", "month", "library_id", "library__parent_id")
        .annotate(volumes=Sum("volumes"), cost=Sum("postage_cost"), loans=Count("pk"))
        .order_by()
    )
    totals = list(
        InterlibraryMonthlyTotal.objects.filter(year__in=years).values(
            "year", "month", "library_id", "volumes", "cost"
        )
    )
    # A total entered for a library organisation covers the loans of its branches too.
    covered = {(row["year"], row["month"], row["library_id"]) for row in totals}
    months = {(y, m): IllMonth(month=m) for y in years for m in range(1, 13)}
    for row in totals:
        figures = months[(row["year"], row["month"])]
        figures.volumes += row["volumes"]
        figures.cost += row["cost"]
        figures.totals += 1
    for row in per_loan:
        key = (row["year"], row["month"])
        organisation_id = row["library__parent_id"] or row["library_id"]
        if key not in months or (*key, organisation_id) in covered or (*key, row["library_id"]) in covered:
            continue
        figures = months[key]
        figures.volumes += row["volumes"] or 0
        figures.cost += row["cost"] or Decimal("0")
        figures.loans += row["loans"]
    result = {}
    for year in years:
        month_list = [months[(year, m)] for m in range(1, 13)]
        result[year] = {
            "year": year,
            "months": month_list,
            "volumes": sum(m.volumes for m in month_list),
            "cost": sum((m.cost for m in month_list), Decimal("0")),
        }
    return result


def interlibrary_loan_volumes(*, year: int, until: datetime.date | None = None) -> int:
    return interlibrary_year_figures(year=year, until=until)["volumes"]


def interlibrary_loan_list_export(*, year: int | None = None) -> QuerySet[InterlibraryLoan]:
    loans = InterlibraryLoan.objects.select_related("library").order_by("requested_on", "pk")
    if year is not None:
        loans = loans.filter(requested_on__year=year)
    return loans


# --------------------------------------------------------------------------- AKE's dashboard
class DueKind:
    """What AKE has to do about a booking (the dashboard, issue #18), most urgent first."""

    RETURN_OVERDUE = "return_overdue"
    HAND_OVER_OVERDUE = "hand_over_overdue"
    TO_APPROVE = "to_approve"
    HAND_OVER = "hand_over"
    EXPECTED_BACK = "expected_back"
    ORDER = (RETURN_OVERDUE, HAND_OVER_OVERDUE, TO_APPROVE, HAND_OVER, EXPECTED_BACK)


def kit_booking_list_due(*, today: datetime.date, until: datetime.date) -> QuerySet[KitBooking]:
    """Bookings AKE acts on by ``until``: kits to hand over (the pick-up day has come or is near),
    kits expected back, both overdue, and requests waiting for approval; ``due_kind`` says which,
    most urgent first."""
    from django.db.models import Case, IntegerField, Value, When
    from django.db.models import CharField as CharValue

    status = KitBooking.Status
    kinds = [
        (DueKind.RETURN_OVERDUE, Q(status=status.HANDED_OVER, return_date__lt=today)),
        (DueKind.HAND_OVER_OVERDUE, Q(status=status.CONFIRMED, pickup_date__lt=today)),
        (DueKind.TO_APPROVE, Q(status=status.REQUESTED)),
        (DueKind.HAND_OVER, Q(status=status.CONFIRMED, pickup_date__lte=until)),
        (DueKind.EXPECTED_BACK, Q(status=status.HANDED_OVER, return_date__lte=until)),
    ]
    due = Q()
    for _kind, condition in kinds:
        due |= condition
    return (
        KitBooking.objects.filter(due)
        .annotate(
            due_kind=Case(*(When(cond, then=Value(kind)) for kind, cond in kinds), output_field=CharValue()),
            due_rank=Case(
                *(When(cond, then=Value(rank)) for rank, (_kind, cond) in enumerate(kinds)),
                output_field=IntegerField(),
            ),
        )
        .select_related("kit", "library")
        .order_by("due_rank", "pickup_date", "return_date", "pk")
    )


def interlibrary_loan_list_open() -> QuerySet[InterlibraryLoan]:
    """Requests received and not yet sent or answered, the oldest first."""
    return (
        InterlibraryLoan.objects.filter(status=InterlibraryLoan.Status.RECEIVED)
        .select_related("library")
        .order_by("requested_on", "pk")
    )


def kit_booking_list_for_library_current(*, library) -> QuerySet[KitBooking]:
    """A library's bookings still ahead or under way, the nearest first ("My page", issue #18)."""
    return (
        KitBooking.objects.filter(
            library=library,
            status__in=[
                KitBooking.Status.REQUESTED,
                KitBooking.Status.CONFIRMED,
                KitBooking.Status.HANDED_OVER,
            ],
        )
        .select_related("kit")
        .order_by("pickup_date", "pk")
    )
