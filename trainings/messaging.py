"""Messages to participants (issue #17): who receives a message, how it reads in each language, and
sending it through the mail outbox (ake/outbox.py).

Sending is one transaction under a lock on the message row: the recipient rows (the log) and one
outbox row per recipient are written together, or nothing is. The outbox key is the message and the
address, so a second click, a retried request or two editors sending at once queue nobody twice; the
outbox then delivers each row at least once, surviving a killed worker (its sweep re-queues the rows).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ake import languages
from ake.outbox import outbox_enqueue
from ake.sanitize import header_text
from networks.models import CampaignParticipation, GroupMembership, ProjectSignUp, User
from networks.services import ServiceError

from .models import Attendance, MessageRecipient, ParticipantMessage, Registration

ALREADY_SENT = gettext_lazy("This message has already been sent.")
NOBODY = gettext_lazy("Nobody would receive this message: choose another audience.")


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str


@dataclass
class Audience:
    recipients: list[Recipient]
    # Libraries taking part in a campaign or project with no contact person to write to.
    without_contact: list[str]


def _people(rows) -> list[Recipient]:
    """One recipient per address (lower case), the first row's name and language winning."""
    seen: dict[str, Recipient] = {}
    for email, name, language in rows:
        address = (email or "").strip().lower()
        if address and address not in seen:
            seen[address] = Recipient(address, (name or "").strip(), languages.normalise(language))
    return sorted(seen.values(), key=lambda r: r.email)


def _user_rows(users) -> list[tuple]:
    return [(u.email, f"{u.first_name} {u.last_name}", u.language) for u in users if u.is_active]


def audience(message: ParticipantMessage) -> Audience:
    """The people a message goes to, as of now (a preview and the send read the same)."""
    if message.event_id:
        event_id = message.event_id
        registrations = Registration.objects.filter(event_id=event_id)
        kind = message.audience
        if kind == ParticipantMessage.Audience.ATTENDED:
            rows = Attendance.objects.filter(event_id=event_id).values_list("email", "name", "language")
            return Audience(_people(rows), [])
        if kind == ParticipantMessage.Audience.ALL:
            registrations = registrations.filter(status__in=Registration.ACTIVE)
        elif kind == ParticipantMessage.Audience.CONFIRMED:
            registrations = registrations.filter(status=Registration.Status.CONFIRMED)
        elif kind == ParticipantMessage.Audience.WAITLIST:
            registrations = registrations.filter(
                status__in=[Registration.Status.WAITLISTED, Registration.Status.OFFERED]
            )
        else:  # not attended: held a seat, no attendance recorded
            attended = Attendance.objects.filter(event_id=event_id).values("email")
            registrations = registrations.filter(status=Registration.Status.CONFIRMED).exclude(
                email__in=attended
            )
        rows = [
            (r.email, f"{r.first_name} {r.last_name}", r.language)
            for r in registrations.only("email", "first_name", "last_name", "language")
        ]
        return Audience(_people(rows), [])
    if message.working_group_id:
        memberships = (
            GroupMembership.objects.current_on(timezone.localdate())
            .filter(group_id=message.working_group_id, user__isnull=False)
            .select_related("user")
        )
        return Audience(_people(_user_rows(m.user for m in memberships)), [])
    # A campaign or a project: each library taking part is written to through its contact person
    # (Library.contact_person); when it has none (or the account is closed), through whoever signed
    # it up on the site. A library with neither, e.g. added by AKE without a sign-up, is listed apart.
    if message.campaign_id:
        participations = CampaignParticipation.objects.filter(campaign_id=message.campaign_id).select_related(
            "library__contact_person", "library__parent__contact_person", "signed_up_by"
        )
        pairs = [(p.library, p.signed_up_by) for p in participations]
    else:
        project = message.project
        sign_ups = ProjectSignUp.objects.filter(
            project=project, status=ProjectSignUp.Status.ACCEPTED
        ).select_related("library__contact_person", "library__parent__contact_person", "signed_up_by")
        pairs = [(s.library, s.signed_up_by) for s in sign_ups]
        signed = {library.pk for library, _user in pairs}
        pilots = project.pilot_libraries.select_related("contact_person", "parent__contact_person")
        pairs += [(library, None) for library in pilots if library.pk not in signed]
    contacts, without = [], set()
    for library, signer in pairs:
        person = _library_contact(library, signer)
        if person is None:
            without.add(str(library))
        else:
            contacts.append(person)
    return Audience(_people(_user_rows(contacts)), sorted(without))


def _library_contact(library, signer):
    """The library's contact person (a branch's, else its organisation's), else the one who signed it up."""
    for person in (library.contact_person, library.parent and library.parent.contact_person, signer):
        if person is not None and person.is_active:
            return person
    return None


def render(message: ParticipantMessage, language: str) -> EmailMessage:
    """The mail as a recipient in ``language`` gets it: the message in their version (else the
    fallback one), the mail around it (who sent it, how to reply) in their language. A message in
    another language than theirs is a quote the HTML part marks with its language (issue #14)."""
    version = message.version_for(language)
    reader = languages.normalise(language)
    subject = getattr(message, f"subject_{version}")
    body = getattr(message, f"body_{version}")
    with translation.override(reader):
        text = render_to_string(
            "trainings/email/participant_message.txt",
            {
                "body": body,
                "source": message.source_label,
                "contact_email": settings.AKE_CONTACT_EMAIL,
            },
        )
    mail = EmailMessage(
        subject=header_text(subject),
        body=text,
        reply_to=[settings.AKE_REPLY_TO_EMAIL],
    )
    return languages.mark_quoted_languages(mail, [(body, version)], reader)


def _message_id(message: ParticipantMessage, email: str) -> str:
    """The same Message-ID for every attempt at one message to one person: a copy sent again after a
    worker died between the SMTP server's acceptance and the outbox's record shows once in mail
    programs that thread or de-duplicate by Message-ID."""
    digest = hashlib.sha256(f"{message.pk}:{email}".encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">").strip() or "ake.example.fi"
    return f"<message-{message.pk}-{digest}@{domain}>"


@transaction.atomic
def message_send(*, message: ParticipantMessage, sent_by: User | None = None) -> int:
    """Queues the message to every recipient through the outbox; returns how many."""
    message = ParticipantMessage.objects.select_for_update().get(pk=message.pk)
    if message.sent_at is not None:
        raise ServiceError(ALREADY_SENT)
    people = audience(message).recipients
    if not people:
        raise ServiceError(NOBODY)
    now = timezone.now()
    rows = []
    for person in people:
        mail = render(message, person.language)
        mail.to = [person.email]
        mail.extra_headers["Message-ID"] = _message_id(message, person.email)
        outbox = outbox_enqueue(
            mail,
            purpose="trainings.participant_message",
            key=f"participant_message:{message.pk}:{person.email}",
        )
        rows.append(
            MessageRecipient(
                message=message,
                email=person.email,
                name=person.name,
                language=message.version_for(person.language),
                outbox=outbox,
                queued_at=now,
            )
        )
    MessageRecipient.objects.bulk_create(rows)
    message.sent_at = now
    message.sent_by = sent_by
    message.recipient_count = len(rows)
    message.save(update_fields=["sent_at", "sent_by", "recipient_count"])
    return len(rows)


def preview_versions(message: ParticipantMessage) -> list[dict]:
    """Each written version as its recipients will see it, with how many get it."""
    people = audience(message).recipients
    counts: dict[str, int] = {}
    for person in people:
        version = message.version_for(person.language)
        counts[version] = counts.get(version, 0) + 1
    versions = []
    for code in message.written_languages():
        mail = render(message, code)
        versions.append(
            {
                "language": code,
                "language_name": languages.LANGUAGE_NAMES[code],
                "subject": mail.subject,
                "body": mail.body,
                "count": counts.get(code, 0),
            }
        )
    return versions


def no_subject() -> str:
    return _("(no subject)")
