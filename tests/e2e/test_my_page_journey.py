"""A Swedish-speaking staff member's "My page" on a phone (issue #18): reached from the header of
any page without opening the menu, every section in Swedish, an offered seat leads to its event."""

import pytest

from tests.conftest import make_user
from tests.e2e.conftest import axe_violations, describe
from tests.e2e.helpers import PASSWORD, log_in, main_text
from tests.networks.test_my_page import give_things

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def swedish_staff(libraries):
    user = make_user(
        "karin.lind@kaarina.fi",
        library=libraries["kaarina"],
        password=PASSWORD,
        first_name="Karin",
        last_name="Lind",
        language="sv",
    )
    give_things(user, libraries)
    return user


def test_my_page_in_swedish_on_a_phone(page, journey, swedish_staff):
    page.set_viewport_size(PHONE)
    with journey.step("log in in Swedish and open the calendar"):
        log_in(page, swedish_staff.email, language="sv")
        page.goto(page.base_url + "/sv/events/", wait_until="load")
    with journey.step("the header leads to My page without opening the menu"):
        link = page.locator("header").get_by_role("link", name="Min sida", exact=True)
        assert link.is_visible()
        link.click()
        page.wait_for_url("**/sv/my/")
    with journey.step("every section is in Swedish and the page fits the phone"):
        text = main_text(page)
        for heading in (
            "Min sida",
            "Mina kommande evenemang",
            "Reservplatser och erbjudanden",
            "Mitt biblioteks väskbokningar",
            "Mina grupper och deras nästa möten",
            "Min arbetsrotation och mitt partnerskap",
            "Mina prenumerationer",
            "Mina tidigare evenemang",
            "Mitt lärande",
        ):
            assert heading in text, heading
        assert "Kommande 0" in text and "Spelväska" in text and "Digigruppens möte" in text
        assert "på reservlistan" in text and "Plats erbjuden: svara senast" in text
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        serious, _minor = axe_violations(page)
        assert not serious, describe(serious)
    with journey.step("the offered seat leads to its event"):
        page.locator("#my-waitlist").get_by_role("link", name="Erbjudande 0").click()
        page.wait_for_load_state()
        assert "Erbjudande 0" in main_text(page)
