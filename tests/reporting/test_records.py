"""Importing earlier years from spreadsheets: row-level errors, all-or-nothing files, idempotence."""

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from ake import records
from ake.records import Column, RecordType, RowError, import_file
from reporting.models import IndicatorTarget, ManualValue, StaffResource
from reporting.selectors import report_build

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.fixture(autouse=True)
def _english():
    """The messages below are asserted in English, whatever the catalogs say."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def example_site(db):
    """What the example files refer to and an earlier site would have: kits and the notice index."""
    from extranet.models import HomePage, NoticeIndexPage
    from loans.models import Kit, KitType, KitUnit

    for name, kit_type in (
        ("Pelisalkku", KitType.GAME),
        ("Digivälinesalkku 1: tabletit", KitType.DIGITAL_DEVICE),
    ):
        kit = Kit.objects.create(name_fi=name, kit_type=kit_type)
        KitUnit.objects.create(kit=kit, code="1")
    from wagtail.models import Locale

    home = HomePage.objects.get(depth=2)
    index = home.add_child(instance=NoticeIndexPage(title="Tiedotteet", slug="tiedotteet", live=True))
    sv, _ = Locale.objects.get_or_create(language_code="sv")
    home.copy_for_translation(sv).save()
    swedish_index = index.copy_for_translation(sv)
    swedish_index.slug, swedish_index.live = "meddelanden", True
    swedish_index.save()


def test_the_example_folder_imports_whole_and_the_report_shows_the_year(example_site, tmp_path, capsys):
    folder = tmp_path / "records"
    shutil.copytree(EXAMPLES, folder)
    _write(folder, "muistiinpanot.csv", "a,b\n1,2\n")
    call_command("import_records", str(folder))
    output = capsys.readouterr()
    assert "muistiinpanot.csv: no such record type" in output.err
    assert "notices.csv: 3 added, 0 already there" in output.out
    assert ManualValue.objects.get(year=2023, indicator__code="B2").value == Decimal("88.1")
    assert ManualValue.objects.get(year=2023, indicator__code="A1").entered_by_name == "spreadsheet import"
    assert IndicatorTarget.objects.filter(year=2025).count() == 6
    assert StaffResource.objects.filter(year=2023).count() == 2

    report = report_build(year=2023)["indicators"]

    def value(code):
        return report[code]["value"]

    def libraries(code):
        return report[code]["libraries"]["numerator"]

    # Computed from the imported records (worked out from docs/examples by hand).
    assert (value("A1"), report["A1"]["source"]) == ("1", "computed")  # the data wins over the manual 2
    assert value("A2") == "2"
    assert value("A3") == "2"  # a notice and its Swedish translation count once
    assert value("A4") == "2"
    assert (value("A5"), report["A5"]["source"]) == ("15234", "manual")  # no data: the imported value
    assert libraries("A7") == 2
    assert value("B1") == "2"
    assert libraries("B2") == 3
    assert value("B3") == "3"
    assert value("B4") == "4.33"
    assert (value("B5"), value("B6")) == ("1", "1")
    assert (value("B7"), libraries("B8")) == ("2", 2)
    assert (value("B9"), libraries("B10")) == ("1", 2)
    assert report["C1"]["extra"]["per_group"]["Digityöryhmä"] == 2
    # C4 counts only the libraries where a visit took place (DOMAIN.md, updated): Pöytyä and
    # Huittinen; Oripää's staff joined the visit in Pöytyä: met elsewhere, shown beside it.
    assert (value("C2"), libraries("C3"), libraries("C4")) == ("1", 2, 2)
    assert report["C4"]["libraries"]["met_elsewhere"]["numerator"] == 1
    assert (value("C5"), value("C6"), value("C7")) == ("1", "1", "57")
    # An event across New Year counts for the year it starts in.
    assert report_build(year=2022)["indicators"]["B1"]["value"] == "1"

    counts = _record_counts()
    call_command("import_records", str(folder))
    assert _record_counts() == counts
    assert "0 added, 4 already there" in capsys.readouterr().out


def _record_counts() -> tuple:
    from extranet.models import NoticePage, SubscriptionPeriod
    from loans.models import InterlibraryLoan, KitBooking
    from networks.models import LibraryVisit, RotationPeriod
    from surveys.models import Response
    from trainings.models import Attendance, Event

    models = (ManualValue, IndicatorTarget, StaffResource, NoticePage, SubscriptionPeriod, KitBooking)
    models += (InterlibraryLoan, LibraryVisit, RotationPeriod, Event, Attendance, Response)
    return tuple(model.objects.count() for model in models)


def test_a_file_with_errors_imports_nothing_and_names_every_bad_row(tmp_path, capsys):
    _write(
        tmp_path,
        "indicator_values.csv",
        "year;indicator;value;note\n2022;B1;17;ok\n20x2;B2;80;bad year\n"
        "2022;Z9;1;no such id\n2022;B5;kolme;\n",
    )
    with pytest.raises(CommandError):
        call_command("import_records", str(tmp_path))
    assert not ManualValue.objects.filter(year=2022).exists()
    errors = capsys.readouterr().err
    assert "line 3, column year: “20x2” is not a whole number." in errors
    assert "line 4, column indicator: “Z9” is not an indicator id (A1–C7)." in errors
    assert "line 5, column value: “kolme” is not a number." in errors
    assert "line 5, column note: A value is required." in errors


def test_unknown_and_missing_columns_are_reported_on_the_header_line(tmp_path):
    path = _write(tmp_path, "staff_resources.csv", "year,position,title_fi\n2023,1,x\n")
    result = import_file(path, records.record_type_for("staff_resources"))
    messages = [str(problem) for problem in result.errors]
    assert "line 1, column position: Unknown column." in messages
    assert "line 1, column position_number: The required column is missing." in messages
    assert not StaffResource.objects.filter(year=2023).exists()


def test_a_failure_while_saving_rolls_back_the_whole_file(tmp_path):
    # The second row passes the column checks but not the model (FTE over 100 % is caught by the
    # validator; a too-long position number only by full_clean when saving).
    path = _write(
        tmp_path,
        "staff_resources.csv",
        "year,position_number,title_fi,fte_percent,main_tasks_fi\n"
        "2022,1001,informaatikko,50,Koulutukset\n"
        f"2022,{'9' * 30},informaatikko,50,Koulutukset\n",
    )
    result = import_file(path, records.record_type_for("staff_resources"))
    assert not result.ok
    assert result.errors[0].line == 3
    assert not StaffResource.objects.filter(year=2022).exists()


def test_xlsx_files_are_read_like_csv(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["year", "indicator", "kind", "low", "high"])
    sheet.append([2026, "b1", "range", 15, 22])
    sheet.append([2026, "B2", "at_least", 92.5, None])
    workbook.save(tmp_path / "indicator_targets.xlsx")
    result = import_file(tmp_path / "indicator_targets.xlsx", records.record_type_for("indicator_targets"))
    assert (result.created, result.errors) == (2, [])
    assert IndicatorTarget.objects.get(year=2026, indicator__code="B2").low == Decimal("92.5")


def test_a_range_target_without_its_bound_is_refused(tmp_path):
    path = _write(tmp_path, "indicator_targets.csv", "year,indicator,kind,low\n2026,B1,range,\n")
    result = import_file(path, records.record_type_for("indicator_targets"))
    assert "This kind of target needs a value." in str(result.errors[0])


def test_owning_apps_register_record_types_and_duplicates_in_a_file_count_once(tmp_path):
    created = []

    def validate(row):
        if row["volumes"] <= 0:
            raise RowError("volumes must be positive", "volumes")
        return row

    fake = RecordType(
        name="fake_loans",
        label="Fake loans",
        columns=[Column("sent_on", "date", required=True), Column("volumes", "integer", required=True)],
        validate=validate,
        natural_key=lambda row: (row["sent_on"], row["volumes"]),
        existing_keys=lambda: {(row["sent_on"], row["volumes"]) for row in created},
        create=created.append,
    )
    records.register(fake)
    try:
        path = _write(tmp_path, "fake_loans.csv", "sent_on,volumes\n5.1.2023,3\n2023-01-05,3\n2023-01-06,1\n")
        result = import_file(path, fake)
        assert (result.created, result.skipped) == (2, 1)
        bad = _write(tmp_path, "fake_loans.csv", "sent_on,volumes\n2023-02-01,0\n")
        assert str(import_file(bad, fake).errors[0]) == "line 2, column volumes: volumes must be positive"
    finally:
        records.unregister("fake_loans")
    assert records.record_type_for("fake_loans") is None
