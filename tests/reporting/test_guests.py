"""B1, B2, B3 with guests from outside the region present: the real providers, values worked out by hand.

Guests (attendances without a library of the region) never raise a figure, a share or the distinct
persons; the report shows them beside the figure ("+3 guests").
"""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import translation

from networks.models import CountedLibraries, Library
from reporting.exports import table1_rows
from reporting.presentation import present
from reporting.selectors import report_build
from trainings.models import Attendance, Event, GuestLibrary

pytestmark = pytest.mark.django_db

HKI = zoneinfo.ZoneInfo("Europe/Helsinki")
AFTER_2024 = datetime.date(2025, 2, 1)


def at(month, day, hour=10):
    return datetime.datetime(2024, month, day, hour, tzinfo=HKI)


def event(title, start, **fields):
    fields.setdefault("kind", "training")
    fields.setdefault("format", "in_person")
    fields.setdefault("status", "published")
    return Event.objects.create(title=title, start=start, end=start + datetime.timedelta(hours=3), **fields)


def attend(evt, email, library=None, participation="on_site", **guest):
    if library is None:
        guest.setdefault("guest_role", "participant")
    return Attendance.objects.create(
        event=evt, email=email, library=library, participation=participation, **guest
    )


@pytest.fixture
def data():
    libs = {
        key: Library.objects.get(name_fi=name)
        for key, name in {
            "turku": "Turun kaupunginkirjasto",
            "pori": "Porin kaupunginkirjasto",
            "kaarina": "Kaarinan kaupunginkirjasto",
            "rauma": "Rauman kaupunginkirjasto",
        }.items()
    }
    # Four library organisations form the denominator of 2024.
    CountedLibraries.objects.create(year=2024).libraries.set(libs.values())
    helsinki = GuestLibrary.objects.get(name="Helsingin kaupunginkirjasto")

    t1 = event("Lähikoulutus", at(3, 10))
    t2 = event("Hybridi", at(5, 5), format="hybrid")
    t3 = event("Svenska på distans", at(9, 1), format="remote", language="sv", open_to_guests=True)
    only_guests = event("Vain vieraita", at(10, 1))
    event("Peruttu", at(11, 1), status="cancelled")
    attend(t1, "a@turku.fi", libs["turku"])
    attend(t1, "b@pori.fi", libs["pori"])
    attend(t1, "trainer@avi.fi", guest_organisation="Lounais-Suomen AVI", guest_role="trainer")
    attend(t1, "x@hel.fi", guest_library=helsinki)
    attend(t2, "a@turku.fi", libs["turku"], "on_site")
    attend(t2, "c@kaarina.fi", libs["kaarina"], "remote")
    attend(t2, "y@hel.fi", guest_library=helsinki, participation="on_site")
    attend(t2, "z@vaasa.fi", guest_organisation="Vaasan kaupunginkirjasto", participation="remote")
    attend(t3, "s1@espoo.fi", participation="remote", guest_organisation="Espoon kaupunginkirjasto")
    attend(t3, "s2@espoo.fi", participation="remote", guest_organisation="Espoon kaupunginkirjasto")
    attend(only_guests, "x@hel.fi", guest_library=helsinki)
    return libs


def test_b1_counts_trainings_whoever_attended(data):
    report = report_build(year=2024, today=AFTER_2024)
    # Lähikoulutus, Hybridi, Svenska på distans, Vain vieraita; not the cancelled one.
    assert report["indicators"]["B1"]["value"] == "4"


def test_b2_counts_only_the_regions_libraries_and_shows_guests_beside(data):
    b2 = report_build(year=2024, today=AFTER_2024)["indicators"]["B2"]
    # Turku, Pori, Kaarina of the four counted; no guest organisation enters the share or "outside".
    assert b2["libraries"]["numerator"] == 3
    assert b2["libraries"]["denominator"] == 4
    assert b2["value"] == "75"
    assert b2["libraries"]["outside"] == []
    # Guest attendances at the trainings: 2 at Lähikoulutus, 2 at Hybridi, 2 at Svenska, 1 at the last.
    assert b2["extra"]["guests"] == 7


def test_b3_counts_region_staff_on_site_and_shows_guests_beside(data):
    report = report_build(year=2024, today=AFTER_2024)
    b3 = report["indicators"]["B3"]
    # Region staff on site: a and b at Lähikoulutus, a at Hybridi (c was remote) = 3.
    assert b3["value"] == "3"
    assert b3["extra"]["distinct_persons"] == 2  # a, b
    # Guests on site: the AVI trainer and x at Lähikoulutus, y at Hybridi, x at the last one = 4.
    assert b3["extra"]["guests"] == 4
    # "Vain vieraita" has no region attendee: it is no item of B3's drill-down.
    assert [item["label"]["fi"] for item in b3["items"]] == ["Lähikoulutus", "Hybridi"]

    with translation.override("en"):
        rows = {row.code: row for row in present(report, charts=False).rows}
        assert (rows["B3"].value_text, rows["B3"].guests_text) == ("3", "+4 guests")
        beside = {row[2]: row[-1] for row in table1_rows(report)[1:]}
        assert beside["B3"] == "+4 guests"
    with translation.override("fi"):
        rows = {row.code: row for row in present(report, charts=False).rows}
        assert rows["B3"].guests_text == "+4 vierasta"


def test_without_guests_nothing_is_shown_beside(data):
    Attendance.objects.filter(library__isnull=True).delete()
    report = report_build(year=2024, today=AFTER_2024)
    assert report["indicators"]["B3"]["value"] == "3"
    assert report["indicators"]["B3"]["extra"]["guests"] == 0
    rows = {row.code: row for row in present(report, charts=False).rows}
    assert rows["B3"].guests_text == ""
    assert Decimal(report["indicators"]["B2"]["value"]) == Decimal(75)


def test_b1_b2_b3_c1_c6_with_guests_and_watch_parties_give_the_regions_values(data):
    """Issue 17's proof: guests and viewing rooms present, each figure is the region's alone and a
    watched-together training counts once."""
    from networks.models import WorkingGroup
    from trainings.models import ViewingRoom

    digi = WorkingGroup.objects.get(slug="digityoryhma")
    helsinki = GuestLibrary.objects.get(name="Helsingin kaupunginkirjasto")
    rauma = Library.objects.get(name_fi="Rauman kaupunginkirjasto")
    # A Swedish remote training co-planned with partners, organised by the digital group, followed at
    # desks and in two viewing rooms, by the region's staff and by guests.
    bath = event(
        "Språkbad på distans",
        at(10, 15),
        format="remote",
        language="sv",
        swedish_coplanned=True,
        open_to_guests=True,
        working_group=digi,
    )
    rooms = [
        ViewingRoom.objects.create(event=bath, host_library=data[key], address=address, seats=10)
        for key, address in (("turku", "Linnankatu 2"), ("pori", "Gallen-Kallelankatu 12"))
    ]
    attend(bath, "a@turku.fi", data["turku"], "remote", viewing_room=rooms[0])
    attend(bath, "r@rauma.fi", rauma, "remote", viewing_room=rooms[1])
    attend(bath, "c@kaarina.fi", data["kaarina"], "remote")
    attend(bath, "g@hel.fi", participation="remote", guest_library=helsinki, viewing_room=rooms[0])
    attend(bath, "t@avi.fi", participation="remote", guest_organisation="AVI", guest_role="trainer")
    # The digital group convened twice, a guest at each meeting.
    for month in (2, 6):
        meeting = event(f"Digi {month}", at(month, 20), kind="group_meeting", working_group=digi)
        attend(meeting, f"guest{month}@hel.fi", guest_library=helsinki)

    report = report_build(year=2024, today=AFTER_2024)
    figures = report["indicators"]
    # B1: the four trainings of the fixture and the language bath, once whatever its rooms.
    assert figures["B1"]["value"] == "5"
    # B2: Rauma joins (in a room) Turku, Pori and Kaarina: 4 of the 4 counted; no guest organisation.
    assert (figures["B2"]["libraries"]["numerator"], figures["B2"]["libraries"]["denominator"]) == (4, 4)
    assert figures["B2"]["libraries"]["outside"] == []
    assert figures["B2"]["extra"]["guests"] == 7 + 2
    # B3: on site at in-person and hybrid trainings only: a viewing room of a remote training is not.
    assert figures["B3"]["value"] == "3" and figures["B3"]["extra"]["guests"] == 4
    # C1: the group's two meetings, and the language bath once among its organised events.
    assert figures["C1"]["extra"]["per_group"]["Digityöryhmä"] == 2
    assert figures["C1"]["extra"]["per_group_events"]["Digityöryhmä"] == 1
    # C6: the one co-planned Swedish training, once for its desk pool and two rooms.
    assert figures["C6"]["value"] == "1"
