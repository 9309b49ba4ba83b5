"""Retention jobs remove expired personal data (and recording files) and keep what is not yet expired.

Each job gets rows on both sides of its period; the job runs through the same entry point as the daily
Celery beat task; the test counts what went and what stayed.
"""

import datetime
from pathlib import Path

import pytest
from celery.result import allow_join_result
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.documents.models import Document

from ake.celery import app
from extranet.models import Delivery, Subscription, SubscriptionPeriod
from loans.models import InterlibraryLoan, KitBooking, KitReminder
from networks.models import AccessRequest
from networks.privacy import retention_jobs, retention_run
from surveys.feedback import feedback_responses
from trainings import services as trainings
from trainings.models import EventMail, FeedbackReceipt, Material, Registration

from ..extranet.conftest import make_notice, make_subscription
from ..trainings.conftest import make_event
from .test_privacy_erasure import make_booking, make_notice_index

pytestmark = pytest.mark.django_db

NOW = timezone.now()
FIGURES: dict[str, tuple[int, int]] = {}


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _expired(job: str) -> datetime.datetime:
    return NOW - _days(settings.AKE_RETENTION_DAYS[job] + 2)


def _recent(job: str) -> datetime.datetime:
    return NOW - _days(max(settings.AKE_RETENTION_DAYS[job] - 2, 0)) + datetime.timedelta(hours=1)


def _record(job: str, removed: int, kept: int) -> None:
    FIGURES[job] = (removed, kept)


@pytest.fixture(scope="module", autouse=True)
def _print_figure(request):
    yield
    if FIGURES:
        capmanager = request.config.pluginmanager.getplugin("capturemanager")
        with capmanager.global_and_fixture_disabled():
            per_job = ", ".join(
                f"{job} {removed} removed / {kept} kept" for job, (removed, kept) in FIGURES.items()
            )
            print(f"\n[privacy-retention] {len(FIGURES)} jobs: {per_job}")


def test_every_retention_job_has_a_period_and_runs_daily(settings):
    app.loader.import_default_modules()
    assert set(retention_jobs()) == set(settings.AKE_RETENTION_DAYS)
    entry = settings.CELERY_BEAT_SCHEDULE["networks-retention"]
    assert entry["task"] in app.tasks
    # The beat task runs every job; none fails on the migrated data (a failure is reported as -1).
    # The "never join a task inside a task" flag is one per process, and an eager task of another
    # thread (a live server's) sets it while it runs: this test is no task.
    with allow_join_result():
        result = app.tasks[entry["task"]].delay().get(timeout=30)
    assert set(result) == set(settings.AKE_RETENTION_DAYS)
    assert all(removed >= 0 for removed in result.values()), result


def test_sessions(libraries, staff_user):
    for expire in (NOW - _days(1), NOW + _days(13)):
        store = SessionStore()
        store["_auth_user_id"] = str(staff_user.pk)
        store.create()
        Session.objects.filter(session_key=store.session_key).update(expire_date=expire)
    assert retention_run(now=NOW, only=["sessions"]) == {"sessions": 1}
    assert [s.expire_date > NOW for s in Session.objects.all()] == [True]
    _record("sessions", 1, Session.objects.count())


def test_decided_access_requests(libraries, ake_admin):
    def request(email, status, decided_at):
        return AccessRequest.objects.create(
            email=email,
            first_name="Anna",
            last_name="Hakija",
            library=libraries["pori"],
            reason="Töihin",
            language="fi",
            status=status,
            decided_by=ake_admin if decided_at else None,
            decided_at=decided_at,
        )

    old_rejected = request("hylatty@pori.fi", AccessRequest.Status.REJECTED, _expired("access_requests"))
    old_approved = request("hyvaksytty@pori.fi", AccessRequest.Status.APPROVED, _expired("access_requests"))
    request("tuore@pori.fi", AccessRequest.Status.REJECTED, _recent("access_requests"))
    waiting = request("odottaa@pori.fi", AccessRequest.Status.PENDING, None)
    AccessRequest.objects.filter(pk=waiting.pk).update(created_at=NOW - _days(400))

    call_command("purge_expired_data", "--only", "access_requests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not AccessRequest.objects.filter(pk__in=[old_rejected.pk, old_approved.pk]).exists()
    assert set(AccessRequest.objects.values_list("email", flat=True)) == {"tuore@pori.fi", "odottaa@pori.fi"}
    _record("access_requests", 2, AccessRequest.objects.count())


def test_unconfirmed_subscriptions_and_delivery_errors(libraries, mailbox):
    index = make_notice_index()
    job = "subscriptions_unconfirmed"
    stale = make_subscription("vanha-vahvistamaton@pori.fi", confirmed=False, at=_expired(job))
    fresh = make_subscription("uusi-vahvistamaton@pori.fi", confirmed=False, at=_recent(job))
    active = make_subscription("tilaaja@pori.fi", confirmed=True, at=NOW - _days(400))
    # Confirmed once, unsubscribed, then asked again without confirming: its history is past A4 values.
    returning = make_subscription("palaava@pori.fi", confirmed=True, at=NOW - _days(400))
    Subscription.objects.filter(pk=returning.pk).update(status=Subscription.Status.PENDING)
    SubscriptionPeriod.objects.filter(subscription=returning).update(ended_at=NOW - _days(300))

    make_notice(index, "Tiedote")
    assert Delivery.objects.filter(subscription=active).exists()
    Delivery.objects.update(
        status=Delivery.Status.FAILED,
        last_error="550 <tilaaja@pori.fi>: unknown",
        created_at=_expired("delivery_errors"),
    )
    waiting = Delivery.objects.create(subscription=fresh, kind=Delivery.Kind.DIGEST, digest_week=NOW.date())
    Delivery.objects.filter(pk=waiting.pk).update(
        last_error="450 <uusi-vahvistamaton@pori.fi>: try later", created_at=_expired("delivery_errors")
    )
    recent_error = Delivery.objects.create(
        subscription=returning,
        kind=Delivery.Kind.DIGEST,
        digest_week=NOW.date(),
        status=Delivery.Status.FAILED,
    )
    Delivery.objects.filter(pk=recent_error.pk).update(last_error="550 <palaava@pori.fi>: unknown")

    removed = retention_run(now=NOW, only=[job, "delivery_errors"])
    assert removed[job] == 1
    assert not Subscription.objects.filter(pk=stale.pk).exists()
    assert set(Subscription.objects.values_list("pk", flat=True)) == {fresh.pk, active.pk, returning.pk}
    assert not Delivery.objects.filter(last_error__contains="tilaaja@pori.fi").exists()
    assert Delivery.objects.get(pk=recent_error.pk).last_error.startswith("550")
    assert Delivery.objects.get(pk=waiting.pk).last_error.startswith("450")  # still being retried
    _record(job, 1, Subscription.objects.count())
    _record("delivery_errors", removed["delivery_errors"], Delivery.objects.exclude(last_error="").count())


def test_kit_reminder_errors_and_interlibrary_contacts(libraries, staff_user):

    booking = make_booking(staff_user)
    reminders = list(KitReminder.objects.filter(booking=booking).order_by("due_on"))
    assert len(reminders) == 2
    old, new = reminders
    KitReminder.objects.filter(pk=old.pk).update(
        status=KitReminder.Status.FAILED,
        due_on=_expired("kit_reminder_errors").date(),
        last_error="550 <a@b.fi>",
    )
    KitReminder.objects.filter(pk=new.pk).update(
        status=KitReminder.Status.FAILED,
        due_on=_recent("kit_reminder_errors").date(),
        last_error="550 <a@b.fi>",
    )
    job = "interlibrary_contacts"

    def loan(status, **dates):
        return InterlibraryLoan.objects.create(
            title="Kirja",
            library=libraries["pori"],
            status=status,
            contact_name="Kaisa Kaukolainaaja",
            contact_email="kaisa@pori.fi",
            volumes=1,
            **dates,
        )

    returned_long_ago = loan("returned", sent_on=_expired(job).date(), returned_on=_expired(job).date())
    returned_lately = loan("returned", sent_on=_recent(job).date(), returned_on=_recent(job).date())
    still_out = loan("sent", sent_on=_expired(job).date())
    c7_before = InterlibraryLoan.objects.filter(status__in=["sent", "returned"]).count()

    removed = retention_run(now=NOW, only=["kit_reminder_errors", job])
    assert removed == {"kit_reminder_errors": 1, job: 1}
    assert KitReminder.objects.get(pk=old.pk).last_error == ""
    assert KitReminder.objects.get(pk=new.pk).last_error != ""
    assert KitBooking.objects.filter(pk=booking.pk).exists()
    returned_long_ago.refresh_from_db()
    assert (returned_long_ago.contact_name, returned_long_ago.contact_email) == ("", "")
    assert returned_long_ago.volumes == 1
    for kept in (returned_lately, still_out):
        kept.refresh_from_db()
        assert kept.contact_email == "kaisa@pori.fi"
    assert InterlibraryLoan.objects.filter(status__in=["sent", "returned"]).count() == c7_before
    _record("kit_reminder_errors", 1, 1)
    _record(job, 1, 2)


def test_event_mails_and_feedback_receipts_after_the_event(libraries, staff_user, mailbox):
    job = "event_mails"
    old = make_event(title="Vanha", start=_expired(job) - _days(1), seats_on_site=5)
    recent = make_event(title="Tuore", start=_recent(job) - datetime.timedelta(hours=5), seats_on_site=5)
    for event in (old, recent):
        trainings.registration_create(
            event=event,
            user=staff_user,
            email=staff_user.email,
            first_name="Maija",
            last_name="Virtanen",
            library=staff_user.library,
            source=Registration.Source.AKE,
        )
        trainings.attendance_import(event=event, emails=[staff_user.email], recorded_by=None)
        trainings.feedback_submit(event=event, email=staff_user.email, overall=5, answers={})
    EventMail.objects.update(status=EventMail.Status.SENT)
    assert EventMail.objects.filter(event=old).exists() and EventMail.objects.filter(event=recent).exists()
    pending_old = EventMail.objects.create(
        event=old, kind=EventMail.Kind.REMINDER, recipient="odottaa@pori.fi", status=EventMail.Status.PENDING
    )
    mails_old = EventMail.objects.filter(event=old).exclude(pk=pending_old.pk).count()

    removed = retention_run(now=NOW, only=[job])
    assert removed[job] == mails_old + 1  # the sent mails and the receipt of the old event
    assert not FeedbackReceipt.objects.filter(event=old).exists()
    assert FeedbackReceipt.objects.filter(event=recent).exists()
    assert list(EventMail.objects.filter(event=old)) == [pending_old]  # not yet sent: kept
    assert EventMail.objects.filter(event=recent).exists()
    # The registration and the feedback answers (anonymous) stay: the counts do not change.
    assert Registration.objects.filter(event=old).exists()
    assert feedback_responses().filter(survey__event=old).count() == 1
    _record(job, removed[job], EventMail.objects.count() + FeedbackReceipt.objects.count())


def test_hidden_recordings_and_their_files(libraries, staff_user, django_capture_on_commit_callbacks):
    job = "recordings"
    event = make_event(title="Tallennettu", start=NOW - _days(400))

    def recording(name, hidden_at, status=Material.Status.HIDDEN):
        video = Document(title=name)
        video.file.save(f"{name}.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42" + b"0" * 64), save=True)
        captions = Document(title=f"{name} captions")
        captions.file.save(f"{name}.vtt", ContentFile(b"WEBVTT\n\n00:00.000 --> 00:01.000\nHei"), save=True)
        return Material.objects.create(
            event=event,
            kind=Material.Kind.RECORDING,
            title=name,
            document=video,
            captions=captions,
            owner=staff_user,
            status=status,
            hidden_at=hidden_at,
            review_date=(hidden_at or NOW).date(),
        )

    expired = recording("vanhentunut", _expired(job))
    renewed_lately = recording("tuore", _recent(job))
    published = recording("julkaistu", None, status=Material.Status.PUBLISHED)
    expired_files = [Path(expired.document.file.path), Path(expired.captions.file.path)]
    kept_files = [Path(m.document.file.path) for m in (renewed_lately, published)]
    assert all(path.exists() for path in expired_files + kept_files)

    with django_capture_on_commit_callbacks(execute=True):
        removed = retention_run(now=NOW, only=[job])
    assert removed == {job: 1}
    assert not Material.objects.filter(pk=expired.pk).exists()
    assert not any(path.exists() for path in expired_files), "the recording's files stay in storage"
    assert all(path.exists() for path in kept_files)
    assert Document.objects.count() == 4
    _record(job, 1, Material.objects.count())


def test_review_date_hides_and_event_details_purge(libraries, staff_user, mailbox):
    """The two older trainings jobs: the review date hides a recording; event-only details go."""
    past = make_event(title="Mennyt", start=NOW - _days(60), purge_days_after=30)
    coming = make_event(title="Tuleva", start=NOW + _days(5), purge_days_after=30)
    for event in (past, coming):
        trainings.registration_create(
            event=event,
            email=staff_user.email,
            first_name="Maija",
            last_name="Virtanen",
            library=staff_user.library,
            diet="gluteeniton",
            emergency_contact="Puoliso 040 123",
            phone="040 555",
            source=Registration.Source.AKE,
        )
    assert trainings.registration_details_purge(now=NOW) == 1
    assert Registration.objects.get(event=past).diet == ""
    assert Registration.objects.get(event=coming).diet == "gluteeniton"
    _record("registration_details (existing)", 1, 1)

    due = Material.objects.create(
        event=past,
        kind=Material.Kind.RECORDING,
        title="Tallenne",
        url="https://example.org/v",
        owner=staff_user,
        status=Material.Status.PUBLISHED,
        review_date=NOW.date() - _days(1),
    )
    later = Material.objects.create(
        event=past,
        kind=Material.Kind.RECORDING,
        title="Toinen",
        url="https://example.org/w",
        owner=staff_user,
        status=Material.Status.PUBLISHED,
        review_date=NOW.date() + _days(30),
    )
    assert trainings.materials_review_due(today=NOW.date()) == 1
    due.refresh_from_db(), later.refresh_from_db()
    assert (due.status, later.status) == (Material.Status.HIDDEN, Material.Status.PUBLISHED)
    _record("recordings_review (existing)", 1, 1)
