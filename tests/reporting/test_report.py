"""The report framework with fake providers: shares, manual values, previous years, the running year."""

import datetime
from decimal import Decimal

import pytest

from ake.indicators import DrillItem, IndicatorResult
from networks.models import Library
from reporting.models import IndicatorDefinition, IndicatorTarget, ManualValue, ReportSnapshot, StaffResource
from reporting.selectors import content_hash, report_build

pytestmark = pytest.mark.django_db
AFTER_2024 = datetime.date(2025, 2, 1)


def test_definitions_hold_the_24_indicators_in_the_plans_grouping():
    codes = list(IndicatorDefinition.objects.order_by("order").values_list("code", flat=True))
    assert codes == [f"A{i}" for i in range(1, 8)] + [f"B{i}" for i in range(1, 11)] + [
        f"C{i}" for i in range(1, 8)
    ]
    b3 = IndicatorDefinition.objects.select_related("action__goal").get(code="B3")
    assert b3.label_fi == "Lähikoulutuksiin osallistuneiden kirjastolaisten määrä"
    assert b3.action.goal.label_fi == "Henkilöstön osaamisen tukeminen"
    assert b3.action.label_fi == "Monipuolisen ammatillisen täydennyskoulutuksen järjestäminen"
    assert IndicatorDefinition.objects.get(code="C5").action.label_fi.startswith("Kaksikielisten")
    assert all(d.label_sv and d.label_en for d in IndicatorDefinition.objects.all())


def test_the_2024_targets_are_seeded_as_data():
    targets = {
        t.indicator.code: t for t in IndicatorTarget.objects.filter(year=2024).select_related("indicator")
    }
    assert len(targets) == 24
    assert (targets["B1"].kind, targets["B1"].low, targets["B1"].high) == ("range", 15, 20)
    assert (targets["B2"].kind, targets["B2"].low) == ("at_least", 90)
    assert targets["A5"].kind == "at_least_previous"
    assert (targets["C7"].kind, targets["C7"].tolerance_percent) == ("about_previous", 10)
    assert targets["A6"].kind == "done"
    assert (targets["C1"].kind, targets["C1"].low) == ("all_groups_at_least", 2)


def test_table_2_of_2024_totals_four_person_years():
    rows = StaffResource.objects.filter(year=2024)
    assert rows.count() == 11
    assert sum(r.fte_percent for r in rows) == Decimal("400")


def test_share_is_counted_libraries_that_took_part_over_counted(providers, counted_libraries):
    ids = [library.pk for library in counted_libraries]
    outsider = Library.objects.organisations().exclude(pk__in=ids).first()
    # 6 of the 10 counted took part, and one library outside the counted ones.
    providers.libraries("B2", {2024: {*ids[:6], outsider.pk}})
    data = report_build(year=2024, today=AFTER_2024)
    b2 = data["indicators"]["B2"]
    assert b2["value"] == "60"
    assert b2["libraries"]["numerator"] == 6
    assert b2["libraries"]["denominator"] == 10
    assert b2["libraries"]["missing"] == sorted(ids[6:])
    assert b2["libraries"]["outside"] == [outsider.pk]
    assert b2["status"] == "not_met"  # target ≥ 90 %
    assert data["libraries"][str(outsider.pk)]["fi"] == outsider.name_fi


def test_share_without_a_saved_choice_counts_active_organisations_on_31_december(providers):
    organisations = list(Library.objects.organisations().active_on(datetime.date(2024, 12, 31)))
    providers.libraries("C4", {2024: {o.pk for o in organisations[:21]}})
    c4 = report_build(year=2024, today=AFTER_2024)["indicators"]["C4"]
    assert c4["libraries"]["denominator"] == len(organisations) == 42
    assert c4["value"] == "50"
    assert c4["status"] == "met"


def test_a_library_merged_mid_year_drops_out_of_the_denominator(providers):
    somero = Library.objects.get(municipality_fi="Somero")
    somero.active_to = datetime.date(2024, 6, 30)
    somero.save()
    providers.libraries("C4", {2024: {somero.pk}})
    c4 = report_build(year=2024, today=AFTER_2024)["indicators"]["C4"]
    assert c4["libraries"]["denominator"] == 41
    assert c4["libraries"]["numerator"] == 0
    assert c4["libraries"]["outside"] == [somero.pk]


def test_range_status_and_the_previous_year_beside_it(providers):
    providers.values("B1", {2024: 21, 2023: 17})
    b1 = report_build(year=2024, today=AFTER_2024)["indicators"]["B1"]
    assert (b1["value"], b1["status"], b1["previous"]) == (
        "21",
        "exceeded",
        {"value": "17", "source": "computed"},
    )


def test_at_least_previous_year_uses_the_same_indicator_a_year_earlier(providers):
    providers.values("A5", {2024: 5000, 2023: 5200})
    assert report_build(year=2024, today=AFTER_2024)["indicators"]["A5"]["status"] == "not_met"
    IndicatorTarget.objects.create(
        indicator=IndicatorDefinition.objects.get(code="A5"), year=2023, kind="at_least_previous"
    )
    # 2023 has no 2022 to compare with: not judged.
    assert report_build(year=2023, today=AFTER_2024)["indicators"]["A5"]["status"] == "not_judged"


def test_about_previous_year_within_ten_percent(providers):
    providers.values("C7", {2024: 1090, 2023: 1000})
    assert report_build(year=2024, today=AFTER_2024)["indicators"]["C7"]["status"] == "met"


def test_a_year_with_no_data_is_not_judged(providers):
    providers.values("B1", {})
    providers.libraries("B2", {})
    data = report_build(year=2024, today=AFTER_2024)
    for code in ("B1", "B2", "A3"):  # A3 has no provider at all
        assert data["indicators"][code]["value"] is None
        # "No data" is a state of its own (DOMAIN.md, updated), not "not judged".
        assert data["indicators"][code]["status"] == "no_data"
        assert data["indicators"][code]["source"] == "none"
    assert data["indicators"]["A3"]["registered"] is False


def test_manual_value_fills_a_gap_but_computed_data_wins(providers, editor):
    a1, b1 = IndicatorDefinition.objects.get(code="A1"), IndicatorDefinition.objects.get(code="B1")
    ManualValue.objects.create(
        indicator=a1, year=2024, value=2, note="Two applications (AVI)", entered_by_name="Eero"
    )
    ManualValue.objects.create(indicator=b1, year=2024, value=30, note="From the old sheet")
    providers.values("B1", {2024: 16})
    data = report_build(year=2024, today=AFTER_2024)
    assert (data["indicators"]["A1"]["value"], data["indicators"]["A1"]["source"]) == ("2", "manual")
    assert data["indicators"]["A1"]["status"] == "met"
    assert data["indicators"]["A1"]["manual"]["by"] == "Eero"
    assert (data["indicators"]["B1"]["value"], data["indicators"]["B1"]["source"]) == ("16", "computed")


def test_manual_override_wins_over_computed(providers):
    b1 = IndicatorDefinition.objects.get(code="B1")
    ManualValue.objects.create(indicator=b1, year=2024, value=14, note="Two were not AKE's", override=True)
    providers.values("B1", {2024: 16})
    row = report_build(year=2024, today=AFTER_2024)["indicators"]["B1"]
    assert (row["value"], row["computed_value"], row["source"], row["status"]) == (
        "14",
        "16",
        "manual",
        "not_met",
    )


def test_per_group_indicator_is_met_only_when_every_group_is(providers):
    def c1(*, year, today):
        return IndicatorResult(
            value=Decimal(5), extra={"per_group": {"Digityöryhmä": 3, "Moninaisuustyöryhmä": 1}}
        )

    providers.add("C1", c1)
    assert report_build(year=2024, today=AFTER_2024)["indicators"]["C1"]["status"] == "not_met"


def test_running_year_shows_scheduled_and_whether_on_track(providers):
    today = datetime.date(2024, 6, 15)
    providers.items(
        "B1", 2024, [datetime.date(2024, m, 10) for m in (1, 2, 3, 3, 5, 6, 6, 6)], scheduled=Decimal(7)
    )
    providers.items("B5", 2024, [datetime.date(2024, 4, 1)], scheduled=Decimal(1))
    data = report_build(year=2024, today=today)
    assert data["running"] is True
    b1, b5 = data["indicators"]["B1"], data["indicators"]["B5"]
    assert (b1["value"], b1["running"]["scheduled"], b1["running"]["on_track"]) == ("8", "7", True)
    assert b5["running"]["on_track"] is False  # 1 + 1 < 3
    assert b1["monthly"] == [1, 2, 4, 4, 5, 8, 8, 8, 8, 8, 8, 8]


def test_running_share_cannot_tell_without_scheduled_libraries(providers, counted_libraries):
    ids = [library.pk for library in counted_libraries]
    today = datetime.date(2024, 6, 15)
    providers.libraries("C3", {2024: set(ids[:2])})
    providers.libraries("C4", {2024: set(ids[:2])}, scheduled_library_ids=ids[2:5])
    data = report_build(year=2024, today=today)
    assert data["indicators"]["C3"]["running"]["on_track"] is None
    assert data["indicators"]["C4"]["running"]["on_track"] is True  # 5 of 10 ≥ 50 %


def test_a_failing_provider_leaves_the_rest_of_the_report(providers):
    def broken(*, year, today):
        raise RuntimeError("boom")

    providers.add("B1", broken)
    providers.values("B5", {2024: 4})
    data = report_build(year=2024, today=AFTER_2024)
    assert data["indicators"]["B1"]["status"] == "not_judged"
    assert "boom" in data["indicators"]["B1"]["error"]
    assert data["indicators"]["B5"]["status"] == "met"


def test_content_hash_changes_with_the_figures_not_with_the_time(providers):
    providers.values("B1", {2024: 16})
    first = report_build(year=2024, today=AFTER_2024)
    second = report_build(year=2024, today=AFTER_2024)
    assert content_hash(first) == content_hash(second)
    assert content_hash(first, language="fi") != content_hash(first, language="sv")
    providers.values("B1", {2024: 17})
    assert content_hash(report_build(year=2024, today=AFTER_2024)) != content_hash(first)


def test_editor_adds_next_years_target_and_a_manual_value_in_the_admin(client, editor):
    from django.urls import reverse

    client.force_login(editor)
    b1 = IndicatorDefinition.objects.get(code="B1")
    response = client.post(
        reverse("indicator_targets:add"),
        {
            "indicator": b1.pk,
            "year": 2025,
            "kind": "range",
            "low": "16",
            "high": "22",
            "tolerance_percent": "10",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert IndicatorTarget.objects.get(indicator=b1, year=2025).high == 22
    response = client.post(
        reverse("manual_values:add"),
        {"indicator": b1.pk, "year": 2025, "value": "3", "note_fi": "Counted by hand"},
    )
    assert response.status_code == 302
    manual = ManualValue.objects.get(indicator=b1, year=2025)
    assert (manual.entered_by, manual.entered_by_name) == (editor, "Test Editor")


def test_a_range_target_needs_its_lower_bound(client, editor):
    from django.urls import reverse

    client.force_login(editor)
    b1 = IndicatorDefinition.objects.get(code="B1")
    response = client.post(
        reverse("indicator_targets:add"),
        {"indicator": b1.pk, "year": 2025, "kind": "range", "low": "", "high": "", "tolerance_percent": "10"},
    )
    assert response.status_code == 200
    assert not IndicatorTarget.objects.filter(indicator=b1, year=2025).exists()


def test_demo_loader_sets_table_2_and_targets_of_the_demo_year_once():
    from ake.demo import DemoContext
    from reporting import demo

    ctx = DemoContext(year=2026, log=lambda message: None)
    demo.load(ctx)
    demo.load(ctx)
    assert StaffResource.objects.filter(year=2026).count() == 11
    assert IndicatorTarget.objects.filter(year=2026).count() == 24


def test_items_dated_with_a_datetime_count_on_their_local_day(providers):
    def c2(*, year, today):
        # 31 Jan 23:30 UTC is already 1 February in Helsinki.
        start = datetime.datetime(2024, 1, 31, 23, 30, tzinfo=datetime.UTC)
        return IndicatorResult(value=Decimal(1), items=[DrillItem(label="Etäkahvit", date=start)])

    providers.add("C2", c2)
    row = report_build(year=2024, today=AFTER_2024)["indicators"]["C2"]
    assert row["items"][0]["date"] == "2024-02-01"
    assert row["monthly"][:2] == [0, 1]


def test_years_with_imported_records_are_listed(providers):
    from reporting.selectors import report_years

    ManualValue.objects.create(
        indicator=IndicatorDefinition.objects.get(code="A1"), year=2021, value=1, note="old sheet"
    )
    years = [entry["year"] for entry in report_years(today=datetime.date(2025, 5, 1))]
    assert years == [2025, 2024, 2023, 2022, 2021]


def test_report_admin_lists_open_and_frozen_reports_are_read_only(client, editor, providers):
    from django.urls import reverse

    from networks.models import User
    from reporting.services import report_freeze

    report_freeze(year=2024, user=editor)
    client.force_login(editor)
    for name in (
        "indicators",
        "indicator_targets",
        "manual_values",
        "staff_resources",
        "frozen_reports",
        "freeze_log",
    ):
        assert client.get(reverse(f"{name}:index")).status_code == 200, name
    superuser = User.objects.create_superuser(email="root@turku.fi", password="x" * 12)
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=superuser, type=Authenticator.Type.TOTP, data={})
    client.force_login(superuser)
    assert client.get(reverse("frozen_reports:add")).status_code in (302, 403)
    snapshot_pk = ReportSnapshot.objects.get().pk
    assert client.post(reverse("frozen_reports:delete", args=[snapshot_pk])).status_code in (302, 403)
    assert ReportSnapshot.objects.filter(pk=snapshot_pk).exists()


def test_a_yes_no_detail_beside_a_value_reads_yes_or_no(providers):
    """A6 reports whether the stand was planned beside its value: a bool, shown as a word."""
    from django.utils import translation

    from reporting.presentation import present

    providers.add("A6", lambda *, year, today: IndicatorResult(value=Decimal(1), extra={"planned": True}))
    with translation.override("en"):
        report = present(report_build(year=2024, today=AFTER_2024))
    row = next(row for row in report.rows if row.code == "A6")
    assert ("stand planned", "yes") in row.extras


def test_every_group_on_track_counts_the_meetings_already_scheduled(providers):
    """The running year's "on track" of C1 adds each group's scheduled meetings to those held."""

    def c1(*, year, today):
        return IndicatorResult(
            value=Decimal(1),
            scheduled=Decimal(1),
            extra={
                "per_group": {"Digityöryhmä": 1, "VarSat": 2},
                "per_group_with_scheduled": {"Digityöryhmä": 2, "VarSat": 2},
            },
        )

    providers.add("C1", c1)
    running = report_build(year=2024, today=datetime.date(2024, 6, 15))["indicators"]["C1"]
    assert (running["status"], running["running"]["on_track"]) == ("not_met", True)
