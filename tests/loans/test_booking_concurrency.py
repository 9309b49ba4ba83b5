"""Concurrent booking requests against a real PostgreSQL: the exclusion constraint decides."""

import threading
import time

import pytest
from django.db import OperationalError, connection

from loans import services
from loans.models import KitBooking
from loans.services import KitBookingConflict, kit_booking_create

from .conftest import COLLECTED, days, make_kit

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REQUESTS = 50


def _connect_with_retry():
    # Other test databases share the server's connection limit: wait for a slot instead of failing.
    for attempt in range(20):
        try:
            connection.ensure_connection()
            return
        except OperationalError:
            time.sleep(0.2 * (attempt + 1))
    connection.ensure_connection()


def _race(kit, users, base, requests=REQUESTS):
    """Fires ``requests`` booking requests for overlapping dates at the same moment."""
    barrier = threading.Barrier(requests)
    outcomes = []
    lock = threading.Lock()

    def request(number):
        try:
            _connect_with_retry()
            barrier.wait(timeout=60)
            pickup = days(base, number % 5)  # every request overlaps every other one
            booking = kit_booking_create(
                kit=kit,
                library=users[number % len(users)].library,
                booked_by=users[number % len(users)],
                pickup_date=pickup,
                return_date=days(pickup, 6),
                delivery=COLLECTED,
            )
            outcome = ("booked", booking.unit_id)
        except KitBookingConflict as refusal:
            outcome = ("refused", str(refusal), refusal.next_free)
        except Exception as error:  # noqa: BLE001 - any other outcome fails the test below
            outcome = ("error", repr(error))
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=request, args=(number,)) for number in range(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_fifty_concurrent_requests_for_a_one_unit_kit_give_one_booking_and_49_clear_refusals(
    game_rule, staff_user, other_library_user, today
):
    kit = make_kit(units=1)
    base = days(today, 30)
    outcomes = _race(kit, [staff_user, other_library_user], base)
    assert [o for o in outcomes if o[0] == "error"] == []
    booked = [o for o in outcomes if o[0] == "booked"]
    refused = [o for o in outcomes if o[0] == "refused"]
    assert len(booked) == 1
    assert len(refused) == REQUESTS - 1
    assert KitBooking.objects.filter(kit=kit).count() == 1
    winner = KitBooking.objects.get(kit=kit)
    for _, message, next_free in refused:
        assert next_free is not None and next_free[0] > winner.blocked_end
        assert message  # a sentence for the user, with the dates


def test_fifty_concurrent_requests_for_a_two_unit_kit_give_two_bookings_on_different_units(
    game_rule, staff_user, other_library_user, today
):
    kit = make_kit("Pakopeli", units=2)
    outcomes = _race(kit, [staff_user, other_library_user], days(today, 30))
    assert [o for o in outcomes if o[0] == "error"] == []
    booked_units = [o[1] for o in outcomes if o[0] == "booked"]
    assert len(booked_units) == 2
    assert set(booked_units) == set(kit.units.values_list("pk", flat=True))
    assert len([o for o in outcomes if o[0] == "refused"]) == REQUESTS - 2


def _waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_a_request_that_saw_the_unit_free_gets_the_conflict_message_from_the_constraint(
    game_rule, staff_user, other_library_user, today, monkeypatch
):
    """The first request inserts and pauses before committing; the second one's availability check
    sees the unit free, its insert waits on the first, and PostgreSQL's refusal becomes the message."""
    kit = make_kit(units=1)
    base = days(today, 30)
    inserted, go = threading.Event(), threading.Event()
    original_event = services._event

    def pausing_event(booking, kind, by=None, note=""):
        if by == staff_user:
            inserted.set()
            go.wait(timeout=30)
        original_event(booking, kind, by, note)

    monkeypatch.setattr(services, "_event", pausing_event)
    results = {}

    def request(user, key):
        try:
            results[key] = kit_booking_create(
                kit=kit,
                library=user.library,
                booked_by=user,
                pickup_date=base,
                return_date=days(base, 6),
                delivery=COLLECTED,
            )
        except KitBookingConflict as refusal:
            results[key] = refusal
        finally:
            connection.close()

    first = threading.Thread(target=request, args=(staff_user, "first"))
    first.start()
    assert inserted.wait(timeout=30)
    second = threading.Thread(target=request, args=(other_library_user, "second"))
    second.start()
    deadline = time.monotonic() + 30
    while _waiting_on_a_lock() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _waiting_on_a_lock() >= 1  # the second insert waits on the first one's row
    go.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert isinstance(results["first"], KitBooking)
    assert isinstance(results["second"], KitBookingConflict)
    assert results["second"].next_free == (days(base, 9), days(base, 15))
