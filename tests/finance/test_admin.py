"""Recording costs: AKE admins in the admin registers, editors for their own events only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from finance.models import BudgetLine, Cost

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_an_admin_records_a_rotation_cost_and_the_budget(client, admin_with_mfa, rotation_period):
    client.force_login(admin_with_mfa)
    assert client.get(reverse("finance_costs:index")).status_code == 200
    response = client.post(
        reverse("finance_costs:add"),
        {
            "activity": "rotation",
            "rotation_period": rotation_period.pk,
            "category": "lodging",
            "source": "grant",
            "description": "Hotelli",
            "date": "2025-05-03",
            "amount_budgeted": "210,50",
            "amount_paid": "",
            "payee_type": "company",
            "payee": "Hotelli Oy",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    cost = Cost.objects.get()
    assert cost.amount_budgeted == Decimal("210.50") and cost.amount_paid is None
    assert cost.rotation_period == rotation_period

    response = client.post(
        reverse("finance_budget:add"),
        {"year": YEAR, "category": "travel", "source": "grant", "amount": "1000"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("finance_budget:add"), {"year": YEAR, "category": "travel", "source": "grant", "amount": "5"}
    )
    assert response.status_code == 200
    assert BudgetLine.objects.count() == 1


def test_bad_input_in_the_admin_form_is_a_message_by_the_field(client, admin_with_mfa):
    client.force_login(admin_with_mfa)
    response = client.post(
        reverse("finance_costs:add"),
        {
            "activity": "event",
            "category": "travel",
            "source": "grant",
            "date": "2025-05-03",
            "amount_budgeted": "-5",
            "payee_type": "person",
            "payee": "FI21 1234 5600 0007 85",
        },
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"event", "amount_budgeted", "payee"} <= set(errors)
    assert not Cost.objects.exists()


def test_an_editor_records_a_cost_of_their_own_event(client, editor, year_data):
    client.force_login(editor)
    event = year_data["event"]
    url = reverse("finance_event_cost_record", args=[event.pk])
    response = client.post(
        url,
        {
            "category": "catering",
            "description": "Kahvit",
            "date": "2025-03-10",
            "amount_budgeted": "80",
            "amount_paid": "75.40",
            "payee_type": "company",
            "payee": "Kahvila Oy",
        },
    )
    assert response.status_code == 302
    cost = Cost.objects.get(description="Kahvit")
    assert (cost.activity, cost.event, cost.recorded_by) == ("event", event, editor)
    page = client.get(url).content.decode()
    # Their own line, but not the event's other costs (300.00 and 150.00 recorded by AKE) or a total.
    assert "75,40" in page
    assert "300,00" not in page and "150,00" not in page
    assert client.get(reverse("finance_event_costs")).status_code == 200


def test_an_editor_cannot_record_costs_of_someone_elses_event(client, editor, libraries):
    from networks.roles import AKE_EDITORS
    from tests.conftest import make_user
    from tests.trainings.conftest import make_event

    other = make_user("toinen@turku.fi", library=libraries["turku"], role=AKE_EDITORS)
    event = make_event(created_by=other)
    client.force_login(editor)
    url = reverse("finance_event_cost_record", args=[event.pk])
    assert client.get(url).status_code in (302, 403)  # Wagtail turns a refusal into a redirect
    response = client.post(
        url,
        {
            "category": "travel",
            "date": "2025-03-10",
            "amount_budgeted": "80",
            "payee_type": "company",
        },
    )
    assert response.status_code in (302, 403)
    assert not Cost.objects.exists()
    assert event.title not in client.get(reverse("finance_event_costs")).content.decode()


def test_money_stays_out_of_the_editors_admin(client, editor, year_data):
    client.force_login(editor)
    for name in ("finance_costs:index", "finance_budget:index", "finance_costs:add"):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403), name
    response = client.get(reverse("finance_costs:index_results"))
    assert response.status_code in (302, 403)
