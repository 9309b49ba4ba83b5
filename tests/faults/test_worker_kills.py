"""A notice fan-out survives its Celery worker being SIGKILLed again and again.

Real parts: a worker subprocess (restarted after each kill), Redis, PostgreSQL and an aiosmtpd server.
The mailbox's receive log is compared with the outbox (Delivery rows) after every kill: a message the
SMTP server accepted whose row was not yet committed as sent is a kill in the accept-to-commit window,
and exactly those messages may arrive twice (delivery is at least once, RELIABILITY.md #6).

The suite runs a smaller fan-out; `bench/fault_fanout.py` runs the same test with 600 subscribers.
"""

import datetime
import os
import random
import time
from collections import Counter

import pytest
from django.utils import timezone

from .conftest import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SUBSCRIBERS = int(os.environ.get("AKE_FAULT_SUBSCRIBERS", "150"))
KILLS = int(os.environ.get("AKE_FAULT_KILLS", "4"))


def _subscribe(count: int) -> None:
    from extranet.models import Subscription, SubscriptionPeriod

    at = timezone.now() - datetime.timedelta(days=30)
    subscriptions = Subscription.objects.bulk_create(
        Subscription(
            email=f"reader{number}@library.fi",
            status=Subscription.Status.ACTIVE,
            confirmed_at=at,
            created_at=at,
        )
        for number in range(count)
    )
    SubscriptionPeriod.objects.bulk_create(
        SubscriptionPeriod(subscription=s, subscribed_at=at, confirmed_at=at) for s in subscriptions
    )


def _publish_notice(title: str):
    from extranet.models import HomePage, NoticeIndexPage, NoticePage

    index = NoticeIndexPage(title="Tiedotteet", slug="tiedotteet")
    HomePage.objects.get(depth=2).add_child(instance=index)
    index.save_revision().publish()
    notice = NoticePage(title=title, lead="Ingressi.", live=False)
    index.add_child(instance=notice)
    notice.save_revision().publish()
    return notice


def _sent_recipients() -> set[str]:
    from extranet.models import Delivery

    return set(
        Delivery.objects.filter(status=Delivery.Status.SENT).values_list("subscription__email", flat=True)
    )


def _received(mailbox) -> Counter:
    return Counter(message["X-Envelope-To"].lower() for message in mailbox.messages)


def _unrecorded_copies(received: Counter, sent: set[str]) -> int:
    """Copies the SMTP server accepted beyond the one the outbox recorded as sent, so far."""
    return sum(copies - (1 if address in sent else 0) for address, copies in received.items())


@pytest.fixture
def celery_worker_env(celery_worker_env):
    # Small batches with a short pause between messages, as a rate-limited relay would have it.
    return {**celery_worker_env, "AKE_DELIVERY_PAUSE": "0.01", "AKE_DELIVERY_BATCH_SIZE": "10"}


def test_notice_fan_out_loses_nothing_when_its_worker_is_killed_repeatedly(
    celery_worker, mailbox, tmp_path, capsys
):
    from extranet.services import delivery_sweep

    random.seed(SUBSCRIBERS * 31 + KILLS)
    _subscribe(SUBSCRIBERS)
    started = time.monotonic()
    _publish_notice("Vikasietoisuus")
    windows: list[int] = []
    landed_mid_send = 0
    for kill in range(KILLS):
        threshold = SUBSCRIBERS * (kill + 1) // (KILLS + 1)
        assert wait_until(lambda t=threshold: len(mailbox.messages) >= t, timeout=120), (
            celery_worker.log_path.read_text()[-3000:]
        )
        time.sleep(random.uniform(0, 0.05))  # land anywhere in a message's life, not on a boundary
        celery_worker.kill()
        time.sleep(0.3)  # a COMMIT already on the wire still lands; after this nothing more can
        sent = _sent_recipients()
        received = _received(mailbox)
        landed_mid_send += len(sent) < SUBSCRIBERS
        windows.append(_unrecorded_copies(received, sent) - sum(windows))

        # What beat's sweeper does every five minutes, now: re-queue the dead worker's claimed rows.
        delivery_sweep(stale_after=datetime.timedelta(0))
        celery_worker.env["AKE_WORKER_LOG"] = str(tmp_path / f"worker-{kill + 1}.log")
        celery_worker.log_path = tmp_path / f"worker-{kill + 1}.log"
        celery_worker.start(concurrency=2)

    assert wait_until(lambda: len(_sent_recipients()) == SUBSCRIBERS, timeout=180)
    time.sleep(0.5)
    received = _received(mailbox)
    elapsed = time.monotonic() - started
    delivered = len(received)
    duplicates = sum(received.values()) - delivered
    lost = SUBSCRIBERS - len(set(received) & {f"reader{n}@library.fi" for n in range(SUBSCRIBERS)})
    with capsys.disabled():
        print(
            f"\n[faults: worker kills] subscribers={SUBSCRIBERS} kills={KILLS} (mid-send {landed_mid_send}) "
            f"lost={lost} duplicates={duplicates} kills in accept-to-commit window="
            f"{sum(1 for w in windows if w)} (messages {sum(windows)}, per kill {windows}) "
            f"time={elapsed:.1f}s"
        )
    assert lost == 0
    assert landed_mid_send == KILLS  # every kill interrupted the fan-out
    # Only a message accepted by SMTP but not yet committed as sent is sent again, and only once per kill.
    assert duplicates == sum(windows)
    assert all(w <= 2 for w in windows)  # at most one message in flight per pool process
