"""All 24 indicators of a year in a fixed number of queries, whatever the amount of data."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ake.indicators import DrillItem, IndicatorResult
from networks.models import Consortium, Library, Region
from reporting.models import IndicatorDefinition, IndicatorTarget, ManualValue, StaffResource, Unit
from reporting.selectors import report_build

pytestmark = pytest.mark.django_db
# The framework's own queries: definitions, targets, manual values, the previous year's snapshot,
# the counted libraries of the year and the year before (two each), names of libraries outside
# them, Table 2.
FRAMEWORK_QUERIES = 10


def _register_one_query_providers(providers):
    shares = set(IndicatorDefinition.objects.filter(unit=Unit.PERCENT).values_list("code", flat=True))
    for code in IndicatorDefinition.objects.values_list("code", flat=True):

        def provider(*, year, today, _share=code in shares):
            ids = list(Library.objects.filter(active_from__year__lte=year).values_list("pk", flat=True))
            if _share:
                return IndicatorResult(library_ids=set(ids))
            return IndicatorResult(
                value=Decimal(len(ids)),
                items=[
                    DrillItem(label=f"row {pk}", date=datetime.date(year, 3, 1), library_id=pk) for pk in ids
                ],
            )

        providers.add(code, provider)


def _grow(size: int) -> None:
    """``size`` more libraries (taking part everywhere), Table 2 rows, manual values and targets."""
    Library.objects.bulk_create(
        Library(
            name_fi=f"Testikirjasto {size}-{index}",
            municipality_fi="Testilä",
            region=Region.SATAKUNTA,
            consortium=Consortium.SATA,
            active_from=datetime.date(2020, 1, 1),
            active_to=datetime.date(2024, 6, 30),  # outside the counted ones: their names are looked up
        )
        for index in range(size)
    )
    StaffResource.objects.bulk_create(
        StaffResource(
            year=2024, position_number=f"T{size}-{index}", title_fi="t", fte_percent=1, main_tasks_fi="x"
        )
        for index in range(size)
    )
    definitions = list(IndicatorDefinition.objects.all())
    for year in (2023, 2024):
        ManualValue.objects.bulk_create(
            [ManualValue(indicator=d, year=year, value=1, note="n") for d in definitions],
            ignore_conflicts=True,
        )
        IndicatorTarget.objects.bulk_create(
            [IndicatorTarget(indicator=d, year=year, kind="at_least", low=1) for d in definitions],
            ignore_conflicts=True,
        )


def _count(year: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        report_build(year=year, today=datetime.date(2025, 1, 15))
    return len(captured)


def test_query_count_is_fixed_at_two_data_sizes(providers, counted_libraries):
    _register_one_query_providers(providers)
    _grow(3)
    small = _count(2024)
    _grow(300)
    large = _count(2024)
    assert small == large == FRAMEWORK_QUERIES + 2 * 24


def test_html_report_page_stays_within_its_budget(
    client, planning_member, providers, django_assert_max_num_queries
):
    _register_one_query_providers(providers)
    _grow(5)
    client.force_login(planning_member)
    # Session, user and permission lookups of the page, the snapshot check, the framework, the providers.
    with django_assert_max_num_queries(FRAMEWORK_QUERIES + 2 * 24 + 8):
        assert client.get("/en/reports/2024/").status_code == 200
    _grow(200)
    with django_assert_max_num_queries(FRAMEWORK_QUERIES + 2 * 24 + 8):
        assert client.get("/en/reports/2024/").status_code == 200
