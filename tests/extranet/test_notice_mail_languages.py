"""A notice mail leads every reader to the page in their own language (issue #14).

A notice written only in Finnish and published while Redis is down: the fan-out cannot reach a worker,
the rows wait, and the sweeper's run sends them later. Each Swedish and English subscriber's mail
links to the notice's page in their language (the alias that shows the Finnish text, marked as
Finnish), never to the Finnish page; the same for the weekly digest. Real SMTP (aiosmtpd).
"""

import datetime
import re
import socket

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import message_text

from .conftest import make_notice, make_subscription

pytestmark = pytest.mark.django_db

READERS = {"maija@turku.fi": "fi", "anders@pargas.fi": "sv", "emma@example.org": "en"}


@pytest.fixture
def redis_down(settings):
    """The broker at a port where nothing listens, as when the Redis server is down."""
    from ake.celery import app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    previous_broker, previous_eager = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = f"redis://127.0.0.1:{closed_port}/0"
    app.conf.task_always_eager = False
    app._after_fork()  # forget pooled connections to the running Redis
    yield
    app.conf.broker_url, app.conf.task_always_eager = previous_broker, previous_eager
    app._after_fork()


def _html(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


def _notice_link(message) -> str:
    urls = re.findall(r"http://[^\s\"<>]+", message_text(message))
    return next(url for url in urls if "/subscription/" not in url and "unsubscribe" not in url.lower())


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _assert_link_in_language(message, language: str, title: str):
    path = _path(_notice_link(message))
    assert path.startswith(f"/{language}/"), path
    response = Client().get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    assert f'<html lang="{language}">' in html and title in html
    if language != "fi":
        # The mail marks the Finnish text it shows as Finnish.
        mail = _html(message)
        assert f'<html lang="{language}">' in mail
        assert re.search(rf'lang="fi">\s*(<a [^>]+>)?{re.escape(title)}', mail), mail


def test_a_finnish_only_notice_sent_after_a_redis_outage_links_each_reader_to_their_language(
    notice_index, mailbox, redis_down, django_capture_on_commit_callbacks
):
    from extranet.models import Delivery
    from extranet.services import delivery_send_batch

    for email, language in READERS.items():
        make_subscription(email, language=language)
    with django_capture_on_commit_callbacks(execute=True):
        make_notice(notice_index, "Kirjastopäivät alkavat", lead="Tervetuloa kirjastopäiville.")
    # Redis is down: nothing reached a worker; the rows wait for the sweeper.
    assert Delivery.objects.filter(status="pending").count() == 3
    assert mailbox.messages == []

    # The sweeper's dispatch runs the batch once Redis answers again (here: in this process).
    assert delivery_send_batch().sent == 3
    mailbox.wait_for(3)
    for email, language in READERS.items():
        (message,) = mailbox.to(email)
        _assert_link_in_language(message, language, "Kirjastopäivät alkavat")


def test_the_weekly_digest_links_each_reader_to_the_notice_in_their_language(
    notice_index, mailbox, redis_down, django_capture_on_commit_callbacks
):
    from extranet.services import delivery_send_batch, digest_weekly_create, week_start

    for email, language in READERS.items():
        make_subscription(email, language=language, rhythm="weekly")
    with django_capture_on_commit_callbacks(execute=True):
        make_notice(notice_index, "Viikon uutinen", lead="Lyhyesti.")
    week = week_start(timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_weekly_create(week=week) == 3
    assert delivery_send_batch().sent == 3
    mailbox.wait_for(3)
    for email, language in READERS.items():
        (message,) = mailbox.to(email)
        _assert_link_in_language(message, language, "Viikon uutinen")
    assert week <= timezone.localdate() < week + datetime.timedelta(days=7)
