"""The dates the booking form offers can be booked (found walking the demo site).

The kit page filled in the shortest lead time and the default loan even when those days were taken:
a staff member who pressed "Book" without changing them was told the kit is already booked."""

import re

import pytest
from django.urls import reverse

from loans.models import KitBooking
from loans.services import kit_booking_create

from .conftest import COLLECTED, days

pytestmark = pytest.mark.django_db


def _offered(html: str) -> dict[str, str]:
    return {
        name: re.search(rf'name="{name}"[^>]*value="([^"]*)"', html).group(1)
        for name in ("pickup_date", "return_date")
    }


def _book_as_offered(client, kit):
    html = client.get(reverse("loans:kit_detail", args=[kit.pk])).content.decode()
    offered = _offered(html)
    checked = re.search(r'name="delivery" value="(\w+)"[^>]*checked', html).group(1)
    return offered, client.post(reverse("loans:kit_book", args=[kit.pk]), {**offered, "delivery": checked})


def test_pressing_book_with_the_offered_dates_books_a_kit_that_is_taken_at_first(
    client, kit, staff_user, other_library_user, today
):
    kit_booking_create(
        kit=kit,
        library=other_library_user.library,
        booked_by=other_library_user,
        pickup_date=days(today, 3),
        return_date=days(today, 20),
        delivery=COLLECTED,
    )
    client.force_login(staff_user)
    offered, response = _book_as_offered(client, kit)
    assert response.status_code == 302, offered
    assert KitBooking.objects.filter(library=staff_user.library).count() == 1


def test_a_free_kit_offers_the_earliest_day_the_rules_allow(client, kit, staff_user, today, game_rule):
    client.force_login(staff_user)
    offered, response = _book_as_offered(client, kit)
    assert offered["pickup_date"] == days(today, game_rule.shortest_lead_days).isoformat()
    assert response.status_code == 302
