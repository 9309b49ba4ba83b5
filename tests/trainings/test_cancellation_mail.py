"""Issue #15 item 3: a cancelled registration is told by mail, and its calendar entry goes away.

Whoever cancels (the person on My events, or AKE in the admin), the registrant gets a mail in their
own language through the outbox, with an iCalendar METHOD:CANCEL for the invitation their
confirmation carried: the same UID and a higher SEQUENCE, as RFC 5546 asks.
"""

import email

import icalendar
import pytest
from django.urls import reverse

from ake.models import OutboxMail
from tests.conftest import make_user, message_text
from trainings import services
from trainings.models import EventMail, Registration

from .conftest import make_event, subject

pytestmark = pytest.mark.django_db


def _calendar(message) -> icalendar.Calendar | None:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return icalendar.Calendar.from_ical(part.get_payload(decode=True))
    return None


def _vevent(calendar):
    return next(component for component in calendar.walk("VEVENT"))


def _register(user, event):
    return services.registration_create(
        event=event,
        user=user,
        email=user.email,
        first_name=user.first_name,
        last_name=user.last_name,
        library=user.library,
        language=user.language,
    )


def _confirmation_invitation(registration):
    from trainings.emails import build_message

    mail = EventMail.objects.get(registration=registration, kind=EventMail.Kind.CONFIRMATION)
    return _vevent(_calendar(email.message_from_bytes(build_message(mail).message().as_bytes())))


def test_person_cancels_and_gets_a_calendar_cancellation_in_their_language(
    client, libraries, mailbox, django_capture_on_commit_callbacks
):
    event = make_event(seats_on_site=5)
    person = make_user("anna.holm@kaarina.fi", library=libraries["kaarina"], language="sv")
    registration = _register(person, event)
    invitation = _confirmation_invitation(registration)
    client.force_login(person)
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("trainings:registration_cancel", args=[registration.pk]))
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.CANCELLED
    row = OutboxMail.objects.get(purpose="trainings.registration_cancelled")
    assert row.status == OutboxMail.Status.SENT and row.recipients == [person.email]
    (message,) = mailbox.wait_for(1)
    assert subject(message).endswith(f"{event.title}") and "Anmälan avbokad" in subject(message)
    assert "Din anmälan till evenemanget är avbokad." in message_text(message)
    calendar = _calendar(message)
    assert calendar["METHOD"] == "CANCEL"
    cancelled = _vevent(calendar)
    assert cancelled["UID"] == invitation["UID"]
    assert int(cancelled["SEQUENCE"]) > int(invitation["SEQUENCE"])
    assert cancelled["STATUS"] == "CANCELLED"
    assert str(cancelled["ATTENDEE"]).lower() == f"mailto:{person.email}"
    content_type = next(p for p in message.walk() if p.get_content_type() == "text/calendar")["Content-Type"]
    assert "method=CANCEL" in content_type.replace('"', "")


def test_ake_cancels_a_registration_and_the_person_is_told_so(
    libraries, mailbox, django_capture_on_commit_callbacks
):
    event = make_event(seats_on_site=5)
    person = make_user("matti.aho@kaarina.fi", library=libraries["kaarina"], language="fi")
    registration = _register(person, event)
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=registration, by_ake=True)
    (message,) = mailbox.wait_for(1)
    assert subject(message).startswith("[AKE-extranet] Ilmoittautuminen peruttu")
    assert "AKE on perunut ilmoittautumisesi" in message_text(message)
    assert _calendar(message)["METHOD"] == "CANCEL"


def test_leaving_the_waitlist_is_confirmed_without_a_calendar_file(
    libraries, mailbox, django_capture_on_commit_callbacks
):
    event = make_event(seats_on_site=1)
    first = make_user("eka@kaarina.fi", library=libraries["kaarina"])
    second = make_user("toka@kaarina.fi", library=libraries["kaarina"])
    _register(first, event)
    waiting = _register(second, event)
    assert waiting.status == Registration.Status.WAITLISTED
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=waiting)
    (message,) = mailbox.wait_for(1)
    assert message["X-Envelope-To"] == second.email
    assert _calendar(message) is None


def test_cancelling_the_event_sends_an_itip_cancellation_too(
    libraries, mailbox, django_capture_on_commit_callbacks
):
    from trainings.emails import build_message

    event = make_event(seats_on_site=5)
    person = make_user("liisa@kaarina.fi", library=libraries["kaarina"])
    registration = _register(person, event)
    invitation = _confirmation_invitation(registration)
    services.event_cancel(event=event, reason="Kouluttaja sairastui.")
    mail = EventMail.objects.get(registration=registration, kind=EventMail.Kind.EVENT_CANCELLED)
    calendar = _calendar(email.message_from_bytes(build_message(mail).message().as_bytes()))
    assert calendar["METHOD"] == "CANCEL"
    assert _vevent(calendar)["UID"] == invitation["UID"]
    assert int(_vevent(calendar)["SEQUENCE"]) > int(invitation["SEQUENCE"])
