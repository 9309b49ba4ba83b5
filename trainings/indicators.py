"""Indicators owned by trainings: B1-B6, C1, C2, C5, C6 (rules in DOMAIN.md).

Common rules: only published events count (cancelled and draft never do); an event belongs to the
year in which it starts, in Finnish time; "held" means started on or before ``today``; attendance,
not registration, is counted, and a person counts once per event. Only the region's libraries and
their staff count: guests from outside the region (an attendance without a library) are shown beside
the figures (``extra["guests"]``), never in them.

Three families, each computing every year the report asks for at once, with a fixed number of
queries whatever the amount of data:
- ``trainings.events`` (B1, B5, C1, C2, C5, C6): the years' events (one query), the working
  groups (one) and AKE's choice of the groups C1 covers per year (one);
- ``trainings.attendance`` (B2, B3, B6): attendance per event and library (one), distinct persons
  (one), and for the running year the confirmed registrations still to come (one);
- ``trainings.feedback`` (B4): the sum and number of overall ratings per year (one), read from the
  events' feedback surveys (surveys/feedback.py: the question ``overall``).
"""

import datetime
from collections import defaultdict, namedtuple
from decimal import Decimal
from fractions import Fraction

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from ake.indicators import (
    DrillItem,
    IndicatorContext,
    IndicatorResult,
    names,
    register_beside,
    register_family,
    register_first_record,
)
from ake.prepared import PreparedRows
from networks.models import WorkingGroup
from surveys.feedback import OVERALL
from surveys.models import Answer, SurveyKind

from .models import (
    C1_DEFAULT_GROUP_SLUGS,
    Attendance,
    CountedGroups,
    Event,
    EventFormat,
    EventKind,
    EventLanguage,
    Participation,
    Registration,
    ThemeWeek,
)
from .selectors import local_midnight, year_bounds

EVENTS = "trainings.events"
ATTENDANCE = "trainings.attendance"

register_first_record(EVENTS, lambda: Event.objects.order_by("start").values("start")[:1])
register_first_record(
    ATTENDANCE,
    lambda: (
        Event.objects.filter(Exists(Attendance.objects.filter(event=OuterRef("pk"))))
        .order_by("start")
        .values("start")[:1]
    ),
)

COUNTED_KINDS = {
    "B1": EventKind.TRAINING,
    "B5": EventKind.STUDY_TRIP,
    "C2": EventKind.COFFEE_HOUR,
}
SWEDISH_LANGUAGES = (EventLanguage.SWEDISH, EventLanguage.BILINGUAL)
ON_SITE = Q(event__format=EventFormat.IN_PERSON) | Q(
    event__format=EventFormat.HYBRID, participation=Participation.ON_SITE
)


def _cutoff(today: datetime.date) -> datetime.datetime:
    """The first moment after ``today`` in Finnish time: events starting before it have been held."""
    return local_midnight(today + datetime.timedelta(days=1))


def _span(years) -> tuple[datetime.datetime, datetime.datetime]:
    return year_bounds(min(years))[0], year_bounds(max(years))[1]


class _EventUrls:
    """The event page's address without a reverse() per item (thousands of items at scale 10)."""

    PLACEHOLDER = 987654321

    def __init__(self):
        self.template = reverse("trainings:event_detail", args=[self.PLACEHOLDER])

    def __call__(self, pk: int) -> str:
        return self.template.replace(str(self.PLACEHOLDER), str(pk))


# --------------------------------------------------------------------------- events: B1, B5, C1, C2, C5, C6
def _event_result(events: list[dict], *, year: int, context: IndicatorContext, url) -> IndicatorResult:
    """Events held in the year (so far), with the rest of the year's events as ``scheduled``."""
    if not context.covers(EVENTS, year):
        return IndicatorResult()
    held = [event for event in events if event["day"] <= context.today]
    result = IndicatorResult(
        value=Decimal(len(held)),
        items=[
            DrillItem(
                # In the reader's language, the Finnish title marked where the event has none in it.
                label=names(event["title_fi"], event["title_sv"], event["title_en"]),
                date=event["day"],
                url=url(event["pk"]),
            )
            for event in held
        ],
    )
    if context.is_running(year):
        result.scheduled = Decimal(len(events) - len(held))
    return result


def _working_group_meetings(
    rows: list[dict], groups: list[WorkingGroup], *, year: int, context: IndicatorContext
) -> IndicatorResult:
    """C1 over the groups counted for the year: each group's meetings plus the events it organised.

    "Met" is judged on the meetings (every group convened ≥ 2 times): ``per_group`` holds the meetings
    and the value is the lowest of them; the events each group organised are shown beside them
    (``per_group_events``), and ``meetings_and_events`` is the total the indicator's label names.
    """
    if not groups or not context.covers(EVENTS, year):
        return IndicatorResult(value=None, extra={"per_group": {}})
    held: dict[int, int] = defaultdict(int)
    planned: dict[int, int] = defaultdict(int)
    organised: dict[int, int] = defaultdict(int)
    for row in rows:
        if row["kind"] != EventKind.GROUP_MEETING:
            if row["day"] <= context.today:
                organised[row["working_group_id"]] += 1
            continue
        (held if row["day"] <= context.today else planned)[row["working_group_id"]] += 1
    per_group = {group.name_fi: held[group.pk] for group in groups}
    per_group_events = {group.name_fi: organised[group.pk] for group in groups}
    lowest = min(per_group.values())
    result = IndicatorResult(
        value=Decimal(lowest),
        items=[
            DrillItem(
                label=names(group.name_fi, group.name_sv, group.name_en),
                figures={"meetings": held[group.pk], "events": organised[group.pk]},
            )
            for group in groups
        ],
        extra={
            "per_group": per_group,
            "per_group_events": per_group_events,
            "meetings_and_events": sum(per_group.values()) + sum(per_group_events.values()),
        },
    )
    if context.is_running(year):
        with_scheduled = {group.name_fi: held[group.pk] + planned[group.pk] for group in groups}
        result.extra["per_group_with_scheduled"] = with_scheduled
        # value + scheduled is the lowest count once everything planned has been held.
        result.scheduled = Decimal(min(with_scheduled.values()) - lowest)
    return result


_EVENT_FIELDS = (
    "pk",
    "title_fi",
    "title_sv",
    "title_en",
    "day",
    "kind",
    "language",
    "swedish_coplanned",
    "working_group_id",
    "working_group__is_swedish_cooperation_group",
)


def _events_of_span_query(start, end):
    # A plain QuerySet, as for the attendance: PreparedRows takes values_list() rows read the ORM's way.
    return (
        QuerySet(model=Event)
        .filter(status=Event.Status.PUBLISHED, start__gte=start, start__lt=end)
        .filter(
            Q(kind__in=[*COUNTED_KINDS.values(), EventKind.GROUP_MEETING])
            | Q(swedish_coplanned=True, language__in=SWEDISH_LANGUAGES)
            | Q(working_group__isnull=False)
        )
        .order_by("start", "pk")
        # The day in Finnish time, from the database: no time zone arithmetic per event here.
        .annotate(day=TruncDate("start"))
        .values_list(*_EVENT_FIELDS)
    )


# Compiled once per process, the span's bounds its values (issue #20; see _ATTENDANCE_PER_EVENT).
_EVENTS_OF_SPAN = PreparedRows(
    _events_of_span_query,
    datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
    datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC),
)


@register_family(EVENTS, codes=("B1", "B5", "C1", "C2", "C5", "C6"))
def events(*, years, today, context: IndicatorContext):
    start, end = _span(years)
    rows = [dict(zip(_EVENT_FIELDS, row, strict=True)) for row in _EVENTS_OF_SPAN.rows(start, end)]
    all_groups = list(WorkingGroup.objects.order_by("name_fi"))
    # AKE's choice per year (one query); without one, the active groups of the plan's section 3.2.
    chosen: dict[int, set[int]] = defaultdict(set)
    decided = set()
    for year, group_id in CountedGroups.objects.filter(year__in=years).values_list("year", "groups"):
        decided.add(year)
        if group_id is not None:
            chosen[year].add(group_id)
    default = [group for group in all_groups if group.active and group.slug in C1_DEFAULT_GROUP_SLUGS]
    counted_groups = {
        year: [group for group in all_groups if group.pk in chosen[year]] if year in decided else default
        for year in years
    }
    per_year: dict[int, dict[str, list]] = {year: defaultdict(list) for year in years}
    for row in rows:
        lists = per_year.get(row["day"].year)
        if lists is None:
            continue
        for code, kind in COUNTED_KINDS.items():
            if row["kind"] == kind:
                lists[code].append(row)
        if row["kind"] == EventKind.GROUP_MEETING and row["working_group__is_swedish_cooperation_group"]:
            lists["C5"].append(row)
        if row["working_group_id"] is not None:
            # Meetings and organised events alike; C1 keeps those of the year's counted groups.
            lists["C1"].append(row)
        if row["swedish_coplanned"] and row["language"] in SWEDISH_LANGUAGES:
            lists["C6"].append(row)

    url = _EventUrls()
    results: dict[str, dict[int, IndicatorResult]] = defaultdict(dict)
    for year in years:
        lists = per_year[year]
        for code in ("B1", "B5", "C2", "C5", "C6"):
            results[code][year] = _event_result(lists[code], year=year, context=context, url=url)
        groups = counted_groups[year]
        ids = {group.pk for group in groups}
        rows_c1 = [row for row in lists["C1"] if row["working_group_id"] in ids]
        results["C1"][year] = _working_group_meetings(rows_c1, groups, year=year, context=context)
    return results


_ATTENDANCE_FIELDS = (
    "pk",
    "title_fi",
    "title_sv",
    "title_en",
    "kind",
    "day",
    "persons",
    "on_site",
    "guests",
    "guests_on_site",
    "libraries",
)


def _attendance_per_event_query(start, stop):
    # One row per event, grouped by its id only: (event, email) is unique, so counting rows counts
    # persons once per event; the libraries of the trainings' attendees come as an array. Guests
    # (no library) are counted apart.
    region = Q(attendances__library__isnull=False)
    guest = Q(attendances__library__isnull=True)
    on_site = Q(format=EventFormat.IN_PERSON) | Q(
        format=EventFormat.HYBRID, attendances__participation=Participation.ON_SITE
    )
    # A plain QuerySet: modeltranslation's manager reads values_list() rows its own way, which
    # PreparedRows does not take (the fields are named per language here, nothing to rewrite).
    return (
        QuerySet(model=Event)
        .filter(
            status=Event.Status.PUBLISHED,
            kind__in=[EventKind.TRAINING, EventKind.STUDY_TRIP],
            start__gte=start,
            start__lt=stop,
        )
        .annotate(
            day=TruncDate("start"),
            persons=Count("attendances", filter=region),
            on_site=Count("attendances", filter=region & on_site),
            guests=Count("attendances", filter=guest),
            guests_on_site=Count("attendances", filter=guest & on_site),
            libraries=ArrayAgg(
                "attendances__library_id", filter=Q(kind=EventKind.TRAINING) & region, default=[]
            ),
        )
        .filter(Q(persons__gt=0) | Q(guests__gt=0))
        .order_by("start", "pk")
        .values_list(*_ATTENDANCE_FIELDS)
    )


# The query's shape is fixed (only the span's bounds vary): compiled once per process (ake/prepared.py),
# not built and compiled by the ORM on every report (issue #20). Its days are in the project's time
# zone, which no request changes (timezone.activate is never called).
_ATTENDANCE_PER_EVENT = PreparedRows(
    _attendance_per_event_query,
    datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
    datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC),
)
_AttendanceRow = namedtuple("_AttendanceRow", _ATTENDANCE_FIELDS)


# --------------------------------------------------------------------------- attendance: B2, B3, B6
@register_family(ATTENDANCE, codes=("B2", "B3", "B6"))
def attendance(*, years, today, context: IndicatorContext):
    context.read_registry()  # whatever the data, so that the number of queries is fixed
    start, end = _span(years)
    cutoff = _cutoff(today)
    held = Attendance.objects.filter(
        library__isnull=False,
        event__status=Event.Status.PUBLISHED,
        event__kind__in=[EventKind.TRAINING, EventKind.STUDY_TRIP],
        event__start__gte=start,
        event__start__lt=min(end, cutoff),
    )
    rows = [_AttendanceRow(*row) for row in _ATTENDANCE_PER_EVENT.rows(start, min(end, cutoff))]
    bounds = {year: year_bounds(year) for year in years}
    distinct = {}
    for year, (year_start, year_end) in bounds.items():
        in_year = Q(event__start__gte=year_start, event__start__lt=year_end)
        distinct[f"b3_{year}"] = Count(
            "email", distinct=True, filter=in_year & Q(event__kind=EventKind.TRAINING) & ON_SITE
        )
        distinct[f"b6_{year}"] = Count(
            "email", distinct=True, filter=in_year & Q(event__kind=EventKind.STUDY_TRIP)
        )
    persons = held.aggregate(**distinct)

    scheduled = {}
    running = [year for year in years if context.is_running(year)]
    if running:
        year_start, year_end = bounds[running[0]]
        scheduled = Registration.objects.filter(
            library__isnull=False,
            status=Registration.Status.CONFIRMED,
            event__status=Event.Status.PUBLISHED,
            event__start__gte=max(year_start, cutoff),
            event__start__lt=year_end,
        ).aggregate(
            b3=Count(
                "pk",
                filter=Q(event__kind=EventKind.TRAINING)
                & (
                    Q(event__format=EventFormat.IN_PERSON)
                    | Q(event__format=EventFormat.HYBRID, participation=Participation.ON_SITE)
                ),
            ),
            b6=Count("pk", filter=Q(event__kind=EventKind.STUDY_TRIP)),
        )

    url = _EventUrls()
    results: dict[str, dict[int, IndicatorResult]] = defaultdict(dict)
    for year in years:
        if not context.covers(ATTENDANCE, year):
            for code in ("B2", "B3", "B6"):
                results[code][year] = IndicatorResult()
            continue
        year_rows = [row for row in rows if row.day.year == year]
        # B2: the library organisations with an attendee at the year's trainings (a branch counts
        # for its organisation).
        # Each library looked up once (an id comes once per attendee: 8 000 ids of some 100
        # libraries at scale 10).
        library_ids = set()
        for row in year_rows:
            if row.kind == EventKind.TRAINING:
                library_ids.update(row.libraries)
        organisations = {context.organisation(library_id) for library_id in library_ids}
        results["B2"][year] = IndicatorResult(
            library_ids=organisations,
            # Guests' attendances at the year's trainings: shown beside the share, never in it.
            extra={"guests": sum(row.guests for row in year_rows if row.kind == EventKind.TRAINING)},
        )
        for code, kind, field, guest_field in (
            ("B3", EventKind.TRAINING, "on_site", "guests_on_site"),
            ("B6", EventKind.STUDY_TRIP, "persons", "guests"),
        ):
            counted = [row for row in year_rows if row.kind == kind and getattr(row, field)]
            result = IndicatorResult(
                value=Decimal(sum(getattr(row, field) for row in counted)),
                items=[
                    DrillItem(
                        label=names(row.title_fi, row.title_sv, row.title_en),
                        date=row.day,
                        url=url(row.pk),
                        figures={"persons": getattr(row, field)},
                    )
                    for row in counted
                ],
                extra={
                    "distinct_persons": persons[f"{code.lower()}_{year}"],
                    "guests": sum(getattr(row, guest_field) for row in year_rows if row.kind == kind),
                },
            )
            if context.is_running(year):
                result.scheduled = Decimal(scheduled[code.lower()])
            results[code][year] = result
    return results


# --------------------------------------------------------------------------- feedback: B4
@register_family("trainings.feedback", codes=("B4",))
def feedback(*, years, today, context: IndicatorContext):
    """The mean overall rating of the responses to the year's trainings held, kept exact (a Fraction):
    the report judges the exact mean and shows it rounded (3.996 does not meet 4.0)."""
    start, end = _span(years)
    # One overall rating per response (row 0 of the required question ``overall``). The event is
    # reached through the question's survey (an answer's question and response belong to the same
    # survey): PostgreSQL then reads the year's questions' answers by their index (survey_answer_stats)
    # instead of every answer through the responses, 4 times faster at scale 10 (issue #20).
    responses = Answer.objects.filter(
        question__key=OVERALL,
        row=0,
        number__isnull=False,
        question__survey__kind=SurveyKind.TRAINING,
        question__survey__event__kind=EventKind.TRAINING,
        question__survey__event__status=Event.Status.PUBLISHED,
        question__survey__event__start__gte=start,
        question__survey__event__start__lt=min(end, _cutoff(today)),
    )
    sums = {}
    for year in years:
        year_start, year_end = year_bounds(year)
        in_year = Q(
            question__survey__event__start__gte=year_start, question__survey__event__start__lt=year_end
        )
        sums[f"sum_{year}"] = Sum("number", filter=in_year)
        sums[f"n_{year}"] = Count("pk", filter=in_year)
    totals = responses.aggregate(**sums)
    results = {}
    for year in years:
        count = totals[f"n_{year}"]
        value = Fraction(totals[f"sum_{year}"], count) if count else None
        results[year] = IndicatorResult(value=value, extra={"responses": count})
    return {"B4": results}


@register_beside("theme_weeks")
def theme_weeks(*, year, today, context: IndicatorContext):
    """The year's theme weeks with their preparatory event and the library organisations that told
    they took part (a branch counts for its library): one query. Shown beside Table 1, not judged."""
    weeks = (
        ThemeWeek.objects.filter(starts__year=year)
        .select_related("preparatory_event")
        .annotate(
            told_library_ids=ArrayAgg(
                "participations__library_id",
                filter=Q(participations__isnull=False),
                distinct=True,
                default=[],
            )
        )
        .order_by("starts", "pk")
    )
    organisation_of = context.organisation_of
    rows = []
    for week in weeks:
        event = week.preparatory_event
        rows.append(
            {
                "name": {code: getattr(week, f"name_{code}") or week.name_fi for code in ("fi", "sv", "en")},
                "starts": week.starts,
                "ends": week.ends,
                "url": week.national_url,
                "preparation": {
                    "date": timezone.localdate(event.start),
                    "title": {
                        code: getattr(event, f"title_{code}") or event.title_fi for code in ("fi", "sv", "en")
                    },
                    "cancelled": event.status == Event.Status.CANCELLED,
                }
                if event is not None
                else None,
                "preparation_ok": not week.preparation_problem(),
                "library_ids": sorted({organisation_of.get(pk, pk) for pk in week.told_library_ids}),
            }
        )
    return rows
