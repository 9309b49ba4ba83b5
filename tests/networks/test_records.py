"""Importing earlier years' networks records from the example files (docs/examples, docs/records.md)."""

import datetime
from pathlib import Path

import pytest
from django.utils import translation

from ake.records import import_file, record_type_for
from networks.models import (
    CampaignParticipation,
    DevelopmentProject,
    LiboppiCompletion,
    LiboppiModule,
    LibraryVisit,
    Partnership,
    RotationPeriod,
)

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _import(name: str, path: Path | None = None):
    return import_file(path or EXAMPLES / f"{name}.csv", record_type_for(name))


def _import_twice(name: str, model) -> int:
    first = _import(name)
    assert first.ok, [str(problem) for problem in first.errors]
    count = model.objects.count()
    second = _import(name)
    assert second.ok and second.created == 0 and second.skipped == first.created
    assert model.objects.count() == count
    return first.created


def _refused(name: str, tmp_path: Path, text: str, model) -> list[str]:
    before = model.objects.count()
    path = tmp_path / f"{name}.csv"
    path.write_text(text, encoding="utf-8")
    result = _import(name, path)
    assert not result.ok
    assert model.objects.count() == before, "a file with an error imports nothing"
    return [str(problem) for problem in result.errors]


def test_visits(tmp_path):
    assert _import_twice("visits", LibraryVisit) == 2
    visit = LibraryVisit.objects.get(date=datetime.date(2023, 3, 15))
    assert visit.place.name_fi == "Pöytyän kunnankirjasto"
    assert visit.kind == LibraryVisit.Kind.INFORMATICIANS
    assert [library.name_fi for library in visit.participating_libraries.all()] == ["Oripään kunnankirjasto"]
    assert LibraryVisit.objects.get(date=datetime.date(2023, 5, 22)).kind == LibraryVisit.Kind.DIRECTOR_AVI
    errors = _refused(
        "visits",
        tmp_path,
        "visited_on,library,kind\n2022-03-01,Liedon kunnankirjasto,\n2022-04-01,Atlantis,\n"
        "2022-04-02,Liedon kunnankirjasto,coffee\n",
        LibraryVisit,
    )
    assert "line 3, column library: “Atlantis” is not a library in the registry." in errors
    assert any(error.startswith("line 4, column kind: “coffee” is not one of") for error in errors)


def test_rotation_periods_link_a_reciprocal_exchange(tmp_path):
    assert _import_twice("rotation_periods", RotationPeriod) == 2
    raisio = RotationPeriod.objects.get(home_library__name_fi="Raision kaupunginkirjasto")
    salo = RotationPeriod.objects.get(home_library__name_fi="Salon kaupunginkirjasto")
    assert salo.reciprocal == raisio and raisio.partner == salo
    assert raisio.status == RotationPeriod.Status.DONE
    errors = _refused(
        "rotation_periods",
        tmp_path,
        "home_library,host_library,starts_on,ends_on\n"
        "Liedon kunnankirjasto,Liedon kunnankirjasto,2022-05-02,2022-05-06\n"
        "Liedon kunnankirjasto,Maskun kunnankirjasto,2022-05-09,2022-05-02\n",
        RotationPeriod,
    )
    assert errors == [
        "line 2, column host_library: The host library must be another library than the home library.",
        "line 3, column ends_on: The end cannot be before the start.",
    ]


def test_partnerships(tmp_path):
    assert _import_twice("partnerships", Partnership) == 1
    partnership = Partnership.objects.get(theme="Kaksikielinen tapahtumatuotanto")
    assert sorted(library.name_fi for library in partnership.libraries.all()) == [
        "Kemiönsaaren kunnankirjasto",
        "Paraisten kaupunginkirjasto",
    ]
    errors = _refused(
        "partnerships",
        tmp_path,
        "library,partner_library,theme,starts_on\nLiedon kunnankirjasto,,Teema,2022-01-01\n",
        Partnership,
    )
    assert errors == ["line 2, column partner_library: A value is required."]


def test_campaigns(tmp_path):
    assert _import_twice("campaigns", CampaignParticipation) == 2
    assert CampaignParticipation.objects.filter(campaign__year=2023).count() == 2
    errors = _refused(
        "campaigns",
        tmp_path,
        "campaign,year,library\nKampanja,23,Liedon kunnankirjasto\n",
        CampaignParticipation,
    )
    assert errors == ["line 2, column year: The year must be between 2000 and 2100."]


def test_projects(tmp_path):
    assert _import_twice("projects", DevelopmentProject) == 3
    # No status given: from the dates (the running period ended on 31.12.2024).
    running = DevelopmentProject.objects.get(name="Kestävä kehitys Lounais-Suomen kirjastoissa")
    assert running.status == DevelopmentProject.Status.ENDED
    assert running.scope == DevelopmentProject.Scope.REGIONAL
    application = DevelopmentProject.objects.get(name="Kestävä kehitys jatkohakemus")
    assert [a.submitted_on for a in application.applications.all()] == [datetime.date(2023, 10, 31)]
    errors = _refused(
        "projects", tmp_path, "name,status,starts_on\nHanke,ended,2022-01-01\nToinen,,\n", DevelopmentProject
    )
    assert errors == [
        "line 2, column ends_on: An ended project needs its end date.",
        "line 3, column submitted_on: Give the date the application was submitted or the running period.",
    ]


def test_liboppi_modules_and_completions(tmp_path):
    assert _import_twice("liboppi_modules", LiboppiModule) == 3
    assert LiboppiModule.objects.get(title="Tekoäly kirjastotyössä").scope == LiboppiModule.Scope.REGIONAL
    assert _import_twice("liboppi_completions", LiboppiCompletion) == 3
    raisio = LiboppiCompletion.objects.get(library__name_fi="Raision kaupunginkirjasto")
    assert raisio.count == 4 and raisio.source == LiboppiCompletion.Source.IMPORT
    errors = _refused(
        "liboppi_completions",
        tmp_path,
        "completed_on,library,course,completions\n2023-01-05,Liedon kunnankirjasto,Tuntematon kurssi,2\n"
        "2023-01-05,Liedon kunnankirjasto,Saavutettava viestintä,0\n",
        LiboppiCompletion,
    )
    assert errors == [
        "line 2, column course: “Tuntematon kurssi” is not a Liboppi module; "
        "import it in liboppi_modules first.",
        "line 3, column completions: The number of completions must be at least 1.",
    ]


# --------------------------------------------------------------------------- natural keys (issue #15, 21)
def test_two_peoples_periods_between_the_same_libraries_on_the_same_day_are_two(tmp_path):
    path = tmp_path / "rotation_periods.csv"
    path.write_text(
        "person_email,home_library,host_library,starts_on,ends_on\n"
        "anna@lieto.fi,Liedon kunnankirjasto,Maskun kunnankirjasto,2022-05-02,2022-05-13\n"
        "ville@lieto.fi,Liedon kunnankirjasto,Maskun kunnankirjasto,2022-05-02,2022-05-13\n",
        encoding="utf-8",
    )
    first = _import("rotation_periods", path)
    assert (first.created, first.skipped, first.errors) == (2, 0, [])
    assert sorted(RotationPeriod.objects.values_list("person_ref", flat=True)) == [
        "anna@lieto.fi",
        "ville@lieto.fi",
    ]
    again = _import("rotation_periods", path)
    assert (again.created, again.skipped) == (0, 2)


def test_two_partnerships_with_the_same_theme_and_day_are_two(tmp_path):
    path = tmp_path / "partnerships.csv"
    path.write_text(
        "library,partner_library,theme,starts_on\n"
        "Liedon kunnankirjasto,Maskun kunnankirjasto,Lukupiirit,2022-01-01\n"
        "Eurajoen kunnankirjasto,Euran kunnankirjasto,Lukupiirit,2022-01-01\n",
        encoding="utf-8",
    )
    first = _import("partnerships", path)
    assert (first.created, first.errors) == (2, [])
    assert Partnership.objects.filter(theme="Lukupiirit").count() == 2
    assert _import("partnerships", path).created == 0


def test_a_repeated_key_with_different_content_names_both_lines_and_imports_nothing(tmp_path):
    errors = _refused(
        "visits",
        tmp_path,
        "visited_on,library,kind,other_libraries\n"
        "2022-03-01,Liedon kunnankirjasto,,\n"
        "2022-03-02,Maskun kunnankirjasto,,\n"
        "2022-03-01,Liedon kunnankirjasto,,Maskun kunnankirjasto\n",
        LibraryVisit,
    )
    assert errors == [
        "line 4: Lines 2 and 4 are the same record by their key but differ in: other_libraries. "
        "Correct the one that is wrong, or tell the two records apart."
    ]


def test_a_repeated_row_with_the_same_content_counts_once(tmp_path):
    path = tmp_path / "visits.csv"
    path.write_text(
        "visited_on,library\n2022-03-01,Liedon kunnankirjasto\n1.3.2022, liedon kunnankirjasto \n",
        encoding="utf-8",
    )
    result = _import("visits", path)
    assert (result.created, result.skipped, result.errors) == (1, 1, [])


def test_erasing_a_person_clears_their_imported_rotation_reference(tmp_path, staff_user):
    from networks.services import user_erase

    path = tmp_path / "rotation_periods.csv"
    path.write_text(
        "person_email,home_library,host_library,starts_on,ends_on\n"
        f"{staff_user.email.upper()},Liedon kunnankirjasto,Maskun kunnankirjasto,2022-05-02,2022-05-13\n",
        encoding="utf-8",
    )
    assert _import("rotation_periods", path).created == 1
    user_erase(user=staff_user)
    period = RotationPeriod.objects.get()
    assert period.person is None
    assert staff_user.email.lower() not in period.person_ref


def test_a_funders_name_keeps_its_language(tmp_path):
    """Issue #14: a funder's name is in its own language (Svenska kulturfonden is Swedish), so that the
    report can mark it; an empty column is Finnish, an unknown language is refused next to the column."""
    path = tmp_path / "projects.csv"
    path.write_text(
        "name,funder,funder_language,submitted_on\n"
        "Ruotsinkielinen satutunti,Svenska kulturfonden,sv,2023-09-01\n"
        "Lukudiplomi,Opetus- ja kulttuuriministeriö,,2023-10-01\n",
        encoding="utf-8",
    )
    assert _import("projects", path).ok
    languages = dict(
        DevelopmentProject.objects.values_list("applications__funder", "applications__funder_language")
    )
    assert languages == {"Svenska kulturfonden": "sv", "Opetus- ja kulttuuriministeriö": "fi"}
    errors = _refused(
        "projects",
        tmp_path,
        "name,funder,funder_language,submitted_on\nHanke,AVI,ru,2023-01-01\n",
        DevelopmentProject,
    )
    assert errors == ["line 2, column funder_language: “ru” is not one of: en, fi, sv."]
