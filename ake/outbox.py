"""The database outbox: every mail is a row written with the write it reports, sent after the commit.

    with transaction.atomic():
        booking.save()
        outbox_enqueue(message, purpose="loans.booking")

The message is rendered by the caller (in the recipient's language) and stored whole. After the
commit a Celery task sends it (``ake.tasks.outbox_send``); without a broker it is sent in-process.
A lost task, a worker killed mid-send or a Redis outage leaves the row "pending" or "sending": the
beat sweep (``ake.tasks.outbox_sweep``, every minute) sends it again. A temporary SMTP failure (4xx,
a dropped connection) is retried with a growing pause; a permanent one (5xx) or too many attempts
marks the row "failed" (given up), kept with its error. ``key`` makes enqueueing idempotent.

Sending works with every Django mail backend (SMTP, file, console, locmem): it goes through
``EmailMessage.send()`` and nothing backend-specific.
"""

import base64
import datetime
import logging
import smtplib
import uuid

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OutboxMail
from .sentry import report_mail_given_up
from .smtp import smtp_failure

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_SECONDS = (60, 300, 900, 1800, 3600, 3600 * 3, 3600 * 6)
STALE_AFTER = datetime.timedelta(minutes=10)  # a row "sending" this long lost its worker
SWEEP_LIMIT = 500  # rows kicked per sweep; the next sweep takes the rest
RETRY_COUNTDOWN_CAP = 300  # countdowns stay far below the broker's visibility timeout


def subject_with_prefix(subject: str) -> str:
    """The subject as sent: with the site's recognisable prefix (AKE_MAIL_SUBJECT_PREFIX), once."""
    prefix = getattr(settings, "AKE_MAIL_SUBJECT_PREFIX", "")
    subject = " ".join(str(subject).split())
    if not prefix or subject.startswith(prefix.strip()):
        return subject
    return f"{prefix.strip()} {subject}"


def _attachments(message: EmailMessage) -> list[dict]:
    stored = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):  # a MIMEBase part
            filename = attachment.get_filename() or ""
            content = attachment.get_payload(decode=True) or b""
            mimetype = attachment.get_content_type()
        else:
            filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        stored.append(
            {
                "filename": filename or "",
                "mimetype": mimetype or "application/octet-stream",
                "content": base64.b64encode(content).decode("ascii"),
            }
        )
    return stored


def outbox_enqueue(message: EmailMessage, *, purpose: str, key: str | None = None) -> OutboxMail | None:
    """Store ``message`` as an outbox row and send it once the current transaction commits.

    Call it inside the transaction of the write the mail reports: both are kept or neither. The same
    ``key`` twice is one mail (the second call returns None). Only To recipients are supported.
    """
    if message.cc or message.bcc:
        raise ValueError("outbox mails have To recipients only")
    html = ""
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            html = content
    headers = {str(name): str(value) for name, value in (message.extra_headers or {}).items()}
    row = OutboxMail(
        key=key or f"{purpose}:{uuid.uuid4()}",
        purpose=purpose[:60],
        recipients=[str(address) for address in message.to],
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        reply_to=[str(address) for address in message.reply_to],
        subject=subject_with_prefix(message.subject)[:998],
        body=message.body,
        html=html,
        headers=headers,
        attachments=_attachments(message),
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        if OutboxMail.objects.filter(key=row.key).exists():
            return None  # already queued under this key
        raise
    mail_id = row.pk
    transaction.on_commit(lambda: outbox_kick(mail_id), robust=True)
    return row


def outbox_kick(mail_id: int) -> bool:
    """Queue the task that sends one row; a broker outage leaves the row to the sweep."""
    from .tasks import outbox_send

    try:
        outbox_send.delay(mail_id)
    except Exception as error:  # noqa: BLE001 - any broker failure means "the sweep sends it later"
        logger.warning("outbox mail not queued; the sweep will send it", extra={"error": repr(error)})
        return False
    return True


def outbox_message(row: OutboxMail, connection=None) -> EmailMessage:
    """The stored row as a Django message again, ready for any mail backend."""
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email or None,
        to=list(row.recipients),
        reply_to=list(row.reply_to or []),
        headers=dict(row.headers or {}),
        connection=connection,
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    for attachment in row.attachments or []:
        message.attach(
            attachment["filename"] or None,
            base64.b64decode(attachment["content"]),
            attachment["mimetype"],
        )
    return message


def _claim(mail_id: int, now: datetime.datetime) -> OutboxMail | None:
    with transaction.atomic():
        row = (
            OutboxMail.objects.select_for_update(skip_locked=True)
            .filter(pk=mail_id, status=OutboxMail.Status.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if row is None:
            return None
        row.status = OutboxMail.Status.SENDING
        row.claimed_at = now
        row.attempts += 1
        row.save(update_fields=["status", "claimed_at", "attempts"])
    return row


def backoff_for(attempts: int) -> int:
    return BACKOFF_SECONDS[min(max(attempts, 1) - 1, len(BACKOFF_SECONDS) - 1)]


def outbox_deliver(mail_id: int) -> str:
    """Send one due row: "sent", "retry" (a temporary failure, pending again later), "failed" or
    "skipped" (not due, already sent, or another worker has it)."""
    now = timezone.now()
    row = _claim(mail_id, now)
    if row is None:
        return "skipped"
    try:
        connection = get_connection(fail_silently=False)
        outbox_message(row, connection=connection).send()
    except Exception as error:  # noqa: BLE001 - every failure is recorded on the row
        if isinstance(error, (smtplib.SMTPException, OSError)):
            failure = smtp_failure(error)
            temporary, text = failure.temporary, failure.text
        else:
            logger.exception("outbox mail could not be sent", extra={"mail": mail_id})
            temporary, text = True, repr(error)
        if temporary and row.attempts < MAX_ATTEMPTS:
            OutboxMail.objects.filter(pk=row.pk, status=OutboxMail.Status.SENDING).update(
                status=OutboxMail.Status.PENDING,
                next_attempt_at=timezone.now() + datetime.timedelta(seconds=backoff_for(row.attempts)),
                last_error=text[:500],
            )
            return "retry"
        OutboxMail.objects.filter(pk=row.pk, status=OutboxMail.Status.SENDING).update(
            status=OutboxMail.Status.FAILED, last_error=text[:500]
        )
        # Logged, and reported to Sentry when SENTRY_DSN is set (the address scrubbed).
        report_mail_given_up(kind=row.purpose, row_id=mail_id, reason=text)
        return "failed"
    OutboxMail.objects.filter(pk=row.pk, status=OutboxMail.Status.SENDING).update(
        status=OutboxMail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def outbox_sweep(*, now: datetime.datetime | None = None) -> dict:
    """Put rows whose worker died back to "pending" and queue every due row (beat, every minute)."""
    now = now or timezone.now()
    requeued = OutboxMail.objects.filter(
        status=OutboxMail.Status.SENDING, claimed_at__lte=now - STALE_AFTER
    ).update(status=OutboxMail.Status.PENDING, next_attempt_at=now)
    due = list(
        OutboxMail.objects.filter(status=OutboxMail.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_LIMIT]
    )
    queued = 0
    for mail_id in due:
        if not outbox_kick(mail_id):
            break
        queued += 1
    return {"requeued": requeued, "due": len(due), "queued": queued}


# --------------------------------------------------------------------------- personal data
def outbox_erase_address(email: str, *, names: tuple[str, ...] = ()) -> int:
    """Erasure: the rows addressed to ``email`` or quoting it (or the person's full name) go, sent or
    not: the person asked to be forgotten."""
    from email.utils import getaddresses

    from django.db.models import Q

    if not email:
        return 0
    email = email.lower()
    quoting = Q(body__icontains=email) | Q(subject__icontains=email) | Q(html__icontains=email)
    for name in names:
        if name and name.strip():
            quoting |= Q(body__icontains=name) | Q(subject__icontains=name)
    ids = set(OutboxMail.objects.filter(quoting).values_list("pk", flat=True))
    for row in OutboxMail.objects.only("pk", "recipients").iterator():
        if any(address.lower() == email for _name, address in getaddresses(row.recipients)):
            ids.add(row.pk)
    return OutboxMail.objects.filter(pk__in=ids).delete()[0]


def outbox_purge_finished(*, now: datetime.datetime, keep: datetime.timedelta) -> int:
    """Retention: sent and given-up rows (they hold addresses and texts) after ``keep``."""
    return OutboxMail.objects.filter(
        status__in=[OutboxMail.Status.SENT, OutboxMail.Status.FAILED], created_at__lt=now - keep
    ).delete()[0]
