"""Celery tasks of the project layer: the mail outbox (ake/outbox.py) and the nightly backup."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def outbox_send(mail_id: int) -> str:
    """Send one outbox row; a temporary failure is tried again after a pause."""
    from .models import OutboxMail
    from .outbox import RETRY_COUNTDOWN_CAP, backoff_for, outbox_deliver

    result = outbox_deliver(mail_id)
    if result == "retry" and not outbox_send.app.conf.task_always_eager:
        attempts = OutboxMail.objects.filter(pk=mail_id).values_list("attempts", flat=True).first() or 1
        delay = backoff_for(attempts)
        if delay <= RETRY_COUNTDOWN_CAP:  # longer pauses are the sweep's
            try:
                outbox_send.apply_async((mail_id,), countdown=delay)
            except Exception:  # noqa: BLE001 - the sweep sends it as well
                logger.warning("could not schedule an outbox retry", extra={"mail": mail_id})
    return result


@shared_task(acks_late=True, reject_on_worker_lost=True)
def outbox_sweep() -> dict:
    from .outbox import outbox_sweep as sweep

    return sweep()


# A backup of a large database outlasts the default task limits (15 min); it is never retried by
# Celery: the next night's run is the retry, and the readiness check reports a backup that is too old.
@shared_task(time_limit=4 * 3600, soft_time_limit=4 * 3600 - 300, acks_late=False)
def backup_run() -> str:
    from .backup import backup_create

    backup = backup_create()
    logger.info(
        "backup written",
        extra={
            "backup": backup.name,
            "database_bytes": backup.manifest["database"]["size"],
            "media_bytes": backup.manifest["media"]["size"],
        },
    )
    return backup.name
