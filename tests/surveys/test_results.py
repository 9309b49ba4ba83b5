"""Results for AKE: counts, shares, means with n, SVG charts, filters only for groups with enough
answers, free text only to AKE, the comparison with last year, the anonymous export, and a page
whose query count stays the same with ten times the answers."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from networks.models import Library
from surveys import services
from surveys.models import YES
from surveys.selectors import Filters, survey_results

from .conftest import make_survey

pytestmark = pytest.mark.django_db
BUDGET = 12


def _answer(survey, library, *, overall=4, uses=YES, text="", topics=(1,), matrix=(4, 3)):
    q = {question.key: question for question in survey.questions.all()}
    answers = [
        {"question": q["overall"], "number": overall},
        {"question": q["channel"], "number": 1},
        {"question": q["topics"], "choices": list(topics)},
        {"question": q["uses"], "number": uses},
        {"question": q["services"], "row": 1, "number": matrix[0]},
        {"question": q["services"], "row": 2, "number": matrix[1]},
        {"question": q["library"], "library": library},
    ]
    if text:
        answers.append({"question": q["improve"], "text": text})
    services.response_submit(survey=survey, answers=answers, library=library)


@pytest.fixture
def ake_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def test_results_show_counts_means_and_charts_and_hide_small_groups(ake_client, libraries):
    survey = make_survey()
    vaski = Library.objects.filter(consortium="vaski", parent__isnull=True)[:6]
    for index, library in enumerate(vaski):
        _answer(survey, library, overall=3 + index % 3, text=f"Parannus {index}", topics=(1, 3))
    _answer(survey, libraries["pori"], overall=1, uses=2)  # the only Sata answer
    data = survey_results(survey, with_texts=True)
    assert data["responses"] == 7 and data["enough"]
    by_key = {item.question.key: item for item in data["questions"]}
    overall = by_key["overall"]
    assert overall.n == 7
    assert overall.mean == round((3 + 4 + 5 + 3 + 4 + 5 + 1) / 7, 2)
    assert ("5", 2, 29) in overall.rows
    assert "<svg" in overall.chart and 'role="img"' in overall.chart
    topics = by_key["topics"]
    assert topics.n == 7 and ("Digituki", 7, 100) in topics.rows and ("Johtaminen", 6, 86) in topics.rows
    assert [(label, count) for label, count, _share in by_key["uses"].rows] == [("Kyllä", 6), ("Ei", 1)]
    assert by_key["services"].matrix[0]["mean"] == 4.0 and by_key["services"].matrix[0]["n"] == 7
    assert sorted(by_key["improve"].texts) == [f"Parannus {index}" for index in range(6)]
    # Only Vaski has 5 answers: Sata is not offered as a filter, and asking for it shows everyone.
    assert [value for value, _label in data["filter_choices"]["consortium"]] == ["vaski"]
    assert survey_results(survey, filters=Filters(consortium="sata"))["responses"] == 7
    assert survey_results(survey, filters=Filters(consortium="vaski"))["responses"] == 6
    # The library chooser: six libraries chosen once each, Pori once: all below the threshold.
    assert [label for label, _count, _share in by_key["library"].rows] == [
        "muut kirjastot (alle 5 vastausta kukin)"
    ]
    # Free text only when asked for (AKE).
    assert survey_results(survey, with_texts=False)["questions"][-1].texts == []

    page = ake_client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "Parannus 3" in page and "survey-chart" in page and "Keskiarvo" in page
    assert '<option value="vaski"' in page and '<option value="sata"' not in page
    filtered = ake_client.get(reverse("surveys:results", args=[survey.pk]) + "?consortium=vaski")
    assert "6 vastausta" in filtered.content.decode()


def test_results_are_hidden_under_the_threshold(ake_client, libraries):
    survey = make_survey(threshold=5)
    for _ in range(4):
        _answer(survey, libraries["kaarina"], text="Liian vähän vastauksia")
    data = survey_results(survey, with_texts=True)
    assert not data["enough"] and data["filter_choices"]["consortium"] == []
    page = ake_client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "Tulokset näytetään vasta 5 vastauksesta alkaen" in page
    assert "Liian vähän vastauksia" not in page and "survey-chart" not in page
    survey.threshold = 3
    survey.save()
    assert (
        "Liian vähän vastauksia"
        in ake_client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    )


def test_comparison_with_last_years_yearly_survey(libraries):
    last = make_survey(year=2025)
    this = make_survey(year=2026)
    for overall in (2, 3, 4, 3, 3):
        _answer(last, libraries["turku"], overall=overall)
    for overall in (5, 4, 4, 5, 4):
        _answer(this, libraries["turku"], overall=overall)
    data = survey_results(this)
    assert data["previous"] == last.year
    overall = next(item for item in data["questions"] if item.question.key == "overall")
    assert (overall.mean, overall.previous_mean, overall.previous_n) == (4.4, 3.0, 5)
    uses = next(item for item in data["questions"] if item.question.key == "uses")
    assert uses.previous_yes == 100


def test_the_export_holds_anonymous_answers_and_neutralises_formulas(ake_client, libraries):
    survey = make_survey(threshold=2)
    _answer(survey, libraries["kaarina"], text='=HYPERLINK("http://evil")')
    _answer(survey, libraries["turku"], text="Hyvä")
    _answer(survey, libraries["pori"], text="Ok")
    raw = ake_client.get(reverse("surveys:export_csv", args=[survey.pk])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[0][:5] == ["vastaus", "päivä", "kirjastokimppa", "maakunta", "kirjaston koko"]
    assert len(rows) == 4
    assert '\'=HYPERLINK(""http://evil"")' in raw  # quotes doubled by CSV
    # Two Vaski answers reach the threshold of 2; Sata's one answer keeps its group empty.
    assert sorted(row[2] for row in rows[1:]) == ["", "vaski", "vaski"]
    assert "kaarina" not in raw.lower() and "@" not in raw
    xlsx = ake_client.get(reverse("surveys:export_xlsx", args=[survey.pk]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def _grow(survey, libraries, count):
    for index in range(count):
        _answer(survey, libraries["turku"], overall=1 + index % 5, text=f"t{index}")


def test_the_results_page_stays_within_its_query_budget_at_two_sizes(ake_client, libraries):
    last = make_survey(year=2025)
    _grow(last, libraries, 5)
    survey = make_survey(year=2026)
    url = reverse("surveys:results", args=[survey.pk])
    counts = []
    for size in (6, 60):
        _grow(survey, libraries, size - (counts and 6 or 0))
        ake_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = ake_client.get(url + "?consortium=vaski")
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    assert counts[1] <= BUDGET, "\n".join(q["sql"][:200] for q in captured.captured_queries)


def test_free_texts_and_the_export_are_for_ake_only(ake_client, planning_member, staff_user, libraries):
    survey = make_survey()
    for index in range(5):
        _answer(survey, libraries["turku"], overall=4, text=f"Vapaa palaute {index}")
    results = reverse("surveys:results", args=[survey.pk])
    export = reverse("surveys:export_csv", args=[survey.pk])
    assert "Vapaa palaute 2" in ake_client.get(results).content.decode()
    assert "Vapaa palaute 2" in ake_client.get(export).content.decode("utf-8-sig")

    # The planning group reads the figures of the report's evaluation, never the free texts.
    planning = Client()
    planning.force_login(planning_member)
    page = planning.get(results)
    assert page.status_code == 200 and "Keskiarvo" in page.content.decode()
    assert "Vapaa palaute" not in page.content.decode()
    assert planning.get(export).status_code == 403
    assert planning.get(reverse("surveys:export_xlsx", args=[survey.pk])).status_code == 403

    # Library staff answer surveys; they do not read them.
    staff = Client()
    staff.force_login(staff_user)
    assert staff.get(results).status_code == 403 and staff.get(export).status_code == 403
