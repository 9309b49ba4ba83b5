"""Journey 3 (and its Swedish half of journey 8): find a training in the calendar, register with the
library prefilled, receive the confirmation with an .ics attachment, cancel, and the seat is free."""

import re

import icalendar
import pytest

from tests.conftest import make_user
from tests.e2e.helpers import PASSWORD, log_in, main_text
from tests.trainings.conftest import make_event, subject
from trainings.models import EventKind, Registration

TEXTS = {
    "fi": {
        "show": "Näytä",
        "register": "Ilmoittaudu",
        "registered": "Olet ilmoittautunut",
        "seats": "{n} paikkaa jäljellä",
        "my_events": "Omat tapahtumat",
        "cancel": "Peru",
        "cancel_confirm": "Peru ilmoittautumiseni",
        "cancelled": "Ilmoittautumisesi peruttiin",
        "subject": "Ilmoittautuminen vahvistettu",
    },
    "sv": {
        "show": "Visa",
        "register": "Anmäl dig",
        "registered": "Du är anmäld",
        "seats": "{n} platser kvar",
        "my_events": "Mina evenemang",
        # A registration is cancelled ("avbokad"), not called off: the link says "Avboka".
        "cancel": "Avboka",
        "cancel_confirm": "Avboka min anmälan",
        "cancelled": "Din anmälan har avbokats",
        "subject": "Anmälan bekräftad",
    },
}


def training_data(libraries, language):
    """The training to find, a meeting with a similar name the filter must leave out, and a person."""
    title = "Saavutettava viestintä kirjastoissa"
    event = make_event(title=title, seats_on_site=20, kind=EventKind.TRAINING)
    make_event(
        title="Saavutettava viestintä: verkoston tapaaminen", kind=EventKind.GROUP_MEETING, seats_on_site=10
    )
    user = make_user(
        f"maija.{language}@kaarina.fi",
        library=libraries["kaarina"],
        password=PASSWORD,
        first_name="Maija",
        last_name="Virtanen",
        language=language,
    )
    return event, user


def check_confirmation(mailbox, user, event, language):
    """The confirmation arrives at the SMTP server with an .ics of the event that parses."""
    messages = mailbox.wait_for(1)
    assert [m["X-Envelope-To"] for m in messages] == [user.email]
    message = messages[0]
    assert TEXTS[language]["subject"] in subject(message)
    attachments = [part for part in message.walk() if part.get_filename()]
    assert [part.get_filename() for part in attachments] == ["event.ics"]
    assert attachments[0].get_content_type() == "text/calendar"
    calendar = icalendar.Calendar.from_ical(attachments[0].get_payload(decode=True))
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent.decoded("DTSTART") == event.start
    assert vevent.decoded("DTEND") == event.end


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_find_register_receive_ics_and_cancel(page, journey, mailbox, libraries, language):
    event, user = training_data(libraries, language)
    texts = TEXTS[language]
    with journey.step("log in"):
        log_in(page, user.email, language=language)
    with journey.step("filter the calendar down to the training"):
        page.goto(f"{page.base_url}/{language}/events/")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator(".event-card").count() == 2
        page.fill("#id_q", "saavutettava")
        page.select_option("#id_kind", EventKind.TRAINING)
        page.get_by_role("button", name=texts["show"], exact=True).click()
        page.wait_for_url(re.compile(r"kind=training"))
        cards = page.locator(".event-card")
        assert cards.count() == 1
        assert event.title in cards.first.inner_text()
    with journey.step("open the training"):
        cards.first.get_by_role("link", name=event.title).click()
        page.wait_for_url(re.compile(rf"/{language}/events/{event.pk}/$"))
        assert texts["seats"].format(n=20) in main_text(page)
    with journey.step("the registration form names the library of the profile"):
        page.get_by_role("link", name=texts["register"], exact=True).click()
        page.wait_for_url(re.compile(rf"/events/{event.pk}/register/"))
        kaarina = libraries["kaarina"]  # its name in the page's language (Swedish: S:t Karins …)
        assert (getattr(kaarina, f"name_{language}") or kaarina.name_fi) in page.locator(
            "#registration-library"
        ).inner_text()
        page.fill("#id_diet", "laktoositon")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/{language}/events/{event.pk}/$"))
        assert texts["registered"] in page.locator("body").inner_text()
        assert texts["seats"].format(n=19) in main_text(page)
    registration = Registration.objects.get(event=event, email=user.email)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.library == libraries["kaarina"]
    assert registration.diet == "laktoositon"
    with journey.step("the confirmation with the .ics arrives"):
        check_confirmation(mailbox, user, event, language)
    with journey.step("cancel from my events"):
        page.goto(f"{page.base_url}/{language}/events/")
        page.get_by_role("link", name=texts["my_events"], exact=True).first.click()
        page.wait_for_url(re.compile(rf"/{language}/my/events/$"))
        row = page.locator("tr", has_text=event.title)
        row.get_by_role("link", name=re.compile(rf"^{texts['cancel']}")).click()
        page.wait_for_url(re.compile(r"/cancel/$"))
        page.get_by_role("button", name=texts["cancel_confirm"]).click()
        page.wait_for_url(re.compile(rf"/{language}/my/events/$"))
        assert texts["cancelled"] in page.locator("body").inner_text()
    with journey.step("the seat is free again"):
        registration.refresh_from_db()
        assert registration.status == Registration.Status.CANCELLED
        page.goto(f"{page.base_url}/{language}/events/{event.pk}/")
        assert texts["seats"].format(n=20) in main_text(page)
