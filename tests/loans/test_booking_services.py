"""Booking a kit: unit choice, the kit type's rules, and how the blocked ranges meet."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats

from loans.models import KitBooking, KitBookingEvent, KitReminder, KitUnit
from loans.services import (
    KitBookingConflict,
    kit_booking_approve,
    kit_booking_cancel,
    kit_booking_create,
    kit_booking_extend,
    kit_booking_hand_over,
    kit_booking_refuse,
    kit_booking_return,
    kit_booking_update,
)
from networks.services import ServiceError

from .conftest import COLLECTED, COURIER, days, make_kit

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(today):
    return days(today, 30)


def book(kit, user, pickup, return_, delivery=COLLECTED, **extra):
    return kit_booking_create(
        kit=kit,
        library=user.library,
        booked_by=user,
        pickup_date=pickup,
        return_date=return_,
        delivery=delivery,
        **extra,
    )


def test_booking_within_the_rules_is_confirmed_on_a_free_unit_with_its_blocked_range(kit, staff_user, base):
    booking = book(kit, staff_user, base, days(base, 9), delivery=COURIER)
    assert booking.status == KitBooking.Status.CONFIRMED
    assert booking.unit == kit.units.get()
    # Courier: one transit day before; one transit day and two checking days after.
    assert (booking.blocked_start, booking.blocked_end) == (days(base, -1), days(base, 12))
    assert booking.library == staff_user.library
    assert list(booking.events.values_list("kind", flat=True)) == [KitBookingEvent.Kind.CREATED]
    assert set(booking.reminders.values_list("kind", "due_on")) == {
        (KitReminder.Kind.PICKUP, days(base, -2)),
        (KitReminder.Kind.RETURN, days(base, 7)),
    }


def test_overlapping_booking_is_refused_with_the_next_free_dates(kit, staff_user, other_library_user, base):
    book(kit, staff_user, base, days(base, 9))  # blocks base .. base+11 (two checking days)
    with pytest.raises(KitBookingConflict) as refusal:
        book(kit, other_library_user, days(base, 2), days(base, 5))
    # Same four-day length, from the first day after the checking days.
    assert refusal.value.next_free == (days(base, 12), days(base, 15))
    message = str(refusal.value)
    assert "already booked" in message or "varattu" in message
    assert formats.date_format(days(base, 12), "SHORT_DATE_FORMAT") in message
    assert KitBooking.objects.count() == 1


def test_return_day_cannot_be_the_next_pick_up_day_of_the_same_unit(
    kit, staff_user, other_library_user, base
):
    """Documented in loans/models.py: collected back on day D, free again on D + checking days + 1."""
    first = book(kit, staff_user, base, days(base, 9))
    return_day = first.return_date
    for pickup in (return_day, days(return_day, 1), days(return_day, 2)):
        with pytest.raises(KitBookingConflict):
            book(kit, other_library_user, pickup, days(pickup, 3))
    adjacent = book(kit, other_library_user, days(return_day, 3), days(return_day, 6))
    assert adjacent.unit_id == first.unit_id
    assert adjacent.blocked_start == days(first.blocked_end, 1)


def test_courier_transit_days_belong_to_the_blocked_range(kit, staff_user, other_library_user, base):
    first = book(kit, staff_user, base, days(base, 9), delivery=COURIER)  # blocked until base+12
    # A courier loan needs its own transit day before the pick-up: base+13 is the first free pick-up.
    with pytest.raises(KitBookingConflict) as refusal:
        book(kit, other_library_user, days(base, 13), days(base, 16), delivery=COURIER)
    assert refusal.value.next_free == (days(base, 14), days(base, 17))
    second = book(kit, other_library_user, days(base, 14), days(base, 17), delivery=COURIER)
    assert second.blocked_start == days(first.blocked_end, 1)
    # Collected in Turku, the same unit could go a day earlier: no transit before the pick-up.
    second.status = KitBooking.Status.CANCELLED
    second.save()
    assert book(kit, other_library_user, days(base, 13), days(base, 16)).unit_id == first.unit_id


def test_two_unit_kit_takes_two_overlapping_bookings_then_refuses(
    game_rule, staff_user, other_library_user, base
):
    kit = make_kit("Pakopeli", units=2)
    first = book(kit, staff_user, base, days(base, 9))
    second = book(kit, other_library_user, days(base, 3), days(base, 12))
    assert {first.unit.code, second.unit.code} == {"1", "2"}
    with pytest.raises(KitBookingConflict) as refusal:
        book(kit, staff_user, days(base, 5), days(base, 6))
    # Unit 1 is free again first: its booking ends (with checking) on base+11.
    assert refusal.value.next_free == (days(base, 12), days(base, 13))


def test_units_in_repair_or_retired_are_never_booked(game_rule, staff_user, base):
    kit = make_kit(units=3)
    kit.units.filter(code__in=["1", "2"]).update(state=KitUnit.State.IN_REPAIR)
    kit.units.filter(code="3").update(state=KitUnit.State.RETIRED)
    with pytest.raises(KitBookingConflict):
        book(kit, staff_user, base, days(base, 3))
    kit.units.filter(code="2").update(state=KitUnit.State.AVAILABLE)
    assert book(kit, staff_user, base, days(base, 3)).unit.code == "2"


def test_postgresql_refuses_an_overlap_written_past_the_service(kit, staff_user, base):
    booking = book(kit, staff_user, base, days(base, 9))
    clash = KitBooking(
        kit=kit,
        unit=booking.unit,
        library=staff_user.library,
        pickup_date=days(base, 11),
        return_date=days(base, 12),
        delivery=COLLECTED,
        status=KitBooking.Status.CONFIRMED,
        blocked_start=days(base, 11),  # overlaps the first booking's checking days (inclusive range)
        blocked_end=days(base, 14),
    )
    with pytest.raises(IntegrityError, match="kitbooking_unit_no_overlap"), transaction.atomic():
        clash.save()
    # Cancelled and refused bookings hold nothing.
    clash.status = KitBooking.Status.CANCELLED
    clash.save()
    assert KitBooking.objects.count() == 2


def test_booking_outside_the_rules_waits_for_approval_and_holds_its_unit(
    kit, staff_user, other_library_user, editor, today
):
    too_soon = days(today, 1)
    request = book(kit, staff_user, too_soon, days(too_soon, 34))
    assert request.status == KitBooking.Status.REQUESTED
    assert "28" in request.rule_notes and "3" in request.rule_notes  # both rules named
    assert not request.reminders.exists()
    with pytest.raises(KitBookingConflict):
        book(kit, other_library_user, days(today, 10), days(today, 12))
    with pytest.raises(ServiceError):
        kit_booking_refuse(booking=request, by=editor, reason="  ")
    approved = kit_booking_approve(booking=request, by=editor)
    assert approved.status == KitBooking.Status.CONFIRMED
    assert approved.reminders.filter(kind=KitReminder.Kind.RETURN).exists()


def test_refusal_frees_the_unit_and_keeps_the_reason(kit, staff_user, other_library_user, editor, today):
    request = book(kit, staff_user, days(today, 400), days(today, 405))  # beyond 365 days ahead
    assert request.status == KitBooking.Status.REQUESTED
    refused = kit_booking_refuse(booking=request, by=editor, reason="Salkku on silloin huollossa.")
    assert refused.decision_reason == "Salkku on silloin huollossa."
    other = book(kit, other_library_user, days(today, 400), days(today, 405))
    assert other.unit_id == request.unit_id


def test_dates_are_validated(kit, staff_user, today):
    with pytest.raises(ValidationError) as error:
        book(kit, staff_user, days(today, 10), days(today, 9))
    assert "return_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        book(kit, staff_user, days(today, -1), days(today, 3))
    assert "pickup_date" in error.value.message_dict


def test_change_keeps_the_unit_and_a_clashing_change_leaves_the_booking_as_it_was(
    game_rule, staff_user, other_library_user, base
):
    kit = make_kit(units=2)
    mine = book(kit, staff_user, base, days(base, 4))
    theirs = book(kit, other_library_user, days(base, 10), days(base, 14))
    assert mine.unit_id == theirs.unit_id  # both fit on unit 1
    mine = kit_booking_update(
        booking=mine,
        by=staff_user,
        pickup_date=days(base, 1),
        return_date=days(base, 5),
        delivery=COLLECTED,
        notes="x",
    )
    assert mine.unit_id == theirs.unit_id
    # Overlapping theirs: moves to the second unit.
    mine = kit_booking_update(
        booking=mine,
        by=staff_user,
        pickup_date=days(base, 9),
        return_date=days(base, 12),
        delivery=COLLECTED,
        notes="",
    )
    assert mine.unit_id != theirs.unit_id
    third = book(kit, other_library_user, days(base, 1), days(base, 3))
    assert third.unit_id == theirs.unit_id
    fourth = book(kit, other_library_user, base, days(base, 3))
    assert fourth.unit_id == mine.unit_id
    with pytest.raises(KitBookingConflict):
        kit_booking_update(
            booking=mine,
            by=staff_user,
            pickup_date=days(base, 2),
            return_date=days(base, 11),
            delivery=COLLECTED,
            notes="",
        )
    mine.refresh_from_db()
    assert (mine.pickup_date, mine.return_date) == (days(base, 9), days(base, 12))


def test_cancelled_booking_frees_the_unit_and_cannot_be_changed(kit, staff_user, other_library_user, base):
    mine = book(kit, staff_user, base, days(base, 4))
    kit_booking_cancel(booking=mine, by=staff_user, reason="Tapahtuma peruttiin")
    assert mine.reminders.filter(status=KitReminder.Status.PENDING).count() == 0
    assert book(kit, other_library_user, base, days(base, 4)).unit_id == mine.unit_id
    with pytest.raises(ServiceError):
        kit_booking_cancel(booking=mine, by=staff_user)


def test_extension_is_granted_only_when_nothing_clashes(kit, staff_user, other_library_user, base):
    mine = book(kit, staff_user, base, days(base, 9))  # blocked until base+11
    book(kit, other_library_user, days(base, 15), days(base, 18))  # blocked from base+15
    granted = kit_booking_extend(booking=mine, by=staff_user, return_date=days(base, 11))
    assert granted.granted
    mine.refresh_from_db()
    assert (mine.return_date, mine.blocked_end) == (days(base, 11), days(base, 13))
    refused = kit_booking_extend(booking=mine, by=staff_user, return_date=days(base, 13))
    assert not refused.granted
    # Return base+12 would block until base+14: the latest return that fits.
    assert formats.date_format(days(base, 12), "SHORT_DATE_FORMAT") in refused.message
    mine.refresh_from_db()
    assert mine.return_date == days(base, 11)
    assert mine.events.filter(kind=KitBookingEvent.Kind.EXTENSION_REFUSED).count() == 1
    too_long = kit_booking_extend(booking=mine, by=staff_user, return_date=days(base, 40))
    assert not too_long.granted and "28" in too_long.message


def test_hand_over_and_early_return_free_the_rest_of_the_range(
    kit, staff_user, other_library_user, editor, base
):
    mine = book(kit, staff_user, base, days(base, 20))
    kit_booking_hand_over(booking=mine, by=editor)
    returned = kit_booking_return(
        booking=mine,
        by=editor,
        returned_on=days(base, 5),
        condition_notes="Kunnossa",
        missing_contents="1 noppa",
    )
    assert returned.status == KitBooking.Status.RETURNED
    assert returned.blocked_end == days(base, 7)  # two checking days after the kit came back
    assert book(kit, other_library_user, days(base, 8), days(base, 10)).unit_id == mine.unit_id
    assert "1 noppa" in mine.events.get(kind=KitBookingEvent.Kind.RETURNED).note
    with pytest.raises(ServiceError):
        kit_booking_hand_over(booking=mine, by=editor)


def test_requested_booking_notifies_ake_and_the_booker(
    kit, staff_user, today, mailbox, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        book(kit, staff_user, days(today, 1), days(today, 3))
    mailbox.wait_for(2)
    assert len(mailbox.to(settings.AKE_CONTACT_EMAIL)) == 1
    assert len(mailbox.to(staff_user.email)) == 1


def test_notes_of_a_handed_over_booking_can_be_corrected_but_not_its_dates(kit, staff_user, editor, base):
    booking = book(kit, staff_user, base, days(base, 4))
    kit_booking_hand_over(booking=booking, by=editor)
    same = {"pickup_date": base, "return_date": days(base, 4), "delivery": COLLECTED}
    assert (
        kit_booking_update(booking=booking, by=editor, notes="Lisätty laturi", **same).notes
        == "Lisätty laturi"
    )
    with pytest.raises(ServiceError):
        kit_booking_update(booking=booking, by=editor, notes="", **{**same, "return_date": days(base, 6)})
