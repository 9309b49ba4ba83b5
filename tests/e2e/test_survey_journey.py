"""Issue 16 journey: an AKE editor builds a pilot survey for an event in the Wagtail admin and sends
it; two participants answer from the links in their mail (one in Swedish); the editor reads the
results."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from networks.roles import AKE_EDITORS
from surveys.models import Response, Survey
from tests.conftest import make_user, message_text
from tests.e2e.helpers import PASSWORD, log_in, main_text
from tests.trainings.conftest import make_event
from trainings.models import Attendance

SAVE = "footer button.button-longrunning[type=submit]"


def _answer_path(message) -> str:
    link = re.search(r"http://\S+/surveys/answer/\S+/", message_text(message)).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_ake_sends_a_pilot_survey_and_reads_the_answers(page, journey, libraries, mailbox):
    editor = make_user("kyselyt@turku.fi", library=libraries["turku"], role=AKE_EDITORS, password=PASSWORD)
    event = make_event(
        title="Lukupiiri-pilotti",
        title_sv="Läscirkelpilot",
        start=timezone.now() - datetime.timedelta(days=2),
    )
    finnish = make_user("anna.koski@kaarina.fi", library=libraries["kaarina"], language="fi")
    swedish = make_user("eva.holm@pori.fi", library=libraries["pori"], language="sv")
    for person in (finnish, swedish):
        Attendance.objects.create(
            event=event, email=person.email, library=person.library, participation="on_site"
        )
    now = timezone.localtime(timezone.now())

    with journey.step("build the survey in the admin"):
        log_in(page, editor.email)
        add_url = page.base_url + reverse("surveys_survey:add")
        page.goto(add_url, wait_until="domcontentloaded")
        page.select_option("#id_kind", "pilot")
        page.fill("#id_year", str(now.year))
        page.fill("#id_title_fi", "Lukupiirin pilottikysely")
        page.fill("#id_title_sv", "Enkät om läscirkelpiloten")
        page.select_option("#id_activity", "event")
        page.select_option("#id_event", str(event.pk))
        page.fill("#id_opens_at", (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"))
        page.keyboard.press("Escape")
        page.fill("#id_closes_at", (now + datetime.timedelta(days=7)).strftime("%Y-%m-%d %H:%M"))
        page.keyboard.press("Escape")
        page.fill("#id_threshold", "2")
        for index, (kind, key, fi, sv) in enumerate(
            [
                ("scale", "useful", "Oliko lukupiiristä hyötyä?", "Var läscirkeln till nytta?"),
                ("text", "idea", "Mitä kehittäisit?", "Vad skulle du utveckla?"),
            ]
        ):
            page.locator("#id_questions-ADD").click()
            page.select_option(f"#id_questions-{index}-kind", kind)
            page.fill(f"#id_questions-{index}-key", key)
            page.fill(f"#id_questions-{index}-text_fi", fi)
            page.fill(f"#id_questions-{index}-text_sv", sv)
        page.check("#id_questions-0-required")
        page.locator(SAVE).first.click()
        page.wait_for_url(lambda url: url != add_url, wait_until="domcontentloaded")
        survey = Survey.objects.get(title_fi="Lukupiirin pilottikysely")
        assert survey.event == event and survey.questions.count() == 2

    with journey.step("send it to the event's participants"):
        page.goto(
            page.base_url + reverse("surveys_survey:send", args=[survey.pk]), wait_until="domcontentloaded"
        )
        assert "2 henkilöä" in main_text(page)
        page.locator("form:has(input[value=send]) button[type=submit]").click()
        page.wait_for_load_state("domcontentloaded")
        messages = mailbox.wait_for(2)
        assert len(messages) == 2
        assert "0 / 2 kutsutusta on vastannut" in main_text(page)

    participant = page.context.browser.new_context(locale="sv-FI", viewport={"width": 390, "height": 844})
    visitor = participant.new_page()
    with journey.step("the Finnish participant answers"):
        visitor.goto(
            page.base_url + _answer_path(mailbox.to(finnish.email)[0]), wait_until="domcontentloaded"
        )
        assert "Lukupiirin pilottikysely" in visitor.locator("h1").inner_text()
        visitor.locator("button[type=submit]").click()  # nothing chosen: a message next to the question
        visitor.wait_for_load_state("domcontentloaded")
        assert "Vastaa tähän kysymykseen." in visitor.locator("fieldset").first.inner_text()
        visitor.get_by_label("4").check()
        visitor.get_by_label("Mitä kehittäisit?").fill("Iltaisin myös")
        visitor.locator("button[type=submit]").click()
        visitor.wait_for_load_state("domcontentloaded")
        assert "Kiitos vastauksistasi!" in visitor.locator("main").inner_text()
    with journey.step("the Swedish participant answers in Swedish"):
        path = _answer_path(mailbox.to(swedish.email)[0])
        assert path.startswith("/sv/")
        visitor.goto(page.base_url + path, wait_until="domcontentloaded")
        assert "Enkät om läscirkelpiloten" in visitor.locator("h1").inner_text()
        assert "Var läscirkeln till nytta?" in visitor.locator("legend").first.inner_text()
        visitor.get_by_label("5").check()
        visitor.get_by_label("Vad skulle du utveckla?").fill("Fler träffar")
        visitor.locator("button[type=submit]").click()
        visitor.wait_for_load_state("domcontentloaded")
        assert "Tack för dina svar!" in visitor.locator("main").inner_text()
        visitor.goto(page.base_url + path, wait_until="domcontentloaded")
        assert "Du har redan svarat" in visitor.locator("main").inner_text()
    participant.close()
    assert Response.objects.filter(survey=survey).count() == 2

    with journey.step("AKE reads the results"):
        page.goto(page.base_url + reverse("surveys:results", args=[survey.pk]), wait_until="domcontentloaded")
        text = main_text(page)
        assert "2 / 2 kutsutusta on vastannut (100 %)" in text
        assert "Keskiarvo 4,5" in text or "Keskiarvo 4.5" in text
        assert "Iltaisin myös" in text and "Fler träffar" in text
        assert page.locator("svg.survey-chart").count() == 1

    with journey.step("the report's evaluation section shows the pilot's results"):
        page.goto(page.base_url + f"/fi/reports/{survey.year}/", wait_until="domcontentloaded")
        page.locator(f"a[href='/fi/reports/{survey.year}/evaluation/']").first.click()
        page.wait_for_url(f"**/reports/{survey.year}/evaluation/", wait_until="domcontentloaded")
        text = main_text(page)
        assert "Arviointi" in text and "Lukupiirin pilottikysely" in text
        # The scale question's mean with its n (4 and 5); the free texts stay out of the report.
        assert "Oliko lukupiiristä hyötyä?: 4,5 (keskiarvo, n=2)" in text
        assert "Iltaisin myös" not in text
        page.goto(page.base_url + f"/sv/reports/{survey.year}/evaluation/", wait_until="domcontentloaded")
        swedish = main_text(page)
        assert "Utvärdering" in swedish and "Enkät om läscirkelpiloten" in swedish
        assert "Var läscirkeln till nytta?: 4,5 (medelvärde, n=2)" in swedish
