"""Table 1 indicators owned by trainings: B1-B6, C1, C2, C5, C6 (rules in DOMAIN.md).

Common rules: only published events count (cancelled and draft never do); an event belongs to the
year in which it starts, in Finnish time; "held" means started on or before ``today``; attendance,
not registration, is counted, and a person counts once per event.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone

from ake.indicators import DrillItem, IndicatorResult, register
from networks.models import WorkingGroup

from .models import (
    Attendance,
    Event,
    EventFormat,
    EventKind,
    EventLanguage,
    FeedbackResponse,
    Participation,
    Registration,
)
from .selectors import local_midnight, year_bounds


def _cutoff(today: datetime.date) -> datetime.datetime:
    """The first moment after ``today`` in Finnish time: events starting before it have been held."""
    return local_midnight(today + datetime.timedelta(days=1))


def _year_events(year: int, **filters):
    start, end = year_bounds(year)
    return Event.objects.filter(status=Event.Status.PUBLISHED, start__gte=start, start__lt=end, **filters)


def _event_count(*, year: int, today: datetime.date, **filters) -> IndicatorResult:
    """Events held in the year (so far), with the rest of the year's published events as ``scheduled``."""
    cutoff = _cutoff(today)
    events = list(_year_events(year, **filters).order_by("start").values("pk", "title", "start"))
    held = [e for e in events if e["start"] < cutoff]
    result = IndicatorResult(
        value=Decimal(len(held)),
        items=[
            DrillItem(
                label=e["title"],
                date=timezone.localdate(e["start"]),
                url=reverse("trainings:event_detail", args=[e["pk"]]),
            )
            for e in held
        ],
    )
    if year == today.year:
        result.scheduled = Decimal(len(events) - len(held))
    return result


def _attendances(year: int, today: datetime.date, event_filter: Q):
    start, end = year_bounds(year)
    return Attendance.objects.filter(
        event__status=Event.Status.PUBLISHED,
        event__start__gte=start,
        event__start__lt=min(end, _cutoff(today)),
    ).filter(event_filter)


def _attendance_result(attendances, *, scheduled_registrations=None, year: int, today: datetime.date):
    # (event, email) pairs: a person counts once per event whatever rows were recorded.
    per_event = list(
        attendances.values("event_id", "event__title", "event__start")
        .annotate(n=Count("email", distinct=True))
        .order_by("event__start")
    )
    persons = attendances.aggregate(n=Count("email", distinct=True))["n"]
    result = IndicatorResult(
        value=Decimal(sum(row["n"] for row in per_event)),
        items=[
            DrillItem(
                label=row["event__title"],
                date=timezone.localdate(row["event__start"]),
                url=reverse("trainings:event_detail", args=[row["event_id"]]),
                detail=str(row["n"]),
            )
            for row in per_event
        ],
        extra={"distinct_persons": persons},
    )
    if year == today.year and scheduled_registrations is not None:
        result.scheduled = Decimal(scheduled_registrations.count())
    return result


def _future_registrations(year: int, today: datetime.date, event_filter: Q):
    start, end = year_bounds(year)
    return Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        event__status=Event.Status.PUBLISHED,
        event__start__gte=max(start, _cutoff(today)),
        event__start__lt=end,
    ).filter(event_filter)


@register("B1")
def trainings_held(*, year: int, today: datetime.date) -> IndicatorResult:
    return _event_count(year=year, today=today, kind=EventKind.TRAINING)


@register("B2")
def libraries_at_trainings(*, year: int, today: datetime.date) -> IndicatorResult:
    rows = (
        _attendances(year, today, Q(event__kind=EventKind.TRAINING))
        .values("library_id", "library__parent_id")
        .annotate(n=Count("email", distinct=True))
    )
    per_org: dict[int, int] = {}
    for row in rows:
        # A branch's staff count for the library organisation the branch belongs to.
        org = row["library__parent_id"] or row["library_id"]
        per_org[org] = per_org.get(org, 0) + row["n"]
    return IndicatorResult(library_ids=set(per_org), extra={"attendees_per_library": per_org})


@register("B3")
def on_site_training_attendances(*, year: int, today: datetime.date) -> IndicatorResult:
    on_site = Q(event__format=EventFormat.IN_PERSON) | Q(
        event__format=EventFormat.HYBRID, participation=Participation.ON_SITE
    )
    attendances = _attendances(year, today, Q(event__kind=EventKind.TRAINING) & on_site)
    scheduled = _future_registrations(
        year,
        today,
        Q(event__kind=EventKind.TRAINING, event__format=EventFormat.IN_PERSON)
        | Q(
            event__kind=EventKind.TRAINING,
            event__format=EventFormat.HYBRID,
            participation=Participation.ON_SITE,
        ),
    )
    return _attendance_result(attendances, scheduled_registrations=scheduled, year=year, today=today)


@register("B4")
def training_feedback_mean(*, year: int, today: datetime.date) -> IndicatorResult:
    start, end = year_bounds(year)
    summary = FeedbackResponse.objects.filter(
        event__kind=EventKind.TRAINING,
        event__status=Event.Status.PUBLISHED,
        event__start__gte=start,
        event__start__lt=min(end, _cutoff(today)),
    ).aggregate(mean=Avg("overall"), responses=Count("pk"))
    mean = summary["mean"]
    value = None if mean is None else Decimal(str(mean)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return IndicatorResult(value=value, extra={"responses": summary["responses"]})


@register("B5")
def study_trips_held(*, year: int, today: datetime.date) -> IndicatorResult:
    return _event_count(year=year, today=today, kind=EventKind.STUDY_TRIP)


@register("B6")
def study_trip_attendances(*, year: int, today: datetime.date) -> IndicatorResult:
    attendances = _attendances(year, today, Q(event__kind=EventKind.STUDY_TRIP))
    scheduled = _future_registrations(year, today, Q(event__kind=EventKind.STUDY_TRIP))
    return _attendance_result(attendances, scheduled_registrations=scheduled, year=year, today=today)


@register("C1")
def meetings_per_working_group(*, year: int, today: datetime.date) -> IndicatorResult:
    """Meetings of every active group; the value is the lowest count, so "met" means every group ≥ 2."""
    groups = list(WorkingGroup.objects.filter(active=True).order_by("name_fi"))
    if not groups:
        return IndicatorResult(value=None, extra={"per_group": {}})
    cutoff = _cutoff(today)
    counts = (
        _year_events(year, kind=EventKind.GROUP_MEETING, working_group__in=groups)
        .values("working_group_id")
        .annotate(
            held=Count("pk", filter=Q(start__lt=cutoff)), planned=Count("pk", filter=Q(start__gte=cutoff))
        )
    )
    by_group = {row["working_group_id"]: row for row in counts}
    per_group = {g.name_fi: by_group.get(g.pk, {}).get("held", 0) for g in groups}
    lowest = min(per_group.values())
    result = IndicatorResult(
        value=Decimal(lowest),
        items=[DrillItem(label=name, detail=str(count)) for name, count in per_group.items()],
        extra={"per_group": per_group},
    )
    if year == today.year:
        planned = {
            g.name_fi: by_group.get(g.pk, {}).get("held", 0) + by_group.get(g.pk, {}).get("planned", 0)
            for g in groups
        }
        result.extra["per_group_with_scheduled"] = planned
        # value + scheduled is the lowest count once everything planned has been held.
        result.scheduled = Decimal(min(planned.values()) - lowest)
    return result


@register("C2")
def coffee_hours_held(*, year: int, today: datetime.date) -> IndicatorResult:
    return _event_count(year=year, today=today, kind=EventKind.COFFEE_HOUR)


@register("C5")
def swedish_group_meetings(*, year: int, today: datetime.date) -> IndicatorResult:
    return _event_count(
        year=year,
        today=today,
        kind=EventKind.GROUP_MEETING,
        working_group__is_swedish_cooperation_group=True,
    )


@register("C6")
def swedish_coplanned_events(*, year: int, today: datetime.date) -> IndicatorResult:
    return _event_count(
        year=year,
        today=today,
        swedish_coplanned=True,
        language__in=[EventLanguage.SWEDISH, EventLanguage.BILINGUAL],
    )
