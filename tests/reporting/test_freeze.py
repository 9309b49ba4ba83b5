"""Freezing a year keeps its figures, drill-downs and PDF as they were."""

import datetime

import pytest
from django.urls import reverse

from reporting.models import FreezeLogEntry, IndicatorDefinition, ManualValue, PdfRender, ReportSnapshot
from reporting.selectors import report_for_year
from reporting.services import ServiceError, report_freeze, report_unfreeze

pytestmark = pytest.mark.django_db


def test_a_frozen_year_shows_its_snapshot_after_the_data_and_registry_change(
    client, editor, planning_member, providers, counted_libraries
):
    ids = [library.pk for library in counted_libraries]
    providers.values("B1", {2024: 16})
    providers.libraries("B2", {2024: set(ids[:9])})
    client.force_login(editor)
    response = client.post(reverse("reporting:report_freeze", args=[2024]))
    assert response.status_code == 302
    snapshot = ReportSnapshot.objects.get(year=2024)
    assert snapshot.frozen_by == editor

    # Later: a corrected row, a merger in the registry, a library renamed.
    providers.values("B1", {2024: 12})
    providers.libraries("B2", {2024: set(ids[:3])})
    renamed = counted_libraries[0]
    old_name = renamed.name_en or renamed.name_fi  # the report below is read in English
    renamed.name_fi = renamed.name_en = "Yhdistetty kirjasto"
    renamed.save()

    client.force_login(planning_member)
    html = client.get("/en/reports/2024/").content.decode()
    assert "This report was frozen on" in html and "Test Editor" in html
    row_b1 = html[html.index('href="#indicator-B1"') :][:600]
    assert ">16<" in row_b1 and "exceeded" not in row_b1
    assert "90.0 %" in html
    assert old_name in html and "Yhdistetty kirjasto" not in html
    # Nothing of the later data reaches the frozen year.
    assert report_for_year(year=2024)["indicators"]["B1"]["value"] == "16"
    assert FreezeLogEntry.objects.get(year=2024).by_name == "Test Editor"


def test_freezing_renders_the_pdfs_of_the_snapshot(editor, providers, django_capture_on_commit_callbacks):
    providers.values("B1", {2024: 16})
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = report_freeze(year=2024, user=editor)
    renders = PdfRender.objects.filter(snapshot=snapshot)
    assert sorted(r.language for r in renders) == ["fi", "sv"]
    assert all(r.status == PdfRender.Status.DONE and r.file for r in renders)
    providers.values("B1", {2024: 3})
    # The frozen year's PDF link leads to the very same file.
    from reporting.services import pdf_render_request

    assert pdf_render_request(year=2024, language="fi").pk in {r.pk for r in renders}


def test_previous_years_frozen_figure_is_what_the_next_year_compares_with(editor, providers):
    from reporting.models import IndicatorTarget

    c7 = IndicatorDefinition.objects.get(code="C7")
    IndicatorTarget.objects.create(indicator=c7, year=2025, kind="about_previous", tolerance_percent=10)
    providers.values("C7", {2024: 1000, 2025: 1050})
    report_freeze(year=2024, user=editor, today=datetime.date(2026, 1, 10))
    providers.values("C7", {2024: 500, 2025: 1050})  # 2024 corrected later: the frozen 1000 still counts
    from reporting.selectors import report_build

    row = report_build(year=2025, today=datetime.date(2026, 1, 10))["indicators"]["C7"]
    assert row["previous"] == {"value": "1000", "source": "frozen"}
    assert row["status"] == "met"


def test_the_running_year_cannot_be_frozen(editor):
    from django.utils import timezone

    with pytest.raises(ServiceError):
        report_freeze(year=timezone.localdate().year, user=editor)


def test_the_planning_group_cannot_freeze(client, planning_member):
    client.force_login(planning_member)
    client.post(reverse("reporting:report_freeze", args=[2024]))
    assert not ReportSnapshot.objects.exists()


def test_freezing_twice_is_refused(editor, providers):
    report_freeze(year=2024, user=editor)
    with pytest.raises(ServiceError):
        report_freeze(year=2024, user=editor)


def test_only_ake_admins_unfreeze(client, editor, ake_admin, providers):
    providers.values("B1", {2024: 16})
    report_freeze(year=2024, user=editor)
    client.force_login(editor)
    client.post(reverse("reporting:report_unfreeze", args=[2024]))
    assert ReportSnapshot.objects.filter(year=2024).exists()
    with pytest.raises(ServiceError):
        report_unfreeze(year=2024, user=editor)

    ManualValue.objects.create(
        indicator=IndicatorDefinition.objects.get(code="B1"), year=2024, value=15, note="x", override=True
    )
    client.force_login(ake_admin)
    html = client.get("/en/reports/2024/").content.decode()
    assert "Unfreeze this year" in html
    client.post(reverse("reporting:report_unfreeze", args=[2024]))
    assert not ReportSnapshot.objects.filter(year=2024).exists()
    assert report_for_year(year=2024)["indicators"]["B1"]["value"] == "15"
    assert list(FreezeLogEntry.objects.order_by("at").values_list("action", flat=True)) == [
        "frozen",
        "unfrozen",
    ]


def test_erasing_a_user_removes_their_name_but_keeps_the_frozen_figures(editor, providers):
    from networks.services import user_erase

    providers.values("B1", {2024: 16})
    ManualValue.objects.create(
        indicator=IndicatorDefinition.objects.get(code="A1"),
        year=2024,
        value=2,
        note="AVI",
        entered_by=editor,
        entered_by_name="Test Editor",
    )
    report_freeze(year=2024, user=editor)
    user_erase(user=editor)
    snapshot = ReportSnapshot.objects.get(year=2024)
    assert snapshot.frozen_by_name == "–"
    assert snapshot.data["indicators"]["A1"]["manual"]["by"] == "–"
    assert snapshot.data["indicators"]["B1"]["value"] == "16"
    assert "Test Editor" not in str(snapshot.data)
