"""Importing earlier years' events, attendance, feedback and meetings (docs/examples, docs/records.md)."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from ake.indicators import provider_for
from ake.records import import_file, record_type_for
from reporting.rules import rounded
from surveys.models import Response
from trainings.models import Attendance, Event

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
TODAY = datetime.date(2026, 6, 1)


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
    assert second.ok and second.created == 0 and second.skipped == first.created + first.skipped
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


def test_events_attendance_and_feedback_give_the_year_figures(tmp_path):
    assert _import_twice("events", Event) == 6
    # The duplicate row of the same person at the same event counts once.
    assert _import_twice("event_attendances", Attendance) == 5
    assert _import_twice("event_feedback", Response) == 3
    assert Event.objects.get(title="Uudenvuoden digitreffit").status == Event.Status.CANCELLED

    def value(code, year=2023):
        return provider_for(code)(year=year, today=TODAY).value

    assert value("B1") == 2  # the cancelled one and the one started in 2022 do not count
    assert value("B1", 2022) == 1  # an event across New Year belongs to its start year
    assert value("B3") == 3
    assert rounded(value("B4"), 2) == Decimal("4.33")
    assert value("B5") == 1 and value("B6") == 1
    assert value("C2") == 1
    assert value("C6") == 1
    assert len(provider_for("B2")(year=2023, today=TODAY).library_ids) == 3


def test_group_meetings_count_for_c1_and_c5():
    assert _import_twice("group_meetings", Event) == 3
    assert provider_for("C5")(year=2023, today=TODAY).value == 1
    per_group = provider_for("C1")(year=2023, today=TODAY).extra["per_group"]
    assert per_group["Digityöryhmä"] == 2


def test_bad_rows_are_refused_with_their_line(tmp_path):
    errors = _refused(
        "events",
        tmp_path,
        "external_id,title,kind,starts_on,ends_on\nx-1,Kokous,meeting,2022-03-01,\n"
        "x-2,Koulutus,webinar,2022-03-01,\nx-3,Matka,study_trip,2022-03-02,2022-03-01\n",
        Event,
    )
    assert errors[0] == "line 2, column working_group: A value is required."
    assert errors[1].startswith("line 3, column kind: “webinar” is not one of")
    assert errors[2] == "line 4, column ends_on: The end cannot be before the start."
    errors = _refused(
        "event_attendances",
        tmp_path,
        "event_id,library,person\nei-ole,Liedon kunnankirjasto,a@b.fi\n",
        Attendance,
    )
    assert errors == ["line 2, column event_id: No event “ei-ole”; import it in events first."]
    _import("events")
    errors = _refused(
        "event_feedback", tmp_path, "event_id,response_id,overall_rating\n2023-01,r-9,6\n", Response
    )
    assert errors == ["line 2, column overall_rating: The rating must be from 1 to 5."]


def test_an_event_id_repeated_with_another_title_and_date_is_an_error_naming_both_lines(tmp_path):
    """Issue #15 item 21: the second event was skipped as "already there" and the command exited 0."""
    errors = _refused(
        "events",
        tmp_path,
        "external_id,title,starts_on\n"
        "2022-7,Digitreffit,2022-03-01\n"
        "2022-8,Lukupiiri,2022-03-08\n"
        "2022-7,Kevätseminaari,2022-04-12\n",
        Event,
    )
    assert errors == [
        "line 4: Lines 2 and 4 are the same record by their key but differ in: title, starts_on. "
        "Correct the one that is wrong, or tell the two records apart."
    ]
