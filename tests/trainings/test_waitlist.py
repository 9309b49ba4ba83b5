import datetime
import re

import pytest
from django.utils import timezone

from tests.conftest import make_user, message_text
from trainings import services
from trainings.models import EventMail, Registration

from .conftest import make_event, subject

pytestmark = pytest.mark.django_db


def _register(user, event, **extra):
    return services.registration_create(
        event=event,
        user=user,
        email=user.email,
        first_name=user.first_name,
        last_name=user.last_name,
        library=user.library,
        **extra,
    )


@pytest.fixture
def full_event(libraries):
    """One seat, taken; two people waiting in line."""
    event = make_event(seats_on_site=1, offer_hours=24)
    holder = _register(make_user("holder@turku.fi", library=libraries["turku"]), event)
    first = _register(make_user("first@kaarina.fi", library=libraries["kaarina"]), event)
    second = _register(make_user("second@pori.fi", library=libraries["pori"]), event)
    assert (holder.status, first.status, second.status) == ("confirmed", "waitlisted", "waitlisted")
    return event, holder, first, second


def _offer_link(mailbox, address):
    [message] = [m for m in mailbox.to(address) if "offer" in message_text(m) or "/offer/" in message_text(m)]
    return re.search(r"https?://[^/\s]+(/\S+/offer/\S+/)", message_text(message)).group(1)


def test_a_freed_seat_is_offered_to_the_first_in_line_who_accepts_by_link(
    client, full_event, mailbox, django_capture_on_commit_callbacks
):
    event, holder, first, second = full_event
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=holder)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.OFFERED
    assert second.status == Registration.Status.WAITLISTED
    # The offer holds the seat: nobody else can take it meanwhile.
    assert Registration.objects.holding_seat().filter(event=event).count() == 1

    link = _offer_link(mailbox, "first@kaarina.fi")
    # Mail scanners follow links: a GET only shows the choice.
    page = client.get(link)
    assert page.status_code == 200 and 'value="accept"' in page.content.decode()
    first.refresh_from_db()
    assert first.status == Registration.Status.OFFERED

    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, {"decision": "accept"})
    first.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED
    [confirmation] = mailbox.wait_for(1)
    assert confirmation["X-Envelope-To"] == "first@kaarina.fi" and event.title in subject(confirmation)

    # The link is spent.
    assert client.post(link, {"decision": "decline"}).status_code == 410
    first.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED


def test_declining_passes_the_seat_on(client, full_event, mailbox, django_capture_on_commit_callbacks):
    event, holder, first, second = full_event
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=holder)
    link = _offer_link(mailbox, "first@kaarina.fi")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, {"decision": "decline"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.DECLINED
    assert second.status == Registration.Status.OFFERED
    assert mailbox.to("second@pori.fi")


def test_an_expired_offer_passes_on_to_the_next_in_line(
    client, full_event, mailbox, django_capture_on_commit_callbacks
):
    event, holder, first, second = full_event
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=holder)
    link = _offer_link(mailbox, "first@kaarina.fi")
    first.refresh_from_db()
    assert first.offer_expires_at == pytest.approx(
        timezone.now() + datetime.timedelta(hours=24), abs=datetime.timedelta(seconds=60)
    )

    # Nothing happens before the deadline ...
    assert services.offers_expire(now=first.offer_expires_at - datetime.timedelta(minutes=1)) == 0
    # ... and the beat job passes it on after it.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.offers_expire(now=first.offer_expires_at + datetime.timedelta(minutes=1)) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.EXPIRED
    assert second.status == Registration.Status.OFFERED
    assert client.get(link).status_code == 410


def test_an_offer_never_outlasts_the_start_of_the_event(libraries):
    start = (timezone.now() + datetime.timedelta(hours=5)).replace(microsecond=0)
    event = make_event(seats_on_site=1, offer_hours=48, start=start)
    holder = _register(make_user("h@turku.fi", library=libraries["turku"]), event)
    waiting = _register(make_user("w@turku.fi", library=libraries["turku"]), event)
    services.registration_cancel(registration=holder)
    waiting.refresh_from_db()
    assert waiting.offer_expires_at == event.start


def test_anyone_can_leave_the_waitlist(client, full_event):
    event, holder, first, second = full_event
    client.force_login(first.user)
    client.post(f"/fi/my/events/{first.pk}/cancel/")
    first.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    # Nobody was offered anything: no seat was freed.
    assert not Registration.objects.filter(event=event, status=Registration.Status.OFFERED).exists()


def test_more_seats_in_the_admin_go_to_the_waitlist(full_event):
    event, holder, first, second = full_event
    previous = services.event_snapshot(event)
    event.seats_on_site = 3
    event.save()
    services.event_save(event=event, previous=previous)
    assert set(Registration.objects.filter(event=event).values_list("status", flat=True)) == {
        "confirmed",
        "offered",
    }


def test_organiser_cancelling_notifies_every_registrant_exactly_once(
    full_event, libraries, mailbox, django_capture_on_commit_callbacks
):
    event, holder, first, second = full_event
    gone = _register(make_user("gone@turku.fi", library=libraries["turku"]), event)
    services.registration_cancel(registration=gone)
    mailbox.clear()
    sequence = event.sequence

    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, reason="Kouluttaja sairastui.")
    # A second click, a rerun of the job and the sweeper send nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, reason="Kouluttaja sairastui.")
        services.event_mails_sweep(now=timezone.now() + datetime.timedelta(hours=2))

    messages = mailbox.wait_for(3)
    recipients = sorted(m["X-Envelope-To"] for m in messages)
    assert recipients == ["first@kaarina.fi", "holder@turku.fi", "second@pori.fi"]
    assert all("Kouluttaja sairastui." in message_text(m) for m in messages)
    event.refresh_from_db()
    assert event.status == "cancelled" and event.sequence == sequence + 1
    assert (
        EventMail.objects.filter(event=event, kind=EventMail.Kind.EVENT_CANCELLED, status="sent").count() == 3
    )


def test_cancelling_through_the_admin_form_notifies_too(
    full_event, mailbox, django_capture_on_commit_callbacks
):
    event, holder, first, second = full_event
    mailbox.clear()
    previous = services.event_snapshot(event)
    event.status = "cancelled"
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_save(event=event, previous=previous)
    assert len(mailbox.wait_for(3)) == 3
