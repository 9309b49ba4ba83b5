"""Watch parties (kielikylpykatsomot): viewing rooms of a remote event, their seats, attendance, B1/C6."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from ake.indicators import provider_for
from networks.models import Library
from networks.services import ServiceError
from tests.conftest import make_user
from trainings import services
from trainings.models import Attendance, EventFormat, EventLanguage, EventMail, Registration, ViewingRoom

from .conftest import make_event

ROOM_SEATS = (8, 12)
DESK_SEATS = 30  # the event's remote seats: those at their own desk (a room's seats are its own)
PEOPLE = 100
THREADS = 20


def _remote_event(**fields):
    fields.setdefault("format", EventFormat.REMOTE)
    fields.setdefault("language", EventLanguage.SWEDISH)
    fields.setdefault("seats_remote", DESK_SEATS)
    return make_event(**fields)


def _rooms(event):
    turku = Library.objects.get(name_fi="Turun kaupunginkirjasto")
    pori = Library.objects.get(name_fi="Porin kaupunginkirjasto")
    return [
        ViewingRoom.objects.create(
            event=event,
            host_library=library,
            address=address,
            seats=seats,
            support_person="Stina Stöd",
        )
        for library, address, seats in (
            (turku, "Linnankatu 2, Turku", ROOM_SEATS[0]),
            (pori, "Gallen-Kallelankatu 12, Pori", ROOM_SEATS[1]),
        )
    ]


def _register(event, email, library, room=None, **extra):
    return services.registration_create(
        event=event,
        email=email,
        first_name="P",
        last_name=email.split("@")[0],
        library=library,
        viewing_room=room,
        source=Registration.Source.AKE,
        **extra,
    )


@pytest.mark.django_db
def test_a_room_holds_its_seats_and_a_full_room_has_its_waitlist(libraries):
    event = _remote_event()
    small, _large = _rooms(event)
    for index in range(ROOM_SEATS[0]):
        assert _register(event, f"r{index}@turku.fi", libraries["turku"], small).status == "confirmed"
    assert _register(event, "late@turku.fi", libraries["turku"], small).status == "waitlisted"
    # At the desk there is still room: the room's seats are not the desk pool's.
    assert _register(event, "desk@turku.fi", libraries["turku"]).status == "confirmed"
    # A room of another event is refused.
    other = _remote_event()
    with pytest.raises(ServiceError):
        _register(other, "x@turku.fi", libraries["turku"], small)
    # On site there is no viewing room.
    hybrid = _remote_event(format=EventFormat.HYBRID, seats_on_site=5)
    room = _rooms(hybrid)[0]
    with pytest.raises(ServiceError):
        _register(hybrid, "y@turku.fi", libraries["turku"], room, participation="on_site")


@pytest.mark.django_db
def test_a_cancelled_place_in_a_room_frees_it(libraries):
    event = _remote_event()
    small, _large = _rooms(event)
    people = [_register(event, f"r{i}@turku.fi", libraries["turku"], small) for i in range(ROOM_SEATS[0])]
    waiting = _register(event, "next@turku.fi", libraries["turku"], small)
    assert waiting.status == "waitlisted"
    services.registration_cancel(registration=people[0], by_ake=True)
    waiting.refresh_from_db()
    # The room's seat goes to the first in the room's line.
    assert waiting.status == "offered" and waiting.viewing_room == small


@pytest.mark.slow
def test_hundred_people_registering_at_once_into_two_rooms_and_the_desk_pool(committed_db, mailbox):
    kaarina = Library.objects.get(name_fi="Kaarinan kaupunginkirjasto")
    event = _remote_event()
    rooms = _rooms(event)
    # 100 registrations from 20 threads at once (the shared PostgreSQL has a connection limit):
    # each thread registers five people one after the other, all threads released together.
    barrier = threading.Barrier(THREADS)
    errors: list[Exception] = []

    def register(first: int) -> None:
        try:
            barrier.wait(timeout=30)
            for index in range(first, PEOPLE, THREADS):
                # Every third to each room, the rest at their desk.
                room = rooms[index % 3] if index % 3 < 2 else None
                _register(event, f"person{index}@kaarina.fi", kaarina, room)
        except Exception as error:  # noqa: BLE001 - any failure is reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(first,)) for first in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert errors == []
    registrations = Registration.objects.filter(event=event)
    holding = Registration.objects.holding_seat().filter(event=event)
    # 34 asked for the first room, 33 for the second, 33 for their desk: every pool is full, none over.
    for room, seats in zip(rooms, ROOM_SEATS, strict=True):
        assert holding.filter(viewing_room=room).count() == seats
        assert (
            registrations.filter(viewing_room=room, status="waitlisted").count()
            == (34 if seats == 8 else 33) - seats
        )
    assert holding.filter(viewing_room__isnull=True).count() == DESK_SEATS
    assert registrations.filter(viewing_room__isnull=True, status="waitlisted").count() == 33 - DESK_SEATS
    # Nobody was lost, and everyone heard which way it went, once.
    assert registrations.count() == PEOPLE
    assert EventMail.objects.filter(event=event).count() == PEOPLE


@pytest.mark.django_db
def test_attending_in_a_room_is_attending_the_event_and_counts_once(libraries):
    start = timezone.now() - datetime.timedelta(days=400)
    event = _remote_event(start=start.replace(month=3, day=10), swedish_coplanned=True)
    small, large = _rooms(event)
    a = _register(event, "a@turku.fi", libraries["turku"], small)
    b = _register(event, "b@pori.fi", libraries["pori"], large)
    c = _register(event, "c@kaarina.fi", libraries["kaarina"])
    services.attendance_checklist_save(
        event=event, present_ids={a.pk, b.pk, c.pk}, listed_ids={a.pk, b.pk, c.pk}, recorded_by=None
    )
    assert Attendance.objects.get(email="a@turku.fi").viewing_room == small
    year = timezone.localdate(event.start).year
    today = datetime.date(year, 12, 31)
    b1 = provider_for("B1")(year=year, today=today)
    c6 = provider_for("C6")(year=year, today=today)
    assert [item.label["fi"] for item in b1.items].count(event.title) == 1
    assert [item.label["fi"] for item in c6.items].count(event.title) == 1
    b2 = provider_for("B2")(year=year, today=today)
    assert {libraries["turku"].pk, libraries["pori"].pk, libraries["kaarina"].pk} <= b2.library_ids


@pytest.mark.django_db
def test_the_registration_page_offers_the_desk_or_a_room(client, libraries):
    event = _remote_event()
    small, _large = _rooms(event)
    user = make_user("ida@turku.fi", library=libraries["turku"])
    client.force_login(user)
    with translation.override("sv"):
        url = reverse("trainings:register", args=[event.pk])
    page = client.get(url).content.decode()
    assert "Vid mitt skrivbord" in page and "Linnankatu 2, Turku" in page
    response = client.post(url, {"viewing_room": str(small.pk)})
    assert response.status_code == 302
    assert Registration.objects.get(email="ida@turku.fi").viewing_room == small


@pytest.mark.django_db
def test_a_registrant_in_a_room_is_told_the_room_by_mail_and_on_the_event_page(client, libraries):
    from trainings.emails import build_message

    event = _remote_event()
    small, _large = _rooms(event)
    ida = make_user("ida@turku.fi", library=libraries["turku"], language="sv")
    in_room = _register(event, ida.email, libraries["turku"], small, user=ida, language="sv")
    at_desk = _register(event, "desk@pori.fi", libraries["pori"], language="sv")

    def confirmation(registration):
        mail = EventMail.objects.get(registration=registration, kind=EventMail.Kind.CONFIRMATION)
        return build_message(mail).body

    # Whoever chose a room learns where to go and who supports them there, not "Plats: På nätet".
    body = confirmation(in_room)
    assert "Du följer evenemanget i ett visningsrum: Åbo stadsbibliotek, Linnankatu 2, Turku" in body
    assert "(stöd: Stina Stöd)" in body
    assert "På nätet" not in body
    desk = confirmation(at_desk)
    assert "visningsrum" not in desk and "Linnankatu" not in desk

    client.force_login(ida)
    with translation.override("sv"):
        page = client.get(event.get_absolute_url()).content.decode()
    assert "Du följer evenemanget i ett visningsrum: Åbo stadsbibliotek, Linnankatu 2, Turku" in page


@pytest.mark.django_db
def test_a_swedish_reader_sees_the_room_by_its_swedish_name(client, libraries):
    """Issue #14: a room's address is a translated text; without a Swedish one it falls back to the
    Finnish (the one rule), and the demo's rooms have all three (Allaktivitetsrummet in Pargas)."""
    event = _remote_event()
    named, unnamed = _rooms(event)
    named.address_fi, named.address_sv, named.address_en = (
        "Turku, Kokoushuone",
        "Åbo, Mötesrummet",
        "Turku, Meeting room",
    )
    named.save()
    client.force_login(make_user("ida@turku.fi", library=libraries["turku"]))
    pages = {}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            pages[language] = client.get(reverse("trainings:register", args=[event.pk])).content.decode()
    assert "Åbo, Mötesrummet" in pages["sv"] and "Kokoushuone" not in pages["sv"]
    assert "Turku, Meeting room" in pages["en"] and "Kokoushuone" not in pages["en"]
    assert "Turku, Kokoushuone" in pages["fi"]
    assert "Gallen-Kallelankatu 12, Pori" in pages["sv"]  # no Swedish one: the Finnish as written

    from networks.models import Library
    from trainings.demo import viewing_room_address

    pargas = Library.objects.filter(municipality_fi="Parainen").first()
    assert viewing_room_address(pargas, 0) == {
        "address": "Parainen, Monitoimitila",
        "address_sv": "Pargas, Allaktivitetsrummet",
        "address_en": "Parainen, Multipurpose room",
    }
