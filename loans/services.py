"""Writes of the loans app: kit bookings through their statuses, and interlibrary loans.

The exclusion constraint on KitBooking is the guard against double booking; the checks here only
choose a free unit and word the refusal. Two requests for the last free unit at the same moment both
see it free, both insert, and PostgreSQL lets exactly one of them commit: the other gets an
IntegrityError, tries the next unit, and when none is left gets a KitBookingConflict with the next
free dates.
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from psycopg.errors import DeadlockDetected

from ake.inputs import validate_dates_in_window
from ake.languages import writer_language
from ake.outbox import outbox_enqueue
from ake.wording import days_text
from networks.services import ServiceError

from .models import (
    InterlibraryLoan,
    InterlibraryMonthlyTotal,
    Kit,
    KitBooking,
    KitBookingEvent,
    KitReminder,
    KitTypeRule,
    KitUnit,
)
from .selectors import kit_next_free_slot, kit_type_rule_get

logger = logging.getLogger(__name__)

ONE_DAY = datetime.timedelta(days=1)
# Reminders go out this many days before the pick-up and before the return day.
REMINDER_DAYS_BEFORE = 2
EXCLUSION_CONSTRAINT = "kitbooking_unit_no_overlap"

RETURN_BEFORE_PICKUP = _("The return date cannot be before the pick-up date.")
PICKUP_IN_PAST = _("The pick-up date cannot be in the past.")
KIT_NOT_BOOKABLE = _("This kit is not available for booking.")
NO_LIBRARY = _("Your account is not linked to a library. Ask AKE to add your library to your profile.")
BOOKING_NOT_OPEN = _("This booking can no longer be changed: it has been handed over, returned or cancelled.")
BOOKING_WRONG_STATUS = _("The booking is not in a status that allows this.")
REFUSAL_NEEDS_REASON = _("Give a reason for the refusal; the library sees it.")
EXTENSION_NOT_LATER = _("The new return date must be after the current one.")


class KitBookingConflict(ServiceError):
    """No unit of the kit is free for the dates; carries the next free dates when there are any."""

    def __init__(self, message: str, next_free: tuple[datetime.date, datetime.date] | None = None):
        super().__init__(message)
        self.next_free = next_free


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _conflict_message(next_free) -> str:
    if next_free is None:
        return _(
            "The kit is already booked for these dates, and no free period of this length was found "
            "in the next two years. Contact AKE."
        )
    return _(
        "The kit is already booked for these dates. The next free dates for a loan of the same "
        "length: pick-up %(pickup)s, return %(return)s."
    ) % {"pickup": _date(next_free[0]), "return": _date(next_free[1])}


DEADLOCK_RETRIES = 5


def _is_overlap_violation(error: IntegrityError) -> bool:
    return EXCLUSION_CONSTRAINT in str(error)


def kit_booking_rule_breaches(
    *, rule: KitTypeRule, pickup_date: datetime.date, return_date: datetime.date, today: datetime.date
) -> list[str]:
    """The kit type's rules that the dates break, worded for the library and for AKE."""
    breaches = []
    loan_days = (return_date - pickup_date).days + 1
    lead = (pickup_date - today).days
    if loan_days > rule.longest_loan_days:
        breaches.append(
            _("The loan is %(days)s; the longest loan of this kit type is %(limit)s.")
            % {"days": days_text(loan_days), "limit": days_text(rule.longest_loan_days)}
        )
    if lead < rule.shortest_lead_days:
        breaches.append(
            _("The pick-up is %(days)s away; kits of this type are booked %(limit)s ahead at least.")
            % {"days": days_text(lead), "limit": days_text(rule.shortest_lead_days)}
        )
    if lead > rule.max_ahead_days:
        breaches.append(
            _("The pick-up is %(days)s away; kits of this type can be booked %(limit)s ahead at most.")
            % {"days": days_text(lead), "limit": days_text(rule.max_ahead_days)}
        )
    return breaches


def _validate_dates(*, pickup_date, return_date, today) -> None:
    # Outside the window the blocked days (return date + transit and checking days) overflow.
    validate_dates_in_window(pickup_date=pickup_date, return_date=return_date)
    if return_date < pickup_date:
        raise ValidationError({"return_date": RETURN_BEFORE_PICKUP})
    if pickup_date < today:
        raise ValidationError({"pickup_date": PICKUP_IN_PAST})


def _event(booking: KitBooking, kind: str, by=None, note: str = "") -> None:
    KitBookingEvent.objects.create(booking=booking, kind=kind, by=by, note=note)


def _place_on_free_unit(booking: KitBooking, *, prefer_unit_id: int | None = None) -> KitBooking:
    """Saves the booking on the first unit PostgreSQL accepts; raises KitBookingConflict if none."""
    busy = (
        KitBooking.objects.filter(
            kit_id=booking.kit_id,
            status__in=KitBooking.HOLDING_STATUSES,
            blocked_start__lte=booking.blocked_end,
            blocked_end__gte=booking.blocked_start,
        )
        .exclude(pk=booking.pk)
        .values("unit_id")
    )
    free_units = list(
        KitUnit.objects.filter(kit_id=booking.kit_id, state=KitUnit.State.AVAILABLE)
        .exclude(pk__in=busy)
        .order_by("code", "pk")
        .values_list("pk", flat=True)
    )
    if prefer_unit_id in free_units:
        free_units.remove(prefer_unit_id)
        free_units.insert(0, prefer_unit_id)
    for unit_id in free_units:
        booking.unit_id = unit_id
        for _attempt in range(DEADLOCK_RETRIES):
            try:
                with transaction.atomic():
                    booking.save()
                return booking
            except IntegrityError as error:
                # Another booking took the unit after the check above: PostgreSQL refused the overlap.
                if not _is_overlap_violation(error):
                    raise
                break
            except OperationalError as error:
                # Two requests inserting overlapping rows at the same moment each wait for the other's
                # exclusion check; PostgreSQL aborts one of them. Its savepoint is rolled back, so the
                # same unit is simply tried again: the other request has committed or given up by now.
                if not isinstance(error.__cause__, DeadlockDetected):
                    raise
    next_free = kit_next_free_slot(
        kit=booking.kit,
        loan_days=booking.loan_days,
        delivery=booking.delivery,
        not_before=booking.pickup_date,
        exclude_booking_id=booking.pk,
    )
    raise KitBookingConflict(_conflict_message(next_free), next_free)


def _schedule_reminders(booking: KitBooking, today: datetime.date) -> None:
    """Keeps one pending reminder row per kind in step with the booking's dates."""
    wanted = {
        KitReminder.Kind.PICKUP: booking.pickup_date - ONE_DAY * REMINDER_DAYS_BEFORE,
        KitReminder.Kind.RETURN: booking.return_date - ONE_DAY * REMINDER_DAYS_BEFORE,
    }
    if booking.status != KitBooking.Status.CONFIRMED:
        wanted.pop(KitReminder.Kind.PICKUP)
    if booking.pickup_date <= today:
        wanted.pop(KitReminder.Kind.PICKUP, None)
    existing = {reminder.kind: reminder for reminder in booking.reminders.all()}
    for kind, due_on in wanted.items():
        reminder = existing.get(kind)
        if reminder is None:
            KitReminder.objects.create(booking=booking, kind=kind, due_on=due_on)
        elif reminder.due_on != due_on or reminder.status == KitReminder.Status.CANCELLED:
            reminder.due_on = due_on
            reminder.status = KitReminder.Status.PENDING
            reminder.attempts = 0
            reminder.save(update_fields=["due_on", "status", "attempts"])
    booking.reminders.filter(status=KitReminder.Status.PENDING).exclude(kind__in=list(wanted)).update(
        status=KitReminder.Status.CANCELLED
    )


def _notify(booking_id: int, kind: str) -> None:
    """The booking's mails, as outbox rows in this transaction (sent after the commit)."""
    from .tasks import kit_booking_messages

    booking = KitBooking.objects.select_related("kit", "library", "booked_by").get(pk=booking_id)
    for message in kit_booking_messages(booking, kind):
        outbox_enqueue(message, purpose=f"loans.booking.{kind}")


@transaction.atomic
def kit_booking_create(
    *,
    kit: Kit,
    library,
    booked_by,
    pickup_date: datetime.date,
    return_date: datetime.date,
    delivery: str,
    notes: str = "",
    today: datetime.date | None = None,
) -> KitBooking:
    """Books a free unit of the kit for the library.

    Within the kit type's rules the booking is confirmed at once; outside them it is saved as
    "requested" (still holding its unit) for AKE to approve or refuse.
    """
    today = today or timezone.localdate()
    if library is None:
        raise ServiceError(NO_LIBRARY)
    if not kit.active:
        raise ServiceError(KIT_NOT_BOOKABLE)
    _validate_dates(pickup_date=pickup_date, return_date=return_date, today=today)
    rule = kit_type_rule_get(kit_type=kit.kit_type)
    breaches = kit_booking_rule_breaches(
        rule=rule, pickup_date=pickup_date, return_date=return_date, today=today
    )
    blocked_start, blocked_end = rule.blocked_range(
        pickup_date=pickup_date, return_date=return_date, delivery=delivery
    )
    booking = KitBooking(
        kit=kit,
        library=library,
        booked_by=booked_by,
        pickup_date=pickup_date,
        return_date=return_date,
        delivery=delivery,
        notes=notes,
        notes_language=writer_language(booked_by),
        status=KitBooking.Status.REQUESTED if breaches else KitBooking.Status.CONFIRMED,
        blocked_start=blocked_start,
        blocked_end=blocked_end,
        rule_notes="\n".join(breaches),
    )
    booking.full_clean(exclude=["unit"])
    _place_on_free_unit(booking)
    if breaches:
        _event(booking, KitBookingEvent.Kind.REQUESTED, booked_by, booking.rule_notes)
        _notify(booking.pk, "requested")
    else:
        _event(booking, KitBookingEvent.Kind.CREATED, booked_by)
        _schedule_reminders(booking, today)
        _notify(booking.pk, "confirmed")
    return booking


def _locked(booking: KitBooking) -> KitBooking:
    return KitBooking.objects.select_for_update().select_related("kit").get(pk=booking.pk)


@transaction.atomic
def kit_booking_update(
    *,
    booking: KitBooking,
    by,
    pickup_date: datetime.date,
    return_date: datetime.date,
    delivery: str,
    notes: str,
    today: datetime.date | None = None,
) -> KitBooking:
    """A library changes its open booking; the same unit is kept when it is still free."""
    today = today or timezone.localdate()
    booking = _locked(booking)
    dates_changed = (pickup_date, return_date, delivery) != (
        booking.pickup_date,
        booking.return_date,
        booking.delivery,
    )
    if notes != booking.notes:
        # Rewritten notes are in the language of the one who rewrote them.
        booking.notes, booking.notes_language = notes, writer_language(by)
    if not dates_changed:
        # Notes may be corrected at any stage; dates only while the booking is open.
        booking.save(update_fields=["notes", "notes_language", "updated_at"])
        return booking
    if not booking.is_open:
        raise ServiceError(BOOKING_NOT_OPEN)
    _validate_dates(pickup_date=pickup_date, return_date=return_date, today=today)
    rule = kit_type_rule_get(kit_type=booking.kit.kit_type)
    breaches = kit_booking_rule_breaches(
        rule=rule, pickup_date=pickup_date, return_date=return_date, today=today
    )
    booking.pickup_date, booking.return_date, booking.delivery = pickup_date, return_date, delivery
    booking.blocked_start, booking.blocked_end = rule.blocked_range(
        pickup_date=pickup_date, return_date=return_date, delivery=delivery
    )
    booking.rule_notes = "\n".join(breaches)
    was_requested = booking.status == KitBooking.Status.REQUESTED
    booking.status = KitBooking.Status.REQUESTED if breaches else KitBooking.Status.CONFIRMED
    booking.full_clean(exclude=["unit"])
    _place_on_free_unit(booking, prefer_unit_id=booking.unit_id)
    _event(booking, KitBookingEvent.Kind.CHANGED, by, booking.rule_notes)
    _schedule_reminders(booking, today)
    if breaches:
        _notify(booking.pk, "requested")
    elif was_requested:
        _notify(booking.pk, "confirmed")
    return booking


@transaction.atomic
def kit_booking_cancel(*, booking: KitBooking, by, reason: str = "") -> KitBooking:
    booking = _locked(booking)
    if not booking.is_open:
        raise ServiceError(BOOKING_NOT_OPEN)
    booking.status = KitBooking.Status.CANCELLED
    booking.decision_reason, booking.decision_language = reason, writer_language(by)
    booking.save(update_fields=["status", "decision_reason", "decision_language", "updated_at"])
    booking.reminders.filter(status=KitReminder.Status.PENDING).update(status=KitReminder.Status.CANCELLED)
    _event(booking, KitBookingEvent.Kind.CANCELLED, by, reason)
    return booking


@transaction.atomic
def kit_booking_approve(*, booking: KitBooking, by, today: datetime.date | None = None) -> KitBooking:
    booking = _locked(booking)
    if booking.status != KitBooking.Status.REQUESTED:
        raise ServiceError(BOOKING_WRONG_STATUS)
    booking.status = KitBooking.Status.CONFIRMED
    booking.decided_by, booking.decided_at = by, timezone.now()
    booking.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    _event(booking, KitBookingEvent.Kind.APPROVED, by)
    _schedule_reminders(booking, today or timezone.localdate())
    _notify(booking.pk, "approved")
    return booking


@transaction.atomic
def kit_booking_refuse(*, booking: KitBooking, by, reason: str) -> KitBooking:
    booking = _locked(booking)
    if booking.status != KitBooking.Status.REQUESTED:
        raise ServiceError(BOOKING_WRONG_STATUS)
    if not reason.strip():
        raise ServiceError(REFUSAL_NEEDS_REASON)
    booking.status = KitBooking.Status.REFUSED
    booking.decision_reason, booking.decision_language = reason.strip(), writer_language(by)
    booking.decided_by, booking.decided_at = by, timezone.now()
    decided = ["status", "decision_reason", "decision_language", "decided_by", "decided_at", "updated_at"]
    booking.save(update_fields=decided)
    booking.reminders.filter(status=KitReminder.Status.PENDING).update(status=KitReminder.Status.CANCELLED)
    _event(booking, KitBookingEvent.Kind.REFUSED, by, booking.decision_reason)
    _notify(booking.pk, "refused")
    return booking


@dataclass
class ExtensionDecision:
    granted: bool
    message: str
    booking: KitBooking


@transaction.atomic
def kit_booking_extend(
    *, booking: KitBooking, by, return_date: datetime.date, today: datetime.date | None = None
) -> ExtensionDecision:
    """Decides a library's extension request at once: granted only when nothing clashes.

    The kit stays with the library, so the unit cannot change: the extension is refused when the
    longer blocked range would overlap another booking of the unit (the exclusion constraint says
    so), or when the loan would break the kit type's longest loan. Both outcomes are kept in the
    booking's history.
    """
    today = today or timezone.localdate()
    booking = _locked(booking)
    if booking.status not in (KitBooking.Status.CONFIRMED, KitBooking.Status.HANDED_OVER):
        raise ServiceError(BOOKING_WRONG_STATUS)
    validate_dates_in_window(return_date=return_date)
    if return_date <= booking.return_date:
        raise ValidationError({"return_date": EXTENSION_NOT_LATER})
    rule = kit_type_rule_get(kit_type=booking.kit.kit_type)
    loan_days = (return_date - booking.pickup_date).days + 1
    if loan_days > rule.longest_loan_days:
        message = _(
            "The extension was not granted: the loan would be %(days)s days, and the longest loan of "
            "this kit type is %(limit)s days."
        ) % {"days": loan_days, "limit": rule.longest_loan_days}
        _event(booking, KitBookingEvent.Kind.EXTENSION_REFUSED, by, message)
        return ExtensionDecision(False, message, booking)
    new_blocked_end = rule.blocked_range(
        pickup_date=booking.pickup_date, return_date=return_date, delivery=booking.delivery
    )[1]
    after_return = new_blocked_end - return_date
    old = (booking.return_date, booking.blocked_end)
    booking.return_date, booking.blocked_end = return_date, new_blocked_end
    try:
        with transaction.atomic():
            booking.save(update_fields=["return_date", "blocked_end", "updated_at"])
    except IntegrityError as error:
        if not _is_overlap_violation(error):
            raise
        booking.return_date, booking.blocked_end = old
        clash = (
            KitBooking.objects.filter(
                unit_id=booking.unit_id,
                status__in=KitBooking.HOLDING_STATUSES,
                blocked_start__gt=booking.blocked_start,
            )
            .exclude(pk=booking.pk)
            .order_by("blocked_start")
            .first()
        )
        latest = clash.blocked_start - after_return - ONE_DAY if clash else None
        if latest and latest > booking.return_date:
            message = _(
                "The extension was not granted: the kit is booked after your loan. The latest possible "
                "return date is %(date)s."
            ) % {"date": _date(latest)}
        else:
            message = _("The extension was not granted: the kit is booked right after your loan.")
        _event(booking, KitBookingEvent.Kind.EXTENSION_REFUSED, by, message)
        return ExtensionDecision(False, message, booking)
    message = _("The loan was extended. The new return date is %(date)s.") % {"date": _date(return_date)}
    _event(booking, KitBookingEvent.Kind.EXTENDED, by, message)
    _schedule_reminders(booking, today)
    return ExtensionDecision(True, message, booking)


@transaction.atomic
def kit_booking_hand_over(*, booking: KitBooking, by) -> KitBooking:
    booking = _locked(booking)
    if booking.status != KitBooking.Status.CONFIRMED:
        raise ServiceError(BOOKING_WRONG_STATUS)
    booking.status = KitBooking.Status.HANDED_OVER
    booking.handed_over_at = timezone.now()
    booking.save(update_fields=["status", "handed_over_at", "updated_at"])
    booking.reminders.filter(kind=KitReminder.Kind.PICKUP, status=KitReminder.Status.PENDING).update(
        status=KitReminder.Status.CANCELLED
    )
    _event(booking, KitBookingEvent.Kind.HANDED_OVER, by)
    return booking


@transaction.atomic
def kit_booking_return(
    *,
    booking: KitBooking,
    by,
    returned_on: datetime.date,
    condition_notes: str = "",
    missing_contents: str = "",
) -> KitBooking:
    """Records the return; an early return frees the unit's remaining days (never extends them)."""
    booking = _locked(booking)
    if booking.status != KitBooking.Status.HANDED_OVER:
        raise ServiceError(BOOKING_WRONG_STATUS)
    rule = kit_type_rule_get(kit_type=booking.kit.kit_type)
    booking.status = KitBooking.Status.RETURNED
    booking.returned_on = returned_on
    booking.condition_notes = condition_notes
    booking.missing_contents = missing_contents
    # returned_on is the day AKE has the kit back: only the checking days follow it.
    freed_end = max(returned_on + ONE_DAY * rule.checking_days, booking.blocked_start)
    if freed_end < booking.blocked_end:
        booking.blocked_end = freed_end
    booking.save()
    booking.reminders.filter(status=KitReminder.Status.PENDING).update(status=KitReminder.Status.CANCELLED)
    missing = _("Missing: %s") % missing_contents if missing_contents else ""
    note = "\n".join(filter(None, [condition_notes, missing]))
    _event(booking, KitBookingEvent.Kind.RETURNED, by, note)
    return booking


# --------------------------------------------------------------------------- interlibrary loans
ILL_WRONG_STATUS = _("The interlibrary loan is not in a status that allows this.")
ILL_NOT_SUPPLIED_NEEDS_REASON = _("Give the reason why the loan cannot be supplied.")


@transaction.atomic
def interlibrary_loan_request_create(
    *,
    user,
    title: str,
    author: str = "",
    identifier: str = "",
    needed_by: datetime.date | None = None,
    contact_name: str,
    contact_email: str,
    notes: str = "",
) -> InterlibraryLoan:
    """A staff member of a requesting library sends a request through the site."""
    if user.library_id is None:
        raise ServiceError(NO_LIBRARY)
    loan = InterlibraryLoan(
        title=title,
        author=author,
        identifier=identifier,
        needed_by=needed_by,
        library=user.library,
        contact_name=contact_name,
        contact_email=contact_email,
        requested_by=user,
        requested_on=timezone.localdate(),
        notes=notes,
        notes_language=writer_language(user),
        status=InterlibraryLoan.Status.RECEIVED,
    )
    loan.full_clean()
    loan.save()
    from .tasks import interlibrary_request_message

    loan = InterlibraryLoan.objects.select_related("library").get(pk=loan.pk)
    outbox_enqueue(
        interlibrary_request_message(loan), purpose="loans.interlibrary", key=f"loans.interlibrary:{loan.pk}"
    )
    return loan


def _locked_loan(loan: InterlibraryLoan) -> InterlibraryLoan:
    return InterlibraryLoan.objects.select_for_update().get(pk=loan.pk)


@transaction.atomic
def interlibrary_loan_send(
    *,
    loan: InterlibraryLoan,
    sent_on: datetime.date,
    volumes: int,
    shipping_method: str,
    postage_cost,
) -> InterlibraryLoan:
    loan = _locked_loan(loan)
    if loan.status != InterlibraryLoan.Status.RECEIVED:
        raise ServiceError(ILL_WRONG_STATUS)
    loan.status = InterlibraryLoan.Status.SENT
    loan.sent_on, loan.volumes, loan.shipping_method, loan.postage_cost = (
        sent_on,
        volumes,
        shipping_method,
        postage_cost,
    )
    loan.full_clean()
    loan.save()
    return loan


@transaction.atomic
def interlibrary_loan_return(*, loan: InterlibraryLoan, returned_on: datetime.date) -> InterlibraryLoan:
    loan = _locked_loan(loan)
    if loan.status != InterlibraryLoan.Status.SENT:
        raise ServiceError(ILL_WRONG_STATUS)
    if returned_on < loan.sent_on:
        raise ValidationError({"returned_on": _("The return date cannot be before the date sent.")})
    loan.status = InterlibraryLoan.Status.RETURNED
    loan.returned_on = returned_on
    loan.save(update_fields=["status", "returned_on", "updated_at"])
    return loan


@transaction.atomic
def interlibrary_loan_not_supplied(*, loan: InterlibraryLoan, reason: str, by=None) -> InterlibraryLoan:
    loan = _locked_loan(loan)
    if loan.status != InterlibraryLoan.Status.RECEIVED:
        raise ServiceError(ILL_WRONG_STATUS)
    if not reason.strip():
        raise ServiceError(ILL_NOT_SUPPLIED_NEEDS_REASON)
    loan.status = InterlibraryLoan.Status.NOT_SUPPLIED
    loan.not_supplied_reason = reason.strip()
    loan.reason_language = writer_language(by)
    loan.save(update_fields=["status", "not_supplied_reason", "reason_language", "updated_at"])
    return loan


@transaction.atomic
def interlibrary_monthly_total_save(
    *, year: int, month: int, library, volumes: int, cost, note: str = "", entered_by=None
) -> InterlibraryMonthlyTotal:
    """Enters or replaces a month's total for a receiving library (None: outside the registry)."""
    total, _created = InterlibraryMonthlyTotal.objects.select_for_update().get_or_create(
        year=year, month=month, library=library, defaults={"volumes": volumes, "cost": cost}
    )
    total.volumes, total.cost, total.note, total.entered_by = volumes, cost, note, entered_by
    total.full_clean(validate_unique=False)
    total.save()
    return total
