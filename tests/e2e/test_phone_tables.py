"""On a phone (390 px) a staff member's pages fit the screen: a wide table scrolls inside its own box
and a long link wraps, instead of the whole page becoming wider than the screen (found walking the
demo site: my kit bookings 798 px, the kit rules 813 px, an event with its online link 596 px)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from loans.services import kit_booking_create
from tests.conftest import make_user
from tests.e2e.helpers import PASSWORD, log_in
from tests.loans.conftest import ensure_game_rule, make_kit
from tests.trainings.conftest import make_event
from trainings import services
from trainings.models import EventFormat

PHONE = {"width": 390, "height": 844}


def test_a_staff_members_pages_fit_a_phone_screen(page, journey, libraries):
    staff = make_user("henna.hakala@kaarina.fi", library=libraries["kaarina"], password=PASSWORD)
    event = make_event(
        format=EventFormat.REMOTE,
        seats_remote=30,
        online_url="https://teams.example.fi/l/meetup-join/19%3ameeting_NjA4ZTk1YmUtYjQ2Mi00ZDk0LWE1",
    )
    services.registration_create(
        event=event,
        email=staff.email,
        first_name="Henna",
        last_name="Hakala",
        library=staff.library,
        user=staff,
    )
    ensure_game_rule()
    kit = make_kit("Pakopeli: Kadonnut kirjastokortti (alakoulu)")
    today = timezone.localdate()
    kit_booking_create(
        kit=kit,
        library=staff.library,
        booked_by=staff,
        pickup_date=today + datetime.timedelta(days=10),
        return_date=today + datetime.timedelta(days=20),
        delivery="courier",
    )
    page.set_viewport_size(PHONE)
    with journey.step("log in"):
        log_in(page, staff.email)
    for url in (
        reverse("trainings:event_detail", args=[event.pk]),
        reverse("trainings:my_events"),
        reverse("loans:my_bookings"),
        reverse("loans:kit_rules"),
        reverse("loans:kit_calendar"),
    ):
        with journey.step(f"open {url}"):
            page.goto(page.base_url + url, wait_until="load")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (url, width)
