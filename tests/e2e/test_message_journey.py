"""Issue #17 journey: an AKE editor writes to the participants of an event in Finnish and Swedish,
previews the message, sends it, and each participant's mail arrives in their language."""

import re

from django.urls import reverse

from networks.roles import AKE_EDITORS
from tests.conftest import make_user, message_text
from tests.e2e.helpers import PASSWORD, log_in, main_text
from tests.trainings.conftest import make_event, subject
from trainings import services
from trainings.models import MessageRecipient, ParticipantMessage

SAVE = "footer button.button-longrunning[type=submit]"


def test_editor_writes_to_the_participants_of_an_event_previews_and_sends(page, journey, libraries, mailbox):
    editor = make_user("toimittaja@turku.fi", library=libraries["turku"], role=AKE_EDITORS, password=PASSWORD)
    event = make_event(seats_on_site=10, title="Saavutettava viestintä")
    for email, library, language in (
        ("anna.holm@kaarina.fi", "kaarina", "sv"),
        ("matti.aho@pori.fi", "pori", "fi"),
    ):
        services.registration_create(
            event=event,
            email=email,
            first_name=email.split(".")[0].title(),
            last_name="Testi",
            library=libraries[library],
            language=language,
        )

    with journey.step("log in and open the event's participants"):
        log_in(page, editor.email)
        page.goto(page.base_url + reverse("trainings_event:participants", args=[event.pk]))
    with journey.step("write to the participants"):
        page.get_by_role("link", name="Kirjoita osallistujille").first.click()
        page.wait_for_url(re.compile(r"\?event=\d+$"), wait_until="domcontentloaded")
        assert page.locator("#id_event").input_value() == str(event.pk)
        page.select_option("#id_audience", "confirmed")
        page.fill("#id_subject_fi", "Sali vaihtui")
        page.fill("#id_body_fi", "Koulutus pidetään salissa 2.")
        page.fill("#id_subject_sv", "Salen har ändrats")
        page.locator(SAVE).first.click()
    with journey.step("a Swedish subject without its message is refused next to the field"):
        # The message next to the Swedish message field (Wagtail's errors box of that field).
        error = page.locator("[id$='body_sv-errors']").filter(has_text="Kirjoita viesti myös tällä kielellä")
        error.first.wait_for()
        page.fill("#id_body_sv", "Utbildningen hålls i sal 2.")
        page.locator(SAVE).first.click()
        page.wait_for_url(re.compile(r"/preview/$"), wait_until="domcontentloaded")
    with journey.step("the preview shows both versions and the recipients"):
        text = main_text(page)
        assert "Salen har ändrats" in text and "Utbildningen hålls i sal 2." in text
        assert "Koulutus pidetään salissa 2." in text
        assert "anna.holm@kaarina.fi" in text and "matti.aho@pori.fi" in text
    with journey.step("send"):
        page.locator("#send-message").click()
        page.wait_for_url(re.compile(r"/sent/$"), wait_until="domcontentloaded")
        assert "2 vastaanottajaa" in main_text(page) or "2" in page.locator("#sent-summary").inner_text()
    received = {m["X-Envelope-To"]: m for m in mailbox.wait_for(2)}
    assert subject(received["anna.holm@kaarina.fi"]).endswith("Salen har ändrats")
    assert "Utbildningen hålls i sal 2." in message_text(received["anna.holm@kaarina.fi"])
    assert subject(received["matti.aho@pori.fi"]).endswith("Sali vaihtui")
    message = ParticipantMessage.objects.get()
    assert message.sent_by == editor
    assert MessageRecipient.objects.filter(message=message).count() == 2
    with journey.step("the log shows who got it"):
        page.reload()
        log = page.locator("#sent-log").inner_text()
        assert "anna.holm@kaarina.fi" in log and "lähetetty" in log
