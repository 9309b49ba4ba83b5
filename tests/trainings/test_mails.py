"""Scheduled mails are rows: due times follow the event, each recipient gets one, a crash resumes."""

import datetime
import time

import pytest
from django.utils import timezone

from networks.models import Library
from tests.conftest import make_user, message_text
from trainings import services
from trainings.models import EventMail, Registration, ScheduledMailing

from .conftest import make_event, subject


def _register(user, event, **extra):
    return services.registration_create(
        event=event,
        user=user,
        email=user.email,
        first_name=user.first_name,
        last_name=user.last_name,
        library=user.library,
        language=user.language,
        **extra,
    )


@pytest.mark.django_db
def test_reminder_due_time_follows_the_event_when_it_moves():
    event = make_event()
    reminder = ScheduledMailing.objects.get(event=event, kind="reminder")
    feedback = ScheduledMailing.objects.get(event=event, kind="feedback_request")
    assert reminder.due_at == event.start - datetime.timedelta(hours=24)
    assert feedback.due_at == event.end + datetime.timedelta(hours=2)

    previous = services.event_snapshot(event)
    event.start += datetime.timedelta(days=3)
    event.end += datetime.timedelta(days=3)
    event.save()
    services.event_save(event=event, previous=previous)
    reminder.refresh_from_db()
    feedback.refresh_from_db()
    assert reminder.due_at == event.start - datetime.timedelta(hours=24)
    assert feedback.due_at == event.end + datetime.timedelta(hours=2)


@pytest.mark.django_db
def test_reminders_go_once_to_confirmed_registrants_in_their_language(
    libraries, mailbox, django_capture_on_commit_callbacks
):
    event = make_event(seats_on_site=2)
    swede = make_user("anna@kaarina.fi", library=libraries["kaarina"], language="sv", first_name="Anna")
    finn = make_user("matti@pori.fi", library=libraries["pori"], first_name="Matti")
    waiting = make_user("odottaja@turku.fi", library=libraries["turku"])
    for user in (swede, finn, waiting):
        _register(user, event)
    assert Registration.objects.get(email=waiting.email).status == "waitlisted"
    due = event.start - datetime.timedelta(hours=24)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.mailings_process(now=due - datetime.timedelta(minutes=1)) == 0
    assert mailbox.messages == []

    with django_capture_on_commit_callbacks(execute=True):
        assert services.mailings_process(now=due) == 1
        assert services.mailings_process(now=due + datetime.timedelta(minutes=5)) == 0
    reminders = [
        m
        for m in mailbox.wait_for(2)
        if "Reminder" in subject(m) or "Muistutus" in subject(m) or "Påminnelse" in subject(m)
    ]
    assert sorted(m["X-Envelope-To"] for m in reminders) == ["anna@kaarina.fi", "matti@pori.fi"]
    assert message_text(mailbox.to("anna@kaarina.fi")[0]).startswith("Hej Anna")
    assert EventMail.objects.filter(kind="reminder", status="sent").count() == 2


@pytest.mark.django_db
def test_a_crashed_run_resumes_without_duplicates(libraries, mailbox, django_capture_on_commit_callbacks):
    event = make_event(seats_on_site=5)
    people = [make_user(f"p{i}@turku.fi", library=libraries["turku"]) for i in range(3)]
    for user in people:
        _register(user, event)
    EventMail.objects.filter(kind="confirmation").update(status="sent")
    # The run wrote its rows and then died before dispatching them (callbacks dropped).
    services.mailings_process(now=event.start - datetime.timedelta(hours=23))
    rows = list(EventMail.objects.filter(kind="reminder").order_by("pk"))
    assert len(rows) == 3 and {r.status for r in rows} == {"pending"}
    # One had been claimed by a worker that was killed mid-send.
    stuck = rows[0]
    EventMail.objects.filter(pk=stuck.pk).update(status="sending", claimed_at=timezone.now())
    EventMail.objects.filter(pk=rows[1].pk).update(status="sent", sent_at=timezone.now())

    later = timezone.now() + datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_mails_sweep(now=later)
    assert [m["X-Envelope-To"] for m in mailbox.messages] == [people[2].email]

    much_later = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_mails_sweep(now=much_later)
        services.event_mails_sweep(now=much_later)
    assert sorted(m["X-Envelope-To"] for m in mailbox.messages) == sorted([people[2].email, people[0].email])
    assert set(EventMail.objects.filter(kind="reminder").values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_refused_recipients_are_marked_failed_not_retried(
    libraries, mailbox, django_capture_on_commit_callbacks
):
    mailbox.refuse["bounce@turku.fi"] = "550 No such user"
    event = make_event(seats_on_site=5)
    with django_capture_on_commit_callbacks(execute=True):
        _register(make_user("bounce@turku.fi", library=libraries["turku"]), event)
    mail = EventMail.objects.get(recipient="bounce@turku.fi")
    assert mail.status == "failed" and "550" in mail.last_error


@pytest.mark.django_db
def test_details_needed_only_for_the_event_are_purged_and_counts_survive(libraries):
    start = (timezone.now() - datetime.timedelta(days=100)).replace(microsecond=0)
    old = make_event(start=start, seats_on_site=5, purge_days_after=90)
    recent = make_event(start=timezone.now() - datetime.timedelta(days=10), seats_on_site=5)
    for event in (old, recent):
        services.registration_create(
            event=event,
            email="diet@turku.fi",
            first_name="D",
            last_name="E",
            library=libraries["turku"],
            diet="vegaani",
            accessibility="induktiosilmukka",
            emergency_contact="Puoliso 040 123",
            source=Registration.Source.AKE,
        )
    services.attendance_import(event=old, emails=["diet@turku.fi"], recorded_by=None)
    assert services.registration_details_purge() == 1
    purged = Registration.objects.get(event=old)
    kept = Registration.objects.get(event=recent)
    assert (purged.diet, purged.accessibility, purged.emergency_contact) == ("", "", "")
    assert kept.diet == "vegaani"
    assert old.attendances.count() == 1 and purged.library == libraries["turku"]
    assert services.registration_details_purge() == 0


@pytest.mark.worker
@pytest.mark.slow
def test_a_real_worker_delivers_the_confirmation_and_the_reminders(committed_db, celery_worker, mailbox):
    kaarina = Library.objects.get(name_fi="Kaarinan kaupunginkirjasto")
    event = make_event(seats_on_site=5)
    services.registration_create(
        event=event, email="worker@kaarina.fi", first_name="Wilma", last_name="Worker", library=kaarina
    )
    [confirmation] = mailbox.wait_for(1)
    assert confirmation["X-Envelope-To"] == "worker@kaarina.fi"
    services.mailings_process(now=event.start - datetime.timedelta(hours=1))
    messages = mailbox.wait_for(2)
    assert len(messages) == 2
    # The worker marks a mail sent after the SMTP server has accepted it: wait for that commit too.
    deadline = time.monotonic() + 20
    while EventMail.objects.filter(event=event, status="sent").count() < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert EventMail.objects.filter(event=event, status="sent").count() == 2
