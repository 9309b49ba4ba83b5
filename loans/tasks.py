"""Celery tasks of the loans app: booking notifications and the reminder sweep (run by beat)."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ake.languages import mark_quoted_languages, written_texts
from ake.outbox import subject_with_prefix

logger = logging.getLogger(__name__)

# A reminder that fails this many times is given up (marked failed, visible in the admin).
REMINDER_MAX_ATTEMPTS = 5
SUBJECTS = {
    "requested": lambda: _("Kit booking waiting for approval"),
    "confirmed": lambda: _("Kit booking confirmed"),
    "approved": lambda: _("Kit booking approved"),
    "refused": lambda: _("Kit booking refused"),
    "pickup": lambda: _("Reminder: kit pick-up soon"),
    "return": lambda: _("Reminder: kit return soon"),
    "overdue": lambda: _("Kit overdue: please return it"),
    "overdue_for_ake": lambda: _("Kit overdue: %(kit)s at %(library)s"),
}


def _language_of(user) -> str:
    return getattr(user, "language", None) or settings.LANGUAGE_CODE


def kit_booking_messages(booking, kind: str) -> list[EmailMessage]:
    """What to tell the booker (and AKE, for a request to decide) about a booking, each in its language."""
    recipients = []
    if booking.booked_by and booking.booked_by.email:
        recipients.append(
            (booking.booked_by.email, _language_of(booking.booked_by), "loans/email/booking.txt")
        )
    if kind == "requested":
        recipients.append(
            (settings.AKE_CONTACT_EMAIL, settings.LANGUAGE_CODE, "loans/email/booking_for_ake.txt")
        )
    messages = []
    for address, language, template in recipients:
        with translation.override(language):
            body = render_to_string(
                template, {"booking": booking, "kind": kind, "SITE_URL": settings.SITE_URL}
            )
            message = EmailMessage(str(SUBJECTS[kind]()), body, None, [address])
            # The reason AKE wrote, the notes the booker wrote: marked where not in the mail's language.
            messages.append(
                mark_quoted_languages(message, written_texts(booking, "notes", "decision_reason"))
            )
    return messages


def _reminder_fits(reminder, booking, today) -> bool:
    """Whether the reminder still says something true about the loan (issue #15 item 15): a "pick-up
    soon" only before the pick-up, a "return soon" only up to the return day, an overdue notice only
    while the kit is out after it. A sweep that did not run for a while sends nothing out of date."""
    from .models import KitBooking, KitReminder

    if reminder.kind == KitReminder.Kind.PICKUP:
        return booking.status == KitBooking.Status.CONFIRMED and today <= booking.pickup_date
    if reminder.kind == KitReminder.Kind.RETURN:
        out = (KitBooking.Status.CONFIRMED, KitBooking.Status.HANDED_OVER)
        return booking.status in out and today <= booking.return_date
    return booking.status == KitBooking.Status.HANDED_OVER and booking.return_date < today


def kit_overdue_notices_schedule(today) -> int:
    """One overdue notice per kit kept past its return day; its "return soon" reminder is dropped."""
    from .models import KitReminder
    from .selectors import kit_booking_list_overdue

    created = 0
    for booking in kit_booking_list_overdue(today=today).exclude(reminders__kind=KitReminder.Kind.OVERDUE):
        KitReminder.objects.get_or_create(
            booking=booking,
            kind=KitReminder.Kind.OVERDUE,
            defaults={"due_on": booking.return_date + datetime.timedelta(days=1)},
        )
        booking.reminders.filter(kind=KitReminder.Kind.RETURN, status=KitReminder.Status.PENDING).update(
            status=KitReminder.Status.CANCELLED
        )
        created += 1
    return created


def _send_reminder(reminder, booking) -> None:
    """The reminder to the person who booked, in their language; an overdue notice also to AKE."""
    from .models import KitReminder

    context = {
        "booking": booking,
        "reminder": reminder,
        "SITE_URL": settings.SITE_URL,
        "AKE_CONTACT_EMAIL": settings.AKE_CONTACT_EMAIL,
    }
    if booking.booked_by is not None:
        with translation.override(_language_of(booking.booked_by)):
            body = render_to_string("loans/email/reminder.txt", context)
            send_mail(subject_with_prefix(SUBJECTS[reminder.kind]()), body, None, [booking.booked_by.email])
    if reminder.kind == KitReminder.Kind.OVERDUE:
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string("loans/email/overdue_for_ake.txt", context)
            subject = str(SUBJECTS["overdue_for_ake"]()) % {
                "kit": booking.kit.name,
                "library": booking.library.name,
            }
            send_mail(subject_with_prefix(subject), body, None, [settings.AKE_CONTACT_EMAIL])


@shared_task
def kit_reminders_send() -> int:
    """Sends every due reminder once; run by beat, so no task waits on a long ETA.

    Each row is claimed with SELECT ... FOR UPDATE SKIP LOCKED, so two sweeps never send the same
    reminder at once; the row is marked sent in the transaction that sent it. A worker killed after
    the SMTP server accepted the mail but before the commit sends it again on the next sweep
    (at-least-once, as any SMTP sender). A reminder that no longer fits the loan is cancelled, not
    sent; kits kept past their return day get an overdue notice instead (AKE gets a copy).
    """
    from .models import KitReminder

    today = timezone.localdate()
    kit_overdue_notices_schedule(today)
    due_ids = list(
        KitReminder.objects.filter(status=KitReminder.Status.PENDING, due_on__lte=today).values_list(
            "pk", flat=True
        )
    )
    sent = 0
    for reminder_id in due_ids:
        with transaction.atomic():
            reminder = (
                KitReminder.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("booking__kit", "booking__unit", "booking__library", "booking__booked_by")
                .filter(pk=reminder_id, status=KitReminder.Status.PENDING)
                .first()
            )
            if reminder is None:
                continue
            booking = reminder.booking
            nobody = booking.booked_by is None and reminder.kind != KitReminder.Kind.OVERDUE
            if nobody or not _reminder_fits(reminder, booking, today):
                reminder.status = KitReminder.Status.CANCELLED
                reminder.save(update_fields=["status"])
                continue
            try:
                _send_reminder(reminder, booking)
            except OSError as error:
                reminder.attempts += 1
                reminder.last_error = str(error)[:500]
                if reminder.attempts >= REMINDER_MAX_ATTEMPTS:
                    reminder.status = KitReminder.Status.FAILED
                reminder.save(update_fields=["attempts", "last_error", "status"])
                logger.warning("kit reminder failed", extra={"reminder": reminder_id})
                continue
            reminder.status = KitReminder.Status.SENT
            reminder.sent_at = timezone.now()
            reminder.attempts += 1
            reminder.save(update_fields=["status", "sent_at", "attempts"])
            sent += 1
    return sent


def interlibrary_request_message(loan) -> EmailMessage:
    """Tells AKE's interlibrary-loan desk that a library sent a request through the site."""
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "loans/email/interlibrary_request.txt", {"loan": loan, "SITE_URL": settings.SITE_URL}
        )
        message = EmailMessage(_("New interlibrary-loan request"), body, None, [settings.AKE_CONTACT_EMAIL])
        return mark_quoted_languages(message, written_texts(loan, "notes"))
