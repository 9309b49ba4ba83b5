"""AKE builds a survey in the Wagtail admin without a developer, previews it, and reads the
response rate; conditions and short names are checked with messages next to the fields."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys.models import QuestionKind, Survey

from .conftest import QUESTIONS, make_survey

pytestmark = pytest.mark.django_db


def _question_data(index: int, spec: dict) -> dict:
    data = {f"questions-{index}-ORDER": str(index + 1), f"questions-{index}-id": ""}
    for name, value in spec.items():
        if name == "text_sv" or name.endswith("_sv"):
            data[f"questions-{index}-{name}"] = value
        elif name in ("required", "headline"):
            if value:
                data[f"questions-{index}-{name}"] = "on"
        else:
            data[f"questions-{index}-{name}"] = str(value)
    return data


def survey_form_data(questions=QUESTIONS, **overrides) -> dict:
    now = timezone.localtime(timezone.now()).replace(microsecond=0)
    data = {
        "kind": "yearly",
        "year": "2026",
        "title_fi": "Henkilöstökysely 2026",
        "title_sv": "Personalenkät 2026",
        "title_en": "",
        "intro_fi": "Kerro, miten AKE onnistui.",
        "activity": "none",
        "opens_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        "closes_at": (now + datetime.timedelta(days=14)).strftime("%Y-%m-%d %H:%M"),
        "open_by_link": "on",
        "threshold": "5",
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, spec in enumerate(questions):
        data.update(_question_data(index, spec))
    data.update(overrides)
    return data


@pytest.fixture
def ake_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def test_ake_builds_every_question_kind_in_the_admin_and_previews_it(ake_client):
    response = ake_client.post(reverse("surveys_survey:add"), survey_form_data())
    assert response.status_code == 302, response.content.decode()[-4000:]
    survey = Survey.objects.get(title_fi="Henkilöstökysely 2026")
    kinds = list(survey.questions.order_by("sort_order").values_list("kind", flat=True))
    assert kinds == [spec["kind"] for spec in QUESTIONS]
    assert set(kinds) == set(QuestionKind.values)
    tools = survey.questions.get(key="tools")
    assert (tools.show_if_key, tools.condition_value()) == ("uses", 1)
    assert survey.questions.get(key="channel").option_list("sv") == ["Nyhetsbrev", "Kollega", "Extranät"]

    listing = ake_client.get(reverse("surveys_survey:index")).content.decode()
    assert "Henkilöstökysely 2026" in listing
    edit = ake_client.get(reverse("surveys_survey:edit", args=[survey.pk])).content.decode()
    assert reverse("surveys:preview", args=[survey.pk]) in edit
    assert reverse("surveys:results", args=[survey.pk]) in edit
    preview = ake_client.get(f"/sv/surveys/preview/{survey.pk}/").content.decode()
    assert "Personalenkät 2026" in preview and "Helhetsbedömning av AKE:s arbete" in preview


def test_bad_conditions_and_short_names_get_messages_next_to_the_fields(ake_client):
    questions = [
        {"kind": "text", "key": "first", "text_fi": "Eka", "show_if_key": "later", "show_if_answer": "yes"},
        {"kind": "scale", "key": "first", "text_fi": "Toka"},
        {"kind": "single", "key": "third", "text_fi": "Kolmas", "options_fi": "vain yksi"},
        {
            "kind": "yes_no",
            "key": "fourth",
            "text_fi": "Neljäs",
            "show_if_key": "first",
            "show_if_answer": "x",
        },
    ]
    response = ake_client.post(reverse("surveys_survey:add"), survey_form_data(questions))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Anna aiemman kysymyksen lyhyt nimi." in page
    assert "Toisella kysymyksellä on jo tämä lyhyt nimi." in page
    assert "Anna vaihtoehdot (vähintään kaksi)" in page
    assert "Anna vastaus vaihtoehdon numerona" in page
    assert not Survey.objects.exists()

    closes_first = survey_form_data(closes_at="2026-01-01 10:00", opens_at="2026-02-01 10:00")
    page = ake_client.post(reverse("surveys_survey:add"), closes_first).content.decode()
    assert "Kyselyn on sulkeuduttava avautumisensa jälkeen." in page

    no_event = survey_form_data(kind="pilot", activity="event")
    page = ake_client.post(reverse("surveys_survey:add"), no_event).content.decode()
    assert "Valitse se yksi toiminta, jota kysely arvioi." in page
    assert not Survey.objects.exists()


def test_library_staff_cannot_open_the_survey_admin(staff_user):
    client = Client()
    client.force_login(staff_user)
    assert client.get(reverse("surveys_survey:index")).status_code in (302, 403)


@pytest.mark.parametrize(
    ("language", "heading"), [("fi", "Vastanneet / kutsutut"), ("sv", "Svarat / inbjudna")]
)
def test_the_listings_response_rate_heading_is_capitalised_like_the_others(editor, language, heading):
    make_survey()  # an empty listing has no table
    editor.language = language
    editor.save(update_fields=["language"])
    client = Client()
    client.force_login(editor)
    page = client.get(reverse("surveys_survey:index")).content.decode()
    assert heading in page


def test_a_survey_is_named_with_its_year_once(ake_client):
    yearly = make_survey(title_fi="Henkilöstökysely 2026")
    pilot = make_survey(title_fi="Lukupiirin pilotti")
    page = ake_client.get(reverse("surveys_survey:edit", args=[yearly.pk])).content.decode()
    assert "Henkilöstökysely 2026" in page and "Henkilöstökysely 2026 (2026)" not in page
    assert str(pilot) == "Lukupiirin pilotti (2026)"
