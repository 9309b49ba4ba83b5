"""Seats taken are counted one way (trainings.selectors.seats_taken): the registration form's seats
left at each pick-up point and viewing room are right on the next request after a registration, and
the iCalendar feed, which shows no seat figure, reads none."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from networks.models import Library
from tests.conftest import make_user
from trainings import selectors, services
from trainings.models import EventFormat, PickupPoint, Registration, ViewingRoom

from .conftest import make_event

pytestmark = pytest.mark.django_db

ROOM = "Turku City Library, Linnankatu 2"  # as the English form names the room


def _hybrid_event():
    event = make_event(format=EventFormat.HYBRID, seats_on_site=2, seats_remote=5)
    turku = Library.objects.get(name_fi="Turun kaupunginkirjasto")
    points = [
        PickupPoint.objects.create(event=event, name="Porin tori", seats=2, sort_order=1),
        PickupPoint.objects.create(event=event, name="Rauman asema", seats=3, sort_order=2),
    ]
    room = ViewingRoom.objects.create(event=event, host_library=turku, address="Linnankatu 2", seats=2)
    return event, points, room


def _register(event, email, library, **extra):
    return services.registration_create(
        event=event, email=email, first_name="P", last_name=email.split("@")[0], library=library, **extra
    )


def _seats_left(page: str) -> dict[str, int]:
    """The seats left shown beside each pick-up point and viewing room of the registration form."""
    return {
        name.strip(): int(left)
        for name, left in re.findall(r">\s*([^<>]*?)(?: \d\d:\d\d)? \((\d+) seats left", page)
    }


def _register_url(event) -> str:
    with translation.override("en"):
        return reverse("trainings:register", args=[event.pk])


def test_the_registration_form_shows_the_seats_left_after_each_registration(client, libraries):
    event, (pori, rauma), room = _hybrid_event()
    url = _register_url(event)
    client.force_login(make_user("ida@turku.fi", library=libraries["turku"]))
    assert _seats_left(client.get(url).content.decode()) == {
        "Porin tori": 2,
        "Rauman asema": 3,
        ROOM: 2,
    }

    _register(event, "a@pori.fi", libraries["pori"], participation="on_site", pickup_point=pori)
    _register(event, "b@kaarina.fi", libraries["kaarina"], participation="remote", viewing_room=room)
    # The on-site seats are full: a third person waits and holds no seat at the pick-up point.
    _register(event, "c@turku.fi", libraries["turku"], participation="on_site")
    waiting = _register(event, "d@pori.fi", libraries["pori"], participation="on_site", pickup_point=rauma)
    assert waiting.status == Registration.Status.WAITLISTED
    assert _seats_left(client.get(url).content.decode()) == {
        "Porin tori": 1,
        "Rauman asema": 3,
        ROOM: 1,
    }

    # A registration through the form itself shows on the next view of the form.
    assert client.post(url, {"participation": "remote", "viewing_room": str(room.pk)}).status_code == 302
    client.force_login(make_user("eva@kaarina.fi", library=libraries["kaarina"]))
    assert _seats_left(client.get(url).content.decode())[ROOM] == 0


def test_seat_choices_count_as_the_services_do(libraries):
    """The pick-up points' and rooms' seats taken are the services' own counts (those holding a seat,
    whatever their participation), read in one query."""
    event, (pori, rauma), room = _hybrid_event()
    _register(event, "a@pori.fi", libraries["pori"], participation="on_site", pickup_point=pori)
    _register(event, "b@turku.fi", libraries["turku"], participation="on_site", pickup_point=rauma)
    _register(event, "c@kaarina.fi", libraries["kaarina"], participation="remote", viewing_room=room)
    cancelled = _register(
        event, "d@kaarina.fi", libraries["kaarina"], participation="remote", viewing_room=room
    )
    services.registration_cancel(registration=cancelled)
    with CaptureQueriesContext(connection) as captured:
        points, rooms = selectors.seat_choices(event=event)
    assert len(captured) == 3  # the points, the rooms, the seats taken
    holding = Registration.objects.holding_seat()
    assert {point.pk: point.taken for point in points} == {
        point.pk: holding.filter(pickup_point=point).count() for point in (pori, rauma)
    }
    assert [(r.pk, r.taken) for r in rooms] == [(room.pk, holding.filter(viewing_room=room).count())]
    assert [r.taken for r in rooms] == [1] and sorted(p.taken for p in points) == [1, 1]


def test_the_registration_form_reads_the_same_queries_whatever_the_registrations(client, libraries):
    event, (pori, _rauma), room = _hybrid_event()
    url = _register_url(event)
    client.force_login(make_user("ida@turku.fi", library=libraries["turku"]))
    client.get(url)
    with CaptureQueriesContext(connection) as empty:
        client.get(url)
    for index in range(2):
        _register(event, f"p{index}@pori.fi", libraries["pori"], participation="on_site", pickup_point=pori)
        _register(event, f"r{index}@turku.fi", libraries["turku"], participation="remote", viewing_room=room)
    with CaptureQueriesContext(connection) as full:
        client.get(url)
    assert len(full) == len(empty)
    # The seats are counted once, by seats_taken's grouped count, not by the event's query.
    counted = [q["sql"] for q in full if '"trainings_registration"' in q["sql"] and "COUNT" in q["sql"]]
    assert len(counted) == 1 and "GROUP BY" in counted[0]


def test_the_feed_reads_no_seat_figure(client, libraries):
    event = make_event(title="Koulutus A", seats_on_site=10)
    _register(event, "a@pori.fi", libraries["pori"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("trainings:feed"))
    assert response.status_code == 200 and b"Koulutus A" in response.content
    assert not [q["sql"] for q in captured if "trainings_registration" in q["sql"]]
