"""Importing earlier years' lending records from the example files (docs/examples, docs/records.md)."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from ake.records import import_file, record_type_for
from loans.models import InterlibraryLoan, InterlibraryMonthlyTotal, KitBooking, KitType
from loans.selectors import interlibrary_year_figures

from .conftest import make_kit

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


@pytest.fixture
def example_kits(db):
    return [
        make_kit("Pelisalkku", units=2),
        make_kit("Digivälinesalkku 1: tabletit", kit_type=KitType.DIGITAL_DEVICE),
    ]


def test_kit_bookings(example_kits, tmp_path):
    assert _import_twice("kit_bookings", KitBooking) == 3
    lieto = KitBooking.objects.get(library__name_fi="Liedon kunnankirjasto")
    assert (lieto.status, lieto.unit.code, lieto.returned_on) == ("returned", "1", datetime.date(2023, 2, 28))
    assert KitBooking.objects.get(library__name_fi="Porin kaupunginkirjasto").status == "cancelled"
    # Unit 1 of Pelisalkku is taken for February 2023 by the example file: the same guard as on the site.
    errors = _refused(
        "kit_bookings",
        tmp_path,
        "kit,library,starts_on,ends_on\nRobotti,Maskun kunnankirjasto,2022-02-10,2022-02-20\n",
        KitBooking,
    )
    assert errors == ["line 2, column kit: “Robotti” is not a kit (use its Finnish name)."]
    errors = _refused(
        "kit_bookings",
        tmp_path,
        "kit,unit,library,starts_on,ends_on\nPelisalkku,2,Maskun kunnankirjasto,2022-02-10,2022-02-20\n"
        "Pelisalkku,1,Maskun kunnankirjasto,2023-02-10,2023-02-20\n",
        KitBooking,
    )
    assert errors == ["line 3, column unit: The unit is already booked for some of these days."]


def test_interlibrary_loans_through_the_loan_import_parser(tmp_path):
    assert _import_twice("interlibrary_loans", InterlibraryLoan) == 2
    loan = InterlibraryLoan.objects.get(external_id="K2023-0001")
    assert (loan.volumes, loan.postage_cost, loan.status) == (3, Decimal("12.40"), "returned")
    assert loan.library.name_fi == "Rauman kaupunginkirjasto"
    assert interlibrary_year_figures(year=2023, until=None)["volumes"] == 4
    errors = _refused(
        "interlibrary_loans",
        tmp_path,
        "id,requested_on,title,library,status\nK1,2022-01-03,Kirja,Liedon kunnankirjasto,sent\n",
        InterlibraryLoan,
    )
    assert errors == ["line 2: sent_on is missing for a sent loan"]


def test_interlibrary_monthly_totals(tmp_path):
    assert _import_twice("interlibrary_monthly_totals", InterlibraryMonthlyTotal) == 2
    assert InterlibraryMonthlyTotal.objects.get(library=None).volumes == 12
    assert interlibrary_year_figures(year=2023, until=None)["volumes"] == 53
    errors = _refused(
        "interlibrary_monthly_totals",
        tmp_path,
        "year,month,library,volumes\n2022,13,Liedon kunnankirjasto,5\n",
        InterlibraryMonthlyTotal,
    )
    assert errors == ["line 2, column month: The month must be between 1 and 12."]


def test_two_units_of_a_kit_booked_by_one_library_for_the_same_days_are_two_bookings(example_kits, tmp_path):
    """Issue #15 item 21: a key without the unit made the second booking "already there"."""
    path = tmp_path / "kit_bookings.csv"
    path.write_text(
        "kit,unit,library,starts_on,ends_on\n"
        "Pelisalkku,1,Maskun kunnankirjasto,2022-02-10,2022-02-20\n"
        "Pelisalkku,2,Maskun kunnankirjasto,2022-02-10,2022-02-20\n",
        encoding="utf-8",
    )
    first = _import("kit_bookings", path)
    assert (first.created, first.errors) == (2, [])
    assert sorted(KitBooking.objects.values_list("unit__code", flat=True)) == ["1", "2"]
    assert _import("kit_bookings", path).created == 0
    # A file that names no unit finds the bookings again too.
    unnamed = tmp_path / "unnamed" / "kit_bookings.csv"
    unnamed.parent.mkdir()
    unnamed.write_text(
        "kit,library,starts_on,ends_on\nPelisalkku,Maskun kunnankirjasto,2022-02-10,2022-02-20\n",
        encoding="utf-8",
    )
    assert (_import("kit_bookings", unnamed).created, KitBooking.objects.count()) == (0, 2)
