"""Journey 4: book a kit for free dates from the kit page's calendar; a second library's
overlapping booking is refused with the next free dates, which it can then book."""

import datetime
import re

from django.utils import formats, timezone, translation

from loans.models import KitBooking, KitType
from tests.conftest import make_user
from tests.e2e.helpers import PASSWORD, log_in
from tests.loans.conftest import ensure_game_rule, make_kit


def day_cell(page, day: datetime.date):
    """The calendar cell of a day (the calendar shows one month; move to the day's month first)."""
    page.goto(f"{page.url.split('?')[0].split('#')[0]}?month={day:%Y-%m}#calendar")
    return page.locator(
        "#calendar td", has=page.locator(".day-number", has_text=re.compile(rf"^{day.day}\b"))
    )


def book(page, pickup: datetime.date, return_: datetime.date):
    page.fill("#id_pickup_date", pickup.isoformat())
    page.fill("#id_return_date", return_.isoformat())
    page.get_by_role("button", name="Varaa", exact=True).click()
    page.wait_for_load_state()


def test_book_free_dates_and_a_conflict_gets_the_next_free_dates(
    page, journey, libraries, browser, live_server
):
    ensure_game_rule()
    kit = make_kit("Lautapelisalkku", units=1, kit_type=KitType.GAME)
    first = make_user("kaisa.kirjasto@kaarina.fi", library=libraries["kaarina"], password=PASSWORD)
    second = make_user("pertti.pori@pori.fi", library=libraries["pori"], password=PASSWORD)
    today = timezone.localdate()
    pickup, return_ = today + datetime.timedelta(days=10), today + datetime.timedelta(days=16)

    with journey.step("find the kit and see that the dates are free in its calendar"):
        log_in(page, first.email)
        page.goto(f"{page.base_url}/fi/kits/")
        page.get_by_role("link", name=kit.name_fi).first.click()
        page.wait_for_url(re.compile(rf"/fi/kits/{kit.pk}/$"))
        for offset in range(7):
            cell = day_cell(page, pickup + datetime.timedelta(days=offset))
            assert "vapaa" in cell.inner_text()
    with journey.step("book the free dates"):
        book(page, pickup, return_)
        page.wait_for_url(re.compile(r"/fi/my/kit-bookings/$"))
        assert "Salkku on varattu kirjastollenne." in page.locator("body").inner_text()
        booking = KitBooking.objects.get(kit=kit)
        assert (booking.library, booking.pickup_date, booking.return_date) == (
            libraries["kaarina"],
            pickup,
            return_,
        )
        assert booking.status == KitBooking.Status.CONFIRMED
    with journey.step("the calendar shows the days booked"):
        page.goto(f"{page.base_url}/fi/kits/{kit.pk}/")
        assert "varattu" in day_cell(page, pickup).inner_text()

    other = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    other.set_default_timeout(15000)
    page2 = other.new_page()
    page2.base_url = live_server.url
    journey.page = page2
    try:
        with journey.step("another library tries overlapping dates and is refused"):
            log_in(page2, second.email)
            page2.goto(f"{page2.base_url}/fi/kits/{kit.pk}/")
            book(page2, pickup + datetime.timedelta(days=3), return_ + datetime.timedelta(days=3))
            alert = page2.locator("[role=alert]")
            assert "jo varattu" in alert.inner_text()
            assert KitBooking.objects.filter(kit=kit).count() == 1
        with journey.step("the refusal names the next free dates, and they can be booked"):
            suggestion = page2.get_by_role("link", name="Käytä seuraavia vapaita päiviä")
            href = suggestion.get_attribute("href")
            free_pickup = datetime.date.fromisoformat(re.search(r"pickup=([\d-]+)", href).group(1))
            free_return = datetime.date.fromisoformat(re.search(r"return=([\d-]+)", href).group(1))
            assert free_pickup > return_
            with translation.override("fi"):
                for day in (free_pickup, free_return):
                    assert formats.date_format(day, "SHORT_DATE_FORMAT") in alert.inner_text()
            suggestion.click()
            page2.wait_for_load_state()
            assert page2.input_value("#id_pickup_date") == free_pickup.isoformat()
            assert page2.input_value("#id_return_date") == free_return.isoformat()
            page2.get_by_role("button", name="Varaa", exact=True).click()
            page2.wait_for_url(re.compile(r"/fi/my/kit-bookings/$"))
            assert "Salkku on varattu kirjastollenne." in page2.locator("body").inner_text()
        second_booking = KitBooking.objects.get(kit=kit, library=libraries["pori"])
        assert (second_booking.pickup_date, second_booking.return_date) == (free_pickup, free_return)
    finally:
        other.close()
