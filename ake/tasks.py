import logging

from celery import shared_task

logger = logging.getLogger(__name__)


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
