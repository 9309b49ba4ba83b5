"""/healthz (liveness) and /readyz (readiness) through django-health-check, and error reports through
sentry-sdk with personal data scrubbed (issue #19)."""

import datetime
import json

import pytest
import sentry_sdk
from django.db import connection
from sentry_sdk.transport import Transport

from ake import backup as backups
from ake import sentry as ake_sentry

pytestmark = pytest.mark.django_db


def _json(client, path):
    response = client.get(path, HTTP_ACCEPT="application/json")
    return response.status_code, json.loads(response.content)


@pytest.fixture
def backup_dir(settings, tmp_path):
    settings.AKE_BACKUP_DIR = str(tmp_path / "backups")
    return tmp_path / "backups"


def _failing(body) -> set[str]:
    return {name for name, status in body.items() if status != "OK"}


def test_liveness_is_cheap_and_answers_json(client):
    status, body = _json(client, "/healthz")
    assert status == 200
    assert list(body) == ["Database(alias='default')"]
    assert client.get("/healthz")["Cache-Control"].startswith("max-age=0")


@pytest.mark.worker
def test_readiness_passes_with_a_worker_redis_disk_and_a_fresh_backup(client, backup_dir, celery_worker):
    backups.backup_create(directory=backup_dir, key=False, database=connection.settings_dict)
    status, body = _json(client, "/readyz")
    assert status == 200, body
    assert set(body) >= {
        "Database(alias='default')",
        "RedisPing()",
        "CeleryPing()",
        "BackupAge(max_age_hours=None)",
    }
    assert _failing(body) == set()


def test_readiness_fails_without_a_recent_backup(client, backup_dir, settings):
    status, body = _json(client, "/readyz")
    assert status == 503
    assert any("BackupAge" in name for name in _failing(body))
    assert "no backup found" in json.dumps(body)

    old = datetime.datetime.now(datetime.UTC) - datetime.timedelta(
        hours=settings.AKE_BACKUP_MAX_AGE_HOURS + 3
    )
    backups.backup_create(directory=backup_dir, key=False, database=connection.settings_dict, now=old)
    status, body = _json(client, "/readyz")
    assert status == 503
    assert "hours old" in json.dumps(body)


def test_readiness_fails_when_redis_is_unreachable_or_the_disk_full(client, backup_dir, settings):
    backups.backup_create(directory=backup_dir, key=False, database=connection.settings_dict)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    status, body = _json(client, "/readyz")
    assert status == 503 and "RedisPing()" in _failing(body)

    settings.REDIS_URL = settings.CELERY_BROKER_URL
    settings.AKE_HEALTH_MAX_DISK_PERCENT = 0
    status, body = _json(client, "/readyz")
    assert status == 503
    assert any(name.startswith("FreeDisk") for name in _failing(body))
    # Liveness does not depend on any of these.
    assert client.get("/healthz").status_code == 200


def test_readiness_fails_when_no_worker_answers(client, backup_dir):
    from ake.celery import app

    backups.backup_create(directory=backup_dir, key=False, database=connection.settings_dict)
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        status, body = _json(client, "/readyz")
    finally:
        app.conf.task_always_eager = previous
    assert status == 503
    assert "CeleryPing()" in _failing(body)
    assert "no Celery worker answered" in json.dumps(body)


# --------------------------------------------------------------------------- Sentry
class _Captured(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)

    def events(self):
        found = []
        for envelope in self.envelopes:
            for item in envelope.items:
                if item.type == "event":
                    found.append(item.payload.json)
        return found


@pytest.fixture
def sentry_transport():
    transport = _Captured()
    assert ake_sentry.init("https://public@sentry.invalid/1", transport=transport)
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: off again


def test_sentry_is_off_without_a_dsn(settings):
    settings.SENTRY_DSN = ""
    assert ake_sentry.init() is False


def test_an_error_reaches_sentry_without_personal_data(sentry_transport):
    def register(email, first_name, phone):
        raise ValueError(f"could not register {first_name} <{email}>, phone {phone}")

    try:
        register("maija.virtanen@kaarina.fi", "Maija", "+358 40 1234567")
    except ValueError:
        sentry_sdk.capture_exception()
    ake_sentry.report_mail_given_up(  # what ake/outbox.py calls when it gives up on a row
        kind="confirmation", row_id=42, reason="550 5.1.1 <maija.virtanen@kaarina.fi>: no such user"
    )
    sentry_sdk.flush()
    events = sentry_transport.events()
    assert len(events) == 2
    text = json.dumps(events)
    assert "ValueError" in text and "Mail given up: confirmation #42" in text
    for needle in ("maija.virtanen@kaarina.fi", "Maija", "1234567"):
        assert needle not in text, needle


def test_a_failing_celery_task_is_reported(sentry_transport, settings):
    from celery import shared_task

    @shared_task(name="tests.operations.fails")
    def fails(email):
        raise RuntimeError(f"cannot mail {email}")

    with pytest.raises(RuntimeError):
        fails.apply(args=["pekka@pori.fi"], throw=True)
    sentry_sdk.flush()
    text = json.dumps(sentry_transport.events())
    assert "RuntimeError" in text and "pekka@pori.fi" not in text


def test_a_mail_the_outbox_gives_up_on_is_reported_without_the_address(
    sentry_transport, mailbox, django_capture_on_commit_callbacks
):
    from django.core.mail import EmailMessage
    from django.db import transaction

    from ake.outbox import outbox_enqueue

    mailbox.refuse["poissa.oleva@kaarina.fi"] = "550 5.1.1 <poissa.oleva@kaarina.fi>: no such user"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        row = outbox_enqueue(
            EmailMessage("Vahvistus", "x", None, ["poissa.oleva@kaarina.fi"]), purpose="test"
        )
    row.refresh_from_db()
    assert row.status == "failed"
    sentry_sdk.flush()
    text = json.dumps(sentry_transport.events())
    assert f"Mail given up: test #{row.pk}" in text
    assert "poissa.oleva" not in text
