"""The text of every event mail, rendered in the recipient's language when it is sent."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ake import languages
from ake.languages import mark_quoted_languages
from ake.outbox import subject_with_prefix
from ake.sanitize import header_text

from .ical import calendar_bytes
from .models import Event, EventMail, FeedbackReceipt, Registration
from .tokens import feedback_token, offer_token


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def mail_still_wanted(mail: EventMail) -> bool:
    """A row queued earlier may no longer make sense when its turn comes (e.g. a cancelled seat)."""
    registration = mail.registration
    kind = mail.kind
    if kind in (EventMail.Kind.EVENT_CANCELLED, EventMail.Kind.MATERIAL_REVIEW):
        return True
    if mail.event is not None and mail.event.status != Event.Status.PUBLISHED:
        # e.g. a waitlist notice still queued when the event was cancelled
        return False
    if kind in (EventMail.Kind.CONFIRMATION, EventMail.Kind.REMINDER):
        return registration is not None and registration.status == Registration.Status.CONFIRMED
    if kind == EventMail.Kind.WAITLISTED:
        return registration is not None and registration.status == Registration.Status.WAITLISTED
    if kind == EventMail.Kind.OFFER:
        return registration is not None and registration.status == Registration.Status.OFFERED
    if kind == EventMail.Kind.FEEDBACK_REQUEST:
        return (
            mail.attendance_id is not None
            and not FeedbackReceipt.objects.filter(event_id=mail.event_id, email=mail.recipient).exists()
        )
    return True


SUBJECTS = {
    EventMail.Kind.CONFIRMATION: lambda: _("Registration confirmed: %(title)s"),
    EventMail.Kind.WAITLISTED: lambda: _("You are on the waitlist: %(title)s"),
    EventMail.Kind.OFFER: lambda: _("A seat is free for you: %(title)s"),
    EventMail.Kind.REMINDER: lambda: _("Reminder: %(title)s"),
    EventMail.Kind.FEEDBACK_REQUEST: lambda: _("Your feedback, please: %(title)s"),
    EventMail.Kind.EVENT_CANCELLED: lambda: _("Cancelled: %(title)s"),
    EventMail.Kind.MATERIAL_REVIEW: lambda: _("Recording hidden for review: %(title)s"),
}


def build_message(mail: EventMail) -> EmailMessage:
    event = mail.event
    registration = mail.registration
    with translation.override(mail.language):
        context = {
            "event": event,
            "registration": registration,
            "material": mail.material,
            "event_url": _absolute(event.get_absolute_url()) if event else "",
            "my_events_url": _absolute(reverse("trainings:my_events")),
            "contact_email": settings.AKE_CONTACT_EMAIL,
            "show_online_url": registration is not None
            and registration.status == Registration.Status.CONFIRMED
            and bool(event.online_url),
        }
        if mail.kind == EventMail.Kind.OFFER:
            context["offer_url"] = _absolute(reverse("trainings:offer", args=[offer_token(registration)]))
        if mail.kind == EventMail.Kind.FEEDBACK_REQUEST:
            context["feedback_url"] = _absolute(
                reverse("surveys:feedback", args=[feedback_token(mail.attendance)])
            )
        if mail.kind == EventMail.Kind.MATERIAL_REVIEW:
            context["material_admin_url"] = _absolute(
                reverse("trainings_material:edit", args=[mail.material_id])
            )
        body = render_to_string(f"trainings/email/{mail.kind}.txt", context)
        subject = subject_with_prefix(
            SUBJECTS[mail.kind]() % {"title": mail.material.title if mail.material else event.title}
        )
    message = EmailMessage(
        subject=header_text(subject),
        body=body,
        to=[mail.recipient],
        headers={"X-AKE-Mail-Id": str(mail.pk)},
    )
    if mail.kind == EventMail.Kind.EVENT_CANCELLED:
        # The reason (and the title) may have no text in the reader's language and fall back to
        # Finnish: the HTML part marks such a quote with its language (issue #14).
        message = mark_quoted_languages(
            message,
            [
                (
                    languages.text(event, field, mail.language),
                    languages.shown_language(event, field, mail.language),
                )
                for field in ("cancellation_reason", "title")
            ],
            mail.language,
        )
    if mail.kind == EventMail.Kind.CONFIRMATION:
        message.attach("event.ics", calendar_bytes([event], name=event.title, private=True), "text/calendar")
    elif mail.kind == EventMail.Kind.EVENT_CANCELLED:
        # An iTIP cancellation: cancelling the event raised its SEQUENCE above the invitation's.
        from .ical import cancellation_bytes

        message.attach(
            "event.ics",
            cancellation_bytes(event, attendee=mail.recipient, sequence=event.sequence),
            "text/calendar; method=CANCEL",
        )
    return message


def registration_cancelled_message(
    *, registration: Registration, by_ake: bool, had_invitation: bool, was_waitlisted: bool | None = None
) -> EmailMessage:
    """The cancellation of one registration (by the person or by AKE), in the registrant's language;
    whoever had the confirmation's calendar invitation gets its iTIP cancellation (same UID, higher
    SEQUENCE) so the event leaves their calendar (issue #15 item 3)."""
    from .ical import cancellation_bytes

    event = registration.event
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        body = render_to_string(
            "trainings/email/registration_cancelled.txt",
            {
                "event": event,
                "registration": registration,
                "by_ake": by_ake,
                "was_waitlisted": (not had_invitation) if was_waitlisted is None else was_waitlisted,
                "had_invitation": had_invitation,
                "event_url": _absolute(event.get_absolute_url()),
                "my_events_url": _absolute(reverse("trainings:my_events")),
                "contact_email": settings.AKE_CONTACT_EMAIL,
                "show_online_url": False,
            },
        )
        subject = _("Registration cancelled: %(title)s") % {"title": event.title}
    message = EmailMessage(subject=header_text(subject), body=body, to=[registration.email])
    if had_invitation:
        message.attach(
            "cancel.ics",
            cancellation_bytes(event, attendee=registration.email, sequence=event.sequence + 1),
            "text/calendar; method=CANCEL",
        )
    return message


APPROVAL_SUBJECTS = {
    "received": lambda: _("Registration received, awaiting approval: %(title)s"),
    "approved": lambda: _("Registration approved: %(title)s"),
    "approved_waitlist": lambda: _("Registration approved, you are on the waitlist: %(title)s"),
    "not_approved": lambda: _("Registration not approved: %(title)s"),
}


def approval_message(*, registration: Registration, decision: str) -> EmailMessage:
    """A registration request received, or AKE's decision on it, in the registrant's language."""
    event = registration.event
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        body = render_to_string(
            "trainings/email/approval.txt",
            {
                "event": event,
                "registration": registration,
                "decision": decision,
                "event_url": _absolute(event.get_absolute_url()),
                "my_events_url": _absolute(reverse("trainings:my_events")),
                "contact_email": settings.AKE_CONTACT_EMAIL,
                "show_online_url": decision == "approved" and bool(event.online_url),
            },
        )
        subject = APPROVAL_SUBJECTS[decision]() % {"title": event.title}
    message = EmailMessage(subject=header_text(subject), body=body, to=[registration.email])
    if decision == "approved":
        # As a confirmation: the invitation that a later cancellation (same UID) removes again.
        message.attach("event.ics", calendar_bytes([event], name=event.title, private=True), "text/calendar")
    return message
