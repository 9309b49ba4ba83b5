from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DemoDataLoad(models.Model):
    """Marks a part of the demo data as loaded, so that running `demo_data` again adds nothing."""

    key = models.CharField(max_length=100, unique=True)
    scale = models.PositiveIntegerField(default=1)
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key


class OutboxMail(models.Model):
    """One mail to send: written in the transaction of the write it reports, sent after the commit.

    Every mail the project sends (apart from notice deliveries and event mails, which have outbox
    rows of their own with per-recipient state) is a row here first; a task sends it and a beat
    sweep re-sends what a lost task, a dead worker or a Redis outage left behind. ``key`` makes
    enqueueing idempotent: the same key twice is one mail.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("given up")

    key = models.CharField(max_length=200, unique=True)
    purpose = models.CharField(max_length=60)
    recipients = models.JSONField(default=list)
    from_email = models.CharField(max_length=320, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=998)
    body = models.TextField()
    html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # [{"filename": ..., "mimetype": ..., "content": base64 text}]
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="ake_outbox_due")]

    def __str__(self):
        return f"{self.purpose} {self.key}"
