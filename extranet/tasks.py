"""Celery tasks of the extranet; each takes ids or nothing and calls a service."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

logger = logging.getLogger(__name__)

RETRY_COUNTDOWN_CAP = 300  # stay far below the broker's visibility timeout (RELIABILITY.md #5)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def deliveries_send():
    from .services import BACKOFF_SECONDS, deliveries_dispatch, delivery_send_batch

    result = delivery_send_batch()
    if result.claimed >= settings.EXTRANET_DELIVERY_BATCH_SIZE:
        # A full batch may mean more work is waiting: keep draining.
        deliveries_dispatch(count=1)
    if result.retried:
        try:
            deliveries_send.apply_async(countdown=min(BACKOFF_SECONDS[0], RETRY_COUNTDOWN_CAP))
        except Exception:  # noqa: BLE001 - the sweeper picks retries up as well
            logger.warning("could not schedule a delivery retry")
    return {
        "claimed": result.claimed,
        "sent": result.sent,
        "retried": result.retried,
        "failed": result.failed,
    }


@shared_task(acks_late=True, reject_on_worker_lost=True)
def deliveries_sweep():
    from .services import delivery_sweep

    return delivery_sweep()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def notices_publish_scheduled():
    """Wagtail's scheduled publishing; publishing sends page_published and so the notice fan-out."""
    call_command("publish_scheduled")


@shared_task(acks_late=True, reject_on_worker_lost=True)
def digest_weekly_send():
    from .services import digest_weekly_create, week_start

    last_week = week_start(timezone.localdate()) - datetime.timedelta(days=7)
    return digest_weekly_create(week=last_week)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def usage_flush():
    from .usage import usage_flush_to_database

    return usage_flush_to_database()
