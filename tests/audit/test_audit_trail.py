"""The audit trail (issue #19): PostgreSQL triggers record who changed a registration, an attendance, a
booking, an interlibrary loan, a manual figure, the counted libraries or a person's roles, when, and
before -> after; AKE admins search it in the admin and open a record's change history."""

from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit.models import PERSONAL_FIELDS
from audit.views import audit_models
from loans.models import InterlibraryLoan, KitBooking
from networks.models import CountedLibraries, Library
from networks.roles import AKE_ADMINS, AKE_EDITORS
from reporting.models import IndicatorDefinition, ManualValue
from reporting.services import manual_value_set
from tests.conftest import make_user
from tests.loans.conftest import COLLECTED, days, ensure_game_rule, make_kit
from tests.trainings.conftest import make_event
from trainings import services as trainings
from trainings.models import Attendance, Registration

pytestmark = pytest.mark.django_db


def _events(model, pk):
    event_model = next(m for m in audit_models() if m.pgh_tracked_model is model)
    return list(event_model.objects.filter(pgh_obj_id=pk).order_by("pgh_id"))


@pytest.fixture
def auditor(client, libraries):
    user = make_user("tarkastaja@turku.fi", library=libraries["turku"], role=AKE_ADMINS)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(user)
    return user


def test_a_registration_its_status_changes_and_attendance_are_recorded(libraries, staff_user):
    event = make_event(seats_on_site=1)
    registration = trainings.registration_create(
        event=event,
        user=staff_user,
        email=staff_user.email,
        first_name="Maija",
        last_name="Virtanen",
        library=libraries["kaarina"],
        diet="ei pähkinöitä",
    )
    trainings.registration_cancel(registration=registration)
    events = _events(Registration, registration.pk)
    assert [e.pgh_label for e in events] == ["create", "update"]
    assert events[0].status == Registration.Status.CONFIRMED
    assert events[1].status == Registration.Status.CANCELLED
    assert events[1].cancelled_at is not None
    # Personal details are never copied into the trail.
    for model, fields in PERSONAL_FIELDS.items():
        event_model = next(m for m in audit_models() if m.pgh_tracked_model is model)
        columns = {f.name for f in event_model._meta.fields}
        assert not columns & set(fields), model

    make_user("uusi@kaarina.fi", library=libraries["kaarina"])
    trainings.attendance_import(event=event, emails=["uusi@kaarina.fi"], recorded_by=staff_user)
    attendance = Attendance.objects.get(event=event)
    assert [e.pgh_label for e in _events(Attendance, attendance.pk)] == ["create"]


def test_bookings_loans_manual_values_counted_libraries_and_roles_are_recorded(libraries, staff_user, editor):
    today = timezone.localdate()
    kit = make_kit()
    from loans.services import kit_booking_create

    booking = kit_booking_create(
        kit=kit,
        library=staff_user.library,
        booked_by=staff_user,
        pickup_date=days(today, 3),
        return_date=days(today, 5),
        delivery=COLLECTED,
        today=today,
    )
    KitBooking.objects.filter(pk=booking.pk).update(status=KitBooking.Status.CANCELLED)
    assert [e.pgh_label for e in _events(KitBooking, booking.pk)][-1] == "update"
    assert _events(KitBooking, booking.pk)[-1].status == KitBooking.Status.CANCELLED

    loan = InterlibraryLoan.objects.create(title="Kirja", library=libraries["pori"], contact_name="Maija")
    loan.status = "sent"
    loan.sent_on = today
    loan.save()
    assert [e.pgh_label for e in _events(InterlibraryLoan, loan.pk)] == ["create", "update"]

    indicator = IndicatorDefinition.objects.get(code="A6")
    manual_value_set(
        indicator=indicator,
        year=today.year - 1,
        value=Decimal("3"),
        note="käsin",
        override=False,
        user=editor,
    )
    manual_value_set(
        indicator=indicator, year=today.year - 1, value=Decimal("4"), note="käsin", override=True, user=editor
    )
    value = ManualValue.objects.get(indicator=indicator, year=today.year - 1)
    history = _events(ManualValue, value.pk)
    assert (history[0].value, history[0].override) == (Decimal("3"), False)
    assert (history[-1].value, history[-1].override) == (Decimal("4"), True)

    counted = CountedLibraries.objects.create(year=today.year - 1, note="Päätös")
    counted.libraries.set([libraries["turku"], libraries["pori"]])
    counted.libraries.remove(libraries["pori"])
    m2m = next(m for m in audit_models() if m._meta.model_name == "countedlibraryaudit")
    assert sorted(m2m.objects.values_list("pgh_label", "library_id")) == sorted(
        [
            ("library added", libraries["turku"].pk),
            ("library added", libraries["pori"].pk),
            ("library removed", libraries["pori"].pk),
        ]
    )

    staff_user.groups.add(Group.objects.get(name=AKE_EDITORS))
    staff_user.groups.remove(Group.objects.get(name=AKE_EDITORS))
    roles = next(m for m in audit_models() if m._meta.model_name == "userroleaudit")
    editors = Group.objects.get(name=AKE_EDITORS).pk
    assert list(
        roles.objects.filter(user_id=staff_user.pk, group_id=editors)
        .values_list("pgh_label", flat=True)
        .order_by("pgh_id")
    ) == ["role added", "role removed"]


def test_a_change_in_the_admin_carries_who_made_it_and_the_trail_finds_it(client, auditor, staff_user):
    today = timezone.localdate()
    from loans.services import kit_booking_create

    ensure_game_rule()  # a pick-up sooner than the rule's lead time needs AKE's approval
    booking = kit_booking_create(
        kit=make_kit(),
        library=staff_user.library,
        booked_by=staff_user,
        pickup_date=days(today, 1),
        return_date=days(today, 2),
        delivery=COLLECTED,
        today=today,
    )
    assert booking.status == KitBooking.Status.REQUESTED
    response = client.post(reverse("kit_bookings:approve", args=[booking.pk]))
    assert response.status_code == 302
    update = _events(KitBooking, booking.pk)[-1]
    assert update.status == KitBooking.Status.CONFIRMED
    assert update.pgh_context.metadata["user"] == auditor.pk
    assert update.pgh_context.metadata["url"] == reverse("kit_bookings:approve", args=[booking.pk])

    # The edit view offers the record's change history.
    edit = client.get(reverse("kit_bookings:edit", args=[booking.pk]))
    history_url = reverse("audit_change_history", args=["loans.kitbooking", booking.pk])
    assert history_url in edit.content.decode()
    page = client.get(history_url).content.decode()
    assert "confirmed" in page.lower() or "vahvistettu" in page.lower()
    assert auditor.email in page

    # Searched by who, by record type and id, by action, by dates and by a value.
    trail = reverse("audit_trail")
    for query in (
        {"actor": auditor.email},
        {"model": "loans.kitbooking", "object": booking.pk},
        {"action": "update", "model": "loans.kitbooking"},
        {"since": today.isoformat(), "until": today.isoformat(), "model": "loans.kitbooking"},
        {"q": "confirmed", "model": "loans.kitbooking"},
    ):
        response = client.get(trail, query)
        assert response.status_code == 200
        assert history_url in response.content.decode(), query
    response = client.get(trail, {"actor": "nobody@example.fi", "model": "loans.kitbooking"})
    assert history_url not in response.content.decode()


def test_bad_search_input_gets_a_message_not_an_error(client, auditor):
    trail = reverse("audit_trail")
    for query in (
        {"object": "abc"},
        {"since": "2026-13-40"},
        {"since": "2026-05-02", "until": "2026-05-01"},
        {"model": "nope.nothing"},
        {"p": "999"},
        {"q": "x" * 500},
    ):
        response = client.get(trail, query)
        assert response.status_code == 200, query
    assert client.get(reverse("audit_change_history", args=["nope.nothing", 1])).status_code == 404


def test_only_ake_admins_see_the_trail(client, editor, staff_user):
    for user in (editor, staff_user):
        client.force_login(user)
        response = client.get(reverse("audit_trail"))
        assert response.status_code in (302, 403), user
        response = client.get(reverse("audit_change_history", args=["loans.kitbooking", 1]))
        assert response.status_code in (302, 403), user


def test_the_triggers_record_changes_made_outside_django_too(libraries):
    counted = CountedLibraries.objects.create(year=2020, note="")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE networks_countedlibraries SET note = 'psql' WHERE id = %s", [counted.pk])
    history = _events(CountedLibraries, counted.pk)
    assert [(e.pgh_label, e.note) for e in history] == [("create", ""), ("update", "psql")]
    assert history[-1].pgh_context is None  # no request: shown as a task or command


def test_erasure_leaves_no_personal_data_in_the_trail(libraries, ake_admin):
    from networks.services import user_erase
    from tests.security.traces import scan_database

    person = make_user(
        "zyxwvu.q@kaarina.fi", library=libraries["kaarina"], first_name="Zyxwvu", last_name="Qw"
    )
    event = make_event(seats_on_site=5)
    trainings.registration_create(
        event=event,
        user=person,
        email=person.email,
        first_name="Zyxwvu",
        last_name="Qw",
        library=person.library,
        emergency_contact="Zyxwvu Qw puoliso",
    )
    person.groups.add(Group.objects.get(name=AKE_EDITORS))
    user_erase(user=person)
    hits = scan_database(["Zyxwvu", "zyxwvu.q@kaarina.fi"]).hits
    assert [hit for hit in hits if hit.where.startswith(("audit_", "pghistory_"))] == []


def test_library_registry_is_untracked_but_its_counted_choice_is(libraries):
    # The registry changes rarely and is Wagtail-logged; the counted choice per year is the decision.
    assert not [m for m in audit_models() if m.pgh_tracked_model is Library]
    assert any(m.pgh_tracked_model is CountedLibraries for m in audit_models())
