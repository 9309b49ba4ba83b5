"""Redis stopped: the site keeps serving pages, login, sign-up, training registration and kit booking;
mail queued during the outage goes out once Redis is back.

The cache and the Celery broker point at a private redis-server that the test kills (SIGKILL, as a
crash would) and later starts again on the same port. The shared Redis is never touched.
"""

import datetime
import time
from email.header import decode_header, make_header

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import WorkerProcess, make_user

from .conftest import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
SLOW = 3.0  # seconds; a path slower than this with Redis down counts as hanging


def _use_broker(url: str) -> None:
    from ake.celery import app

    app.conf.broker_url = url
    app._after_fork()  # forget pooled connections to the old broker


@pytest.fixture
def redis_outage_site(private_redis, settings):
    """Cache and broker on the private Redis; tasks go through the broker, not eagerly."""
    from ake.celery import app

    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": private_redis.url,
        }
    }
    previous_broker, previous_eager = app.conf.broker_url, app.conf.task_always_eager
    settings.CELERY_BROKER_URL = private_redis.url
    _use_broker(private_redis.url)
    app.conf.task_always_eager = False
    yield private_redis
    _use_broker(previous_broker)
    app.conf.task_always_eager = previous_eager


def _content(libraries):
    from extranet.models import HomePage, NoticeIndexPage, NoticePage
    from tests.loans.conftest import ensure_game_rule, make_kit
    from tests.trainings.conftest import make_event

    index = NoticeIndexPage(title="Tiedotteet", slug="tiedotteet")
    HomePage.objects.get(depth=2).add_child(instance=index)
    index.save_revision().publish()
    notice = NoticePage(title="Redis-katko", lead="Ingressi.", live=False)
    index.add_child(instance=notice)
    notice.save_revision().publish()
    ensure_game_rule()
    return {
        "index": index.specific,
        "notice": NoticePage.objects.get(pk=notice.pk),
        "event": make_event(seats_on_site=20),
        "kit": make_kit(),
    }


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"]))).replace("\r\n", "").strip()


def _timed(results, name, call, expect):
    started = time.monotonic()
    response = call()
    elapsed = time.monotonic() - started
    results.append((name, response.status_code, elapsed))
    assert response.status_code == expect, (name, response.status_code)
    return response


@pytest.mark.parametrize("outage", ["killed", "frozen"])
def test_site_works_with_redis_down_and_queued_mail_follows_when_it_returns(
    outage, client, redis_outage_site, libraries, mailbox, celery_worker_env, tmp_path, capsys
):
    from ake.models import OutboxMail
    from ake.outbox import outbox_sweep
    from loans.models import KitBooking
    from networks.models import User
    from trainings.models import EventMail, Registration
    from trainings.services import event_mails_sweep

    content = _content(libraries)
    staff = make_user("maija.virtanen@kaarina.fi", library=libraries["kaarina"], password=PASSWORD)
    # Warm the templates and URLconf, so the figure shows Redis's cost rather than first-request cost.
    client.get("/fi/")

    # killed: connections are refused at once. frozen (SIGSTOP): connections hang, the worse case.
    redis_outage_site.stop() if outage == "killed" else redis_outage_site.freeze()
    results: list[tuple[str, int, float]] = []
    _timed(results, "GET home", lambda: client.get("/fi/"), 200)
    _timed(results, "GET notice index", lambda: client.get(content["index"].url), 200)
    _timed(results, "GET notice", lambda: client.get(content["notice"].url), 200)
    _timed(results, "GET events", lambda: client.get(reverse("trainings:calendar")), 200)
    _timed(results, "GET kits", lambda: client.get(reverse("loans:kit_list")), 200)
    _timed(
        results,
        "POST sign-up",
        lambda: client.post(
            reverse("account_signup"),
            {
                "email": "uusi.kayttaja@kaarina.fi",
                "first_name": "Uusi",
                "last_name": "Käyttäjä",
                "password1": "Kirjasto-salasana-2024",
                "password2": "Kirjasto-salasana-2024",
            },
        ),
        302,
    )
    _timed(
        results,
        "POST login",
        lambda: client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD}),
        302,
    )
    assert client.session["_auth_user_id"] == str(staff.pk)
    _timed(results, "GET my events", lambda: client.get(reverse("trainings:my_events")), 200)
    _timed(
        results,
        "POST registration",
        lambda: client.post(
            reverse("trainings:register", args=[content["event"].pk]), {"library": staff.library_id}
        ),
        302,
    )
    pickup = timezone.localdate() + datetime.timedelta(days=10)
    _timed(
        results,
        "POST kit booking",
        lambda: client.post(
            reverse("loans:kit_book", args=[content["kit"].pk]),
            {
                "pickup_date": pickup.isoformat(),
                "return_date": (pickup + datetime.timedelta(days=6)).isoformat(),
                "delivery": "courier",
            },
        ),
        302,
    )
    _timed(results, "GET my bookings", lambda: client.get(reverse("loans:my_bookings")), 200)

    # The writes happened, and the mail they queued waits in the outbox.
    assert User.objects.filter(email="uusi.kayttaja@kaarina.fi").exists()
    assert Registration.objects.get(event=content["event"]).status == Registration.Status.CONFIRMED
    assert KitBooking.objects.filter(kit=content["kit"], status=KitBooking.Status.CONFIRMED).exists()
    queued = list(EventMail.objects.filter(recipient=staff.email, status=EventMail.Status.PENDING))
    assert [mail.kind for mail in queued] == [EventMail.Kind.CONFIRMATION]
    # The booking confirmation is an outbox row too (ake/outbox.py): nothing went out yet.
    booking_mail = OutboxMail.objects.get(purpose="loans.booking.confirmed", recipients=[staff.email])
    assert booking_mail.status == OutboxMail.Status.PENDING
    assert OutboxMail.objects.filter(purpose="account.email_confirmation_signup").exists()
    assert mailbox.to(staff.email) == []
    with capsys.disabled():
        print(f"\n[faults: redis {outage}] " + ", ".join(f"{n} {s} {t * 1000:.0f} ms" for n, s, t in results))
    slow = [(name, elapsed) for name, _status, elapsed in results if elapsed > SLOW]
    assert not slow, slow

    # Redis returns; a worker on it and the sweeper (beat runs it every two minutes) send the mail.
    redis_outage_site.start() if outage == "killed" else redis_outage_site.thaw()
    worker = WorkerProcess(
        {**celery_worker_env, "REDIS_URL": redis_outage_site.url, "AKE_WORKER_LOG": str(tmp_path / "w.log")}
    ).start()
    try:
        event_mails_sweep(now=timezone.now() + datetime.timedelta(minutes=5))
        outbox_sweep()

        # The worker marks the mail sent after the SMTP server accepted it: wait for that commit too.
        def delivered_and_recorded():
            sent = EventMail.objects.filter(pk=queued[0].pk, status=EventMail.Status.SENT).exists()
            booked = OutboxMail.objects.filter(pk=booking_mail.pk, status=OutboxMail.Status.SENT).exists()
            return len(mailbox.to(staff.email)) == 2 and sent and booked

        assert wait_until(delivered_and_recorded, timeout=30), worker.log_path.read_text()[-2000:]
    finally:
        worker.stop()
    assert EventMail.objects.get(pk=queued[0].pk).status == EventMail.Status.SENT
    # Nothing lost: the booking confirmation and the registration confirmation, once each.
    assert len(mailbox.to(staff.email)) == 2, [m["Subject"] for m in mailbox.to(staff.email)]
    assert "[AKE-extranet] Salkkuvaraus vahvistettu" in [_subject(m) for m in mailbox.to(staff.email)]
    assert len(mailbox.to("uusi.kayttaja@kaarina.fi")) == 1  # the sign-up's verification mail
    with capsys.disabled():
        print(
            f"[faults: redis {outage}] after Redis returned: the queued booking and registration mails "
            "were sent"
        )
