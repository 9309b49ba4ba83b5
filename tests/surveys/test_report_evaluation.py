"""The yearly report's "Evaluation" section: the yearly staff survey's response rate and key figures
against last year, the year's pilots with their results, AKE's "successes / to improve" — in the
HTML page and in the PDF's HTML, in Finnish and Swedish; small surveys stay hidden."""

import datetime

import pytest
from django.test import Client

from surveys import services
from surveys.models import Activity, EvaluationNote, Invitation, QuestionKind, SurveyKind
from tests.conftest import make_user

from .conftest import make_survey

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year

HEADLINE = [
    {"kind": QuestionKind.SCALE, "key": "overall", "headline": True, "text_fi": "Kokonaisarvio",
     "text_sv": "Helhetsbedömning"},
    {"kind": QuestionKind.YES_NO, "key": "attended", "headline": True, "text_fi": "Osallistuitko?",
     "text_sv": "Deltog du?"},
    {"kind": QuestionKind.TEXT, "key": "free", "text_fi": "Vapaasti", "text_sv": "Fritt"},
]  # fmt: skip


def _respond(survey, library, **numbers):
    q = {question.key: question for question in survey.questions.all()}
    services.response_submit(
        survey=survey,
        answers=[{"question": q[key], "number": value} for key, value in numbers.items()],
        library=library,
    )


def test_the_report_shows_the_evaluation_section(planning_member, libraries):
    last = make_survey(year=YEAR - 1, questions=HEADLINE, title_fi="Kysely edellinen")
    this = make_survey(
        year=YEAR, questions=HEADLINE, title_fi=f"Henkilöstökysely {YEAR}", title_sv=f"Enkät {YEAR}"
    )
    for overall in (3, 3, 4, 2, 3):
        _respond(last, libraries["turku"], overall=overall, attended=2)
    for overall in (4, 5, 4, 4, 5, 4):
        _respond(this, libraries["turku"], overall=overall, attended=1)
    Invitation.objects.bulk_create(
        Invitation(survey=this, email=f"p{n}@turku.fi", answered=n < 6) for n in range(12)
    )
    pilot = make_survey(
        kind=SurveyKind.PILOT, year=YEAR, questions=HEADLINE[:1], threshold=2, title_fi="Etäkahvipilotti",
        title_sv="Distanskaffepilot", activity=Activity.COFFEE_HOURS, coffee_hour_year=YEAR,
    )  # fmt: skip
    for overall in (5, 4):
        _respond(pilot, libraries["pori"], overall=overall)
    small = make_survey(kind=SurveyKind.PILOT, year=YEAR, questions=HEADLINE[:1], title_fi="Pieni pilotti")
    _respond(small, libraries["pori"], overall=1)
    EvaluationNote.objects.create(
        year=YEAR,
        successes_fi="Etäkahvit tavoittivat pienet kirjastot.",
        improvements_fi="Tiedotus ajoissa.",
        successes_sv="Distanskaffena nådde de små biblioteken.",
    )

    client = Client()
    client.force_login(planning_member)
    report = client.get(f"/fi/reports/{YEAR}/").content.decode()
    assert f'href="/fi/reports/{YEAR}/evaluation/"' in report
    page = client.get(f"/fi/reports/{YEAR}/evaluation/").content.decode()
    # The page's heading names the section once; the PDF's chapter has its own.
    assert f'<h1 id="evaluation-heading">Arviointi {YEAR}</h1>' in page and ">Arviointi</h2>" not in page
    assert "<h2>Vuosittainen henkilöstökysely</h2>" in page and "<h2>Vuoden pilotit</h2>" in page
    assert "6 vastausta" in page and "vastausprosentti 50 %" in page
    # Overall: 4,33 (n 6) this year against 3,0 (n 5); attended: 100 % yes against 0 %.
    assert "Kokonaisarvio (keskiarvo)</th><td>4,33</td><td>6</td><td>3,0</td><td>5</td>" in page
    assert "Osallistuitko? (kyllä)</th><td>100 %</td><td>6</td><td>0 %</td><td>5</td>" in page
    assert (
        f"Etäkahvipilotti – vuoden etäkahvit {YEAR}" in page and "Kokonaisarvio: 4,5 (keskiarvo, n=2)" in page
    )
    assert "Pieni pilotti" in page and "Tulokset näytetään vasta 5 vastauksesta alkaen" in page
    assert "Etäkahvit tavoittivat pienet kirjastot." in page and "Tiedotus ajoissa." in page

    swedish = client.get(f"/sv/reports/{YEAR}/evaluation/").content.decode()
    assert "Utvärdering" in swedish and "Helhetsbedömning (medelvärde)" in swedish
    assert "Distanskaffena nådde de små biblioteken." in swedish
    assert "Tiedotus ajoissa." in swedish  # untranslated: the Finnish text

    from reporting.pdf import render_report_html
    from reporting.selectors import report_for_year

    html = render_report_html(report_for_year(year=YEAR), language="sv")
    assert "Utvärdering" in html and "Distanspilot" not in html and "Distanskaffepilot" in html
    assert '<h2 id="evaluation-heading">Utvärdering</h2>' in html and "<h3>Årets piloter</h3>" in html
    assert "Helhetsbedömning (medelvärde)</th><td>4,33</td>" in html


def test_a_small_yearly_survey_shows_no_figures(planning_member, libraries):
    this = make_survey(year=YEAR, questions=HEADLINE)
    _respond(this, libraries["turku"], overall=1, attended=1)
    client = Client()
    client.force_login(planning_member)
    page = client.get(f"/fi/reports/{YEAR}/evaluation/").content.decode()
    assert "Arviointi" in page and "Kokonaisarvio (keskiarvo)" not in page
    staff = Client()
    staff.force_login(make_user("lukija@kaarina.fi", library=libraries["kaarina"]))
    assert staff.get(f"/fi/reports/{YEAR}/evaluation/").status_code == 403
