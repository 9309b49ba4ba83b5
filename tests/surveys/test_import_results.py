"""Earlier years' yearly staff surveys imported as aggregates per question (import_records style):
the first year on the site compares with the imported one, and the report's evaluation section shows
the imported year; errors name their line and column in the user's language; a second import adds
nothing."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from ake.records import import_file, record_type_for
from surveys.models import ImportedResult, Question, QuestionKind, Survey
from surveys.selectors import survey_results

from .conftest import make_survey
from .test_results import _answer

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "survey_results.csv"


def _import(path=EXAMPLE):
    return import_file(path, record_type_for("survey_results"))


def _first_on_the_site(year=2024):
    """The first yearly survey on the site, with the question the example names by its text only."""
    survey = make_survey(year=year)
    Question.objects.create(
        survey=survey,
        key="usefulness",
        kind=QuestionKind.SCALE,
        text_fi="Koulutusten hyödyllisyys",
        sort_order=20,
    )
    return survey


def test_the_first_year_on_the_site_compares_with_the_imported_year(libraries, tmp_path, capsys):
    this = _first_on_the_site()
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "survey_results.csv").write_bytes(EXAMPLE.read_bytes())
    call_command("import_records", str(folder))
    assert "survey_results.csv: 6 added, 0 already there" in capsys.readouterr().out
    imported = Survey.objects.get(year=2023, imported=True)
    assert (imported.imported_respondents, imported.imported_invited) == (52, 240)
    # The question given by its text only got the short name of the same question on the site.
    assert set(imported.questions.values_list("key", flat=True)) == {
        "overall",
        "uses",
        "channel",
        "services",
        "usefulness",
    }
    assert imported.questions.get(key="services").option_list("sv") == ["Utbildningar", "Nätverk"]

    call_command("import_records", str(folder))  # again: nothing added, nothing changed
    assert "survey_results.csv: 0 added, 6 already there" in capsys.readouterr().out
    assert ImportedResult.objects.count() == 6 and Survey.objects.filter(imported=True).count() == 1

    for overall in (5, 4, 4, 5, 4):
        _answer(this, libraries["turku"], overall=overall)
    data = survey_results(this)
    assert data["previous"] == 2023
    items = {item.question.key: item for item in data["questions"]}
    # 1·1 + 2·3 + 3·10 + 4·25 + 5·12 = 197 over 51 answers.
    assert (items["overall"].previous_mean, items["overall"].previous_n) == (3.86, 51)
    assert (items["uses"].previous_yes, items["uses"].previous_n) == (59, 51)  # 30 of 51
    assert [(row["previous_mean"], row["previous_n"]) for row in items["services"].matrix] == [
        (4.12, 49),
        (3.71, 45),
    ]
    assert (items["usefulness"].previous_mean, items["usefulness"].previous_n) == (
        3.95,
        50,
    )  # mean and n only


def test_the_report_shows_the_imported_year(planning_member):
    assert _import().ok
    client = Client()
    client.force_login(planning_member)
    page = client.get("/fi/reports/2023/evaluation/").content.decode()
    assert "Henkilöstökysely 2023" in page and "52 vastausta" in page and "vastausprosentti 22 %" in page
    assert "Kokonaisarvio AKE:n työstä (keskiarvo)</th><td>3,86</td><td>51</td>" in page
    assert "Käytätkö materiaalipankkia? (kyllä)</th><td>59 %</td><td>51</td>" in page
    assert "Arvioi palvelut: Verkostot (keskiarvo)</th><td>3,71</td><td>45</td>" in page
    swedish = client.get("/sv/reports/2023/evaluation/").content.decode()
    assert "Bedöm tjänsterna: Nätverk (medelvärde)</th><td>3,71</td>" in swedish


BAD = """year,key,text_fi,kind,row,count_1,count_2,count_3,mean,n,respondents,invited
2023,overall,Kokonaisarvio,ranking,,1,2,3,,,40,100
2023,uses,Käytätkö?,yes_no,,10,5,3,,,40,100
2023,pace,Tahti,scale,,,,,7,20,40,100
2023,rows,Matriisi,matrix,,,,,3.5,20,40,100
2023,other,Muuta,scale,,,,,3.5,20,41,100
2023,,,scale,,1,1,1,,,40,100
2023,many,Paljon,scale,,30,30,,,,40,100
"""


def test_errors_name_the_line_and_column_in_finnish_and_import_nothing(tmp_path):
    path = tmp_path / "survey_results.csv"
    path.write_text(BAD, encoding="utf-8")
    with translation.override("fi"):
        result = _import(path)
        problems = [str(problem) for problem in result.errors]
    assert not result.ok and not ImportedResult.objects.exists() and not Survey.objects.exists()
    assert problems[0].startswith("rivi 2, sarake kind: ")
    expected_columns = ["kind", "count_3", "mean", "row", "respondents", "key", "respondents"]
    assert [problem.split(":")[0] for problem in problems] == [
        f"rivi {line}, sarake {column}" for line, column in zip(range(2, 9), expected_columns, strict=True)
    ]
    assert all("%" not in problem for problem in problems)
    assert "vastaajia" in problems[-1]  # translated: more answers than respondents


def test_a_year_with_its_survey_on_the_site_is_not_imported(tmp_path):
    make_survey(year=2023)
    with translation.override("en"):
        result = _import()
    assert not result.ok
    first = result.errors[0]
    assert (first.line, first.column) == (2, "year")
    assert first.message == "The year 2023 has its yearly survey on the site: its results are not imported."
    with pytest.raises(CommandError):
        folder = tmp_path / "f"
        folder.mkdir()
        (folder / "survey_results.csv").write_bytes(EXAMPLE.read_bytes())
        call_command("import_records", str(folder))
