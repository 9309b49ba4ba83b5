import datetime

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from ake.demo import DemoContext
from ake.indicators import provider_for
from surveys.feedback import feedback_responses
from trainings.models import Attendance, Event, Registration


@pytest.mark.django_db
@pytest.mark.slow
def test_demo_year_has_realistic_activity_from_many_libraries():
    import networks.demo
    import trainings.demo

    ctx = DemoContext(scale=1, year=2024, log=lambda *args: None)
    networks.demo.load(ctx)
    trainings.demo.load(ctx)

    # order_by(): a translated model's manager keeps Meta.ordering in a GROUP BY (one row per event).
    kinds = dict(
        Event.objects.filter(start__year=2024).order_by().values_list("kind").annotate(n=Count("pk"))
    )
    assert 17 <= kinds["training"] <= 20
    assert kinds["study_trip"] == 4 and kinds["coffee_hour"] == 12
    assert kinds["group_meeting"] >= 16
    assert 1200 <= Registration.objects.filter(event__start__year=2024).count() <= 2200
    assert Attendance.objects.values("library__parent_id", "library_id").distinct().count() >= 30
    assert feedback_responses().count() > 200
    from wagtail.documents.models import Document

    assert Document.objects.exists() and not Document.objects.filter(file_size__isnull=True).exists()

    today = datetime.date(2025, 1, 15)
    assert provider_for("B1")(year=2024, today=today).value >= 17
    assert provider_for("B5")(year=2024, today=today).value == 4
    assert provider_for("C2")(year=2024, today=today).value == 12
    assert provider_for("C1")(year=2024, today=today).value >= 2
    assert 3.5 <= provider_for("B4")(year=2024, today=today).value <= 4.6


@pytest.mark.django_db
@pytest.mark.slow
def test_demo_has_events_to_register_for_in_the_coming_months_whatever_the_day():
    """Loaded in December (or for a past year), the demo year's events are all behind: the months
    after it bring trainings, a study trip, coffee hours and group meetings open for registration,
    without changing the year's own data (the report of the year stays the same)."""
    import networks.demo
    import trainings.demo
    from trainings.selectors import event_list_public

    ctx = DemoContext(scale=1, year=2024, log=lambda *args: None)
    networks.demo.load(ctx)
    trainings.demo.load(ctx)

    now = timezone.now()
    coming = Event.objects.filter(start__gt=now)
    kinds = set(coming.values_list("kind", flat=True))
    assert {"training", "study_trip", "coffee_hour", "group_meeting"} <= kinds
    assert coming.filter(start__lte=now + datetime.timedelta(days=120)).count() == coming.count()
    open_now = [event for event in coming if event.registration_opens <= now < event.registration_closes]
    assert len(open_now) >= 15
    # Someone has registered already, nobody in the future, nobody attended yet.
    assert Registration.objects.filter(event__in=coming).exists()
    assert not Registration.objects.filter(created_at__gt=now).exists()
    assert not Attendance.objects.filter(event__in=coming).exists()
    # The coming trainings read in Swedish and English too.
    training = coming.filter(kind="training").order_by("start").first()
    assert training.title_sv and training.title_en and training.title_sv != training.title
    # The public calendar lists them.
    assert training in list(event_list_public())


@pytest.mark.django_db
@pytest.mark.slow
def test_demo_has_guests_viewing_rooms_questions_and_approval_to_walk_through():
    """Issue 17 in `make run`: the year's nationwide Swedish trainings had guests and viewing rooms
    (the report shows the guests beside B2), and in the coming weeks a guest finds a nationwide Swedish
    training with viewing rooms and questions, and AKE a leaders' training waiting for its decisions."""
    import networks.demo
    import trainings.demo
    from trainings.models import RegistrationAnswer

    ctx = DemoContext(scale=1, year=2024, log=lambda *args: None)
    networks.demo.load(ctx)
    trainings.demo.load(ctx)
    now = timezone.now()

    b2 = provider_for("B2")(year=2024, today=datetime.date(2025, 1, 15))
    assert b2.extra["guests"] >= 3
    year_guests = Attendance.objects.filter(event__start__year=2024, library__isnull=True)
    assert {a.guest_role for a in year_guests} == {"participant", "trainer", "co_organiser"}
    assert Attendance.objects.filter(event__start__year=2024, viewing_room__isnull=False).exists()
    # Trainers from elsewhere on site: guests beside B3 too.
    assert provider_for("B3")(year=2024, today=datetime.date(2025, 1, 15)).extra["guests"] >= 3

    [nationwide] = Event.objects.filter(start__gt=now, open_to_guests=True)
    assert nationwide.language == "sv" and nationwide.format == "remote" and nationwide.title_sv
    assert nationwide.registration_opens <= now < nationwide.registration_closes
    assert nationwide.viewing_rooms.count() == 2
    assert nationwide.registration_questions.count() == 2
    registrations = Registration.objects.filter(event=nationwide)
    assert registrations.filter(library__isnull=True, guest_library__isnull=False).exists()
    assert registrations.filter(viewing_room__isnull=False).exists()
    assert (
        RegistrationAnswer.objects.filter(registration__event=nationwide).count() == 2 * registrations.count()
    )

    [leaders] = Event.objects.filter(start__gt=now, approval_required=True)
    assert leaders.max_per_library == 2 and leaders.title_sv and leaders.title_en
    assert Registration.objects.filter(event=leaders, status="awaiting").count() >= 3


@pytest.mark.django_db
@pytest.mark.slow
def test_the_demo_staff_account_has_a_group_a_rotation_and_a_waitlist_place_on_my_page(client):
    """`make run`'s staff@kaarina.fi sees every section of "My page" filled: a working group (the
    storytellers' network's member for Kaarina), the Kaarina-Pori exchange, and a place on the
    waitlist of a full coming training, last in its queue. The demo account takes a drawn person's
    place, so the counts stay those of the demo (a member from every library, five periods)."""
    import networks.demo
    import networks.demo_cooperation
    import trainings.demo
    from ake.my_page import sections_for
    from networks.models import GroupMembership, Library, RotationPeriod, User

    ctx = DemoContext(scale=1, year=timezone.localdate().year, log=lambda *args: None)
    networks.demo.load(ctx)
    networks.demo_cooperation.load(ctx)
    trainings.demo.load(ctx)
    now = timezone.now()
    staff = User.objects.get(email="staff@kaarina.fi")

    assert GroupMembership.objects.filter(group__slug="varsat").count() == (
        Library.objects.organisations().count()
    )
    assert GroupMembership.objects.filter(group__slug="varsat", user=staff).exists()
    [exchange] = RotationPeriod.objects.filter(person=staff)
    assert exchange.host_library.municipality_fi == "Pori" and exchange.reciprocal_id
    assert RotationPeriod.objects.count() == 5

    [waiting] = Registration.objects.filter(user=staff, status="waitlisted")
    event = waiting.event
    assert event.start > now and event.registration_opens <= now < event.registration_closes
    seated = event.registrations.filter(
        status__in=Registration.SEAT_HOLDING, participation="on_site", viewing_room__isnull=True
    ).count()
    assert seated >= event.seats_on_site > 0
    queue = list(event.registrations.filter(status="waitlisted").order_by("waitlisted_at", "pk"))
    assert queue[-1] == waiting and waiting.waitlisted_at <= now

    # A confirmed place at a coming training of their own, in a drawn person's place (the seats stay).
    coming = (
        Registration.objects.filter(user=staff, status="confirmed", event__start__gt=now)
        .order_by("event__start")
        .first()
    )
    assert coming is not None and coming.library == staff.library
    assert coming.event.registration_opens <= now
    assert coming.event.kind == "training" and coming.event != event

    sections = {section.key: section for section in sections_for(user=staff, now=now)}
    for key in ("groups", "rotation", "waitlist", "coming"):
        assert sections[key].items, key
    client.force_login(staff)
    page = client.get(reverse("my_page")).content.decode()
    assert event.title in page and "Et ole yhdessäkään jonossa" not in page
    assert coming.event.title in page and "Sinulla ei ole tulevia tapahtumia" not in page
