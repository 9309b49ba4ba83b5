"""Celery tasks of the networks app."""

import contextlib
import logging
import smtplib

from celery import shared_task

logger = logging.getLogger(__name__)

ACCOUNT_MAIL_MAX_RETRIES = 5


@shared_task(bind=True, acks_late=True, max_retries=ACCOUNT_MAIL_MAX_RETRIES)
def account_mail_send(self, from_email: str, recipients: list[str], raw_message: str) -> str:
    """Re-sends an account mail (verification, password reset) that the SMTP server turned away for now.

    The message is sent exactly as rendered in the request. Countdowns stay far below the broker's
    visibility timeout (RELIABILITY.md #5).
    """
    from django.core.mail import get_connection

    from ake.smtp import smtp_failure

    connection = get_connection(fail_silently=False)
    try:
        connection.open()
        connection.connection.sendmail(from_email, recipients, raw_message.encode())
    except (smtplib.SMTPException, OSError) as error:
        failure = smtp_failure(error)
        if failure.temporary and self.request.retries < ACCOUNT_MAIL_MAX_RETRIES:
            raise self.retry(countdown=min(60 * 2**self.request.retries, 600)) from error
        logger.warning("account mail given up", extra={"error": failure.text})
        return "failed"
    finally:
        with contextlib.suppress(Exception):  # a dropped connection may fail to close
            connection.close()
    return "sent"


@shared_task
def retention_run() -> dict[str, int]:
    """Runs every app's retention job once (beat: daily); see networks.privacy.retention_run."""
    from .privacy import retention_run as run

    return run()
