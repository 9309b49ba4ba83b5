"""The demo year has money (issue #18): the budget and costs of every kind of activity, so that the
follow-up page in `make run` is not empty."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from ake.demo import DemoContext
from finance import demo as finance_demo
from finance.models import ClaimStatus, Cost
from finance.selectors import Totals, follow_up, money_by_source
from networks import demo, demo_cooperation
from networks.models import DevelopmentProject
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
    assert kinds == {"event", "group", "partnership", "rotation", "project", "campaign", "postage"}
    assert data.total.paid > 0 and data.total.budgeted >= data.total.paid
    # Some rotation claims still wait for approval and are shown apart, not counted.
    assert data.pending_claims >= 1

    # No category is spent beyond its budget.
    assert all(row.left >= 0 for row in data.categories), [
        (row.category, row.left) for row in data.categories
    ]

    client.force_login(planning_member)
    page = client.get(reverse("finance:follow_up", args=[2024])).content.decode()
    assert "40 500,00" in page.replace("\xa0", " ")
    assert "odottaa AKEn hyväksyntää" in page


def test_the_running_demo_projects_have_money_by_source(client, admin_with_mfa):
    """A project plan's "Money by source" in `make run` (finance.panels): the running projects' costs
    from their own funding, the city's share and AKE's grant; paid, committed (unpaid whatever the day
    of loading) and a pilot library's claim that waits for approval and counts nowhere. Hand-computed
    from finance/demo.py PROJECT_COSTS."""
    ctx = DemoContext(scale=1, seed=7, year=2024, log=lambda message: None)
    demo.load(ctx)
    demo_cooperation.load(ctx)
    finance_demo.load(ctx)
    faksista = DevelopmentProject.objects.get(name_fi__startswith="Faksista")
    kestava = DevelopmentProject.objects.get(name_fi__startswith="Kestävä")
    applied = DevelopmentProject.objects.get(status=DevelopmentProject.Status.APPLIED)

    rows, total = money_by_source(project=faksista)
    figures = {row.source: (row.totals.budgeted, row.totals.paid, row.totals.committed) for row in rows}
    assert figures == {
        "grant": (Decimal("420"), Decimal("398.60"), Decimal("0")),
        "city": (Decimal("650"), Decimal("0"), Decimal("650")),
        "project": (Decimal("2900"), Decimal("1960"), Decimal("900")),
    }
    assert (total.budgeted, total.paid, total.committed) == (
        Decimal("3970"),
        Decimal("2358.60"),
        Decimal("1550"),
    )
    [claim] = Cost.objects.filter(project=faksista, claim_status=ClaimStatus.PENDING)
    assert claim.claimed_amount == Decimal("312.50") and claim.amount_paid is None
    assert claim.payee == "Laitilan kaupunki"
    # The claimant is one of the project's pilot libraries (Laitila).
    assert faksista.pilot_libraries.filter(municipality_fi="Laitila").exists()
    assert money_by_source(project=kestava)[1].paid == Decimal("1390")
    assert money_by_source(project=applied) == ([], Totals())  # applied for, nothing spent
    # All in the demo year: no year of the follow-up has costs without a budget.
    assert set(Cost.objects.filter(activity="project").values_list("date__year", flat=True)) == {2024}

    client.force_login(admin_with_mfa)
    with translation.override("fi"):
        html = client.get(
            reverse("development_projects:edit", args=[faksista.pk]), HTTP_ACCEPT_LANGUAGE="fi"
        ).content.decode()
    table = html[html.index('<caption class="w-sr-only">Rahoitus lähteittäin') :]
    table = table[: table.index("</table>")]
    assert all(f"{figure} €" in table for figure in ("3\xa0970,00", "2\xa0358,60", "1\xa0550,00")), table
    # The pilot library's claim is in no sum: the panel says it waits, with what was claimed.
    assert "Yksi korvaushakemus odottaa AKEn hyväksyntää (haettu 312,50 €)" in html
    # The register's link lists this project's costs (the claim among them), under a translated heading.
    link = f"?activity=project&amp;project={faksista.pk}"
    assert link in html
    listing = client.get(
        reverse("finance_costs:index") + link.replace("&amp;", "&"), HTTP_ACCEPT_LANGUAGE="fi"
    ).content.decode()
    assert "Target label" not in listing and "kohde" in listing
    assert "6 kulut" in listing  # its five costs and the claim
