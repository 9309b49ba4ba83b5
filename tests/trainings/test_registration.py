import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from networks.models import GroupMembership, Library, WorkingGroup
from networks.services import ServiceError
from tests.conftest import make_user, message_text
from trainings import services
from trainings.models import EventFormat, EventKind, Participation, PickupPoint, Registration

from .conftest import make_event, subject

pytestmark = pytest.mark.django_db


def _attachment(message, content_type="text/calendar"):
    for part in message.walk():
        if part.get_content_type() == content_type:
            return part.get_payload(decode=True)
    return None


def _register(user, event, **extra):
    return services.registration_create(
        event=event,
        user=user,
        email=user.email,
        first_name=user.first_name,
        last_name=user.last_name,
        library=user.library,
        language=user.language,
        **extra,
    )


def test_staff_member_registers_in_a_couple_of_clicks_and_gets_a_confirmation_with_ics(
    client, staff_user, mailbox, django_capture_on_commit_callbacks
):
    event = make_event(seats_on_site=20)
    client.force_login(staff_user)
    url = reverse("trainings:register", args=[event.pk])
    page = client.get(url).content.decode()
    # The library is the profile's: shown, not asked.
    assert staff_user.library.name in page and 'name="library"' not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"diet": "gluteeniton"})
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    registration = Registration.objects.get(event=event)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.library == staff_user.library and registration.diet == "gluteeniton"

    [message] = mailbox.wait_for(1)
    assert message["To"] == staff_user.email
    assert event.title in subject(message)
    calendar = icalendar.Calendar.from_ical(_attachment(message))
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == f"{event.uid}@ake-extranet"
    assert vevent.decoded("DTSTART") == event.start
    assert staff_user.first_name in message_text(message)


def test_confirmation_is_in_the_recipients_language(staff_user, mailbox, django_capture_on_commit_callbacks):
    staff_user.language = "sv"
    staff_user.save()
    event = make_event(seats_on_site=5)
    with django_capture_on_commit_callbacks(execute=True):
        _register(staff_user, event)
    [message] = mailbox.wait_for(1)
    assert message_text(message).startswith("Hej ")


def test_the_form_asks_on_site_or_remote_for_hybrid_and_keeps_what_was_typed(client, staff_user):
    event = make_event(format=EventFormat.HYBRID, seats_on_site=5, seats_remote=5)
    client.force_login(staff_user)
    response = client.post(
        reverse("trainings:register", args=[event.pk]),
        {"accessibility": "pyörätuoli"},
    )
    assert response.status_code == 200
    assert "pyörätuoli" in response.content.decode()
    assert not Registration.objects.exists()


def test_hybrid_events_count_on_site_and_remote_seats_separately(libraries):
    event = make_event(format=EventFormat.HYBRID, seats_on_site=1, seats_remote=1)
    people = [make_user(f"p{i}@kaarina.fi", library=libraries["kaarina"]) for i in range(3)]
    first = _register(people[0], event, participation=Participation.ON_SITE)
    second = _register(people[1], event, participation=Participation.ON_SITE)
    third = _register(people[2], event, participation=Participation.REMOTE)
    assert first.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITLISTED
    assert third.status == Registration.Status.CONFIRMED


def test_seats_per_library_are_capped_and_a_branch_counts_for_its_library(libraries):
    pori = libraries["pori"]
    branch = Library.objects.get(name_fi="Nakkilan kirjasto")
    assert branch.parent == pori
    event = make_event(seats_on_site=10, max_per_library=1)
    from_pori = _register(make_user("a@pori.fi", library=pori), event)
    from_branch = _register(make_user("b@nakkila.fi", library=branch), event)
    from_kaarina = _register(make_user("c@kaarina.fi", library=libraries["kaarina"]), event)
    assert from_pori.status == Registration.Status.CONFIRMED
    assert from_branch.status == Registration.Status.WAITLISTED
    assert from_kaarina.status == Registration.Status.CONFIRMED

    # When Pori's seat frees up, the branch's person is next.
    services.registration_cancel(registration=from_pori)
    from_branch.refresh_from_db()
    assert from_branch.status == Registration.Status.OFFERED


def test_a_staff_member_cannot_register_for_another_library_to_get_round_the_cap(
    client, staff_user, other_library_user, libraries
):
    """Issue #15 item 6: the form asks no library, a posted one is ignored by the form, and the
    service refuses a self-registration for any library but the profile's."""
    event = make_event(seats_on_site=10, max_per_library=1)
    _register(other_library_user, event)
    client.force_login(staff_user)
    url = reverse("trainings:register", args=[event.pk])
    client.post(url, {"library": libraries["pori"].pk})
    registration = Registration.objects.get(event=event, email=staff_user.email)
    assert registration.library == staff_user.library
    with pytest.raises(ServiceError):
        services.registration_create(
            event=event,
            user=other_library_user,
            email="second@pori.fi",
            first_name="Toinen",
            last_name="Tili",
            library=libraries["kaarina"],
        )
    assert Registration.objects.filter(event=event, library=libraries["kaarina"]).count() == 1


def test_a_person_without_a_library_is_told_to_ask_ake(client, libraries):
    homeless = make_user("vieras@example.org")
    event = make_event(seats_on_site=10)
    client.force_login(homeless)
    response = client.get(reverse("trainings:register", args=[event.pk]))
    assert response.status_code == 200 and "<form" not in response.content.decode().split("<main")[1]
    client.post(reverse("trainings:register", args=[event.pk]), {})
    assert not Registration.objects.filter(event=event).exists()


def test_registering_twice_is_refused(staff_user):
    event = make_event(seats_on_site=10)
    _register(staff_user, event)
    with pytest.raises(ServiceError):
        _register(staff_user, event)
    assert Registration.objects.count() == 1


def test_registration_window_is_respected(staff_user):
    now = timezone.now()
    not_yet = make_event(registration_opens=now + datetime.timedelta(days=1))
    closed = make_event(registration_closes=now - datetime.timedelta(hours=1))
    with pytest.raises(ServiceError, match="Ilmoittautuminen alkaa"):
        _register(staff_user, not_yet)
    with pytest.raises(ServiceError):
        _register(staff_user, closed)
    # AKE may still add someone after the window.
    registration = services.registration_create(
        event=closed,
        email="late@kaarina.fi",
        first_name="Myöhäinen",
        last_name="Lisäys",
        library=staff_user.library,
        source=Registration.Source.AKE,
    )
    assert registration.status == Registration.Status.CONFIRMED


def test_cancel_until_the_deadline_only(client, staff_user, django_capture_on_commit_callbacks):
    now = timezone.now()
    open_event = make_event(seats_on_site=5, registration_closes=now + datetime.timedelta(days=1))
    past_deadline = make_event(seats_on_site=5, registration_closes=now + datetime.timedelta(days=1))
    first = _register(staff_user, open_event)
    second = _register(staff_user, past_deadline)
    past_deadline.registration_closes = now - datetime.timedelta(minutes=1)
    past_deadline.save()
    client.force_login(staff_user)

    # GET only shows the confirmation page.
    assert client.get(reverse("trainings:registration_cancel", args=[first.pk])).status_code == 200
    first.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED

    client.post(reverse("trainings:registration_cancel", args=[first.pk]))
    response = client.post(reverse("trainings:registration_cancel", args=[second.pk]), follow=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert second.status == Registration.Status.CONFIRMED
    assert "deadline" in response.content.decode() or "määräaika" in response.content.decode()


def test_someone_else_cannot_cancel_my_registration(client, staff_user, other_library_user):
    registration = _register(staff_user, make_event(seats_on_site=5))
    client.force_login(other_library_user)
    response = client.post(reverse("trainings:registration_cancel", args=[registration.pk]))
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_my_events_lists_upcoming_and_past_registrations(client, staff_user):
    upcoming = make_event(title="Tuleva koulutus", seats_on_site=5)
    past_start = timezone.now() - datetime.timedelta(days=10)
    past = make_event(title="Mennyt koulutus", start=past_start)
    _register(staff_user, upcoming)
    services.registration_create(
        event=past,
        email=staff_user.email,
        first_name="Maija",
        last_name="Virtanen",
        library=staff_user.library,
        user=staff_user,
        source=Registration.Source.AKE,
    )
    client.force_login(staff_user)
    response = client.get("/fi/my/events/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tuleva koulutus" in page and "Mennyt koulutus" in page
    assert "no-store" in response["Cache-Control"]


def test_registration_needs_login(client):
    event = make_event()
    response = client.get(reverse("trainings:register", args=[event.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_online_link_is_shown_only_to_registered_participants(client, staff_user, other_library_user):
    event = make_event(
        format=EventFormat.REMOTE, seats_remote=10, online_url="https://teams.example/meet/123"
    )
    _register(staff_user, event)
    client.force_login(other_library_user)
    assert "teams.example/meet/123" not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(staff_user)
    assert "teams.example/meet/123" in client.get(event.get_absolute_url()).content.decode()


def test_study_trip_opens_first_to_group_members_then_to_everyone(staff_user, other_library_user):
    group = WorkingGroup.objects.get(slug="varsat")
    GroupMembership.objects.create(group=group, user=staff_user)
    now = timezone.now()
    trip = make_event(
        kind=EventKind.STUDY_TRIP,
        seats_on_site=30,
        priority_group=group,
        open_to_all_from=now + datetime.timedelta(days=2),
    )
    assert _register(staff_user, trip).status == Registration.Status.CONFIRMED
    with pytest.raises(ServiceError, match="VarSat"):
        _register(other_library_user, trip)
    later = now + datetime.timedelta(days=3)
    registration = _register(other_library_user, trip, now=later)
    assert registration.status == Registration.Status.CONFIRMED


def test_transport_seat_requests_respect_the_pick_up_point_size(libraries):
    event = make_event(kind=EventKind.STUDY_TRIP, seats_on_site=30)
    point = PickupPoint.objects.create(event=event, name="Porin rautatieasema", seats=1)
    first = make_user("t1@pori.fi", library=libraries["pori"])
    second = make_user("t2@pori.fi", library=libraries["pori"])
    assert _register(first, event, pickup_point=point).pickup_point == point
    with pytest.raises(ServiceError, match="Porin rautatieasema"):
        _register(second, event, pickup_point=point)
    assert _register(second, event).pickup_point is None


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fi", "Kirjoita puhelinnumero numeroin, esimerkiksi 040 123 4567"),
        ("sv", "Skriv telefonnumret med siffror, till exempel 040 123 4567"),
        ("en", "Enter a phone number in digits, for example 040 123 4567"),
    ],
)
def test_a_phone_number_that_cannot_be_called_is_refused_next_to_the_field(
    client, libraries, language, message
):
    from django.utils import translation

    event = make_event(seats_on_site=10)
    user = make_user(f"puhelin-{language}@turku.fi", library=libraries["turku"], language=language)
    client.force_login(user)
    with translation.override(language):
        url = reverse("trainings:register", args=[event.pk])
    for typo in ("soita minulle", "040 12", "+358 40 123 4567 890 123", "040–123+4567"):
        refused = client.post(url, {"phone": typo})
        assert refused.status_code == 200
        page = refused.content.decode()
        # The message stands in the phone field's paragraph, after the field.
        field_paragraph = page[page.index('id="id_phone"') :].split("</p>", 1)[0]
        assert message in field_paragraph, typo
    assert not Registration.objects.filter(email=user.email).exists()

    for number in ("040 123 4567", "+358 40 123 4567", "(02) 262 0000", "040-765 4321"):
        Registration.objects.filter(email=user.email).delete()
        done = client.post(url, {"phone": number})
        assert done.status_code == 302, number
        assert Registration.objects.get(email=user.email).phone == number


def test_the_event_page_names_the_host_library_once(client, libraries):
    """The demo's venue is the host library's name: "Påmarks kommunbibliotek, Pomarkku (Påmarks
    kommunbibliotek)" read twice; a venue of another name still gets the host library beside it."""
    host = Library.objects.get(name="Turun kaupunginkirjasto")
    at_the_library = make_event(venue=host.name, host_library=host)
    elsewhere = make_event(venue="Logomo", host_library=host)
    page = client.get(reverse("trainings:event_detail", args=[at_the_library.pk])).content.decode()
    assert f"<dd>{host.name}, Turku</dd>" in page
    page = client.get(reverse("trainings:event_detail", args=[elsewhere.pk])).content.decode()
    assert f"Logomo, Turku ({host.name})" in page
