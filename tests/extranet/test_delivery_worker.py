"""Notice fan-out through a real Celery worker process, Redis and a real SMTP server."""

import datetime
import socket
import time

import pytest

from .conftest import make_notice, make_subscription

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _notice_index():
    from extranet.models import HomePage, NoticeIndexPage

    index = NoticeIndexPage(title="Tiedotteet", slug="tiedotteet")
    HomePage.objects.get(depth=2).add_child(instance=index)
    index.save_revision().publish()
    return index


def _wait(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _sent_count():
    from extranet.models import Delivery

    return Delivery.objects.filter(status="sent").count()


def _use_broker(url: str) -> None:
    from ake.celery import app

    app.conf.broker_url = url
    # Forget the cached connection and producer pools, as Celery does after a fork.
    app._after_fork()


def test_n_subscribers_get_exactly_n_messages_through_a_real_worker(celery_worker, mailbox):
    index = _notice_index()
    for number in range(40):
        make_subscription(f"staff{number}@library.fi")
    make_notice(index, "Alueen kirjastoille")
    assert _wait(lambda: _sent_count() == 40)
    messages = mailbox.wait_for(40)
    assert len(messages) == 40
    assert len({m["Message-ID"] for m in messages}) == 40


def test_worker_killed_mid_send_and_restarted_loses_nothing(celery_worker, mailbox, tmp_path, capsys):
    from extranet.models import Delivery
    from extranet.services import delivery_sweep

    count = 120
    index = _notice_index()
    for number in range(count):
        make_subscription(f"reader{number}@library.fi")
    make_notice(index, "Kesken lähetyksen")
    assert _wait(lambda: len(mailbox.messages) >= 25, timeout=30)
    celery_worker.kill()
    at_kill = {
        status: Delivery.objects.filter(status=status).count() for status in ("pending", "sending", "sent")
    }
    assert at_kill["sent"] < count  # the kill landed mid-send

    # The sweeper (beat or the management command) re-queues what the dead worker held.
    delivery_sweep(stale_after=datetime.timedelta(0))
    celery_worker.log_path = tmp_path / "worker-restarted.log"
    celery_worker.env["AKE_WORKER_LOG"] = str(celery_worker.log_path)
    celery_worker.start()
    assert _wait(lambda: _sent_count() == count, timeout=90)
    time.sleep(0.5)
    ids = [m["Message-ID"] for m in mailbox.messages]
    delivered = len(set(ids))
    duplicates = len(ids) - delivered
    lost = count - delivered
    with capsys.disabled():
        print(
            f"\n[kill test] subscribers={count} at kill: {at_kill} -> delivered={delivered} "
            f"duplicates={duplicates} lost={lost}"
        )
    assert lost == 0
    # Only a message in flight at the kill (accepted by SMTP, not yet marked sent) can go twice.
    assert duplicates <= 1


def test_publish_with_redis_down_succeeds_quickly_and_mail_follows(celery_worker, mailbox, settings, capsys):
    from extranet.models import Delivery
    from extranet.services import delivery_sweep

    index = _notice_index()
    for number in range(10):
        make_subscription(f"offline{number}@library.fi")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    good = settings.CELERY_BROKER_URL
    _use_broker(f"redis://127.0.0.1:{closed_port}/0")
    try:
        started = time.monotonic()
        notice = make_notice(index, "Redis on alhaalla")
        elapsed = time.monotonic() - started
    finally:
        _use_broker(good)
    notice.refresh_from_db()
    with capsys.disabled():
        print(f"\n[redis down] publish took {elapsed:.2f} s")
    assert notice.live and elapsed < 10, elapsed
    assert Delivery.objects.filter(status="pending").count() == 10
    time.sleep(1)
    assert mailbox.messages == []

    # Redis is back: the sweeper (every 5 minutes by beat) dispatches the waiting rows.
    delivery_sweep()
    assert _wait(lambda: _sent_count() == 10)
    assert len(mailbox.wait_for(10)) == 10
