"""The demo year has money (issue #18): the budget and costs of every kind of activity, so that the
follow-up page in `make run` is not empty."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ake.demo import DemoContext
from finance import demo as finance_demo
from finance.models import Cost
from finance.selectors import follow_up
from networks import demo, demo_cooperation
from tests.trainings.conftest import make_event

pytestmark = pytest.mark.django_db


def test_the_demo_year_fills_the_follow_up(client, planning_member):
    ctx = DemoContext(scale=1, seed=7, year=2024, log=lambda message: None)
    demo.load(ctx)
    demo_cooperation.load(ctx)
    # More January events than the demo gives costs to: the costs still spread over the months.
    for day in range(8, 20):
        make_event(title=f"Tammikuu {day}", start=datetime.datetime(2024, 1, day, 9, tzinfo=datetime.UTC))
    for month in (2, 4, 10):
        make_event(title=f"Koulutus {month}", start=datetime.datetime(2024, month, 5, 9, tzinfo=datetime.UTC))
    finance_demo.load(ctx)
    event_months = set(Cost.objects.filter(activity="event").values_list("date__month", flat=True))
    assert {2, 4, 10} <= event_months, event_months
    assert all(
        cost.date == timezone.localdate(cost.event.start) for cost in Cost.objects.filter(activity="event")
    )

    data = follow_up(2024)
    assert data.budget_total == Decimal("40500")
    kinds = {row.activity for row in data.activities}
    assert kinds == {"event", "group", "partnership", "rotation", "campaign", "postage"}
    assert data.total.paid > 0 and data.total.budgeted >= data.total.paid
    # Some rotation claims still wait for approval and are shown apart, not counted.
    assert data.pending_claims >= 1

    client.force_login(planning_member)
    page = client.get(reverse("finance:follow_up", args=[2024])).content.decode()
    assert "40 500,00" in page.replace("\xa0", " ")
    assert "odottaa AKEn hyväksyntää" in page
