"""Indicators B1-B6, C1, C2, C5, C6 on a small hand-built dataset; expected values worked out by hand."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

from ake.indicators import provider_for
from networks.models import Library, WorkingGroup
from surveys.feedback import feedback_store
from trainings import services
from trainings.models import Attendance, Event, Registration

pytestmark = pytest.mark.django_db

HKI = zoneinfo.ZoneInfo("Europe/Helsinki")
YEAR = 2023
TODAY = datetime.date(2024, 3, 1)  # the year is over


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=HKI)


def event(title, start, *, hours=3, status="published", **fields):
    fields.setdefault("kind", "training")
    fields.setdefault("format", "in_person")
    return Event.objects.create(
        title=title, start=start, end=start + datetime.timedelta(hours=hours), status=status, **fields
    )


def attend(evt, email, library, participation="on_site"):
    return Attendance.objects.create(event=evt, email=email, library=library, participation=participation)


def compute(code, year=YEAR, today=TODAY):
    return provider_for(code)(year=year, today=today)


@pytest.fixture
def libs():
    names = {
        "turku": "Turun kaupunginkirjasto",
        "pori": "Porin kaupunginkirjasto",
        "nakkila": "Nakkilan kirjasto",  # a branch of Pori
        "kaarina": "Kaarinan kaupunginkirjasto",
        "rauma": "Rauman kaupunginkirjasto",
        "salo": "Salon kaupunginkirjasto",
    }
    found = {key: Library.objects.get(name_fi=name) for key, name in names.items()}
    assert found["nakkila"].parent == found["pori"]
    return found


@pytest.fixture
def trainings(libs):
    t1 = event("T1 lähikoulutus", at(2023, 3, 10))
    # Across New Year: starts 31.12.2023 22:00 in Finland (20:00 UTC), so it belongs to 2023.
    t2 = event("T2 hybridi uutena vuotena", at(2023, 12, 31, 22), hours=4, format="hybrid")
    t3 = event("T3 etäkoulutus", at(2023, 6, 1), format="remote")
    t4 = event("T4 peruttu", at(2023, 5, 5), status="cancelled")
    t5 = event("T5 ensi vuonna", at(2024, 1, 2))
    event("T6 luonnos", at(2023, 9, 9), status="draft")
    # Starts 31.12.2022 23:30 in Finland, 21:30 UTC: belongs to 2022 although it ends in 2023.
    t0 = event("T0 edellisen vuoden", at(2022, 12, 31, 23, 30))
    # 1.1.2024 00:30 in Finland is still 2023 in UTC: it belongs to 2024.
    t7 = event("T7 uudenvuodenyönä", at(2024, 1, 1, 0, 30))

    attend(t1, "a@turku.fi", libs["turku"])
    attend(t1, "b@nakkila.fi", libs["nakkila"])
    attend(t1, "c@kaarina.fi", libs["kaarina"])
    attend(t2, "a@turku.fi", libs["turku"], "on_site")
    attend(t2, "d@pori.fi", libs["pori"], "remote")
    attend(t2, "e@turku.fi", libs["turku"], "on_site")
    attend(t3, "f@rauma.fi", libs["rauma"], "remote")
    attend(t4, "g@salo.fi", libs["salo"])
    attend(t5, "h@salo.fi", libs["salo"])
    attend(t0, "i@salo.fi", libs["salo"])
    attend(t7, "j@salo.fi", libs["salo"])

    for evt, ratings in ((t1, [5, 4]), (t2, [3]), (t3, [4]), (t4, [1]), (t5, [1]), (t0, [1]), (t7, [1])):
        for rating in ratings:
            feedback_store(evt, overall=rating)
    return {"t1": t1, "t2": t2, "t3": t3}


def test_b1_trainings_held(trainings):
    result = compute("B1")
    assert result.value == Decimal(3)  # T1, T2, T3
    assert sorted(item.label["fi"] for item in result.items) == [
        "T1 lähikoulutus",
        "T2 hybridi uutena vuotena",
        "T3 etäkoulutus",
    ]
    assert result.scheduled is None  # a past year has nothing scheduled
    assert compute("B1", year=2022).value == Decimal(1)  # T0
    assert compute("B1", year=2024, today=datetime.date(2024, 12, 31)).value == Decimal(2)  # T5, T7


def test_b2_libraries_with_an_attendee_count_a_branch_for_its_library(trainings, libs):
    result = compute("B2")
    # Turku, Pori (Nakkila branch and d@pori), Kaarina, Rauma; not Salo (cancelled T4, T5 and T0 elsewhere).
    assert result.library_ids == {libs["turku"].pk, libs["pori"].pk, libs["kaarina"].pk, libs["rauma"].pk}
    assert result.value is None


def test_b3_on_site_attendances_and_duplicates_count_once(trainings, libs):
    result = compute("B3")
    # T1: a, b, c on site (in person) = 3; T2: a and e on site, d remote = 2; T3 remote-only = 0.
    assert result.value == Decimal(5)
    assert result.extra["distinct_persons"] == 4  # a, b, c, e

    # Marking again (a checklist and an imported list naming the same person) adds no row.
    registration = services.registration_create(
        event=trainings["t1"],
        email="a@turku.fi",
        first_name="A",
        last_name="A",
        library=libs["turku"],
        source=Registration.Source.AKE,
    )
    services.attendance_import(event=trainings["t1"], emails=["A@turku.fi", "a@turku.fi"], recorded_by=None)
    services.attendance_checklist_save(
        event=trainings["t1"], present_ids={registration.pk}, listed_ids={registration.pk}, recorded_by=None
    )
    assert compute("B3").value == Decimal(5)


def test_b4_mean_overall_rating(trainings):
    result = compute("B4")
    # T1 5 and 4, T2 3, T3 4: (5 + 4 + 3 + 4) / 4 = 4.00; the cancelled T4 and other years do not count.
    assert result.value == Decimal("4.00")
    assert result.extra["responses"] == 4
    assert compute("B4", year=2021).value is None


def test_b5_b6_study_trips_and_their_attendances(libs):
    s1 = event("Opintomatka Tampereelle", at(2023, 8, 1), hours=30, kind="study_trip")
    s2 = event("Peruttu matka", at(2023, 9, 1), kind="study_trip", status="cancelled")
    s3 = event("Opintomatka Helsinkiin", at(2023, 11, 1), kind="study_trip")
    event("Koulutus, ei matka", at(2023, 8, 2))
    for email, library in (("a@turku.fi", "turku"), ("b@nakkila.fi", "nakkila"), ("c@kaarina.fi", "kaarina")):
        attend(s1, email, libs[library])
    attend(s2, "x@salo.fi", libs["salo"])
    attend(s3, "a@turku.fi", libs["turku"])
    assert compute("B5").value == Decimal(2)
    b6 = compute("B6")
    assert b6.value == Decimal(4)  # 3 on the first trip, 1 on the second
    assert b6.extra["distinct_persons"] == 3


def test_c1_meetings_per_active_working_group(libs):
    WorkingGroup.objects.exclude(slug__in=["digityoryhma", "moninaisuustyoryhma", "ake-svenska"]).update(
        active=False
    )
    digi = WorkingGroup.objects.get(slug="digityoryhma")
    diversity = WorkingGroup.objects.get(slug="moninaisuustyoryhma")
    ake = WorkingGroup.objects.get(slug="ake-svenska")
    for month in (2, 5, 9):
        event(f"Digi {month}", at(2023, month, 3), kind="group_meeting", format="remote", working_group=digi)
    event("Digi peruttu", at(2023, 10, 3), kind="group_meeting", working_group=digi, status="cancelled")
    event("Moninaisuus", at(2023, 4, 3), kind="group_meeting", working_group=diversity)
    event("Moninaisuus 2022", at(2022, 4, 3), kind="group_meeting", working_group=diversity)
    event("Moninaisuuden koulutus", at(2023, 6, 3), kind="training", working_group=diversity)
    event("ÅKE möte 1", at(2023, 3, 3), kind="group_meeting", working_group=ake, language="sv")
    event("ÅKE möte 2", at(2023, 10, 3), kind="group_meeting", working_group=ake, language="sv")

    result = compute("C1")
    # By default the active groups of the plan's section 3.2: ÅKE (C5) is not among them.
    assert result.extra["per_group"] == {"Digityöryhmä": 3, "Moninaisuustyöryhmä": 1}
    # The training the diversity group organised counts beside its meetings, not as one.
    assert result.extra["per_group_events"] == {"Digityöryhmä": 0, "Moninaisuustyöryhmä": 1}
    assert result.extra["meetings_and_events"] == 5
    assert result.value == Decimal(1)  # the lowest: not every group met twice
    assert compute("C5").value == Decimal(2)


def test_c2_coffee_hours_and_c6_swedish_coplanned_events(libs):
    event("Kahvit 1", at(2023, 1, 20), kind="coffee_hour", format="remote", hours=1)
    event("Kahvit 2", at(2023, 2, 20), kind="coffee_hour", format="remote", hours=1)
    event("Kahvit peruttu", at(2023, 3, 20), kind="coffee_hour", format="remote", status="cancelled")
    event("Svenskt innehåll", at(2023, 4, 1), kind="other", language="sv", swedish_coplanned=True)
    event(
        "Tvåspråkig temavecka",
        at(2023, 5, 1),
        kind="theme_week_prep",
        language="bilingual",
        swedish_coplanned=True,
    )
    event("Svenska, inte samplanerat", at(2023, 6, 1), kind="other", language="sv")
    event("Suomeksi, merkitty", at(2023, 7, 1), kind="other", language="fi", swedish_coplanned=True)
    event("Inställt", at(2023, 8, 1), kind="other", language="sv", swedish_coplanned=True, status="cancelled")
    assert compute("C2").value == Decimal(2)
    assert compute("C6").value == Decimal(2)


def test_running_year_value_so_far_and_scheduled(libs):
    today = datetime.date(2024, 6, 15)
    event("Pidetty", at(2024, 3, 1))
    event("Tänään", at(2024, 6, 15, 18))
    event("Syksyllä", at(2024, 9, 1))
    event("Luonnos syksyllä", at(2024, 10, 1), status="draft")
    event("Peruttu syksyllä", at(2024, 11, 1), status="cancelled")
    digi = WorkingGroup.objects.get(slug="digityoryhma")
    WorkingGroup.objects.exclude(pk=digi.pk).update(active=False)
    event("Digi kevät", at(2024, 2, 1), kind="group_meeting", working_group=digi)
    event("Digi syksy", at(2024, 10, 1), kind="group_meeting", working_group=digi)

    b1 = compute("B1", year=2024, today=today)
    assert b1.value == Decimal(2) and b1.scheduled == Decimal(1)
    c1 = compute("C1", year=2024, today=today)
    assert c1.value == Decimal(1) and c1.value + c1.scheduled == Decimal(2)


@pytest.mark.parametrize("code", ["B1", "B2", "B3", "B4", "B5", "B6", "C1", "C2", "C5", "C6"])
def test_a_fixed_number_of_queries_whatever_the_data(code, libs, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as empty:
        compute(code, year=2023, today=datetime.date(2023, 12, 1))
    for index in range(30):
        evt = event(
            f"E{index}", at(2023, 1 + index % 11, 1 + index % 27), kind=["training", "study_trip"][index % 2]
        )
        attend(evt, f"p{index}@turku.fi", libs["turku"])
        feedback_store(evt, overall=4)
    with django_assert_num_queries(len(empty.captured_queries)):
        compute(code, year=2023, today=datetime.date(2023, 12, 1))
