"""Reads: the calendar, an event's seats and materials, a person's events, feedback results."""

import datetime
import functools
import operator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ake.prepared import PreparedQuery, PreparedRows
from surveys.feedback import OVERALL
from surveys.models import Answer, Question, QuestionKind, SurveyKind

from .models import (
    Attendance,
    Event,
    EventKind,
    FeedbackReceipt,
    Material,
    Participation,
    PickupPoint,
    Registration,
    ViewingRoom,
)

MIN_RESPONSES_FOR_AVERAGE = 3
VISIBLE_STATUSES = (Event.Status.PUBLISHED, Event.Status.CANCELLED)


def _seat_annotations() -> dict:
    holding = Q(registrations__status__in=Registration.SEAT_HOLDING)
    return {
        "taken_on_site": Count(
            "registrations", filter=holding & Q(registrations__participation=Participation.ON_SITE)
        ),
        # The desk pool: those in a viewing room hold a seat of the room instead.
        "taken_remote": Count(
            "registrations",
            filter=holding
            & Q(registrations__participation=Participation.REMOTE, registrations__viewing_room__isnull=True),
        ),
    }


def _text_matches(query: str) -> Q:
    """Events whose text contains the query in any language: an event shown in Finnish on the
    Swedish site (no Swedish title yet) is found by the words the visitor sees."""
    translated = [
        Q(**{f"{field}_{code}__icontains": query})
        for field in ("title", "summary", "description", "theme")
        for code, _name in settings.LANGUAGES
    ]
    places = [Q(**{f"municipality_{code}__icontains": query}) for code, _name in settings.LANGUAGES]
    return reduce(operator.or_, translated + places)


def event_list_public(
    *,
    kind: str = "",
    format: str = "",
    language: str = "",
    audience: str = "",
    month: datetime.date | None = None,
    query: str = "",
    past: bool = False,
    since: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
    seats: bool = True,
) -> QuerySet[Event]:
    """Published (and cancelled, shown as such) events, upcoming first, with seats taken annotated
    unless ``seats`` is false."""
    now = now or timezone.now()
    events = Event.objects.filter(status__in=VISIBLE_STATUSES).select_related("host_library")
    if kind:
        events = events.filter(kind=kind)
    if format:
        events = events.filter(format=format)
    if language:
        events = events.filter(language=language)
    if audience:
        events = events.filter(audiences__contains=[audience])
    if query:
        events = events.filter(_text_matches(query))
    ordering = ("start", "pk")
    if month is not None:
        first = local_midnight(datetime.date(month.year, month.month, 1))
        following = local_midnight(datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1))
        events = events.filter(start__lt=following, end__gte=first)
    elif past:
        events = events.filter(end__lt=now)
        ordering = ("-start", "-pk")
    else:
        events = events.filter(end__gte=since or now)
    if not seats:  # the seat figures are read apart (seats_taken)
        return events.order_by(*ordering)
    # Meta.ordering is dropped from GROUP BY queries: order explicitly for stable pages.
    return events.annotate(**_seat_annotations()).order_by(*ordering)


# The columns an event card of the calendar shows (trainings/views.py event_cards_html).
CARD_FIELDS = (
    "id",
    "title",
    "summary",
    "start",
    "end",
    "kind",
    "format",
    "language",
    "venue",
    "address",
    "municipality",
    "status",
    "seats_on_site",
    "seats_remote",
)


def calendar_page_query(number: int, page_size: int):
    """Page ``number`` of the unfiltered calendar (``event_list_public(seats=False)``: its events
    still to end, upcoming first) with the cards' columns and the count of all such events in each
    row (``event_count``), as a statement compiled once per process and page (ake/prepared.py; the
    ORM writes LIMIT and OFFSET into the SQL): ``rows(now)``."""
    from django.db.models import Window

    from ake.prepared import PreparedQuery, prepared

    def make():
        start = (number - 1) * page_size

        def build(now):
            return (
                Event.objects.filter(status__in=VISIBLE_STATUSES, end__gte=now)
                .only(*CARD_FIELDS)
                .annotate(event_count=Window(Count("pk")))
                .order_by("start", "pk")[start : start + page_size]
            )

        return PreparedQuery(build, datetime.datetime(2001, 2, 3, 4, 5, 6, tzinfo=datetime.UTC))

    return prepared(("trainings.calendar_page", number, page_size), make)


def event_get_public(*, pk: int, seats: bool = True) -> Event | None:
    """A published or cancelled event, with its seats taken annotated unless ``seats`` is false."""
    events = Event.objects.filter(pk=pk, status__in=VISIBLE_STATUSES).select_related(
        "host_library", "working_group", "priority_group"
    )
    return (events.annotate(**_seat_annotations()) if seats else events).first()


@dataclass
class TakenSeats:
    """Seats held (``Registration.SEAT_HOLDING``) in one event: per participation mode, per pick-up
    point and per viewing room (whatever the participation, as the services count them)."""

    on_site: int = 0
    # The desk pool: those in a viewing room hold a seat of the room instead.
    remote: int = 0
    by_pickup_point: dict[int, int] = field(default_factory=dict)
    by_viewing_room: dict[int, int] = field(default_factory=dict)


@functools.cache
def _seats_taken_sql() -> str:
    """The statement of ``seats_taken``, made once per process from the model's tables and columns."""
    from django.db import connection

    meta, quote = Registration._meta, connection.ops.quote_name

    def column(name: str) -> str:
        return quote(meta.get_field(name).column)

    event, pickup, room = column("event"), column("pickup_point"), column("viewing_room")
    return (
        f"SELECT {event}, {column('participation')}, {room}, {pickup}, COUNT(*) "
        f"FROM {quote(meta.db_table)} WHERE {event} = ANY(%s) AND {column('status')} = ANY(%s) "
        "GROUP BY 1, 2, 3, 4"
    )


def seats_taken(event_ids) -> dict[int, TakenSeats]:
    """The seats taken in each of these events (missing: none taken), in one query whatever their
    number. A registration changes these figures only: the calendar's badges and an event page's
    seats and pick-up points are read with it apart from the events' kept lists and facts (issue #20).
    Written as SQL made once per process (``_seats_taken_sql``): the ORM compiled the grouped count
    anew on every first view after a registration."""
    from django.db import connection

    found: dict[int, TakenSeats] = {}
    ids = list(event_ids)
    if not ids:
        return found
    with connection.cursor() as cursor:
        cursor.execute(_seats_taken_sql(), [ids, [str(status) for status in Registration.SEAT_HOLDING]])
        rows = cursor.fetchall()
    for event_id, participation, room_id, pickup_point_id, count in rows:
        taken = found.get(event_id)
        if taken is None:
            taken = found[event_id] = TakenSeats()
        if participation == Participation.ON_SITE:
            taken.on_site += count
        elif participation == Participation.REMOTE and room_id is None:
            taken.remote += count
        if pickup_point_id is not None:
            taken.by_pickup_point[pickup_point_id] = taken.by_pickup_point.get(pickup_point_id, 0) + count
        if room_id is not None:
            taken.by_viewing_room[room_id] = taken.by_viewing_room.get(room_id, 0) + count
    return found


@dataclass
class SeatInfo:
    participation: str
    label: str
    seats: int | None
    taken: int

    @property
    def free(self) -> int | None:
        return None if self.seats is None else max(self.seats - self.taken, 0)


def event_seats(event: Event, taken: TakenSeats | None = None) -> list[SeatInfo]:
    """Seats per participation mode: taken as ``taken`` says (``seats_taken``), or as the event's
    annotations say (an event from a selector that annotates taken seats)."""
    on_site, remote = (
        (event.taken_on_site, event.taken_remote) if taken is None else (taken.on_site, taken.remote)
    )
    result = []
    if event.has_on_site:
        result.append(
            SeatInfo(Participation.ON_SITE, Participation.ON_SITE.label, event.seats_on_site, on_site)
        )
    if event.has_remote:
        result.append(SeatInfo(Participation.REMOTE, Participation.REMOTE.label, event.seats_remote, remote))
    return result


@dataclass(frozen=True)
class PickupSeats:
    """A pick-up point as the event page shows it, with its seats taken. The point's name is read
    when the page is rendered: it is translated (modeltranslation reads the page's language)."""

    point: PickupPoint
    taken: int

    @property
    def name(self) -> str:
        return self.point.name

    @property
    def departs_at(self) -> datetime.datetime | None:
        return self.point.departs_at

    @property
    def seats(self) -> int:
        return self.point.seats


def event_seat_figures(event: Event, pickup_points) -> tuple[list[SeatInfo], list[PickupSeats]]:
    """An event page's seat figures: the seats per mode and the pick-up points (``pickup_points``,
    the event's in their order, read apart) with their seats taken, in one query (``seats_taken``)."""
    taken = seats_taken([event.pk]).get(event.pk) or TakenSeats()
    points = [PickupSeats(point, taken.by_pickup_point.get(point.pk, 0)) for point in pickup_points]
    return event_seats(event, taken), points


# A visitor's own registration, read on every event page they open (never kept: ake/memo.py), with
# a statement compiled once per process (ake/prepared.py): the ORM built its three-table query anew
# on each page.
_registration_of = PreparedQuery(
    lambda event_id, user_id, email: (
        Registration.objects.filter(event_id=event_id)
        .filter(Q(user_id=user_id) | Q(email=email))
        # The event page names the viewing room the person chose (with its host library).
        .select_related("viewing_room__host_library")
        .order_by("-created_at")[:1]
    ),
    -1_000_001,
    -1_000_002,
    "prepared-sample@example.invalid",
)


# What the event page shows of an event besides its seat figures, each read on the page's first view
# after a write of its areas with a statement compiled once per process (ake/prepared.py) and built
# again only when its rows changed (ake/memo.py ``from_rows``): a library or group edit, or another
# event's, reads the event's row and renders nothing again (issue #20). The event carries its host
# library and groups, whose names its facts show.
_event_public = PreparedQuery(
    lambda pk: Event.objects.filter(pk=pk, status__in=VISIBLE_STATUSES).select_related(
        "host_library", "working_group", "priority_group"
    ),
    -1_000_003,
)
_pickup_points = PreparedQuery(lambda event_id: PickupPoint.objects.filter(event_id=event_id), -1_000_004)
_materials_published = PreparedQuery(
    lambda event_id: Material.objects.filter(
        event_id=event_id, status=Material.Status.PUBLISHED
    ).select_related("document"),
    -1_000_005,
)


def event_page_event(pk: int) -> tuple[Event | None, int]:
    """``event_get_public(pk=pk, seats=False)`` with the stamp of its rows (``from_rows``: it changes
    whenever the event is built again)."""
    from ake.memo import from_rows

    events, stamp = from_rows(("event_public", pk), _event_public.rows(pk), _event_public.instances)
    return (events[0] if events else None), stamp


def event_page_pickup_points(event: Event) -> list[PickupPoint]:
    """The event's pick-up points in their order, built again only when their rows changed."""
    from ake.memo import from_rows

    return from_rows(("pickup_points", event.pk), _pickup_points.rows(event.pk), _pickup_points.instances)[0]


def event_page_materials(event: Event) -> tuple[list[Material], int]:
    """The event's published materials with their documents, and the stamp of their rows
    (``from_rows``: it changes whenever they are built again)."""
    from ake.memo import from_rows

    return from_rows(
        ("event_materials", event.pk), _materials_published.rows(event.pk), _materials_published.instances
    )


def registration_for(*, event: Event, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return _registration_of.first(event.pk, user.pk, user.email.lower())


def seat_choices(*, event: Event) -> tuple[list[PickupPoint], list[ViewingRoom]]:
    """The registration form's pick-up points (if the event has seats on site) and viewing rooms (if
    it has remote seats), in their order, each with ``taken``: its seats held, read with the event's
    other seat figures in one query (``seats_taken``, the one count of seats taken)."""
    points = list(event.pickup_points.all()) if event.has_on_site else []
    rooms = list(event.viewing_rooms.select_related("host_library")) if event.has_remote else []
    if points or rooms:
        taken = seats_taken([event.pk]).get(event.pk) or TakenSeats()
        for point in points:
            point.taken = taken.by_pickup_point.get(point.pk, 0)
        for room in rooms:
            room.taken = taken.by_viewing_room.get(room.pk, 0)
    return points, rooms


def my_registrations(*, user) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(Q(user=user) | Q(email=user.email.lower()))
        .select_related("event", "library", "pickup_point")
        .order_by("-event__start")
    )


def my_feedback_pending(*, user) -> dict[int, Attendance]:
    """Attendances of the user's past events still without feedback, by event id."""
    email = user.email.lower()
    answered = FeedbackReceipt.objects.filter(email=email).values("event_id")
    return {
        a.event_id: a
        for a in Attendance.objects.filter(
            email=email, event__feedback_enabled=True, event__status="published"
        )
        .exclude(event_id__in=answered)
        .only("pk", "event_id")
    }


def passengers_by_pickup_point(*, event: Event) -> list[tuple[PickupPoint, list[Registration]]]:
    points = event.pickup_points.prefetch_related(
        Prefetch(
            "passengers",
            queryset=Registration.objects.holding_seat()
            .select_related("library")
            .order_by("last_name", "first_name"),
            to_attr="seated",
        )
    )
    return [(point, point.seated) for point in points]


@dataclass
class QuestionResult:
    question: Question
    count: int = 0
    mean: Decimal | None = None
    distribution: list[tuple[int, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    # The same texts with the language each was written in (issue #14), for the page to mark.
    written: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class FeedbackResults:
    responses: int
    attendees: int
    mean: Decimal | None
    distribution: list[tuple[int, int]]
    questions: list[QuestionResult]

    @property
    def response_rate(self) -> Decimal | None:
        if not self.attendees:
            return None
        return (Decimal(self.responses) * 100 / self.attendees).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def enough_for_average(self) -> bool:
        return self.responses >= MIN_RESPONSES_FOR_AVERAGE


def _mean(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def feedback_results(*, event: Event) -> FeedbackResults:
    """Mean, distribution, count and response rate; means only from three responses up.

    The answers are those of the event's feedback survey (surveys/feedback.py): the overall rating
    is its question ``overall``; the scales and free texts among its other questions are shown here
    (every kind is in the survey's own results page)."""
    answers = Answer.objects.filter(
        response__survey__event=event, response__survey__kind=SurveyKind.TRAINING, row=0
    )
    questions = list(
        Question.objects.filter(
            survey__event=event,
            survey__kind=SurveyKind.TRAINING,
            kind__in=(QuestionKind.SCALE, QuestionKind.TEXT),
        )
        .exclude(key=OVERALL)
        .order_by("sort_order", "pk")
    )
    keys = [OVERALL, *(question.key for question in questions)]
    # One query for every scale's distribution and one for the free texts, whatever the questions.
    counts: dict[str, dict[int, int]] = {key: {} for key in keys}
    for key, number, n in (
        answers.filter(question__key__in=keys, number__isnull=False)
        .values_list("question__key", "number")
        .annotate(n=Count("pk"))
    ):
        counts[key][number] = n
    texts: dict[str, list[tuple[str, str]]] = {key: [] for key in keys}
    for key, text, language in (
        answers.filter(question__key__in=keys)
        .exclude(text="")
        .order_by("?")
        .values_list("question__key", "text", "response__text_language")
    ):
        texts[key].append((text, language))

    def mean_of(distribution: dict[int, int]) -> Decimal | None:
        count = sum(distribution.values())
        if count < MIN_RESPONSES_FOR_AVERAGE:
            return None
        return _mean(Decimal(sum(value * n for value, n in distribution.items())) / count)

    overall = counts[OVERALL]
    results = []
    for question in questions:
        key = question.key
        result = QuestionResult(question)
        if question.kind == QuestionKind.SCALE:
            result.count = sum(counts[key].values())
            result.distribution = [(value, counts[key].get(value, 0)) for value in range(1, 6)]
            result.mean = mean_of(counts[key])
        else:
            result.written = texts[key]
            result.texts = [text for text, _language in result.written]
            result.count = len(result.texts)
        results.append(result)
    return FeedbackResults(
        responses=sum(overall.values()),
        attendees=Attendance.objects.filter(event=event).count(),
        mean=mean_of(overall),
        distribution=[(value, overall.get(value, 0)) for value in range(1, 6)],
        questions=results,
    )


def upcoming_events_query(limit: int):
    """The next ``limit`` published events still to end, with the columns an item shows
    (trainings/providers.py ``_item``: those of a calendar card), as a statement compiled once per
    process and limit (ake/prepared.py): ``rows(now)``; the home page reads it on its first view after
    an event's edit and builds its items again only when the rows changed (issue #20)."""
    from ake.prepared import PreparedQuery, prepared

    def make():
        return PreparedQuery(
            lambda now: (
                Event.objects.filter(status=Event.Status.PUBLISHED, end__gte=now)
                .only(*CARD_FIELDS)
                .order_by("start", "pk")[:limit]
            ),
            datetime.datetime(2001, 2, 3, 4, 5, 6, tzinfo=datetime.UTC),
        )

    return prepared(("trainings.upcoming_events", limit), make)


def upcoming_events(*, limit: int = 5, now: datetime.datetime | None = None) -> list[Event]:
    return upcoming_events_query(limit).all(now or timezone.now())


# The columns a meeting on the group page is shown from (``providers._row_items``): held or not, then
# the event's pk, start, status, kind, format, address and its texts in every language.
MEETING_ROW_FIELDS = (
    "pk",
    "start",
    "status",
    "kind",
    "format",
    "address",
    *(
        f"{name}_{code}"
        for name in ("title", "summary", "venue", "municipality")
        for code, _n in settings.LANGUAGES
    ),
)


def _group_meeting_rows_query(group_id, year_start, year_end, now):
    from django.db.models import BooleanField, ExpressionWrapper

    # A plain queryset: modeltranslation's values_list() reads fields its own way (and in no fixed order).
    meetings = QuerySet(Event).filter(
        working_group_id=group_id, kind=EventKind.GROUP_MEETING, status=Event.Status.PUBLISHED
    )
    upcoming = meetings.filter(start__gt=now).order_by("start", "pk").values("pk")[:10]
    held = Q(start__gte=year_start, start__lt=year_end, start__lte=now)
    return (
        meetings.filter(held | Q(pk__in=upcoming))
        .annotate(meeting_held=ExpressionWrapper(Q(start__lte=now), output_field=BooleanField()))
        .order_by("start", "pk")
        .values_list("meeting_held", *MEETING_ROW_FIELDS)
    )


_group_meeting_rows = PreparedRows(
    _group_meeting_rows_query,
    -1_000_001,
    datetime.datetime(1901, 1, 1, tzinfo=datetime.UTC),
    datetime.datetime(1902, 1, 1, tzinfo=datetime.UTC),
    datetime.datetime(1901, 6, 1, tzinfo=datetime.UTC),
)


def group_meeting_rows(*, group_id: int, year: int, now: datetime.datetime | None = None) -> list[tuple]:
    """``group_meetings`` as rows, in one statement compiled once per process (ake/prepared.py): the
    meetings held in ``year`` until now and the next ten, each ``(held, *MEETING_ROW_FIELDS)``.
    Whether a meeting is held is a column, so rows read a minute apart differ when one was held
    in between: a copy kept by the rows (ake/memo.py ``from_rows``) is never stale."""
    start, end = year_bounds(year)
    return _group_meeting_rows.rows(group_id, start, end, now or timezone.now())


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The year in local time: an event belongs to the year in which it starts (in Finland)."""
    return local_midnight(datetime.date(year, 1, 1)), local_midnight(datetime.date(year + 1, 1, 1))


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The start of a day in Finnish time (the project's TIME_ZONE), DST included."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_default_timezone())


def archive_events(*, year: int | None = None, theme: str = "") -> list[Event]:
    """Past events with published materials, newest first, materials prefetched."""
    events = (
        Event.objects.filter(
            status=Event.Status.PUBLISHED,
            end__lt=timezone.now(),
            materials__status=Material.Status.PUBLISHED,
        )
        .distinct()
        .prefetch_related(
            Prefetch(
                "materials",
                queryset=Material.objects.filter(status=Material.Status.PUBLISHED).select_related("document"),
                to_attr="published_materials",
            )
        )
        .order_by("-start")
    )
    if year:
        start, end = year_bounds(year)
        events = events.filter(start__gte=start, start__lt=end)
    if theme:
        # The theme in any language: the visitor may see the Finnish one where no translation exists.
        events = events.filter(
            reduce(
                operator.or_, [Q(**{f"theme_{code}__iexact": theme}) for code, _name in settings.LANGUAGES]
            )
        )
    return list(events)


def event_search_rows(*, query: str, limit: int = 20) -> list[dict]:
    """Events whose text contains the query in any language (as ``_text_matches``): upcoming first
    (soonest first), then the latest past ones, in one query.

    Written out rather than built with the ORM (issue #20: compiling the union of two parts of 17
    text conditions was most of a first search's time); the conditions are Django's ``icontains``
    on PostgreSQL, ``UPPER(column::text) LIKE UPPER(pattern)``. A result shows the title, summary,
    place and kind: no seat counts and no joins. The events come as rows (column name → value), not
    model instances: building an ``Event`` (modeltranslation's and modelcluster's set-up of every
    field) was most of what each result of a first search cost."""
    found = _event_search_query(query, limit)
    if found is None:
        return []
    from django.db import connection

    sql, parameters = found
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        names = [column.name for column in cursor.description]
        found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    pk = Event._meta.pk.column

    def order(row):
        return row["start"], row[pk]

    coming = sorted((e for e in found if e["search_part"] == 0), key=order)
    gone = sorted((e for e in found if e["search_part"] == 1), key=order, reverse=True)
    return coming + gone


def _event_search_query(query: str, limit: int):
    """The SQL and parameters of ``event_search_rows``, or None for an empty query."""
    query = query.strip()
    if not query:
        return None
    from django.db import connection

    table = connection.ops.quote_name(Event._meta.db_table)
    columns = [
        Event._meta.get_field(f"{name}_{code}").column
        for name in ("title", "summary", "description", "theme", "municipality")
        for code, _name in settings.LANGUAGES
    ]
    matches = " OR ".join(
        f"UPPER({connection.ops.quote_name(column)}::text) LIKE UPPER(%(pattern)s)" for column in columns
    )
    start, end = (connection.ops.quote_name(Event._meta.get_field(name).column) for name in ("start", "end"))
    visible = f"status = ANY(%(statuses)s) AND ({matches})"
    # Only the columns a result shows (trainings/providers.py _item); building each event from all of
    # its 70 columns (the descriptions in three languages, seven dates) was a third of the event
    # search's time. The others are deferred: a result that read one would cost a query per event,
    # which the first search's query budget (tests/test_cold_budgets.py) would show.
    shown = ", ".join(
        connection.ops.quote_name(column)
        for column in [
            Event._meta.pk.column,
            *(
                Event._meta.get_field(name).column
                for name in ("start", "status", "kind", "format", "address")
            ),
            *(
                Event._meta.get_field(f"{name}_{code}").column
                for name in ("title", "summary", "venue", "municipality")
                for code, _name in settings.LANGUAGES
            ),
        ]
    )
    sql = f"""
        (SELECT {shown}, 0 AS search_part FROM {table} WHERE {visible} AND {end} >= %(now)s
         ORDER BY {start}, id LIMIT %(upcoming)s)
        UNION ALL
        (SELECT {shown}, 1 AS search_part FROM {table} WHERE {visible} AND {end} < %(now)s
         ORDER BY {start} DESC, id DESC LIMIT %(past)s)
    """
    parameters = {
        "statuses": [str(status) for status in VISIBLE_STATUSES],
        "pattern": f"%{connection.ops.prep_for_like_query(query)}%",
        "now": timezone.now(),
        "upcoming": limit,
        "past": max(limit // 2, 1),
    }
    return sql, parameters


# --------------------------------------------------------------------------- AKE's dashboard
# How far back the dashboard looks for events left without follow-up, besides the whole running year
# (attendance counts in the year's indicators until the report is frozen).
FOLLOW_UP_LOOKBACK_DAYS = 60


def event_list_without_follow_up(*, now: datetime.datetime) -> QuerySet[Event]:
    """Held events whose attendance is not marked, or whose feedback request was never sent although
    it was due: ``attendance_missing`` / ``feedback_missing`` tell which, the longest-ended first.

    The feedback request goes to those marked present (trainings.services.mailings_process), so an
    event without attendance is listed for its attendance only.
    """
    from django.db.models import BooleanField, DateTimeField, Exists, ExpressionWrapper, F, OuterRef, Value

    from .models import EventMail

    today = timezone.localdate(now)
    since = min(datetime.date(today.year, 1, 1), today - datetime.timedelta(days=FOLLOW_UP_LOOKBACK_DAYS))
    attended = Exists(Attendance.objects.filter(event=OuterRef("pk")))
    # Sent: a request mail went out, or answers came in (feedback collected some other way, e.g. the
    # records imported from earlier years, still counts as asked).
    feedback_sent = Exists(
        EventMail.objects.filter(
            event=OuterRef("pk"), kind=EventMail.Kind.FEEDBACK_REQUEST, status=EventMail.Status.SENT
        )
    ) | Exists(FeedbackReceipt.objects.filter(event=OuterRef("pk")))
    feedback_due_at = ExpressionWrapper(
        F("end") + F("feedback_hours_after") * Value(datetime.timedelta(hours=1)),
        output_field=DateTimeField(),
    )
    return (
        Event.objects.filter(status=Event.Status.PUBLISHED, end__lt=now, end__gte=local_midnight(since))
        .annotate(feedback_due_at=feedback_due_at)
        .annotate(
            attendance_missing=ExpressionWrapper(~attended, output_field=BooleanField()),
            feedback_missing=ExpressionWrapper(
                Q(feedback_enabled=True, feedback_due_at__lt=now) & attended & ~feedback_sent,
                output_field=BooleanField(),
            ),
        )
        .filter(Q(attendance_missing=True) | Q(feedback_missing=True))
        .order_by("end", "pk")
    )


# --------------------------------------------------------------------------- "My page"
def my_registrations_for_page(*, user) -> list[Registration]:
    """The person's registrations that still stand (not cancelled or declined), newest event first:
    one query."""
    return list(
        my_registrations(user=user).exclude(
            status__in=[
                Registration.Status.CANCELLED,
                Registration.Status.DECLINED,
                Registration.Status.EXPIRED,
            ]
        )
    )


def next_group_meetings(*, group_ids, now: datetime.datetime) -> dict[int, Event]:
    """Each group's next meeting or event not yet over (PostgreSQL's DISTINCT ON: one query)."""
    return {
        event.working_group_id: event
        for event in Event.objects.filter(
            working_group_id__in=list(group_ids), status=Event.Status.PUBLISHED, end__gte=now
        )
        .order_by("working_group_id", "start", "pk")
        .distinct("working_group_id")
    }


def awaiting_approval_status() -> str | None:
    """The registration status "awaiting AKE's approval" (approval mode, issue 17), or None while
    that work is not part of the code base."""
    status = getattr(Registration.Status, "AWAITING_APPROVAL", None)
    return str(status) if status is not None else None


def event_list_awaiting_approval() -> QuerySet[Event]:
    """Events not cancelled with registrations waiting for AKE's approval (``awaiting_count``), the
    soonest first; empty while approval mode is not part of the code base."""
    status = awaiting_approval_status()
    if status is None:
        return Event.objects.none()
    return (
        Event.objects.exclude(status=Event.Status.CANCELLED)
        .annotate(awaiting_count=Count("registrations", filter=Q(registrations__status=status)))
        .filter(awaiting_count__gt=0)
        .order_by("start", "pk")
    )
