"""Importers of earlier years' events (ake/records.py, docs/records.md): events, their attendance and
feedback, and working-group meetings.

An imported event gets a uid derived from its id in the file (uuid5), which is the natural key: a
second import finds it again without a column of its own. Imported events are published (or
cancelled) records of the past: no registration, no scheduled mail, no feedback request.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ake.records import Column, RecordType, RowError, per_file, register
from networks.records import choice_from_row, dates_in_order, library_from_row, working_group_from_row
from surveys.feedback import feedback_responses, feedback_store

from .models import Attendance, Event, EventFormat, EventKind, EventLanguage, Participation

NAMESPACE = uuid.UUID("6f1c9a64-2f2e-4b8e-9d6c-7a3e0b5d1c42")
KINDS = {
    "training": EventKind.TRAINING,
    "study_trip": EventKind.STUDY_TRIP,
    "coffee_hour": EventKind.COFFEE_HOUR,
    "meeting": EventKind.GROUP_MEETING,
    "group_meeting": EventKind.GROUP_MEETING,
    "theme_week_prep": EventKind.THEME_WEEK_PREPARATION,
    "action_day": EventKind.ACTION_DAY,
    "other": EventKind.OTHER,
}
FORMATS = {value: value for value in EventFormat.values}
LANGUAGES = {value: value for value in EventLanguage.values}


def event_uid(external_id: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"event:{external_id.strip()}")


def meeting_uid(group_slug: str, met_on: datetime.date) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"meeting:{group_slug}:{met_on.isoformat()}")


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _full_clean(instance) -> None:
    try:
        instance.full_clean(validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise RowError(" ".join(messages), "" if field == "__all__" else field) from error


def _existing_uids() -> set[tuple]:
    return {(uid,) for uid in Event.objects.values_list("uid", flat=True)}


def _not_in_future(row: dict, column: str) -> None:
    if row[column] > timezone.localdate():
        raise RowError(_("The date is in the future; import only what has happened."), column)


# --------------------------------------------------------------------------- events
def validate_event(row: dict) -> dict:
    kind = choice_from_row(row, "kind", KINDS, default=EventKind.TRAINING)
    group = working_group_from_row(row, "working_group", required=kind == EventKind.GROUP_MEETING)
    dates_in_order(row, "starts_on", "ends_on")
    _not_in_future(row, "starts_on")
    event = Event(
        uid=event_uid(row["external_id"]),
        title=row["title"],
        kind=kind,
        format=choice_from_row(row, "format", FORMATS, default=EventFormat.IN_PERSON),
        language=choice_from_row(row, "language", LANGUAGES, default=EventLanguage.FINNISH),
        swedish_coplanned=row["co_planned_swedish"],
        working_group=group,
        start=_at(row["starts_on"], 9),
        end=_at(row["ends_on"] or row["starts_on"], 16),
        status=Event.Status.CANCELLED if row["cancelled"] else Event.Status.PUBLISHED,
        registration_required=False,
        feedback_enabled=False,
    )
    _full_clean(event)
    return {**row, "event": event}


def create_event(row: dict) -> None:
    row["event"].save()


# --------------------------------------------------------------------------- group meetings (C1, C5)
def validate_meeting(row: dict) -> dict:
    group = working_group_from_row(row, "working_group")
    _not_in_future(row, "met_on")
    event = Event(
        uid=meeting_uid(group.slug, row["met_on"]),
        title=row["title"] or group.name_fi,
        kind=EventKind.GROUP_MEETING,
        format=choice_from_row(row, "format", FORMATS, default=EventFormat.REMOTE),
        language=EventLanguage.SWEDISH if group.is_swedish_cooperation_group else EventLanguage.FINNISH,
        working_group=group,
        start=_at(row["met_on"], 10),
        end=_at(row["met_on"], 12),
        status=Event.Status.PUBLISHED,
        registration_required=False,
        feedback_enabled=False,
    )
    _full_clean(event)
    return {**row, "event": event}


# --------------------------------------------------------------------------- attendance (B2, B3, B6)
def _event_from_row(row: dict) -> Event:
    events = per_file("trainings:events", dict)
    uid = event_uid(row["event_id"])
    if uid not in events:
        events[uid] = Event.objects.filter(uid=uid).only("pk", "uid", "start").first()
    if events[uid] is None:
        raise RowError(
            _("No event “%(value)s”; import it in events first.") % {"value": row["event_id"]}, "event_id"
        )
    return events[uid]


def person_address(person: str) -> str:
    """An email address as it is; any other id of a person a stand-in address that stays the same."""
    person = person.strip().lower()
    if "@" in person:
        return person
    return f"imported-{slugify(person)}@invalid.example"


def validate_attendance(row: dict) -> dict:
    if not slugify(row["person"]) and "@" not in row["person"]:
        raise RowError(_("Give the person's email address or an id of the person."), "person")
    return {
        **row,
        "event": _event_from_row(row),
        "library": library_from_row(row, "library"),
        "email": person_address(row["person"]),
    }


def create_attendance(row: dict) -> None:
    attendance = Attendance(
        event=row["event"],
        email=row["email"],
        library=row["library"],
        participation=Participation.ON_SITE if row["on_site"] else Participation.REMOTE,
    )
    _full_clean(attendance)
    attendance.save()


# --------------------------------------------------------------------------- feedback (B4)
def feedback_uid(event_id: str, response_id: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"feedback:{event_id.strip()}:{response_id.strip()}")


def validate_feedback(row: dict) -> dict:
    if not 1 <= row["overall_rating"] <= 5:
        raise RowError(_("The rating must be from 1 to 5."), "overall_rating")
    return {**row, "event": _event_from_row(row), "uid": feedback_uid(row["event_id"], row["response_id"])}


def create_feedback(row: dict) -> None:
    # Into the event's feedback survey, like the answers given on the site (surveys/feedback.py).
    feedback_store(
        row["event"],
        overall=row["overall_rating"],
        response_id=row["uid"],
        submitted_on=timezone.localdate(row["event"].start),
    )


def register_record_types() -> None:
    register(
        RecordType(
            name="events",
            label="Events: trainings, study trips, coffee hours, meetings",
            columns=[
                Column("external_id", required=True),
                Column("title", required=True),
                Column("kind", help=", ".join(KINDS)),
                Column("format", help="remote / in_person / hybrid (empty: in_person)"),
                Column("starts_on", "date", required=True),
                Column("ends_on", "date"),
                Column("language", help="fi / sv / bilingual (empty: fi)"),
                Column("cancelled", "boolean"),
                Column("co_planned_swedish", "boolean"),
                Column("working_group", help="the group's slug; required for meetings"),
            ],
            validate=validate_event,
            natural_key=lambda row: (row["event"].uid,),
            existing_keys=_existing_uids,
            create=create_event,
            order=40,
        )
    )
    register(
        RecordType(
            name="group_meetings",
            label="Working-group meetings",
            columns=[
                Column("working_group", required=True),
                Column("met_on", "date", required=True),
                Column("title"),
                Column("format", help="remote / in_person / hybrid (empty: remote)"),
            ],
            validate=validate_meeting,
            natural_key=lambda row: (row["event"].uid,),
            existing_keys=_existing_uids,
            create=create_event,
            order=40,
        )
    )
    register(
        RecordType(
            name="event_attendances",
            label="Who attended the events",
            columns=[
                Column("event_id", required=True),
                Column("library", required=True),
                Column("person", required=True, help="email address or an id of the person"),
                Column("on_site", "boolean"),
            ],
            validate=validate_attendance,
            natural_key=lambda row: (row["event"].pk, row["email"]),
            existing_keys=lambda: set(Attendance.objects.values_list("event_id", "email")),
            create=create_attendance,
            order=41,
        )
    )
    register(
        RecordType(
            name="event_feedback",
            label="Feedback: overall ratings of the events",
            columns=[
                Column("event_id", required=True),
                Column("response_id", required=True),
                Column("overall_rating", "integer", required=True),
            ],
            validate=validate_feedback,
            natural_key=lambda row: (row["uid"],),
            existing_keys=lambda: {(pk,) for pk in feedback_responses().values_list("pk", flat=True)},
            create=create_feedback,
            order=42,
        )
    )
