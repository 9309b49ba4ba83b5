"""Queueing a Celery task from a request when the work has no outbox row to fall back on."""

import logging

logger = logging.getLogger(__name__)


def queue_or_run(task, *args) -> None:
    """Queue ``task``; if the broker cannot take it (Redis down), run it here and now.

    Work with an outbox row (notice deliveries, event mails) is picked up by a sweeper after an
    outage; a mail without one would be lost, so it is sent within the request instead: slower,
    but nothing is dropped.
    """
    try:
        task.delay(*args)
        return
    except Exception as error:  # noqa: BLE001 - any broker failure means "not queued"
        logger.warning(
            "task not queued; running it in the request", extra={"task": task.name, "error": repr(error)}
        )
    task(*args)
