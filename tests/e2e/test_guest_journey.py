"""A guest from outside the region registers for a nationwide Swedish remote training and picks a
viewing room (issue 17), in Finnish and in Swedish; a staff member of the region picks their desk."""

import re

import pytest

from tests.conftest import make_user
from tests.e2e.helpers import PASSWORD, log_in, main_text
from tests.trainings.conftest import make_event
from trainings.models import EventFormat, EventLanguage, GuestLibrary, Registration, ViewingRoom

TEXTS = {
    "fi": {
        "register": "Ilmoittaudu",
        "open": "Avoin vieraille alueen ulkopuolelta",
        "guest": "ilmoittaudut vieraana alueen ulkopuolelta",
        "missing": "Valitse kirjastosi listalta tai kirjoita organisaatiosi.",
        "desk": "Omalla työpisteelläni",
        "registered": "Olet ilmoittautunut",
    },
    "sv": {
        "register": "Anmäl dig",
        "open": "Öppet för gäster utanför regionen",
        "guest": "du anmäler dig som gäst utanför regionen",
        "missing": "Välj ditt bibliotek i listan eller skriv din organisation.",
        "desk": "Vid mitt skrivbord",
        "registered": "Du är anmäld",
    },
}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_guest_registers_for_a_nationwide_training_into_a_viewing_room(page, journey, libraries, language):
    texts = TEXTS[language]
    event = make_event(
        title="Biblioteket som mötesplats",
        format=EventFormat.REMOTE,
        language=EventLanguage.SWEDISH,
        seats_remote=40,
        open_to_guests=True,
        swedish_coplanned=True,
    )
    room = ViewingRoom.objects.create(
        event=event, host_library=libraries["turku"], address="Linnankatu 2", seats=10, support_person="Stina"
    )
    helsinki = GuestLibrary.objects.get(name_fi="Helsingin kaupunginkirjasto")
    guest = make_user(
        f"greta.{language}@hel.fi", password=PASSWORD, first_name="Greta", last_name="Gäst", language=language
    )
    with journey.step("log in as a guest without a library of the region"):
        log_in(page, guest.email, language=language)
    with journey.step("the event says it is open to guests"):
        page.goto(f"{page.base_url}/{language}/events/{event.pk}/")
        assert page.locator("html").get_attribute("lang") == language
        assert texts["open"] in main_text(page)
        page.get_by_role("link", name=texts["register"], exact=True).click()
        page.wait_for_url(re.compile(rf"/events/{event.pk}/register/"))
        assert texts["guest"] in main_text(page)
    with journey.step("without an organisation the form says so by the field"):
        page.locator("#id_guest_organisation").fill(" ")
        page.locator("main form button[type=submit]").click()
        assert texts["missing"] in main_text(page)
        assert texts["desk"] in main_text(page) and "Linnankatu 2" in main_text(page)
    with journey.step("choose a library from the national list and the viewing room"):
        page.select_option("#id_guest_library", str(helsinki.pk))
        page.locator("#id_guest_organisation").fill("")
        page.get_by_label(re.compile("Linnankatu 2")).check()
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/{language}/events/{event.pk}/$"))
        assert texts["registered"] in page.locator("body").inner_text()
    registration = Registration.objects.get(event=event, email=guest.email)
    assert registration.library is None and registration.guest_library == helsinki
    assert registration.viewing_room == room and registration.status == Registration.Status.CONFIRMED

    staff = make_user(
        f"ella.{language}@turku.fi", library=libraries["turku"], password=PASSWORD, language=language
    )
    with journey.step("a staff member of the region registers at their desk"):
        page.context.clear_cookies()
        log_in(page, staff.email, language=language)
        page.goto(f"{page.base_url}/{language}/events/{event.pk}/register/")
        assert page.locator("#id_guest_library").count() == 0
        page.get_by_label(texts["desk"]).check()
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/{language}/events/{event.pk}/$"))
    mine = Registration.objects.get(event=event, email=staff.email)
    assert mine.library == libraries["turku"] and mine.viewing_room is None
