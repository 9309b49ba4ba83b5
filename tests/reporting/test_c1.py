"""C1 with the real provider: each counted group's meetings and organised events, judged on meetings.

Values worked out by hand from the events below.
"""

import datetime
import zoneinfo

import pytest
from django.utils import translation

from networks.models import WorkingGroup
from reporting.presentation import present
from reporting.selectors import report_build
from trainings.models import C1_DEFAULT_GROUP_SLUGS, CountedGroups, Event

pytestmark = pytest.mark.django_db

HKI = zoneinfo.ZoneInfo("Europe/Helsinki")
AFTER_2024 = datetime.date(2025, 2, 1)


def event(title, month, group, kind="group_meeting", status="published"):
    start = datetime.datetime(2024, month, 3, 10, tzinfo=HKI)
    return Event.objects.create(
        title=title,
        kind=kind,
        format="remote",
        start=start,
        end=start + datetime.timedelta(hours=2),
        status=status,
        working_group=group,
    )


@pytest.fixture
def groups():
    found = {group.slug: group for group in WorkingGroup.objects.all()}
    digi, varsat, events_network = found["digityoryhma"], found["varsat"], found["tapahtumaverkosto"]
    ake, svenska = found["ake-svenska"], found["svenska-gruppen"]
    # Digityöryhmä: 2 meetings and 2 events it organised (a training and an action day).
    event("Digi 1", 2, digi)
    event("Digi 2", 9, digi)
    event("Digitaitoviikon valmistelu", 4, digi, kind="theme_week_prep")
    event("Digipäivä", 5, digi, kind="action_day")
    # VarSat: 1 meeting (a cancelled one never counts) and 3 organised trainings.
    event("VarSat 1", 3, varsat)
    event("VarSat peruttu", 6, varsat, status="cancelled")
    for month in (4, 8, 10):
        event(f"VarSat koulutus {month}", month, varsat, kind="training")
    # The events network: 3 meetings.
    for month in (1, 5, 11):
        event(f"Verkosto {month}", month, events_network)
    # ÅKE and Svenska gruppen: meetings that C1 never counts by default.
    event("ÅKE 1", 2, ake)
    event("Svenska gruppen", 3, svenska)
    return found


def test_c1_by_default_covers_the_plans_section_3_2_groups(groups):
    c1 = report_build(year=2024, today=AFTER_2024)["indicators"]["C1"]
    per_group = c1["extra"]["per_group"]
    assert set(per_group) == {groups[slug].name_fi for slug in C1_DEFAULT_GROUP_SLUGS}
    assert groups["ake-svenska"].name_fi not in per_group and "Svenska gruppen" not in per_group
    assert per_group["Digityöryhmä"] == 2
    assert per_group["VarSat-ydinryhmä ja -verkosto"] == 1
    assert per_group["Tapahtumaverkosto"] == 3
    assert c1["extra"]["per_group_events"]["Digityöryhmä"] == 2
    assert c1["extra"]["per_group_events"]["VarSat-ydinryhmä ja -verkosto"] == 3
    # Meetings 2 + 1 + 3 and organised events 2 + 3; the other three groups held none.
    assert c1["extra"]["meetings_and_events"] == 11
    # Judged on meetings: VarSat convened once (and three groups never), however many events they ran.
    assert c1["status"] == "not_met"


def test_c1_covers_the_groups_ake_marks_for_the_year(groups):
    decision = CountedGroups.objects.create(year=2024, note="Vuoden 2024 ryhmät")
    decision.groups.set([groups["digityoryhma"], groups["tapahtumaverkosto"]])
    report = report_build(year=2024, today=AFTER_2024)
    c1 = report["indicators"]["C1"]
    assert c1["extra"]["per_group"] == {"Digityöryhmä": 2, "Tapahtumaverkosto": 3}
    assert c1["extra"]["per_group_events"] == {"Digityöryhmä": 2, "Tapahtumaverkosto": 0}
    assert c1["extra"]["meetings_and_events"] == 7
    assert c1["status"] == "met"  # both convened at least twice

    with translation.override("en"):
        row = next(row for row in present(report, charts=False).rows if row.code == "C1")
        assert row.value_text == "2 of 2 groups"
        assert row.per_group_events == {"Digityöryhmä": "2", "Tapahtumaverkosto": "0"}
    # Another year keeps the default.
    start = datetime.datetime(2023, 5, 3, 10, tzinfo=HKI)
    Event.objects.create(
        title="Digi 2023",
        kind="group_meeting",
        format="remote",
        start=start,
        end=start + datetime.timedelta(hours=2),
        status="published",
        working_group=groups["digityoryhma"],
    )
    per_group_2023 = report_build(year=2023, today=AFTER_2024)["indicators"]["C1"]["extra"]["per_group"]
    assert set(per_group_2023) == {groups[slug].name_fi for slug in C1_DEFAULT_GROUP_SLUGS}


def test_a_group_that_only_organises_events_has_not_convened(groups):
    decision = CountedGroups.objects.create(year=2024)
    decision.groups.set([groups["varsat"]])
    c1 = report_build(year=2024, today=AFTER_2024)["indicators"]["C1"]
    assert c1["extra"]["per_group"] == {"VarSat-ydinryhmä ja -verkosto": 1}
    assert c1["extra"]["meetings_and_events"] == 4
    assert c1["status"] == "not_met"


def test_c1_is_labelled_events_and_meetings_in_every_language(client, planning_member):
    """The label said "meetings" only; C1 counts the groups' meetings and organised events. A database
    seeded before is relabelled, a label AKE wrote itself is kept."""
    import importlib

    from django.apps import apps
    from django.urls import reverse

    from reporting.models import IndicatorDefinition

    relabelling = importlib.import_module("reporting.migrations.0008_c1_label_events_and_meetings")
    IndicatorDefinition.objects.filter(code="C1").update(
        label=relabelling.OLD[0],
        label_fi=relabelling.OLD[0],
        label_sv=relabelling.OLD[1],
        label_en="Working groups convened (AKE's own words)",
    )
    relabelling.relabel(apps, None)
    c1 = IndicatorDefinition.objects.get(code="C1")
    assert (c1.label_fi, c1.label_sv, c1.label_en) == (
        "Työryhmien järjestämien tapahtumien ja tapaamisten lukumäärä",
        "Antal evenemang och möten som arbetsgrupperna ordnat",
        "Working groups convened (AKE's own words)",
    )

    client.force_login(planning_member)
    for language, label in (
        ("fi", "Työryhmien järjestämien tapahtumien ja tapaamisten lukumäärä"),
        ("sv", "Antal evenemang och möten som arbetsgrupperna ordnat"),
    ):
        with translation.override(language):
            page = client.get(reverse("reporting:report_year", args=[2024])).content.decode()
        assert label in page
    # A fresh database is seeded with the plan's words in English too.
    from reporting.plan2024 import INDICATORS

    assert INDICATORS["C1"][3] == "Events and meetings organised by the working groups"
