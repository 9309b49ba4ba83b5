"""Certificates of attendance and "My learning" (issue 17): hours, the page per year, exports, the
PDF in the person's language, and nobody else's certificate for any role."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import make_user
from trainings.models import Attendance, Event, EventKind, Registration

from .conftest import make_event

pytestmark = pytest.mark.django_db


def _at(year, month, day, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def _attend(event, user, **extra):
    return Attendance.objects.create(
        event=event,
        email=user.email,
        name=user.get_full_name(),
        library=user.library,
        participation=extra.pop("participation", "on_site"),
        **extra,
    )


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_training_hours_are_the_hours_given_or_the_duration_capped_per_day():
    one_day = Event(start=_at(2026, 3, 3, 9), end=_at(2026, 3, 3, 11, 40))
    assert one_day.training_hours == Decimal("2.5")  # 2 h 40 min: nearest half hour
    assert Event(start=_at(2026, 3, 3, 9), end=_at(2026, 3, 3, 12, 45)).training_hours == Decimal("4")
    # A two-day study trip is not 31 hours of learning: at most 6 hours a day.
    trip = Event(start=_at(2026, 5, 6, 8), end=_at(2026, 5, 7, 15))
    assert trip.training_hours == Decimal("12")
    trip.hours = Decimal("10.5")
    assert trip.training_hours == Decimal("10.5")


def test_my_learning_lists_attended_trainings_per_year_with_total_hours(client, staff_user, libraries):
    first = make_event(title="Saavutettavuus", start=_at(2025, 9, 2, 9), end=_at(2025, 9, 2, 12))
    second = make_event(
        title="Opintomatka Tukholmaan",
        kind=EventKind.STUDY_TRIP,
        start=_at(2026, 4, 14, 8),
        end=_at(2026, 4, 15, 18),
        hours=Decimal("10.5"),
    )
    third = make_event(
        title="Pelikahvit", kind=EventKind.COFFEE_HOUR, start=_at(2026, 2, 3, 13), end=_at(2026, 2, 3, 14)
    )
    meeting = make_event(title="Digityöryhmän kokous", kind=EventKind.GROUP_MEETING)
    cancelled = make_event(title="Peruttu koulutus", status=Event.Status.CANCELLED)
    registered_only = make_event(title="Vain ilmoittautunut")
    for event in (first, second, third, meeting, cancelled):
        _attend(event, staff_user)
    someone_else = make_user("liisa@pori.fi", library=libraries["pori"])
    _attend(registered_only, someone_else)

    client.force_login(staff_user)
    page = client.get(reverse("trainings:my_learning")).content.decode()
    assert "Saavutettavuus" in page and "Opintomatka Tukholmaan" in page and "Pelikahvit" in page
    for absent in ("Digityöryhmän kokous", "Peruttu koulutus", "Vain ilmoittautunut"):
        assert absent not in page
    assert "2026: 2 tapahtumaa, 11,5 koulutustuntia yhteensä" in page
    assert "2025: 1 tapahtuma, 3 koulutustuntia yhteensä" in page
    assert page.index("2026") < page.index("2025")  # the newest year first

    swedish = client.get("/sv/my/learning/").content.decode()
    assert "Mitt lärande" in swedish and "11,5" in swedish

    rows = list(
        csv.reader(
            io.StringIO(client.get("/fi/my/learning/export.csv").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert rows[0][:5] == ["Vuosi", "Tapahtuma", "Laji", "Päivämäärä", "Tunnit"]
    assert rows[1][:5] == ["2026", "Opintomatka Tukholmaan", "opintomatka", "14.4.–15.4.2026", "10,5"]
    assert rows[3][:5] == ["2026", "Yhteensä", "", "", "11,5"]
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/fi/my/learning/export.xlsx").content))
    values = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert values[3][1] == "Yhteensä" and values[3][4] == 11.5
    assert values[-1][0] == 2025 and values[-1][4] == 3
    assert client.get("/fi/my/learning/export.pdf").status_code == 404


def test_my_learning_is_for_signed_in_people_and_reachable_from_the_header(client, staff_user):
    response = client.get(reverse("trainings:my_learning"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(staff_user)
    home = client.get(reverse("trainings:calendar")).content.decode()
    assert f'href="{reverse("trainings:my_learning")}"' in home
    empty = client.get(reverse("trainings:my_learning")).content.decode()
    assert "Sinulle ei ole vielä merkitty osallistumisia" in empty


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fi",
            [
                "Osallistumistodistus",
                "Tiina Testaaja",
                "Saavutettava viestintä",
                "3.3.2026",
                "2,5 tuntia",
                "AKE / Turun kaupunginkirjasto, AVI",
            ],
        ),
        (
            "sv",
            [
                "Deltagarintyg",
                "Tiina Testaaja",
                "Tillgänglig kommunikation",
                "3.3.2026",
                "2,5 timmar",
                "AKE / Åbo stadsbibliotek, AVI",
            ],
        ),
        (
            "en",
            [
                "Certificate of attendance",
                "Tiina Testaaja",
                "Accessible communication",
                "3.3.2026",
                "2.5 hours",
                "AKE / Turku City Library, AVI",
            ],
        ),
    ],
)
def test_an_attendee_downloads_a_tagged_certificate_in_their_language(client, libraries, language, expected):
    attendee = make_user(
        "tiina@kaarina.fi", library=libraries["kaarina"], first_name="Tiina", last_name="Testaaja"
    )
    event = make_event(
        title_fi="Saavutettava viestintä",
        title_sv="Tillgänglig kommunikation",
        title_en="Accessible communication",
        co_organisers="AVI",
        start=_at(2026, 3, 3, 9),
        end=_at(2026, 3, 3, 11, 30),
    )
    attendance = _attend(event, attendee)
    client.force_login(attendee)
    response = client.get(f"/{language}/my/learning/certificate/{attendance.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for part in expected:
        assert part in text, (part, text)
    root = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == language


def test_nobody_else_can_download_a_certificate_whatever_their_role(
    client, staff_user, other_library_user, editor, ake_admin, planning_member
):
    event = make_event(start=_at(2026, 3, 3, 9), end=_at(2026, 3, 3, 12))
    attendance = _attend(event, staff_user)
    url = reverse("trainings:certificate", args=[attendance.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # Even a superuser gets nothing: the lookup is among the signed-in person's own attendances.
    ake_admin.is_superuser = True
    ake_admin.save(update_fields=["is_superuser"])
    for person in (other_library_user, editor, ake_admin, planning_member):
        client.force_login(person)
        assert client.get(url).status_code == 404, person.email
        assert "Saavutettava" not in client.get(reverse("trainings:my_learning")).content.decode()
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_a_certificate_of_an_attendance_recorded_through_the_registration_of_the_account(client, staff_user):
    """An attendance imported under an old address still belongs to the account that registered."""
    event = make_event(start=_at(2026, 3, 3, 9), end=_at(2026, 3, 3, 12))
    registration = Registration.objects.create(
        event=event,
        user=staff_user,
        email=staff_user.email,
        first_name="Maija",
        last_name="Virtanen",
        library=staff_user.library,
        participation="on_site",
        status=Registration.Status.CONFIRMED,
    )
    attendance = Attendance.objects.create(
        event=event,
        registration=registration,
        email="maija.old@kaarina.fi",
        library=staff_user.library,
        participation="on_site",
    )
    client.force_login(staff_user)
    assert client.get(reverse("trainings:certificate", args=[attendance.pk])).status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_my_learning_query_budget_is_the_same_at_two_sizes(
    client, staff_user, count, django_assert_num_queries
):
    start = _at(2024, 1, 8, 9)
    events = Event.objects.bulk_create(
        [
            Event(
                title=f"Koulutus {index}",
                kind=EventKind.TRAINING,
                format="remote",
                start=start + datetime.timedelta(days=7 * index),
                end=start + datetime.timedelta(days=7 * index, hours=2),
                status=Event.Status.PUBLISHED,
            )
            for index in range(count)
        ]
    )
    Attendance.objects.bulk_create(
        [
            Attendance(
                event=event, email=staff_user.email, library=staff_user.library, participation="remote"
            )
            for event in events
        ]
    )
    client.force_login(staff_user)
    client.get(reverse("trainings:my_learning"))  # the user's permissions and roles into Redis
    # The session, the user and the user's attendances with their events: nothing per row.
    with django_assert_num_queries(3):
        response = client.get(reverse("trainings:my_learning"))
    assert response.content.decode().count("/certificate/") == count
    with django_assert_num_queries(3):
        assert client.get(reverse("trainings:my_learning_export", args=["xlsx"])).status_code == 200


def test_hours_typed_in_the_admin_take_a_decimal_comma_and_bad_input_is_told_by_the_field(client, editor):
    from tests.trainings.test_admin import _form_data

    client.force_login(editor)
    response = client.post(reverse("trainings_event:add"), _form_data(hours="1,5"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Event.objects.get(title="Digitaidot ikäihmisille").hours == Decimal("1.5")
    for bad in ("kolme", "0", "1000"):
        response = client.post(reverse("trainings_event:add"), _form_data(hours=bad, title="Toinen"))
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["hours"], response.context["form"].errors
