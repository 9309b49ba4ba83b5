import datetime

import pytest
from django.db.models import Count

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
    kinds = dict(Event.objects.order_by().values_list("kind").annotate(n=Count("pk")))
    assert 17 <= kinds["training"] <= 20
    assert kinds["study_trip"] == 4 and kinds["coffee_hour"] == 12
    assert kinds["group_meeting"] >= 16
    assert 1200 <= Registration.objects.count() <= 2200
    assert Attendance.objects.values("library__parent_id", "library_id").distinct().count() >= 30
    assert feedback_responses().count() > 200

    today = datetime.date(2025, 1, 15)
    assert provider_for("B1")(year=2024, today=today).value >= 17
    assert provider_for("B5")(year=2024, today=today).value == 4
    assert provider_for("C2")(year=2024, today=today).value == 12
    assert provider_for("C1")(year=2024, today=today).value >= 2
    assert 3.5 <= provider_for("B4")(year=2024, today=today).value <= 4.6
