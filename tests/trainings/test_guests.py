"""Guests from outside the region: registration, the per-library cap, the admin, attendance and exports."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from networks.services import ServiceError
from tests.conftest import make_user
from trainings import services
from trainings.models import Attendance, EventFormat, GuestLibrary, Registration

from .conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def helsinki(db):
    return GuestLibrary.objects.get(name="Helsingin kaupunginkirjasto")


@pytest.fixture
def outsider(db):
    """An account from outside the region: no library of the region."""
    return make_user("guest@hel.fi", language="sv", first_name="Greta", last_name="Gäst")


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


def _guest(event, email, **fields):
    fields.setdefault("guest_organisation", "Lounais-Suomen AVI")
    return services.registration_create(
        event=event, email=email, first_name="G", last_name="Guest", library=None, **fields
    )


def test_the_national_list_is_seeded_and_extendable(helsinki):
    assert GuestLibrary.objects.count() >= 20
    GuestLibrary.objects.create(name="Kemin kaupunginkirjasto", municipality="Kemi", region="Lappi")
    assert GuestLibrary.objects.filter(name="Kemin kaupunginkirjasto").exists()


def test_a_guest_registers_only_for_an_event_open_to_guests(outsider, helsinki):
    closed = make_event()
    with pytest.raises(ServiceError):
        _guest(closed, outsider.email, user=outsider, guest_library=helsinki, guest_organisation="")
    open_event = make_event(open_to_guests=True, language="sv")
    registration = _guest(
        open_event, outsider.email, user=outsider, guest_library=helsinki, guest_organisation=""
    )
    assert registration.is_guest and registration.guest_role == "participant"
    assert registration.organisation_name == "Helsingin kaupunginkirjasto"
    assert registration.status == Registration.Status.CONFIRMED


def test_region_staff_cannot_register_as_guests(staff_user):
    event = make_event(open_to_guests=True)
    with pytest.raises(ServiceError):
        _guest(event, staff_user.email, user=staff_user)


def test_a_guest_names_an_organisation(outsider):
    event = make_event(open_to_guests=True)
    with pytest.raises(ServiceError):
        _guest(event, outsider.email, user=outsider, guest_organisation="  ")


def test_guests_are_under_no_librarys_cap_but_take_seats(libraries):
    event = make_event(seats_on_site=3, max_per_library=1)
    services.registration_create(
        event=event,
        email="a@turku.fi",
        first_name="A",
        last_name="A",
        library=libraries["turku"],
        source="ake",
    )
    first = _guest(event, "t1@avi.fi", source="ake", guest_role="trainer")
    second = _guest(event, "t2@avi.fi", source="ake", guest_role="co_organiser")
    third = _guest(event, "t3@avi.fi", source="ake")
    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waitlisted"]


def test_a_row_is_either_the_regions_or_a_guests(libraries, helsinki):
    event = make_event()
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event,
            email="x@turku.fi",
            first_name="X",
            last_name="Y",
            library=libraries["turku"],
            guest_library=helsinki,
            guest_role="participant",
            status="confirmed",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(event=event, email="nobody@x.fi", participation="on_site")


def test_register_page_asks_a_guest_for_the_organisation_in_swedish(client, outsider, helsinki):
    event = make_event(open_to_guests=True, language="sv", format=EventFormat.REMOTE)
    client.force_login(outsider)
    with translation.override("sv"):
        url = reverse("trainings:register", args=[event.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="guest_library"' in page.content.decode()

    refused = client.post(url, {"guest_organisation": " "})
    assert refused.status_code == 200
    assert "Välj ditt bibliotek i listan eller skriv din organisation." in refused.content.decode()

    done = client.post(url, {"guest_library": helsinki.pk})
    assert done.status_code == 302
    registration = Registration.objects.get(event=event, email=outsider.email)
    assert registration.guest_library == helsinki and registration.library is None

    closed = make_event()
    with translation.override("sv"):
        page = client.get(reverse("trainings:register", args=[closed.pk]))
    assert 'name="guest_library"' not in page.content.decode()
    assert "Ditt konto är ännu inte kopplat till ett bibliotek" in page.content.decode()


def test_a_guest_reads_the_national_list_in_their_language(client, outsider):
    event = make_event(open_to_guests=True, language="sv", format=EventFormat.REMOTE)
    client.force_login(outsider)
    pages = {}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            pages[language] = client.get(reverse("trainings:register", args=[event.pk])).content.decode()
    # A Swedish guest from Helsinki or Jakobstad finds their library by its Swedish name.
    assert "Helsingfors stadsbibliotek" in pages["sv"] and "Jakobstads stadsbibliotek" in pages["sv"]
    assert "Helsingin kaupunginkirjasto" not in pages["sv"]
    assert "Helsinki City Library" in pages["en"] and "Helsingin kaupunginkirjasto" not in pages["en"]
    assert "Helsingin kaupunginkirjasto" in pages["fi"]
    # Every library of the seeded list has its three names.
    assert not GuestLibrary.objects.filter(name_sv__isnull=True).exists()
    assert not GuestLibrary.objects.filter(name_en__isnull=True).exists()


def test_ake_adds_a_guest_trainer_and_sees_them_in_the_list_and_export(admin_client, libraries, helsinki):
    event = make_event(seats_on_site=10)
    url = reverse("trainings_event:participants", args=[event.pk])
    base = {
        "action": "add",
        "add-first_name": "Tina",
        "add-last_name": "Trainer",
        "add-email": "tina@avi.fi",
        "add-participation": "on_site",
    }
    refused = admin_client.post(url, base)
    assert refused.status_code == 200
    assert not Registration.objects.filter(email="tina@avi.fi").exists()
    both = admin_client.post(
        url, {**base, "add-library": libraries["turku"].pk, "add-guest_library": helsinki.pk}
    )
    assert both.status_code == 200 and not Registration.objects.filter(email="tina@avi.fi").exists()

    response = admin_client.post(
        url, {**base, "add-guest_organisation": "Lounais-Suomen AVI", "add-guest_role": "trainer"}
    )
    assert response.status_code == 302
    tina = Registration.objects.get(email="tina@avi.fi")
    assert (tina.is_guest, tina.guest_role, tina.status) == (True, "trainer", "confirmed")
    assert "Lounais-Suomen AVI" in admin_client.get(url).content.decode()

    export = admin_client.get(reverse("trainings_event:export", args=[event.pk, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "Lounais-Suomen AVI" in export


def test_attendance_import_accepts_guests_and_reports_them(admin_client, libraries, outsider):
    event = make_event(start=timezone.now() - datetime.timedelta(days=1), open_to_guests=True)
    services.registration_create(
        event=event,
        email="a@turku.fi",
        first_name="A",
        last_name="A",
        library=libraries["turku"],
        source="ake",
    )
    _guest(event, "trainer@avi.fi", source="ake", guest_role="trainer")
    result = services.attendance_import(
        event=event,
        emails=["a@turku.fi", "trainer@avi.fi", "visitor@vaasa.fi", outsider.email],
        recorded_by=None,
    )
    assert result.added == 4
    assert sorted(result.guests) == ["guest@hel.fi", "trainer@avi.fi", "visitor@vaasa.fi"]
    trainer = Attendance.objects.get(email="trainer@avi.fi")
    assert (trainer.guest_organisation, trainer.guest_role) == ("Lounais-Suomen AVI", "trainer")
    visitor = Attendance.objects.get(email="visitor@vaasa.fi")
    assert visitor.is_guest and visitor.guest_organisation == "vaasa.fi"
    assert Attendance.objects.get(email="a@turku.fi").library == libraries["turku"]

    # Through the page: the guests are reported, nothing fails.
    response = admin_client.post(
        reverse("trainings_event:attendance", args=[event.pk]),
        {"action": "import", "import-emails": "late@espoo.fi\na@turku.fi", "import-participation": "remote"},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "late@espoo.fi" in page
    assert Attendance.objects.get(email="late@espoo.fi").is_guest


def test_checklist_keeps_the_guests_organisation(libraries):
    event = make_event(start=timezone.now() - datetime.timedelta(days=1))
    guest = _guest(event, "g@avi.fi", source="ake", guest_role="co_organiser")
    services.attendance_checklist_save(
        event=event, present_ids={guest.pk}, listed_ids={guest.pk}, recorded_by=None
    )
    row = Attendance.objects.get(email="g@avi.fi")
    assert (row.library, row.guest_organisation, row.guest_role) == (
        None,
        "Lounais-Suomen AVI",
        "co_organiser",
    )


def test_ake_extends_the_national_list_in_the_admin(admin_client):
    index = reverse("trainings_guest_library:index")
    assert "Helsingin kaupunginkirjasto" in admin_client.get(index).content.decode()
    response = admin_client.post(
        reverse("trainings_guest_library:add"),
        {
            "name_fi": "Kemin kaupunginkirjasto",
            "name_sv": "Kemi stadsbibliotek",
            "name_en": "",
            "municipality": "Kemi",
        },
    )
    assert response.status_code == 302
    with translation.override("sv"):
        assert str(GuestLibrary.objects.get(name_fi="Kemin kaupunginkirjasto")) == "Kemi stadsbibliotek"
