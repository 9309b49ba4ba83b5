"""A Swedish-speaking library staff member end to end in Swedish (issue #14's proof): signs up, subscribes
to the notices, registers for a training, books a kit and gives feedback, in Chromium on the Swedish
site; every mail reaches the SMTP server in Swedish (its words checked against our Finnish catalog
words, tests/e2e/finnish_text.py) and every link in it leads to the Swedish site.
"""

import datetime
import re

from django.utils import timezone

from tests.conftest import message_text
from tests.e2e.finnish_text import finnish_words, words
from tests.loans.conftest import ensure_game_rule, make_kit
from tests.trainings.conftest import make_event, subject
from trainings import services as training_services
from trainings.models import Event, EventKind

PASSWORD = "Låna-böcker-2024!"
EMAIL = "linnea.sjoberg@kaarina.fi"


def assert_swedish(message):
    """The mail is in Swedish: no Finnish word in its subject and text, and its links are Swedish."""
    text = f"{subject(message)}\n{message_text(message)}"
    finnish = sorted(words(text) & finnish_words())
    lines = [line for line in text.splitlines() if words(line) & set(finnish)]
    assert finnish == [], (subject(message), finnish, lines)
    paths = re.findall(r"https?://[^/\s]+(/[^\s\"<>]*)", text)
    site_paths = [path for path in paths if not path.startswith(("/static/", "/media/", "/documents/"))]
    assert all(path.startswith("/sv/") for path in site_paths if path != "/"), site_paths
    return text


def test_a_swedish_staff_member_signs_up_subscribes_registers_books_and_gives_feedback(
    page, journey, mailbox, libraries
):
    ensure_game_rule()
    event = make_event(
        title="Saavutettava viestintä",
        title_sv="Tillgänglig kommunikation",
        seats_on_site=20,
        kind=EventKind.TRAINING,
    )
    # The venue's Swedish name (make_event writes only the Finnish "Turun pääkirjasto").
    Event.objects.filter(pk=event.pk).update(venue_sv="Åbo huvudbibliotek")
    kit = make_kit("Pelisalkku", name_sv="Spelväska", units=1)
    with journey.step("sign up on the Swedish site"):
        page.goto(f"{page.base_url}/sv/accounts/signup/")
        page.fill("#id_first_name", "Linnea")
        page.fill("#id_last_name", "Sjöberg")
        page.fill("#id_email", EMAIL)
        page.fill("#id_password1", PASSWORD)
        page.fill("#id_password2", PASSWORD)
        page.locator("form button[type=submit]").last.click()
        page.wait_for_url(re.compile(r"/sv/accounts/confirm-email/"))
    with journey.step("the verification mail is in Swedish; confirm and log in"):
        [message] = mailbox.wait_for(1)
        text = assert_swedish(message)
        link = re.search(r"https?://\S+/sv/accounts/confirm-email/\S+", text).group(0)
        mailbox.clear()
        page.goto(link)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/sv/accounts/login/"))
        page.fill("#id_login", EMAIL)
        page.fill("#id_password", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
    with journey.step("subscribe to the notices: the confirmation is in Swedish"):
        page.goto(f"{page.base_url}/sv/subscribe/")
        assert page.locator("#id_language").input_value() == "sv"
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        [message] = mailbox.wait_for(1)
        assert "Bekräfta din prenumeration" in subject(message)
        text = assert_swedish(message)
        confirm = re.search(r"https?://\S+/subscribe/confirm/\S+", text).group(0)
        mailbox.clear()
        page.goto(confirm)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    with journey.step("register for the training: the confirmation is in Swedish"):
        page.goto(f"{page.base_url}/sv/events/{event.pk}/register/")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/sv/events/{event.pk}/$"))
        assert "Du är anmäld" in page.locator("body").inner_text()
        [message] = mailbox.wait_for(1)
        assert "Anmälan bekräftad: Tillgänglig kommunikation" in subject(message)
        assert_swedish(message)
        mailbox.clear()
    with journey.step("book the kit: the confirmation is in Swedish"):
        today = timezone.localdate()
        page.goto(f"{page.base_url}/sv/kits/{kit.pk}/")
        page.fill("#id_pickup_date", (today + datetime.timedelta(days=10)).isoformat())
        page.fill("#id_return_date", (today + datetime.timedelta(days=16)).isoformat())
        page.get_by_role("button", name="Boka", exact=True).click()
        page.wait_for_url(re.compile(r"/sv/my/kit-bookings/$"))
        assert "Väskan är bokad för ert bibliotek." in page.locator("body").inner_text()
        for message in mailbox.wait_for(1):
            if message["To"] == EMAIL:
                assert_swedish(message)
        assert mailbox.to(EMAIL), "no booking mail to the booker"
        mailbox.clear()
    with journey.step("after the training: the feedback request is in Swedish, and the feedback is given"):
        past = timezone.now() - datetime.timedelta(days=2)
        Event.objects.filter(pk=event.pk).update(start=past, end=past + datetime.timedelta(hours=2))
        # As after an edit in the admin: the feedback request's time follows the event's end.
        held = training_services.event_save(event=Event.objects.get(pk=event.pk), previous=None)
        training_services.attendance_import(event=held, emails=[EMAIL], recorded_by=None)
        training_services.mailings_process(now=timezone.now())
        [message] = mailbox.wait_for(1)
        assert "Ge gärna respons: Tillgänglig kommunikation" in subject(message)
        text = assert_swedish(message)
        link = re.search(r"https?://\S+/feedback/\S+/", text).group(0)
        page.goto(link)
        assert page.locator("html").get_attribute("lang") == "sv"
        page.locator("input[name=q_overall][value='5']").check()
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        from trainings.models import FeedbackReceipt

        # Answered once, and the thanks in Swedish (the answers themselves are anonymous).
        assert FeedbackReceipt.objects.filter(event=event, email=EMAIL).count() == 1
        assert page.locator("html").get_attribute("lang") == "sv"
