import datetime

import pytest
from django.utils import timezone

from ake.celery import app
from ake.indicators import provider_for
from networks.services import user_data_export, user_erase
from surveys.feedback import feedback_responses
from trainings import services
from trainings.models import Attendance, FeedbackReceipt, Registration

from .conftest import make_event

pytestmark = pytest.mark.django_db


def test_a_person_can_export_and_erase_their_participation_and_the_counts_survive(staff_user):
    start = timezone.now() - datetime.timedelta(days=3)
    first = make_event(title="Ensimmäinen", start=start)
    second = make_event(title="Toinen", start=start + datetime.timedelta(days=1))
    for event in (first, second):
        services.registration_create(
            event=event,
            user=staff_user,
            email=staff_user.email,
            first_name=staff_user.first_name,
            last_name=staff_user.last_name,
            library=staff_user.library,
            diet="kasvis",
            source=Registration.Source.AKE,
        )
        services.attendance_import(event=event, emails=[staff_user.email], recorded_by=None)
    services.feedback_submit(event=first, email=staff_user.email, overall=5, answers={})
    services.calendar_token_get(user=staff_user)

    exported = user_data_export(user=staff_user)["trainings"]
    assert sorted(r["event"] for r in exported["registrations"]) == ["Ensimmäinen", "Toinen"]
    assert exported["registrations"][0]["diet"] == "kasvis"
    assert exported["feedback_given_for"] == ["Ensimmäinen"]

    year, today = timezone.localdate(start).year, timezone.localdate()
    before = provider_for("B3")(year=year, today=today)
    email = staff_user.email
    user_erase(user=staff_user)

    assert not Registration.objects.filter(email=email).exists()
    assert not Attendance.objects.filter(email=email).exists()
    assert not FeedbackReceipt.objects.filter(email=email).exists()
    assert set(Registration.objects.values_list("diet", "first_name")) == {("", "")}
    after = provider_for("B3")(year=year, today=today)
    assert (after.value, after.extra["distinct_persons"]) == (before.value, before.extra["distinct_persons"])
    assert feedback_responses().count() == 1


def test_beat_schedule_names_existing_tasks(settings):
    app.loader.import_default_modules()
    names = [
        entry["task"] for key, entry in settings.CELERY_BEAT_SCHEDULE.items() if key.startswith("trainings")
    ]
    assert len(names) == 5
    for name in names:
        assert name in app.tasks
