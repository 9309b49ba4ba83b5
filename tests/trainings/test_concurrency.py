"""No overbooking: seat decisions are serialised by a row lock on the event in PostgreSQL."""

import threading

import pytest
from django.db import connection

from networks.models import Library
from trainings import services
from trainings.models import EventMail, Registration

from .conftest import make_event

PEOPLE = 50
LAST_SEATS = 10


@pytest.mark.slow
def test_fifty_people_registering_at_once_for_the_last_ten_seats(committed_db, mailbox):
    turku = Library.objects.get(name_fi="Turun kaupunginkirjasto")
    kaarina = Library.objects.get(name_fi="Kaarinan kaupunginkirjasto")
    event = make_event(seats_on_site=LAST_SEATS + 2)
    for index in range(2):
        services.registration_create(
            event=event,
            email=f"early{index}@turku.fi",
            first_name="Early",
            last_name=str(index),
            library=turku,
        )
    barrier = threading.Barrier(PEOPLE)
    errors: list[Exception] = []

    def register(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            services.registration_create(
                event=event,
                email=f"person{index}@kaarina.fi",
                first_name="Person",
                last_name=str(index),
                library=kaarina,
            )
        except Exception as error:  # noqa: BLE001 - any failure is reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(index,)) for index in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    concurrent = Registration.objects.filter(event=event, email__startswith="person")
    assert concurrent.count() == PEOPLE
    assert concurrent.filter(status=Registration.Status.CONFIRMED).count() == LAST_SEATS
    assert concurrent.filter(status=Registration.Status.WAITLISTED).count() == PEOPLE - LAST_SEATS
    assert Registration.objects.holding_seat().filter(event=event).count() == event.seats_on_site
    # Everyone heard which way it went, once.
    assert EventMail.objects.filter(event=event, kind=EventMail.Kind.CONFIRMATION).count() == LAST_SEATS + 2
    assert (
        EventMail.objects.filter(event=event, kind=EventMail.Kind.WAITLISTED).count() == PEOPLE - LAST_SEATS
    )
    assert len(mailbox.wait_for(PEOPLE + 2)) == PEOPLE + 2
