"""CSV, XLSX and the `report` command: the same figures, and no formulas smuggled in."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from ake.indicators import DrillItem, IndicatorResult
from reporting.exports import neutralise
from reporting.models import IndicatorDefinition, ManualValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(providers, counted_libraries):
    ids = [library.pk for library in counted_libraries]
    providers.values("B1", {2024: 16, 2023: 14})
    providers.libraries("B2", {2024: set(ids[:9])})

    def b5(*, year, today):
        return IndicatorResult(
            value=1, items=[DrillItem(label='=HYPERLINK("http://evil")', library_id=ids[0])]
        )

    providers.add("B5", b5)
    ManualValue.objects.create(
        indicator=IndicatorDefinition.objects.get(code="A1"), year=2024, value=2, note="@SUM(A1:A9)"
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("=1+1", "'=1+1"), ("+358", "'+358"), ("-2", "'-2"), ("@cmd", "'@cmd"), ("Turku", "Turku"), (5, 5)],
)
def test_formula_cells_get_a_leading_apostrophe(cell, expected):
    assert neutralise(cell) == expected


def test_csv_has_one_row_per_indicator_and_neutralised_text(client, planning_member, figures):
    client.force_login(planning_member)
    response = client.get(reverse("reporting:report_csv", args=[2024]))
    assert response["Content-Disposition"] == 'attachment; filename="ake-report-2024.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 25
    by_id = {row[2]: row for row in rows[1:]}
    assert by_id["B1"][6] == "16" and by_id["B1"][8] == "14"
    assert by_id["B2"][6] == "90"
    assert by_id["A1"][9] == "käsin kirjattu"
    # Unit and source in the export's language, not the stored codes.
    assert by_id["B1"][4] == "lukumäärä" and by_id["B1"][9] == "laskettu"
    assert by_id["A1"][12] == "'@SUM(A1:A9)"


@pytest.mark.parametrize(
    ("language", "unit", "source", "manual"),
    [("sv", "antal", "beräknat", "manuellt"), ("en", "count", "computed", "manual")],
)
def test_the_exports_name_units_and_sources_in_their_language(
    client, planning_member, figures, language, unit, source, manual
):
    from django.utils import translation

    client.force_login(planning_member)
    with translation.override(language):
        csv_url = reverse("reporting:report_csv", args=[2024])
        xlsx_url = reverse("reporting:report_xlsx", args=[2024])
    assert csv_url.startswith(f"/{language}/")
    rows = list(csv.reader(io.StringIO(client.get(csv_url).content.decode("utf-8-sig"))))
    by_id = {row[2]: row for row in rows[1:]}
    assert (by_id["B1"][4], by_id["B1"][9], by_id["A1"][9]) == (unit, source, manual)
    table1 = load_workbook(io.BytesIO(client.get(xlsx_url).content)).worksheets[0]
    b1 = next(row for row in table1.iter_rows(values_only=True) if row[2] == "B1")
    assert (b1[4], b1[9]) == (unit, source)


def test_xlsx_holds_tables_1_and_2_and_the_drill_downs(client, planning_member, figures):
    client.force_login(planning_member)
    response = client.get(reverse("reporting:report_xlsx", args=[2024]))
    workbook = load_workbook(io.BytesIO(response.content))
    table1, table2, items, libraries = workbook.worksheets[:4]
    assert table1.max_row == 25
    assert [c.value for c in table1[9]][2:4] == ["B1", "Täydennyskoulutusten lukumäärä"]
    assert table1.cell(9, 7).value == 16
    assert table2.cell(2, 1).value == "904102"
    assert items.cell(2, 3).value == '\'=HYPERLINK("http://evil")'
    assert [row[2] for row in libraries.iter_rows(min_row=2, values_only=True)].count("puuttuu") == 1


def test_exports_are_for_report_readers_only(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("reporting:report_csv", args=[2024])).status_code == 403
    assert client.get(reverse("reporting:report_xlsx", args=[2024])).status_code == 403


def test_report_command_prints_json_per_indicator(capsys, figures):
    call_command("report", "2024", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert sorted(data) == sorted(IndicatorDefinition.objects.values_list("code", flat=True))
    assert (data["B1"]["value"], data["B1"]["status"]) == ("16", "met")
    assert data["B1"]["target"]["text"] == "15–20"
    assert data["A5"]["status"] == "no_data"  # no provider, no manual value: no data (DOMAIN.md)


def test_report_command_writes_csv_and_pdf_files(tmp_path, figures):
    call_command("report", "2024", "--format", "csv", "--output", str(tmp_path / "r.csv"), "--language", "sv")
    text = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert "Antal fortbildningar" in text
    call_command("report", "2024", "--format", "pdf", "--output", str(tmp_path / "r.pdf"), "--language", "sv")
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_report_command_refuses_a_future_year():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("report", "2999")
