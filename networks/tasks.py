"""Celery tasks of the networks app."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task
def retention_run() -> dict[str, int]:
    """Runs every app's retention job once (beat: daily); see networks.privacy.retention_run."""
    from .privacy import retention_run as run

    return run()
