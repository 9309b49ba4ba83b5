import datetime

import pytest
from django.utils import timezone

from surveys.models import Question, QuestionKind, Survey, SurveyKind

# Every question kind, in fi and sv; "tools" depends on "uses" = yes.
QUESTIONS = [
    {"kind": QuestionKind.SECTION, "key": "about", "text_fi": "Taustaa", "text_sv": "Bakgrund"},
    {"kind": QuestionKind.LIBRARY, "key": "library", "text_fi": "Kirjastosi", "text_sv": "Ditt bibliotek"},
    {
        "kind": QuestionKind.SCALE,
        "key": "overall",
        "required": True,
        "headline": True,
        "text_fi": "Kokonaisarvio AKE:n työstä",
        "text_sv": "Helhetsbedömning av AKE:s arbete",
        "scale_low_fi": "huono",
        "scale_low_sv": "dålig",
        "scale_high_fi": "erinomainen",
        "scale_high_sv": "utmärkt",
    },
    {
        "kind": QuestionKind.SINGLE,
        "key": "channel",
        "required": True,
        "text_fi": "Mistä kuulit koulutuksista?",
        "text_sv": "Var hörde du om utbildningarna?",
        "options_fi": "Uutiskirje\nKollega\nExtranet",
        "options_sv": "Nyhetsbrev\nKollega\nExtranät",
    },
    {
        "kind": QuestionKind.MULTIPLE,
        "key": "topics",
        "text_fi": "Mitkä aiheet kiinnostavat?",
        "text_sv": "Vilka ämnen intresserar?",
        "options_fi": "Digituki\nLukeminen\nJohtaminen",
        "options_sv": "Digistöd\nLäsning\nLedarskap",
    },
    {
        "kind": QuestionKind.YES_NO,
        "key": "uses",
        "required": True,
        "text_fi": "Käytätkö materiaalipankkia?",
        "text_sv": "Använder du materialbanken?",
    },
    {
        "kind": QuestionKind.TEXT,
        "key": "tools",
        "required": True,
        "show_if_key": "uses",
        "show_if_answer": "yes",
        "text_fi": "Mitä materiaaleja käytit?",
        "text_sv": "Vilket material använde du?",
    },
    {
        "kind": QuestionKind.MATRIX,
        "key": "services",
        "required": True,
        "text_fi": "Arvioi palvelut",
        "text_sv": "Bedöm tjänsterna",
        "options_fi": "Koulutukset\nVerkostot",
        "options_sv": "Utbildningar\nNätverk",
        "scale_low_fi": "huono",
        "scale_high_fi": "hyvä",
    },
    {
        "kind": QuestionKind.TEXT,
        "key": "improve",
        "text_fi": "Mitä parantaisit?",
        "text_sv": "Vad skulle du förbättra?",
    },
]


def make_survey(*, kind=SurveyKind.YEARLY, year=2026, questions=QUESTIONS, threshold=5, **extra) -> Survey:
    now = timezone.now()
    survey = Survey.objects.create(
        kind=kind,
        year=year,
        title_fi=extra.pop("title_fi", f"Henkilöstökysely {year}"),
        title_sv=extra.pop("title_sv", f"Personalenkät {year}"),
        opens_at=extra.pop("opens_at", now - datetime.timedelta(days=1)),
        closes_at=extra.pop("closes_at", now + datetime.timedelta(days=14)),
        threshold=threshold,
        **extra,
    )
    for order, spec in enumerate(questions):
        Question.objects.create(survey=survey, sort_order=order, **spec)
    return survey


@pytest.fixture
def yearly(db):
    return make_survey(open_by_link=True)
