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
# the registry (every library, and the counted libraries of the year and the year before), Table 2.
FRAMEWORK_QUERIES = 7


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
    # What a process looks up once and keeps (content types, the top of the page tree) is looked up
    # by the first page it serves, as on a running site, not counted against the report: run alone,
    # this test's process has served no page yet.
    assert client.get("/en/").status_code == 200
    # Session, user and permission lookups of the page, the snapshot check, the framework, the providers.
    with django_assert_max_num_queries(FRAMEWORK_QUERIES + 2 * 24 + 8):
        assert client.get("/en/reports/2024/").status_code == 200
    _grow(200)
    with django_assert_max_num_queries(FRAMEWORK_QUERIES + 2 * 24 + 8):
        assert client.get("/en/reports/2024/").status_code == 200


# --------------------------------------------------------------------------- the real providers
# Issue #20: the figures of a year in at most 30 queries, the same number whatever the data.
REPORT_QUERY_BUDGET = 30


def _activity(size: int, *, years=(2023, 2024), notice_index=None) -> None:
    """``size`` rows (about) in every table an indicator reads, in both years, through bulk inserts."""
    import zoneinfo

    from extranet.models import DailyUsage, NoticePage, Subscription, SubscriptionPeriod
    from loans.models import InterlibraryLoan, InterlibraryMonthlyTotal
    from networks.models import (
        BookFair,
        Campaign,
        CampaignParticipation,
        DevelopmentProject,
        FundingApplication,
        LiboppiCompletion,
        LiboppiModule,
        LibraryVisit,
        Partnership,
        RotationPeriod,
        WorkingGroup,
    )
    from surveys.feedback import feedback_store
    from trainings.models import Attendance, Event, Registration

    hki = zoneinfo.ZoneInfo("Europe/Helsinki")
    organisations = list(Library.objects.organisations().order_by("pk"))
    groups = list(WorkingGroup.objects.all())
    tag = f"{size}-{Library.objects.count()}-{Event.objects.count()}"
    for year in years:
        events = Event.objects.bulk_create(
            Event(
                title=f"Tapahtuma {tag} {index}",
                kind=["training", "study_trip", "coffee_hour", "group_meeting", "other"][index % 5],
                format=["in_person", "remote", "hybrid"][index % 3],
                language=["fi", "sv", "bilingual"][index % 3],
                swedish_coplanned=index % 4 == 0,
                working_group=groups[index % len(groups)] if index % 5 == 3 else None,
                start=datetime.datetime(year, 1 + index % 12, 1 + index % 28, 10, tzinfo=hki),
                end=datetime.datetime(year, 1 + index % 12, 1 + index % 28, 12, tzinfo=hki),
                status="cancelled" if index % 7 == 6 else "published",
            )
            for index in range(size)
        )
        for index, event in enumerate(events):
            library = organisations[index % len(organisations)]
            Attendance.objects.bulk_create(
                Attendance(
                    event=event,
                    email=f"p{person}-{tag}@kirjasto.fi",
                    library=organisations[(index + person) % len(organisations)],
                    participation=["on_site", "remote"][person % 2],
                )
                for person in range(3)
            )
            Registration.objects.create(
                event=event,
                first_name="R",
                last_name="R",
                email=f"r{index}-{tag}@kirjasto.fi",
                library=library,
                participation="on_site",
                status="confirmed",
            )
            for n in range(2):
                feedback_store(event, overall=1 + n % 5)
        for index in range(size):
            day = datetime.date(year, 1 + index % 12, 1 + index % 28)
            visit = LibraryVisit.objects.create(date=day, place=organisations[index % len(organisations)])
            visit.participating_libraries.set(organisations[index % 5 : index % 5 + 2])
            RotationPeriod.objects.create(
                home_library=organisations[index % len(organisations)],
                host_library=organisations[(index + 1) % len(organisations)],
                starts_on=day,
                ends_on=day + datetime.timedelta(days=5),
                status="done",
            )
            hanke = DevelopmentProject.objects.create(
                name=f"Hanke {tag} {year} {index}", status="running", starts_on=day
            )
            FundingApplication.objects.create(project=hanke, funder="AVI", submitted_on=day)
            partnership = Partnership.objects.create(theme=f"Teema {tag} {year} {index}", starts_on=day)
            partnership.libraries.set(organisations[index % 7 : index % 7 + 2])
            module = LiboppiModule.objects.create(title=f"Moduuli {tag} {year} {index}", first_offered_on=day)
            LiboppiCompletion.objects.create(
                module=module, library=organisations[index % len(organisations)], completed_on=day, count=2
            )
            InterlibraryLoan.objects.create(
                title=f"Kirja {index}",
                library=organisations[index % len(organisations)],
                requested_on=day,
                status="sent",
                sent_on=day,
                volumes=1 + index % 3,
            )
            DailyUsage.objects.update_or_create(day=day, defaults={"page_views": 10, "visits": 4})
            subscription = Subscription.objects.create(email=f"s{index}-{year}-{tag}@kirjasto.fi")
            moment = datetime.datetime(year, 1 + index % 12, 1 + index % 28, tzinfo=hki)
            SubscriptionPeriod.objects.create(
                subscription=subscription, subscribed_at=moment, confirmed_at=moment
            )
        campaign = Campaign.objects.create(year=year, theme=f"Kampanja {tag}")
        CampaignParticipation.objects.bulk_create(
            CampaignParticipation(campaign=campaign, library=library)
            for library in organisations[: min(size, len(organisations))]
        )
        BookFair.objects.update_or_create(year=year, defaults={"planned": True, "done": True})
        from trainings.models import ThemeWeek, ThemeWeekParticipation

        week = ThemeWeek.objects.create(
            name=f"Peliviikko {tag}", starts=datetime.date(year, 11, 2), ends=datetime.date(year, 11, 8)
        )
        ThemeWeekParticipation.objects.bulk_create(
            ThemeWeekParticipation(theme_week=week, library=library)
            for library in organisations[: min(size, len(organisations))]
        )
        InterlibraryMonthlyTotal.objects.get_or_create(
            year=year, month=12, library=organisations[0], defaults={"volumes": size, "cost": 10}
        )
        if notice_index is not None:
            for index in range(size):
                moment = datetime.datetime(year, 1 + index % 12, 1 + index % 28, 12, tzinfo=hki)
                notice_index.add_child(
                    instance=NoticePage(
                        title=f"Tiedote {tag} {year} {index}",
                        slug=f"tiedote-{tag}-{year}-{index}",
                        lead="x",
                        live=True,
                        first_published_at=moment,
                    )
                )


@pytest.fixture
def notice_index(db):
    from extranet.models import HomePage, NoticeIndexPage

    index = NoticeIndexPage(title="Tiedotteet", slug="tiedotteet", introduction="x")
    HomePage.objects.get(depth=2).add_child(instance=index)
    return index


@pytest.mark.parametrize(
    ("year", "today"),
    [(2024, datetime.date(2024, 6, 15)), (2024, datetime.date(2025, 3, 1))],
    ids=["running year", "past year"],
)
def test_the_real_report_runs_the_same_queries_at_both_scales(year, today, notice_index):
    """Every registered indicator, this year and the year before: at most 30 queries, and as many
    with ten times the data (the families aggregate in the database, one query per table family)."""
    from ake.indicators import registered_codes

    assert len(registered_codes()) == 24
    _activity(4, notice_index=notice_index)
    with CaptureQueriesContext(connection) as small:
        data = report_build(year=year, today=today)
    assert not [code for code, row in data["indicators"].items() if row["error"]]
    assert not [code for code, row in data["indicators"].items() if row["status"] == "no_data"]
    _activity(40, notice_index=notice_index)
    with CaptureQueriesContext(connection) as large:
        report_build(year=year, today=today)
    assert len(small) == len(large) <= REPORT_QUERY_BUDGET, "\n".join(q["sql"][:120] for q in large)


def test_the_report_page_and_exports_keep_the_budget(client, planning_member, notice_index):
    """The HTML page, CSV and XLSX of the running year add only the page's own lookups."""
    _activity(3, years=(2025, 2026), notice_index=notice_index)
    client.force_login(planning_member)
    this_year = datetime.date.today().year
    counts = []
    for url in (
        f"/fi/reports/{this_year}/",
        f"/fi/reports/{this_year}/export.csv",
        f"/fi/reports/{this_year}/export.xlsx",
    ):
        client.get(url)  # the session and permissions read once
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert max(counts) <= REPORT_QUERY_BUDGET + 4, counts
