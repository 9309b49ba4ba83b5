"""Writes: registrations, the waitlist, cancellations, attendance, feedback, materials, mails.

Every decision about seats is taken with the event row locked (SELECT ... FOR UPDATE), once per
transaction and before counting, so that concurrent registrations are serialised per event
(RELIABILITY.md, "Seats"). Mails are outbox rows written in the same transaction and dispatched on
commit; beat sweeps up anything a lost dispatch left behind.
"""

import datetime
import hashlib
import hmac
import logging
import secrets
import smtplib
import uuid
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, ExpressionWrapper, F, Q, Value
from django.db.models import DateTimeField as DateTimeOutput
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ake.areas import SEATS
from ake.languages import normalise, writer_language
from ake.page_cache import content_changed
from ake.smtp import smtp_failure
from networks.models import GroupMembership, Library, User
from networks.services import ServiceError
from surveys.feedback import feedback_store, feedback_survey

from .models import (
    Attendance,
    CalendarFeedToken,
    Event,
    EventFormat,
    EventMail,
    FeedbackReceipt,
    GuestLibrary,
    GuestRole,
    Material,
    Participation,
    PickupPoint,
    Registration,
    RegistrationAnswer,
    ScheduledMailing,
    ViewingRoom,
)
from .tasks import event_mail_send as event_mail_send_task

logger = logging.getLogger(__name__)

NOT_OPEN = gettext_lazy("Registration for this event is not open.")
NOT_YET_OPEN = gettext_lazy("Registration opens on %(date)s.")
CLOSED = gettext_lazy("Registration for this event has closed.")
ALREADY_REGISTERED = gettext_lazy("You are already registered for this event.")
MEMBERS_FIRST = gettext_lazy(
    "Registration is open first to the members of %(group)s; everyone may register from %(date)s."
)
WRONG_PARTICIPATION = gettext_lazy("Choose whether you take part on site or remotely.")
PICKUP_FULL = gettext_lazy("There are no seats left at the pick-up point %(name)s.")
PICKUP_REMOTE = gettext_lazy("Transport is only for those who take part on site.")
ROOM_REMOTE = gettext_lazy("A viewing room is only for those who take part remotely.")
CANCEL_DEADLINE_PASSED = gettext_lazy("The deadline for cancelling has passed; please contact AKE.")
NOT_ACTIVE = gettext_lazy("This registration is no longer active.")
OFFER_GONE = gettext_lazy("This offer is no longer valid.")
FEEDBACK_TWICE = gettext_lazy("You have already given feedback on this event. Thank you!")
FEEDBACK_NOT_ATTENDED = gettext_lazy("Feedback can be given only by those who took part.")
FEEDBACK_CLOSED = gettext_lazy("Feedback is not collected for this event.")
FEEDBACK_OVERALL_RANGE = gettext_lazy("The overall rating must be from 1 to 5.")
STARTED = gettext_lazy("The event has already started.")
NO_LIBRARY = gettext_lazy(
    "Your account is not linked to a library yet. Ask AKE to add your library to your profile."
)
OWN_LIBRARY_ONLY = gettext_lazy("You can register only for your own library.")
NOT_OPEN_TO_GUESTS = gettext_lazy("This event is open only to the staff of the region's libraries.")
GUEST_ORGANISATION_MISSING = gettext_lazy("Choose your library from the list or write your organisation.")
WAS_NOT_APPROVED = gettext_lazy(
    "AKE did not approve your registration for this event. Please contact AKE if you have questions."
)
NOT_AWAITING_APPROVAL = gettext_lazy("%(name)s: the registration is no longer waiting for approval.")
QUOTA_FULL = gettext_lazy(
    "%(name)s: %(library)s already has %(count)s approved places (the quota is %(quota)s per library)."
)

SENDING_STUCK_AFTER = datetime.timedelta(minutes=30)
PENDING_LOST_AFTER = datetime.timedelta(minutes=2)
MAX_ATTEMPTS = 5


@dataclass
class RowError:
    row: int
    message: str

    def __str__(self):
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class ImportRowErrors(ServiceError):
    """An import refused as a whole; ``errors`` lists every bad row."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(_("Nothing was imported: fix the rows below and try again."))


def _local_date(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _mail_queue(
    *,
    kind: str,
    recipient: str,
    language: str,
    event: Event | None = None,
    registration: Registration | None = None,
    attendance: Attendance | None = None,
    material: Material | None = None,
) -> EventMail:
    mail = EventMail.objects.create(
        kind=kind,
        recipient=recipient,
        language=language or "fi",
        event=event,
        registration=registration,
        attendance=attendance,
        material=material,
    )
    transaction.on_commit(lambda: event_mail_send_task.delay(mail.pk), robust=True)
    return mail


def _dispatch_pending_on_commit(**filters) -> None:
    def dispatch():
        for pk in EventMail.objects.filter(status=EventMail.Status.PENDING, **filters).values_list(
            "pk", flat=True
        ):
            event_mail_send_task.delay(pk)

    transaction.on_commit(dispatch, robust=True)


def _library_org(library: Library | None) -> int | None:
    """The organisation a seat cap counts; None for a guest (no cap: guests are not the region's)."""
    if library is None:
        return None
    return library.parent_id or library.pk


def _seat_holders_from_library(event: Event, org_id: int) -> int:
    return (
        Registration.objects.holding_seat()
        .filter(event=event)
        .filter(Q(library_id=org_id) | Q(library__parent_id=org_id))
        .count()
    )


def _has_free_seat(event: Event, participation: str, viewing_room: ViewingRoom | None = None) -> bool:
    """A free seat in the viewing room, or else in the event's seats of that mode (for remote
    participation: the desk pool, which the rooms' seats are not part of)."""
    holding = Registration.objects.holding_seat()
    if viewing_room is not None:
        return holding.filter(viewing_room=viewing_room).count() < viewing_room.seats
    seats = event.seats_for(participation)
    if seats is None:
        return True
    taken = holding.filter(event=event, participation=participation, viewing_room__isnull=True).count()
    return taken < seats


def _is_priority_member(event: Event, user: User | None, today: datetime.date) -> bool:
    if user is None:
        return False
    return (
        GroupMembership.objects.filter(group_id=event.priority_group_id, user=user)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exists()
    )


def _default_participation(event: Event, participation: str | None) -> str:
    if event.format == EventFormat.IN_PERSON:
        return Participation.ON_SITE
    if event.format == EventFormat.REMOTE:
        return Participation.REMOTE
    if participation not in Participation.values:
        raise ServiceError(WRONG_PARTICIPATION)
    return participation


# --------------------------------------------------------------------------- registration
@transaction.atomic
def registration_create(
    *,
    event: Event,
    email: str,
    first_name: str,
    last_name: str,
    library: Library | None,
    user: User | None = None,
    guest_library: GuestLibrary | None = None,
    guest_organisation: str = "",
    guest_role: str = "",
    participation: str | None = None,
    phone: str = "",
    diet: str = "",
    accessibility: str = "",
    emergency_contact: str = "",
    pickup_point: PickupPoint | None = None,
    viewing_room: ViewingRoom | None = None,
    answers: dict[int, str] | None = None,
    language: str = "fi",
    source: str = Registration.Source.SELF,
    registered_by: User | None = None,
    now: datetime.datetime | None = None,
) -> Registration:
    """Registers a person: a seat when one is free (and the library is under its cap), else the waitlist.

    Without ``library`` the person is a guest from outside the region: ``guest_library`` (the national
    list) or ``guest_organisation`` (free text) names their organisation, ``guest_role`` their role.
    Guests register themselves only for events open to guests; AKE may register one for any event
    (a trainer, a co-organiser). A guest is under no library's seat cap.
    """
    now = now or timezone.now()
    event = _lock_event(event.pk)
    email = email.strip().lower()
    by_ake = source != Registration.Source.SELF
    guest = library is None
    guest_organisation = (guest_organisation or "").strip()
    if guest:
        guest_role = guest_role or GuestRole.PARTICIPANT
        if guest_library is None and not guest_organisation:
            raise ServiceError(GUEST_ORGANISATION_MISSING)
    else:
        guest_library, guest_organisation, guest_role = None, "", ""

    if event.status != Event.Status.PUBLISHED or not event.registration_required:
        raise ServiceError(NOT_OPEN)
    if not by_ake:
        # The seat cap and the indicators count the registration's library: a person registering
        # themselves does it for the library of their profile, never for one they name; a person
        # without one takes part as a guest, where the event is open to guests.
        if guest and not event.open_to_guests:
            raise ServiceError(
                NO_LIBRARY if user is not None and user.library_id is None else NOT_OPEN_TO_GUESTS
            )
        if user is not None and user.library_id is None and not guest:
            raise ServiceError(NO_LIBRARY)
        if user is not None and user.library_id is not None and (guest or library.pk != user.library_id):
            raise ServiceError(OWN_LIBRARY_ONLY)
        if event.start <= now:
            raise ServiceError(STARTED)
        if event.registration_opens and now < event.registration_opens:
            raise ServiceError(NOT_YET_OPEN % {"date": _local_date(event.registration_opens)})
        if event.registration_closes and now > event.registration_closes:
            raise ServiceError(CLOSED)
        if (
            event.priority_group_id
            and event.open_to_all_from
            and now < event.open_to_all_from
            and not _is_priority_member(event, user, timezone.localdate(now))
        ):
            raise ServiceError(
                MEMBERS_FIRST % {"group": event.priority_group, "date": _local_date(event.open_to_all_from)}
            )
    participation = _default_participation(event, participation)

    if pickup_point is not None:
        if pickup_point.event_id != event.pk:
            raise ServiceError(NOT_OPEN)
        if participation != Participation.ON_SITE:
            raise ServiceError(PICKUP_REMOTE)
        taken = Registration.objects.holding_seat().filter(pickup_point=pickup_point).count()
        if taken >= pickup_point.seats:
            raise ServiceError(PICKUP_FULL % {"name": pickup_point.name})

    if viewing_room is not None:
        # Checked and counted under the event's lock, like the event's own seats.
        if viewing_room.event_id != event.pk:
            raise ServiceError(NOT_OPEN)
        if participation != Participation.REMOTE:
            raise ServiceError(ROOM_REMOTE)

    registration = Registration.objects.filter(event=event, email=email).first()
    if registration is not None and registration.is_active:
        raise ServiceError(ALREADY_REGISTERED)
    if registration is not None and registration.status == Registration.Status.NOT_APPROVED and not by_ake:
        # AKE's decision stands: registering again would only put the same request back in the queue.
        raise ServiceError(WAS_NOT_APPROVED)
    registration = registration or Registration(event=event, email=email)

    # In approval mode a person's own registration waits for AKE; AKE registering someone is its decision.
    awaiting = event.approval_required and not by_ake
    within_cap = (
        event.max_per_library is None
        or guest
        or _seat_holders_from_library(event, _library_org(library)) < event.max_per_library
    )
    confirmed = not awaiting and within_cap and _has_free_seat(event, participation, viewing_room)

    registration.user = user
    registration.first_name = first_name.strip()
    registration.last_name = last_name.strip()
    registration.library = library
    registration.guest_library = guest_library
    registration.guest_organisation = guest_organisation
    registration.guest_role = guest_role
    registration.phone = phone
    registration.diet = diet
    registration.accessibility = accessibility
    registration.emergency_contact = emergency_contact
    registration.pickup_point = pickup_point
    registration.viewing_room = viewing_room
    registration.participation = participation
    registration.language = language or "fi"
    # Whoever fills in the form writes the free answers: the person, or AKE registering them; a guest
    # without an account writes in the language they registered in.
    writer = registered_by if by_ake else user
    registration.answers_language = writer_language(writer) if writer is not None else normalise(language)
    registration.source = source
    registration.registered_by = registered_by
    registration.created_at = now
    registration.cancelled_at = None
    registration.offer_expires_at = None
    registration.decided_at = None
    registration.decided_by = None
    if awaiting:
        registration.status = Registration.Status.AWAITING_APPROVAL
        registration.waitlisted_at = None
    else:
        registration.status = Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITLISTED
        registration.waitlisted_at = None if confirmed else now
    registration.full_clean(validate_unique=False, validate_constraints=False)
    registration.save()
    if answers is not None:
        # Answers to the event's own questions only; a re-registration replaces the earlier ones.
        questions = set(event.registration_questions.filter(pk__in=answers).values_list("pk", flat=True))
        registration.answers.all().delete()
        RegistrationAnswer.objects.bulk_create(
            [
                RegistrationAnswer(registration=registration, question_id=pk, value=value)
                for pk, value in answers.items()
                if pk in questions and value
            ]
        )
    if awaiting:
        _approval_mail(registration, event=event, decision="received")
        return registration
    _mail_queue(
        kind=EventMail.Kind.CONFIRMATION if confirmed else EventMail.Kind.WAITLISTED,
        recipient=registration.email,
        language=registration.language,
        event=event,
        registration=registration,
    )
    return registration


# --------------------------------------------------------------------------- approval mode
def _approved_from_library(event: Event, org_id: int) -> int:
    """Approved registrations (a seat, an offer or a place on the waitlist) from a library organisation."""
    return (
        Registration.objects.filter(event=event, status__in=Registration.APPROVED)
        .filter(Q(library_id=org_id) | Q(library__parent_id=org_id))
        .count()
    )


def _approval_mail(registration: Registration, *, event: Event, decision: str) -> None:
    """The request received or AKE's decision, in the registrant's language: an outbox row of this
    transaction (ake/outbox.py), one per decision."""
    from ake.outbox import outbox_enqueue

    from .emails import approval_message

    registration.event = event
    stamp = (registration.decided_at or registration.created_at).isoformat()
    outbox_enqueue(
        approval_message(registration=registration, decision=decision),
        purpose=f"trainings.approval_{decision}",
        key=f"trainings.approval:{registration.pk}:{decision}:{stamp}",
    )


@transaction.atomic
def registration_approve(
    *, registration: Registration, decided_by: User | None = None, now: datetime.datetime | None = None
) -> Registration:
    """AKE approves a registration waiting for approval: a seat when one is free, else the waitlist.

    Under the event's lock, like every seat decision: the per-library quota (``max_per_library``) counts
    the library's approved registrations, so two approvals at once cannot both take its last place,
    and the seats are counted as for any registration.
    """
    now = now or timezone.now()
    event = _lock_event(registration.event_id)
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("library").get(pk=registration.pk)
    )
    if registration.status != Registration.Status.AWAITING_APPROVAL:
        raise ServiceError(NOT_AWAITING_APPROVAL % {"name": registration.full_name})
    if event.status != Event.Status.PUBLISHED:
        raise ServiceError(NOT_OPEN)
    org = _library_org(registration.library)
    if event.max_per_library is not None and org is not None:
        approved = _approved_from_library(event, org)
        if approved >= event.max_per_library:
            raise ServiceError(
                QUOTA_FULL
                % {
                    "name": registration.full_name,
                    "library": registration.library.organisation,
                    "count": approved,
                    "quota": event.max_per_library,
                }
            )
    free = _has_free_seat(event, registration.participation, registration.viewing_room)
    if free and registration.pickup_point_id is not None:
        taken = Registration.objects.holding_seat().filter(pickup_point_id=registration.pickup_point_id)
        free = taken.count() < registration.pickup_point.seats
    registration.status = Registration.Status.CONFIRMED if free else Registration.Status.WAITLISTED
    # On the waitlist from the approval: those approved earlier are ahead.
    registration.waitlisted_at = None if free else now
    registration.decided_at = now
    registration.decided_by = decided_by
    registration.save(update_fields=["status", "waitlisted_at", "decided_at", "decided_by"])
    _approval_mail(registration, event=event, decision="approved" if free else "approved_waitlist")
    return registration


@transaction.atomic
def registration_reject(
    *, registration: Registration, decided_by: User | None = None, now: datetime.datetime | None = None
) -> Registration:
    """AKE does not approve a registration: it leaves the queue and the registrant is told."""
    now = now or timezone.now()
    event = _lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.AWAITING_APPROVAL:
        raise ServiceError(NOT_AWAITING_APPROVAL % {"name": registration.full_name})
    registration.status = Registration.Status.NOT_APPROVED
    registration.decided_at = now
    registration.decided_by = decided_by
    registration.save(update_fields=["status", "decided_at", "decided_by"])
    _approval_mail(registration, event=event, decision="not_approved")
    return registration


class Decisions(NamedTuple):
    done: list[Registration]
    refused: list[str]


def registrations_decide(
    *, event: Event, registration_ids, approve: bool, decided_by: User | None = None
) -> Decisions:
    """Approves or declines several registrations, first registered first (so a library's quota goes
    to its earliest registrants). Each decision is its own transaction: one refused by the quota or
    decided meanwhile by someone else does not undo the others; the refusals are returned."""
    decide = registration_approve if approve else registration_reject
    done, refused = [], []
    chosen = Registration.objects.filter(event=event, pk__in=list(registration_ids)).order_by(
        "created_at", "pk"
    )
    for registration in chosen:
        try:
            done.append(decide(registration=registration, decided_by=decided_by))
        except ServiceError as error:
            refused.append(str(error))
    return Decisions(done, refused)


@transaction.atomic
def registration_cancel(
    *, registration: Registration, by_ake: bool = False, now: datetime.datetime | None = None
) -> Registration:
    """Cancels a registration or leaves the waitlist; a freed seat is offered to the next in line."""
    now = now or timezone.now()
    event = _lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_active:
        raise ServiceError(NOT_ACTIVE)
    held_seat = registration.holds_seat
    # Leaving the waitlist is always possible; giving up a seat only until the deadline.
    if held_seat and not by_ake and now > event.cancellation_deadline():
        raise ServiceError(CANCEL_DEADLINE_PASSED)
    had_invitation = registration.status == Registration.Status.CONFIRMED
    was_waitlisted = registration.status == Registration.Status.WAITLISTED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "cancelled_at", "offer_expires_at"])
    _registration_cancelled_mail(
        registration, event=event, by_ake=by_ake, had_invitation=had_invitation, was_waitlisted=was_waitlisted
    )
    if held_seat:
        waitlist_fill(event=event, now=now)
    return registration


def _registration_cancelled_mail(
    registration: Registration, *, event: Event, by_ake: bool, had_invitation: bool, was_waitlisted: bool
) -> None:
    """The cancellation mail, an outbox row of this transaction (ake/outbox.py)."""
    from ake.outbox import outbox_enqueue

    from .emails import registration_cancelled_message

    registration.event = event
    outbox_enqueue(
        registration_cancelled_message(
            registration=registration,
            by_ake=by_ake,
            had_invitation=had_invitation,
            was_waitlisted=was_waitlisted,
        ),
        purpose="trainings.registration_cancelled",
        key=f"trainings.registration_cancelled:{registration.pk}:{registration.cancelled_at.isoformat()}",
    )


def waitlist_fill(*, event: Event, now: datetime.datetime | None = None) -> list[Registration]:
    """Offers every free seat to the first in line (per participation mode, honouring the library cap).

    The caller holds the event lock. An offer holds the seat until it is accepted, declined or expires.
    """
    now = now or timezone.now()
    if event.status != Event.Status.PUBLISHED or event.start <= now:
        return []
    offered = []
    per_library: dict[int, int] = {}
    if event.max_per_library is not None:
        rows = (
            Registration.objects.holding_seat()
            .filter(event=event)
            .filter(library__isnull=False)
            .values("library_id", "library__parent_id")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            org = row["library__parent_id"] or row["library_id"]
            per_library[org] = per_library.get(org, 0) + row["n"]
    # The event's seats per mode (remote: the desk pool), then each viewing room's own seats.
    pools = []
    for participation in (Participation.ON_SITE, Participation.REMOTE):
        in_pool = {"event": event, "participation": participation, "viewing_room__isnull": True}
        pools.append((event.seats_for(participation), in_pool))
    for room in event.viewing_rooms.all():
        pools.append((room.seats, {"viewing_room": room}))
    for seats, in_pool in pools:
        taken = Registration.objects.holding_seat().filter(**in_pool).count()
        free = None if seats is None else seats - taken
        if free is not None and free <= 0:
            continue
        queue = (
            Registration.objects.filter(status=Registration.Status.WAITLISTED, **in_pool)
            .filter(event=event)
            .select_related("library")
            .order_by("waitlisted_at", "pk")
        )
        for candidate in queue:
            if free is not None and free <= 0:
                break
            org = _library_org(candidate.library)
            capped = event.max_per_library is not None and org is not None
            if capped and per_library.get(org, 0) >= event.max_per_library:
                continue
            candidate.status = Registration.Status.OFFERED
            candidate.offer_expires_at = min(now + datetime.timedelta(hours=event.offer_hours), event.start)
            candidate.save(update_fields=["status", "offer_expires_at"])
            _mail_queue(
                kind=EventMail.Kind.OFFER,
                recipient=candidate.email,
                language=candidate.language,
                event=event,
                registration=candidate,
            )
            if org is not None:
                per_library[org] = per_library.get(org, 0) + 1
            if free is not None:
                free -= 1
            offered.append(candidate)
    return offered


@transaction.atomic
def offer_accept(*, registration: Registration, now: datetime.datetime | None = None) -> Registration:
    now = now or timezone.now()
    _lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.OFFERED or registration.offer_expires_at <= now:
        raise ServiceError(OFFER_GONE)
    registration.status = Registration.Status.CONFIRMED
    registration.offer_expires_at = None
    registration.waitlisted_at = None
    registration.save(update_fields=["status", "offer_expires_at", "waitlisted_at"])
    _mail_queue(
        kind=EventMail.Kind.CONFIRMATION,
        recipient=registration.email,
        language=registration.language,
        event=registration.event,
        registration=registration,
    )
    return registration


@transaction.atomic
def offer_decline(*, registration: Registration, now: datetime.datetime | None = None) -> Registration:
    now = now or timezone.now()
    event = _lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.OFFERED:
        raise ServiceError(OFFER_GONE)
    registration.status = Registration.Status.DECLINED
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "offer_expires_at"])
    waitlist_fill(event=event, now=now)
    return registration


def offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Passes every expired offer on to the next in line. Each event in its own transaction."""
    now = now or timezone.now()
    expired = 0
    event_ids = (
        Registration.objects.filter(status=Registration.Status.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    for event_id in list(event_ids):
        with transaction.atomic():
            event = _lock_event(event_id)
            passed = Registration.objects.filter(
                event=event, status=Registration.Status.OFFERED, offer_expires_at__lte=now
            ).update(status=Registration.Status.EXPIRED, offer_expires_at=None)
            if passed:
                # update() sends no signal: the seats held changed (ake/areas.py).
                content_changed(SEATS)
            expired += passed
            waitlist_fill(event=event, now=now)
    return expired


# --------------------------------------------------------------------------- events
# Translated texts count in every language (a calendar entry is written in its reader's language).
ICAL_FIELDS = (
    *(
        f"{name}_{code}"
        for name in ("title", "venue", "summary", "municipality")
        for code in ("fi", "sv", "en")
    ),
    *("start", "end", "address", "online_url", "status"),
)
CAPACITY_FIELDS = ("seats_on_site", "seats_remote", "max_per_library")


def event_snapshot(event: Event) -> dict:
    """The fields whose change matters to registrants, taken before an edit."""
    return {name: getattr(event, name) for name in ICAL_FIELDS + CAPACITY_FIELDS}


@transaction.atomic
def event_save(*, event: Event, previous: dict | None, now: datetime.datetime | None = None) -> Event:
    """Follows up an admin edit that has just been saved: SEQUENCE, cancellation, mail times, free seats."""
    now = now or timezone.now()
    event = _lock_event(event.pk)
    if previous is not None:
        changed = {name for name in ICAL_FIELDS if previous[name] != getattr(event, name)}
        if changed and previous["status"] != Event.Status.DRAFT:
            Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)
            event.refresh_from_db(fields=["sequence"])
        if event.status == Event.Status.CANCELLED and previous["status"] != Event.Status.CANCELLED:
            _notify_cancellation(event, now)
        capacity_changed = any(previous[name] != getattr(event, name) for name in CAPACITY_FIELDS)
        if capacity_changed:
            waitlist_fill(event=event, now=now)
    _mailings_sync(event)
    return event


@transaction.atomic
def event_cancel(*, event: Event, reason: str = "", now: datetime.datetime | None = None) -> Event:
    """Cancels an event; every registrant (seat, offer or waitlist) is told exactly once."""
    now = now or timezone.now()
    event = _lock_event(event.pk)
    if event.status != Event.Status.CANCELLED:
        event.status = Event.Status.CANCELLED
        event.sequence += 1
        if reason:
            event.cancellation_reason = reason
        event.save(update_fields=["status", "sequence", "cancellation_reason", "updated_at"])
    _notify_cancellation(event, now)
    return event


def _notify_cancellation(event: Event, now: datetime.datetime) -> None:
    recipients = Registration.objects.active().filter(event=event)
    # The partial unique index (event, kind, recipient) makes a second cancellation a no-op.
    EventMail.objects.bulk_create(
        [
            EventMail(
                event=event,
                registration=registration,
                kind=EventMail.Kind.EVENT_CANCELLED,
                recipient=registration.email,
                language=registration.language,
            )
            for registration in recipients
        ],
        ignore_conflicts=True,
    )
    ScheduledMailing.objects.filter(event=event, processed_at__isnull=True).update(processed_at=now)
    _dispatch_pending_on_commit(event=event, kind=EventMail.Kind.EVENT_CANCELLED)


def _mailings_sync(event: Event) -> None:
    """Keeps the due times of the reminder and feedback request in step with the event's times."""
    if event.status == Event.Status.CANCELLED:
        return
    wanted = {
        ScheduledMailing.Kind.REMINDER: (
            event.registration_required,
            event.start - datetime.timedelta(hours=event.reminder_hours_before),
        ),
        ScheduledMailing.Kind.FEEDBACK_REQUEST: (
            event.feedback_enabled,
            event.end + datetime.timedelta(hours=event.feedback_hours_after),
        ),
    }
    for kind, (enabled, due_at) in wanted.items():
        pending = ScheduledMailing.objects.filter(event=event, kind=kind, processed_at__isnull=True)
        if not enabled:
            pending.delete()
            continue
        if not pending.update(due_at=due_at):
            ScheduledMailing.objects.get_or_create(event=event, kind=kind, defaults={"due_at": due_at})


@transaction.atomic
def event_copy(*, event: Event, user: User | None) -> Event:
    """A draft copy of an event with its pick-up points and feedback questions, for the next date."""
    source = Event.objects.get(pk=event.pk)
    copy = Event.objects.get(pk=event.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.title = _("Copy of %(title)s") % {"title": source.title}
    copy.status = Event.Status.DRAFT
    copy.uid = uuid.uuid4()
    copy.sequence = 0
    copy.cancellation_reason = ""
    copy.details_purged_at = None
    copy.created_by = user
    copy.created_at = timezone.now()
    copy.save()
    for point in source.pickup_points.all():
        PickupPoint.objects.create(
            event=copy,
            name=point.name,
            departs_at=point.departs_at,
            seats=point.seats,
            sort_order=point.sort_order,
        )
    source_survey = source.surveys.filter(kind="training").first()
    if source_survey is not None:
        # The copy starts with the questions of the event it copies (edited there or not).
        feedback_survey(copy, source=source_survey)
    return copy


# --------------------------------------------------------------------------- scheduled mails
def mailings_process(*, now: datetime.datetime | None = None) -> int:
    """Turns every due reminder / feedback request into one outbox row per recipient."""
    now = now or timezone.now()
    processed = 0
    due = ScheduledMailing.objects.filter(processed_at__isnull=True, due_at__lte=now).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        with transaction.atomic():
            mailing = (
                ScheduledMailing.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("event")
                .filter(pk=pk, processed_at__isnull=True)
                .first()
            )
            if mailing is None:
                continue
            event = mailing.event
            rows = []
            if event.status == Event.Status.PUBLISHED:
                # A reminder that comes due only after the start (the beat was down) is pointless.
                if mailing.kind == ScheduledMailing.Kind.REMINDER and now < event.start:
                    for registration in event.registrations.filter(status=Registration.Status.CONFIRMED):
                        rows.append(
                            EventMail(
                                registration=registration,
                                recipient=registration.email,
                                language=registration.language,
                            )
                        )
                elif mailing.kind == ScheduledMailing.Kind.FEEDBACK_REQUEST and event.feedback_enabled:
                    rows.extend(_feedback_mail_rows(event, event.attendances.all()))
            for row in rows:
                row.event = event
                row.mailing = mailing
                row.kind = mailing.kind
            EventMail.objects.bulk_create(rows, ignore_conflicts=True)
            mailing.processed_at = now
            mailing.save(update_fields=["processed_at"])
            _dispatch_pending_on_commit(mailing=mailing)
            processed += 1
    return processed


def _feedback_mail_rows(event: Event, attendances) -> list[EventMail]:
    answered = set(FeedbackReceipt.objects.filter(event=event).values_list("email", flat=True))
    return [
        EventMail(
            event=event,
            attendance=attendance,
            kind=EventMail.Kind.FEEDBACK_REQUEST,
            recipient=attendance.email,
            language=attendance.language,
        )
        for attendance in attendances
        if attendance.email not in answered
    ]


def event_mail_send(*, mail_id: int) -> str:
    """Sends one outbox row. Returns its final status."""
    from .emails import build_message, mail_still_wanted

    with transaction.atomic():
        mail = (
            EventMail.objects.select_for_update(skip_locked=True)
            .filter(pk=mail_id, status=EventMail.Status.PENDING)
            .first()
        )
        if mail is None:
            return "skipped-locked-or-done"
        if not mail_still_wanted(mail):
            mail.status = EventMail.Status.SKIPPED
            mail.save(update_fields=["status"])
            return mail.status
        mail.status = EventMail.Status.SENDING
        mail.claimed_at = timezone.now()
        mail.attempts += 1
        mail.save(update_fields=["status", "claimed_at", "attempts"])
    try:
        build_message(mail).send()
    except (OSError, smtplib.SMTPException) as error:
        # A 421 at RCPT is as temporary as a dropped connection, and a 554 after DATA as final as a
        # 550 at RCPT: the reply code decides, not the exception type.
        failure = smtp_failure(error)
        give_up = not failure.temporary or mail.attempts >= MAX_ATTEMPTS
        status = EventMail.Status.FAILED if give_up else EventMail.Status.PENDING
        EventMail.objects.filter(pk=mail.pk).update(status=status, last_error=failure.text[:1000])
        logger.warning(
            "event mail refused" if give_up else "event mail failed, will retry", extra={"mail_id": mail.pk}
        )
        return status
    EventMail.objects.filter(pk=mail.pk).update(status=EventMail.Status.SENT, sent_at=timezone.now())
    return EventMail.Status.SENT


def event_mails_sweep(*, now: datetime.datetime | None = None) -> list[int]:
    """Re-dispatches rows whose dispatch was lost, and rows stuck in "sending" after a crash.

    A worker killed after the SMTP server accepted a message but before the row was marked sent
    makes this send it again: delivery is at least once.
    """
    now = now or timezone.now()
    EventMail.objects.filter(
        status=EventMail.Status.SENDING, claimed_at__lte=now - SENDING_STUCK_AFTER
    ).update(status=EventMail.Status.PENDING)
    ids = list(
        EventMail.objects.filter(
            status=EventMail.Status.PENDING, created_at__lte=now - PENDING_LOST_AFTER
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        event_mail_send_task.delay(pk)
    return ids


# --------------------------------------------------------------------------- attendance
class AttendanceImportResult(NamedTuple):
    added: int
    already: int
    # Addresses of the new attendances that are guests from outside the region (not counted).
    guests: tuple[str, ...] = ()


def _guest_fields(registration: Registration) -> dict:
    return {
        "guest_library_id": registration.guest_library_id,
        "guest_organisation": registration.guest_organisation,
        "guest_role": registration.guest_role,
    }


def _queue_late_feedback_requests(event: Event, attendances: list[Attendance]) -> None:
    """Attendance is often marked after the feedback request went out: late attendees get theirs now."""
    if not attendances or not event.feedback_enabled or event.status != Event.Status.PUBLISHED:
        return
    if not ScheduledMailing.objects.filter(
        event=event, kind=ScheduledMailing.Kind.FEEDBACK_REQUEST, processed_at__isnull=False
    ).exists():
        return
    EventMail.objects.bulk_create(_feedback_mail_rows(event, attendances), ignore_conflicts=True)
    _dispatch_pending_on_commit(event=event, kind=EventMail.Kind.FEEDBACK_REQUEST)


@transaction.atomic
def attendance_checklist_save(
    *, event: Event, present_ids: set[int], listed_ids: set[int], recorded_by: User | None
) -> tuple[int, int]:
    """Marks the checked registrations as attended and unmarks the listed, unchecked ones."""
    registrations = {r.pk: r for r in event.registrations.filter(pk__in=listed_ids)}
    present = [registrations[pk] for pk in present_ids if pk in registrations]
    absent_emails = [r.email for pk, r in registrations.items() if pk not in present_ids]
    removed, _details = Attendance.objects.filter(event=event, email__in=absent_emails).delete()
    existing = set(Attendance.objects.filter(event=event).values_list("email", flat=True))
    new = [
        Attendance(
            event=event,
            registration=registration,
            email=registration.email,
            name=registration.full_name,
            library_id=registration.library_id,
            **_guest_fields(registration),
            participation=registration.participation,
            viewing_room_id=registration.viewing_room_id,
            language=registration.language,
            recorded_by=recorded_by,
        )
        for registration in present
        if registration.email not in existing
    ]
    Attendance.objects.bulk_create(new, ignore_conflicts=True)
    _queue_late_feedback_requests(
        event, list(Attendance.objects.filter(event=event, email__in=[a.email for a in new]))
    )
    return len(new), removed


@transaction.atomic
def attendance_import(
    *,
    event: Event,
    emails: list[str],
    recorded_by: User | None,
    participation: str = Participation.REMOTE,
) -> AttendanceImportResult:
    """Marks attendance from a list of addresses (e.g. a Teams attendance report).

    An address of a registration takes its library (or its guest organisation); an address of an
    account with a library takes that library. Any other address is a guest from outside the region
    (an AVI officer, a trainer, another region's staff): kept, reported as a guest, never counted.
    With any bad row (not an address) nothing is saved. An address already marked (or listed twice)
    counts once. Returns (new, already marked, the new guests' addresses).
    """
    errors: list[RowError] = []
    cleaned: list[tuple[int, str]] = []
    for number, raw in enumerate(emails, start=1):
        email = raw.strip().lower()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                RowError(number, _("“%(value)s” is not an email address.") % {"value": raw.strip()})
            )
            continue
        cleaned.append((number, email))
    addresses = {email for _n, email in cleaned}
    registrations = {r.email: r for r in event.registrations.filter(email__in=addresses)}
    users = {u.email.lower(): u for u in User.objects.filter(email__in=addresses - set(registrations))}
    rows: dict[str, Attendance] = {}
    for _number, email in cleaned:
        registration = registrations.get(email)
        user = users.get(email)
        if registration is None and (user is None or user.library_id is None):
            rows[email] = Attendance(
                event=event,
                email=email,
                name=user.get_full_name() if user else "",
                library=None,
                guest_organisation=email.rpartition("@")[2],
                guest_role=GuestRole.PARTICIPANT,
                participation=participation,
                language=user.language if user else "fi",
                recorded_by=recorded_by,
            )
            continue
        if registration is not None:
            rows[email] = Attendance(
                event=event,
                registration=registration,
                email=email,
                name=registration.full_name,
                library_id=registration.library_id,
                **_guest_fields(registration),
                viewing_room_id=registration.viewing_room_id,
                participation=participation
                if event.format == EventFormat.HYBRID
                else registration.participation,
                language=registration.language,
                recorded_by=recorded_by,
            )
        else:
            rows[email] = Attendance(
                event=event,
                email=email,
                name=user.get_full_name(),
                library_id=user.library_id,
                participation=participation,
                language=user.language,
                recorded_by=recorded_by,
            )
    if errors:
        raise ImportRowErrors(errors)
    existing = set(Attendance.objects.filter(event=event, email__in=rows).values_list("email", flat=True))
    new = [row for email, row in rows.items() if email not in existing]
    Attendance.objects.bulk_create(new, ignore_conflicts=True)
    _queue_late_feedback_requests(
        event, list(Attendance.objects.filter(event=event, email__in=[a.email for a in new]))
    )
    return AttendanceImportResult(
        len(new), len(existing), tuple(row.email for row in new if row.library_id is None)
    )


# --------------------------------------------------------------------------- import of participants
def participants_import(
    *, event: Event, rows: list[list[str]], registered_by: User | None
) -> list[Registration]:
    """Registers everyone on a list (name, email, library). All rows or none.

    Seats are given as to anyone else: the rest go to the waitlist.
    """
    libraries: dict[str, Library] = {}
    all_libraries = list(Library.objects.order_by("parent_id", "pk"))
    for library in all_libraries:
        for name in (library.name_fi, library.name_sv, library.name_en):
            if name:
                libraries.setdefault(name.strip().lower(), library)
    # A municipality's name stands for its library organisation, never for a branch in it.
    for library in all_libraries:
        if library.parent_id is None:
            for name in (library.municipality_fi, library.municipality_sv):
                if name:
                    libraries.setdefault(name.strip().lower(), library)
    # A library outside the region (the national list) makes the person a guest.
    guest_libraries = {
        name.strip().lower(): g
        for g in GuestLibrary.objects.all()
        for name in (g.name_fi, g.name_sv, g.name_en)
        if name
    }
    errors: list[RowError] = []
    parsed = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        cells = [str(cell or "").strip() for cell in row] + ["", "", ""]
        name, email, library_name = cells[0], cells[1].lower(), cells[2]
        if not any((name, email, library_name)):
            continue
        problems = []
        if not name:
            problems.append(_("the name is missing"))
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("“%(value)s” is not an email address") % {"value": cells[1]})
        library = libraries.get(library_name.lower())
        guest_library = guest_libraries.get(library_name.lower()) if library is None else None
        if library is None and guest_library is None:
            problems.append(_("no library called “%(value)s”") % {"value": library_name})
        if email in seen:
            problems.append(_("%(email)s is on the list twice") % {"email": email})
        seen.add(email)
        if problems:
            errors.append(RowError(number, "; ".join(problems)))
            continue
        first, _sep, last = name.rpartition(" ")
        parsed.append((number, first or last, last if first else "", email, library, guest_library))
    if errors:
        raise ImportRowErrors(errors)
    users = {u.email.lower(): u for u in User.objects.filter(email__in=[p[3] for p in parsed])}
    created = []
    with transaction.atomic():
        for number, first, last, email, library, guest_library in parsed:
            user = users.get(email)
            try:
                with transaction.atomic():
                    created.append(
                        registration_create(
                            event=event,
                            email=email,
                            first_name=first,
                            last_name=last,
                            library=library,
                            guest_library=guest_library,
                            user=user,
                            participation=Participation.ON_SITE
                            if event.has_on_site
                            else Participation.REMOTE,
                            language=user.language if user else "fi",
                            source=Registration.Source.IMPORT,
                            registered_by=registered_by,
                        )
                    )
            except ServiceError as error:
                errors.append(RowError(number, str(error)))
        if errors:
            # Raising inside the block rolls back the rows that did go in.
            raise ImportRowErrors(errors)
    return created


# --------------------------------------------------------------------------- feedback
def feedback_refusal(*, event: Event, email: str):
    """Why ``email`` may not give feedback on the event now (a translated message), or None."""
    if not event.feedback_enabled or event.status == Event.Status.CANCELLED:
        return FEEDBACK_CLOSED
    if not Attendance.objects.filter(event=event, email=email.strip().lower()).exists():
        return FEEDBACK_NOT_ATTENDED
    return None


@transaction.atomic
def feedback_submit(*, event: Event, email: str, overall: int, answers: dict[str | int, int | str | list]):
    """Stores one anonymous response in the event's feedback survey (surveys/feedback.py); the
    receipt (who answered) is a separate, unlinked row. ``answers`` by the questions' short names.
    (The participants' own form is the surveys' answering page: surveys.views.feedback.)"""
    email = email.strip().lower()
    refusal = feedback_refusal(event=event, email=email)
    if refusal:
        raise ServiceError(refusal)
    if overall not in range(1, 6):
        raise ServiceError(FEEDBACK_OVERALL_RANGE)
    try:
        with transaction.atomic():
            FeedbackReceipt.objects.create(event=event, email=email)
    except IntegrityError:
        raise ServiceError(FEEDBACK_TWICE) from None
    # The free answers are in the giver's language: their profile's, else the event's (as imported).
    giver = User.objects.filter(email__iexact=email, is_active=True).only("language").first()
    return feedback_store(
        event, overall=overall, answers=answers, language=writer_language(giver) if giver else None
    )


# --------------------------------------------------------------------------- materials
RECORDING_NEEDS = {
    "consent": gettext_lazy("every presenter's consent"),
    "captions": gettext_lazy("a caption file"),
    "review_date": gettext_lazy("a retention review date in the future"),
    "content": gettext_lazy("a file or a link"),
}


def material_missing(material: Material, today: datetime.date | None = None) -> list[str]:
    """What a material still lacks before it may be published (the accessibility directive for recordings)."""
    today = today or timezone.localdate()
    missing = []
    if not material.document_id and not material.url:
        missing.append(str(RECORDING_NEEDS["content"]))
    if material.kind == Material.Kind.RECORDING:
        consents = list(material.consents.all())
        if not consents or not all(c.consent_given for c in consents):
            missing.append(str(RECORDING_NEEDS["consent"]))
        if not material.captions_id:
            missing.append(str(RECORDING_NEEDS["captions"]))
        if not material.review_date or material.review_date <= today:
            missing.append(str(RECORDING_NEEDS["review_date"]))
    return missing


@transaction.atomic
def material_publish(*, material: Material, now: datetime.datetime | None = None) -> Material:
    now = now or timezone.now()
    material = Material.objects.select_for_update().get(pk=material.pk)
    missing = material_missing(material, timezone.localdate(now))
    if missing:
        raise ServiceError(
            _("It cannot be published yet. Missing: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    material.status = Material.Status.PUBLISHED
    material.published_at = now
    material.hidden_at = None
    material.save(update_fields=["status", "published_at", "hidden_at"])
    return material


@transaction.atomic
def material_unpublish(*, material: Material) -> Material:
    material.status = Material.Status.DRAFT
    material.save(update_fields=["status"])
    return material


def materials_review_due(*, today: datetime.date | None = None) -> int:
    """Hides published materials whose retention review date has come, and asks the owner to decide."""
    today = today or timezone.localdate()
    hidden = 0
    for pk in list(
        Material.objects.filter(status=Material.Status.PUBLISHED, review_date__lte=today).values_list(
            "pk", flat=True
        )
    ):
        with transaction.atomic():
            material = (
                Material.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("owner")
                .filter(pk=pk, status=Material.Status.PUBLISHED)
                .first()
            )
            if material is None:
                continue
            material.status = Material.Status.HIDDEN
            material.hidden_at = timezone.now()
            material.save(update_fields=["status", "hidden_at"])
            owner = material.owner
            _mail_queue(
                kind=EventMail.Kind.MATERIAL_REVIEW,
                recipient=owner.email if owner else settings.AKE_CONTACT_EMAIL,
                language=owner.language if owner else "fi",
                event=material.event,
                material=material,
            )
            hidden += 1
    return hidden


# --------------------------------------------------------------------------- personal data
@transaction.atomic
def registration_details_purge(*, now: datetime.datetime | None = None) -> int:
    """Erases details needed only for the event itself, a set time after it; counts survive."""
    now = now or timezone.now()
    purge_after = ExpressionWrapper(
        F("end") + F("purge_days_after") * datetime.timedelta(days=1), output_field=DateTimeOutput()
    )
    events = list(
        Event.objects.filter(details_purged_at__isnull=True)
        .annotate(purge_after=purge_after)
        .filter(purge_after__lte=now)
        .values_list("pk", flat=True)
    )
    Registration.objects.filter(event_id__in=events).update(
        diet="", accessibility="", emergency_contact="", phone="", pickup_point=None
    )
    Event.objects.filter(pk__in=events).update(details_purged_at=now)
    if events:
        # update() sends no signal: the pick-up points' seats taken changed (ake/areas.py); no page
        # shows when the details were purged.
        content_changed(SEATS)
    return len(events)


def event_mails_after_event(*, now: datetime.datetime, keep: datetime.timedelta) -> int:
    """Outbox rows and feedback receipts name a recipient; once the event is long over, neither a
    reminder nor a feedback request can follow, and the rows go. Counts never read them."""
    cutoff = now - keep
    finished = [EventMail.Status.SENT, EventMail.Status.SKIPPED, EventMail.Status.FAILED]
    mails, _ = (
        EventMail.objects.filter(status__in=finished)
        .filter(Q(event__end__lt=cutoff) | Q(event__isnull=True, created_at__lt=cutoff))
        .delete()
    )
    receipts, _ = FeedbackReceipt.objects.filter(event__end__lt=cutoff).delete()
    return mails + receipts


def recordings_purge(*, now: datetime.datetime, keep: datetime.timedelta) -> int:
    """Deletes materials hidden at their review date and not renewed since, with their files.

    The review mail asked the owner to renew or delete; silence for ``keep`` means delete. The
    Document rows go too, and Wagtail removes their files from storage once the deletion commits.
    """
    removed = 0
    for material in Material.objects.filter(status=Material.Status.HIDDEN, hidden_at__lt=now - keep):
        with transaction.atomic():
            documents = [doc for doc in (material.document, material.captions) if doc is not None]
            EventMail.objects.filter(material=material).delete()
            material.delete()
            for document in documents:
                still_used = Material.objects.filter(Q(document=document) | Q(captions=document)).exists()
                if not still_used:
                    document.delete()
        removed += 1
    return removed


def pseudonym_for(email: str) -> str:
    """A stable stand-in address for an erased person: distinct-person counts stay the same."""
    digest = hmac.new(settings.SECRET_KEY.encode(), email.lower().encode(), hashlib.sha256).hexdigest()[:20]
    return f"erased-{digest}@invalid.example"


@transaction.atomic
def user_participation_erase(user: User) -> None:
    """Anonymises the person's participation; every count the report makes stays the same.

    Attendance and feedback receipts get one stable stand-in address per person, so that distinct
    persons still count once; registrations get one per row (a row is unique per event and address).
    """
    email = user.email.lower()
    pseudonym = pseudonym_for(email)
    registrations = Registration.objects.filter(Q(user=user) | Q(email=email))
    # A seat or a waitlist place in an event still to come is no participation yet: an anonymised
    # one would hold the seat for nobody, or be offered it at an address that cannot answer.
    now = timezone.now()
    for registration in registrations.active().filter(event__start__gt=now).order_by("event__start"):
        registration_cancel(registration=registration, by_ake=True, now=now)
    attended_events = Attendance.objects.filter(email=email).values("event_id")
    Attendance.objects.filter(registration__in=registrations).exclude(email=email).exclude(
        event_id__in=attended_events
    ).update(email=pseudonym, name="")
    Attendance.objects.filter(email=email).update(email=pseudonym, name="")
    registrations.update(
        user=None,
        first_name="",
        last_name="",
        email=Concat(Value("erased-"), Cast("pk", CharField()), Value("@invalid.example")),
        phone="",
        diet="",
        accessibility="",
        emergency_contact="",
        pickup_point=None,
        registered_by=None,
    )
    # update() sends no signal: the pick-up points' seats taken changed (ake/areas.py).
    content_changed(SEATS)
    FeedbackReceipt.objects.filter(email=email).update(email=pseudonym)
    EventMail.objects.filter(recipient__iexact=email).delete()
    CalendarFeedToken.objects.filter(user=user).delete()


def user_participation_export(user: User) -> dict:
    email = user.email.lower()
    registrations = Registration.objects.filter(Q(user=user) | Q(email=email)).select_related(
        "event", "library"
    )
    return {
        "registrations": [
            {
                "event": r.event.title,
                "start": r.event.start.isoformat(),
                "status": r.status,
                "participation": r.participation,
                "library": r.library.name_fi if r.library_id else r.organisation_name,
                "phone": r.phone,
                "diet": r.diet,
                "accessibility": r.accessibility,
                "emergency_contact": r.emergency_contact,
                "registered": r.created_at.isoformat(),
            }
            for r in registrations
        ],
        "attendances": [
            {"event": a.event.title, "start": a.event.start.isoformat(), "participation": a.participation}
            for a in Attendance.objects.filter(email=email).select_related("event")
        ],
        "feedback_given_for": list(
            FeedbackReceipt.objects.filter(email=email).values_list("event__title", flat=True)
        ),
    }


# --------------------------------------------------------------------------- calendar feed
def calendar_token_get(*, user: User) -> CalendarFeedToken:
    token, _created = CalendarFeedToken.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token


@transaction.atomic
def calendar_token_reset(*, user: User) -> CalendarFeedToken:
    CalendarFeedToken.objects.filter(user=user).delete()
    return CalendarFeedToken.objects.create(user=user, token=secrets.token_urlsafe(32))
