import datetime

import icalendar
import pytest
from django.urls import reverse

from trainings import services
from trainings.models import Event, EventFormat, EventKind

from .conftest import make_event

pytestmark = pytest.mark.django_db


def _events(response):
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_event_ics_has_a_stable_uid_helsinki_time_and_a_sequence_that_grows(client):
    event = make_event(title="Pelikasvatus", online_url="https://teams.example/secret")
    url = reverse("trainings:event_ics", args=[event.pk])
    calendar, events = _events(client.get(url))
    vevent = events["Pelikasvatus"]
    uid = str(vevent["UID"])
    assert uid == f"{event.uid}@ake-extranet"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert vevent.decoded("DTSTART") == event.start
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    assert vevent["SEQUENCE"] == 0
    assert b"teams.example/secret" not in client.get(url).content  # the link is for participants only

    previous = services.event_snapshot(event)
    event.start += datetime.timedelta(hours=1)
    event.end += datetime.timedelta(hours=1)
    event.save()
    services.event_save(event=event, previous=previous)
    _calendar, events = _events(client.get(url))
    assert str(events["Pelikasvatus"]["UID"]) == uid
    assert events["Pelikasvatus"]["SEQUENCE"] == 1

    services.event_cancel(event=event)
    _calendar, events = _events(client.get(url))
    assert events["Pelikasvatus"]["STATUS"] == "CANCELLED"
    assert events["Pelikasvatus"]["SEQUENCE"] == 2
    assert str(events["Pelikasvatus"]["UID"]) == uid


def test_drafts_change_without_bumping_sequence():
    event = make_event(status=Event.Status.DRAFT)
    previous = services.event_snapshot(event)
    event.title = "Uusi nimi"
    event.save()
    services.event_save(event=event, previous=previous)
    event.refresh_from_db()
    assert event.sequence == 0


def test_public_feed_lists_published_events_and_filters(client):
    make_event(title="Koulutus A")
    make_event(title="Kahvihetki B", kind=EventKind.COFFEE_HOUR, format=EventFormat.REMOTE)
    make_event(title="Luonnos C", status=Event.Status.DRAFT)
    _calendar, events = _events(client.get(reverse("trainings:feed")))
    assert set(events) == {"Koulutus A", "Kahvihetki B"}
    _calendar, events = _events(client.get(reverse("trainings:feed") + "?kind=coffee_hour"))
    assert set(events) == {"Kahvihetki B"}


def test_private_feed_by_secret_token(client, staff_user, other_library_user):
    mine = make_event(
        title="Oma", online_url="https://teams.example/mine", format=EventFormat.REMOTE, seats_remote=5
    )
    make_event(title="Muiden")
    services.registration_create(
        event=mine,
        user=staff_user,
        email=staff_user.email,
        first_name="M",
        last_name="V",
        library=staff_user.library,
    )
    client.force_login(staff_user)
    page = client.get(reverse("trainings:my_events")).content.decode()
    token = services.calendar_token_get(user=staff_user).token
    feed_url = reverse("trainings:private_feed", args=[token])
    assert feed_url in page

    client.logout()  # calendar programs fetch without a session
    _calendar, events = _events(client.get(feed_url))
    assert set(events) == {"Oma"}
    assert "teams.example/mine" in str(events["Oma"]["DESCRIPTION"])
    assert client.get(reverse("trainings:private_feed", args=["guess"])).status_code == 404

    client.force_login(staff_user)
    client.post(reverse("trainings:feed_reset"))
    assert client.get(feed_url).status_code == 404
