"""The booker and the contact person of a request are personal data: exported, and erased."""

import datetime

import pytest

from loans.models import InterlibraryLoan, KitBooking, KitBookingEvent
from loans.selectors import kit_yearly_loan_counts
from loans.services import kit_booking_create, kit_booking_hand_over
from networks.services import user_data_export, user_erase

from .conftest import COLLECTED, days

pytestmark = pytest.mark.django_db


def test_export_and_erasure_keep_the_librarys_bookings_and_the_counts(
    kit, staff_user, editor, libraries, today
):
    booking = kit_booking_create(
        kit=kit,
        library=staff_user.library,
        booked_by=staff_user,
        pickup_date=days(today, -10),
        return_date=days(today, -5),
        delivery=COLLECTED,
        notes="Lukupiirille",
        today=days(today, -30),
    )
    kit_booking_hand_over(booking=booking, by=editor)
    request = InterlibraryLoan.objects.create(
        title="Kirja",
        library=libraries["kaarina"],
        requested_by=staff_user,
        contact_name="Maija Virtanen",
        contact_email=staff_user.email,
        status="sent",
        sent_on=datetime.date(2024, 3, 1),
        volumes=2,
    )
    data = user_data_export(user=staff_user)
    assert data["kit_bookings"][0]["notes"] == "Lukupiirille"
    assert data["interlibrary_loan_requests"][0]["contact_name"] == "Maija Virtanen"

    counts_before = kit_yearly_loan_counts(kit=kit)
    user_id = staff_user.pk
    user_erase(user=staff_user)
    booking = KitBooking.objects.get(pk=booking.pk)
    assert booking.booked_by is None and booking.library == libraries["kaarina"]
    assert not KitBookingEvent.objects.filter(by_id=user_id).exists()
    assert booking.events.count() == 2  # the history stays
    assert kit_yearly_loan_counts(kit=kit) == counts_before
    request.refresh_from_db()
    assert (request.contact_name, request.contact_email, request.requested_by) == ("", "", None)
    assert request.volumes == 2 and request.library == libraries["kaarina"]


def test_c7_uses_a_fixed_number_of_queries(libraries, django_assert_num_queries):
    from ake.indicators import provider_for

    for month in range(1, 13):
        InterlibraryLoan.objects.create(
            title="x", library=libraries["pori"], status="sent", sent_on=datetime.date(2023, month, 3)
        )
    with django_assert_num_queries(2):
        provider_for("C7")(year=2023, today=datetime.date(2024, 1, 10))
