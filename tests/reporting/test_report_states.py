"""Issue #15 items 17, 19 and 20 with the real indicators: "no data" as a state of its own in every
format, statuses judged on the exact value, C4 counting visits with the libraries met elsewhere beside
it."""

import csv
import datetime
import io
import zoneinfo
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from networks.models import Library, LibraryVisit
from reporting.exports import csv_bytes
from reporting.selectors import report_build
from surveys.feedback import feedback_store
from trainings.models import Event

from .test_query_budget import _activity

pytestmark = pytest.mark.django_db
HKI = zoneinfo.ZoneInfo("Europe/Helsinki")
AFTER_2024 = datetime.date(2025, 2, 1)


def lib(municipality: str) -> Library:
    return Library.objects.get(municipality_fi=municipality, parent=None)


# --------------------------------------------------------------------------- item 17: no data
@pytest.fixture
def records_from_2024(db):
    """The extranet holds records of every kind from 2024 on, none of 2023."""
    _activity(3, years=(2024,))


def test_a_year_before_the_first_records_has_no_data_and_is_never_judged(records_from_2024):
    data = report_build(year=2023, today=AFTER_2024)
    statuses = {code: row["status"] for code, row in data["indicators"].items()}
    # Before: counts of 0 judged "not met" (a red 0 that reads as a failed year).
    assert set(statuses.values()) == {"no_data"}, statuses
    assert all(row["value"] is None for row in data["indicators"].values())
    # The year after, the same indicators have data; events of a kind that did not take place in
    # it (the Swedish group's meetings) are a real 0.
    later = report_build(year=2024, today=AFTER_2024)["indicators"]
    assert (later["B1"]["value"], later["C5"]["value"], later["C5"]["status"]) == ("1", "0", "not_met")


def test_no_data_shows_as_such_in_the_html_csv_and_xlsx(client, planning_member, records_from_2024):
    client.force_login(planning_member)
    html = client.get("/fi/reports/2023/").content.decode()
    assert "badge-error" not in html and "ei saavutettu" not in html
    table1 = html[html.index('class="report-table1"') : html.index('id="table2"')]
    assert table1.count('class="badge badge-nodata">ei tietoja<') == 24

    with translation.override("fi"):
        rows = list(
            csv.reader(io.StringIO(csv_bytes(report_build(year=2023, today=AFTER_2024)).decode("utf-8-sig")))
        )
    b1 = next(row for row in rows if row[2] == "B1")
    assert (b1[6], b1[7], b1[8]) == ("ei tietoja", "ei tietoja", "ei tietoja")  # value, status, previous

    workbook = load_workbook(io.BytesIO(client.get(reverse("reporting:report_xlsx", args=[2023])).content))
    table1 = workbook.worksheets[0]
    b1_row = next(row for row in table1.iter_rows(values_only=True) if row[2] == "B1")
    assert (b1_row[6], b1_row[7]) == ("ei tietoja", "ei tietoja")


# --------------------------------------------------------------------------- item 19: exact values
def test_a_feedback_mean_of_3_996_shows_as_4_00_but_does_not_meet_4_0(client, planning_member):
    from reporting.models import IndicatorDefinition, IndicatorTarget

    training = Event.objects.create(
        title="Koulutus",
        kind="training",
        format="remote",
        start=datetime.datetime(2024, 3, 1, 10, tzinfo=HKI),
        end=datetime.datetime(2024, 3, 1, 12, tzinfo=HKI),
        status="published",
    )
    # 249 fours and one three: 999 / 250 = 3.996.
    for overall in [4] * 249 + [3]:
        feedback_store(training, overall=overall)
    b4 = report_build(year=2024, today=AFTER_2024)["indicators"]["B4"]
    assert (b4["value"], b4["exact"], b4["status"]) == ("4", "999/250", "not_met")
    # The same rule for every indicator: a manual value of exactly 4.00 meets it.
    definition = IndicatorDefinition.objects.get(code="B4")
    assert IndicatorTarget.objects.get(indicator=definition, year=2024).low == Decimal("4.0")

    client.force_login(planning_member)
    html = client.get("/fi/reports/2024/").content.decode()
    row = html[html.index('href="#indicator-B4"') :][:900]
    assert "4,00" in row and "ei saavutettu" in row


# --------------------------------------------------------------------------- item 20: C4
def test_c4_counts_visits_and_shows_the_libraries_met_elsewhere_beside_them(client, planning_member):
    from networks.models import CountedLibraries

    counted = [lib(name) for name in ("Laitila", "Uusikaupunki", "Eura", "Somero")]
    decision = CountedLibraries.objects.create(year=2024)
    decision.libraries.set(counted)
    visit = LibraryVisit.objects.create(date=datetime.date(2024, 5, 2), place=lib("Laitila"))
    visit.participating_libraries.set([lib("Uusikaupunki"), lib("Eura")])
    LibraryVisit.objects.create(date=datetime.date(2024, 9, 2), place=lib("Eura"))

    c4 = report_build(year=2024, today=AFTER_2024)["indicators"]["C4"]
    # Laitila and Eura were visited: 2 of 4; Uusikaupunki's staff only came to Laitila.
    assert (c4["value"], c4["libraries"]["numerator"], c4["status"]) == ("50", 2, "met")
    assert c4["libraries"]["met_elsewhere"]["counted"] == [lib("Uusikaupunki").pk]

    client.force_login(planning_member)
    html = client.get("/fi/reports/2024/").content.decode()
    assert "tavattu muualla: 1" in html
    assert "Tavattu muualla: 1" in html  # the drill-down's list heading
    with translation.override("fi"):
        rows = list(
            csv.reader(io.StringIO(csv_bytes(report_build(year=2024, today=AFTER_2024)).decode("utf-8-sig")))
        )
    assert rows[0][13] == "Arvon rinnalla"
    assert next(row for row in rows if row[2] == "C4")[13] == "tavattu muualla: 1"
