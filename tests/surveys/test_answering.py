"""A survey with every question kind, answered through the real pages in Finnish and Swedish."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from surveys import services
from surveys.models import NO, YES, Answer, Invitation, Response
from surveys.tokens import invitation_token
from tests.conftest import make_user

from .conftest import make_survey

pytestmark = pytest.mark.django_db


def _invite(survey, user) -> str:
    services.invitations_send(survey=survey, extra_emails=[user.email], include_audience=False)
    return invitation_token(Invitation.objects.get(survey=survey, email=user.email))


def _full_answer(survey, **override) -> dict:
    q = {question.key: question for question in survey.questions.all()}
    data = {
        "q_library": "",
        "q_overall": "4",
        "q_channel": "2",
        "q_topics": ["1", "3"],
        "q_uses": str(YES),
        "q_tools": "Satukortit",
        "q_services_1": "5",
        "q_services_2": "3",
        "q_improve": "",
    }
    data.update(override)
    assert set(q) >= {key[2:].split("_")[0] for key in data}
    return {key: value for key, value in data.items() if value is not None}


def test_every_kind_answered_in_finnish_through_the_invitation_link(staff_user, libraries):
    survey = make_survey()
    token = _invite(survey, staff_user)
    client = Client()
    url = f"/fi/surveys/answer/{token}/"
    page = client.get(url).content.decode()
    assert "Henkilöstökysely 2026" in page
    assert "<h2>Taustaa</h2>" in page
    # Choice groups and matrix rows are fieldsets with legends; text fields have labels.
    assert re.search(r"<legend>Kokonaisarvio AKE:n työstä", page)
    assert "<legend>Koulutukset</legend>" in page and "<legend>Verkostot</legend>" in page
    assert '<label for="id_q_improve">Mitä parantaisit?</label>' in page
    assert "1 – huono" in page and "5 – erinomainen" in page
    assert "Uutiskirje" in page and "Digituki" in page and "Kaarinan kaupunginkirjasto" in page

    # Required answers missing, a value out of range: Finnish messages next to the fields, nothing stored.
    bad = client.post(url, {"q_channel": "9", "q_uses": str(YES)})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert text.count("Vastaa tähän kysymykseen.") >= 4  # overall, tools (shown: uses = yes), 2 matrix rows
    assert "Valitse oikea vaihtoehto" in text  # Django's own Finnish for an invalid choice
    assert 'id="id_q_overall_errors"' in text
    assert Response.objects.count() == 0

    done = client.post(url, _full_answer(survey, q_library=str(libraries["pori"].pk)))
    assert done.status_code == 200
    assert "Kiitos vastauksistasi!" in done.content.decode()
    response = Response.objects.get()
    assert response.submitted_on == timezone.localdate()
    # The breakdown is the invitee's own library (Kaarina), not the library chosen in the form.
    assert (response.consortium, response.region) == ("vaski", "varsinais-suomi")
    answers = {(a.question.key, a.row): a for a in Answer.objects.select_related("question")}
    assert answers[("overall", 0)].number == 4
    assert answers[("channel", 0)].number == 2
    assert answers[("topics", 0)].choices == [1, 3]
    assert answers[("uses", 0)].number == YES
    assert answers[("tools", 0)].text == "Satukortit"
    assert answers[("services", 1)].number == 5 and answers[("services", 2)].number == 3
    assert answers[("library", 0)].library == libraries["pori"]
    assert ("improve", 0) not in answers  # optional, left empty
    assert Invitation.objects.get().answered is True

    again = client.get(url)
    assert "Olet jo vastannut tähän kyselyyn" in again.content.decode()
    client.post(url, _full_answer(survey))
    assert Response.objects.count() == 1


def test_every_kind_answered_in_swedish(libraries):
    person = make_user("stina.lind@pargas.fi", library=libraries["turku"], language="sv")
    survey = make_survey()
    token = _invite(survey, person)
    client = Client()
    url = f"/sv/surveys/answer/{token}/"
    page = client.get(url).content.decode()
    assert "Personalenkät 2026" in page and "<h2>Bakgrund</h2>" in page
    assert "<legend>Helhetsbedömning av AKE:s arbete" in page
    assert "1 – dålig" in page and "5 – utmärkt" in page
    assert "Nyhetsbrev" in page and "Digistöd" in page and "<legend>Utbildningar</legend>" in page
    # Untranslated scale labels of the matrix fall back to Finnish.
    assert "5 – hyvä" in page

    bad = client.post(url, _full_answer(survey, q_overall="", q_services_2="7"))
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Besvara frågan." in text
    assert "Välj ett giltigt alternativ" in text
    assert Response.objects.count() == 0

    done = client.post(url, _full_answer(survey, q_uses=str(NO), q_tools="ei pitäisi tallentua"))
    assert "Tack för dina svar!" in done.content.decode()
    keys = set(Answer.objects.values_list("question__key", flat=True))
    # "tools" applies only when "uses" is yes: its answer is dropped, and it was not required.
    assert "tools" not in keys and {"overall", "uses", "services", "topics", "channel"} <= keys


def test_the_yearly_survey_is_open_by_link_without_an_account(libraries):
    survey = make_survey(open_by_link=True)
    client = Client()
    url = f"/fi/surveys/open/{survey.link_key}/"
    assert client.get(url).status_code == 200
    client.post(url, _full_answer(survey, q_library=str(libraries["pori"].pk)))
    client.post(url, _full_answer(survey))
    first, second = sorted(Response.objects.all(), key=lambda r: r.consortium)
    assert (first.consortium, second.consortium) == ("", "sata")  # the chosen library's groups
    assert client.get("/fi/surveys/open/not-a-key/").status_code == 404
    survey.open_by_link = False
    survey.save()
    assert client.get(url).status_code == 404


def test_closed_and_not_yet_open_surveys_take_no_answers(staff_user):
    now = timezone.now()
    survey = make_survey(
        opens_at=now + datetime.timedelta(days=2), closes_at=now + datetime.timedelta(days=9)
    )
    token = _invite(survey, staff_user)
    client = Client()
    assert "Kysely ei ole vielä avoinna." in client.get(f"/fi/surveys/answer/{token}/").content.decode()
    survey.opens_at, survey.closes_at = now - datetime.timedelta(days=9), now - datetime.timedelta(days=1)
    survey.save()
    page = client.post(f"/fi/surveys/answer/{token}/", _full_answer(survey)).content.decode()
    assert "Kysely on sulkeutunut." in page
    assert Response.objects.count() == 0
    assert client.get("/fi/surveys/answer/1.deadbeef/").status_code == 404


def test_preview_is_for_ake_and_stores_nothing(editor, staff_user):
    survey = make_survey()
    client = Client()
    client.force_login(staff_user)
    assert client.get(f"/fi/surveys/preview/{survey.pk}/").status_code == 403
    client.force_login(editor)
    page = client.get(f"/sv/surveys/preview/{survey.pk}/").content.decode()
    assert "Förhandsvisning" in page and "Personalenkät 2026" in page
    checked = client.post(f"/fi/surveys/preview/{survey.pk}/", _full_answer(survey)).content.decode()
    assert "Vastaukset olivat kelvollisia" in checked
    assert Response.objects.count() == 0


def test_open_link_answers_from_one_browser_are_limited_with_a_message(libraries, settings):
    settings.AKE_SURVEY_OPEN_ANSWERS_PER_HOUR = 2
    survey = make_survey(open_by_link=True)
    url = f"/sv/surveys/open/{survey.link_key}/"
    browser = Client(HTTP_USER_AGENT="Flood/1.0")
    for _ in range(2):
        assert "Tack" in browser.post(url, _full_answer(survey)).content.decode()
    flooded = browser.post(url, _full_answer(survey))
    assert flooded.status_code == 429
    assert "För många svar från den här webbläsaren" in flooded.content.decode()
    assert Response.objects.filter(survey=survey).count() == 2  # nothing stored past the limit
    # Another browser (a colleague at the next desk) still answers.
    other = Client(HTTP_USER_AGENT="Firefox/140")
    assert other.post(url, _full_answer(survey)).status_code == 200
    assert Response.objects.filter(survey=survey).count() == 3
