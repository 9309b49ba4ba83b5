"""An impossible date typed into an admin form is refused, never replaced (issue #15, item 14).

Wagtail's date picker used to put today's date in place of text it could not parse as soon as the
field lost focus, so "32.13.2026" typed into a library visit was saved as today."""

from django.urls import reverse

from networks.models import LibraryVisit
from networks.roles import AKE_EDITORS
from tests.conftest import make_user
from tests.e2e.helpers import PASSWORD, log_in

SAVE = "footer button.button-longrunning[type=submit]"


def test_an_impossible_visit_date_is_an_error_not_today(page, journey, libraries):
    editor = make_user("toimittaja@turku.fi", library=libraries["turku"], role=AKE_EDITORS, password=PASSWORD)
    add_url = page.base_url + reverse("library_visits:add")
    with journey.step("log in and open a new visit"):
        log_in(page, editor.email)
        page.goto(add_url, wait_until="domcontentloaded")
    with journey.step("type an impossible date and leave the field"):
        page.fill("#id_date", "32.13.2026")
        page.keyboard.press("Escape")  # closes the picker
        page.locator("#id_summary").click()  # the date field loses focus
        assert page.locator("#id_date").input_value() == "32.13.2026"
    with journey.step("save: the form answers with an error on the date"):
        page.select_option("#id_place", str(libraries["kaarina"].pk))
        page.locator(SAVE).first.click()
        page.wait_for_load_state("domcontentloaded")
        assert page.url.startswith(add_url)
        error = page.locator("[data-field-wrapper]:has(#id_date) .error-message, #id_date ~ .error-message")
        assert page.locator("text=Syötä oikea päivämäärä").count() >= 1 or error.count() >= 1
    assert not LibraryVisit.objects.exists()
