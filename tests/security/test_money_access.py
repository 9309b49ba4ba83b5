"""Money is shown to AKE admins and the planning group only (issue #18).

Every route of the cost follow-up (page, CSV, XLSX, PDF) and of the admin registers of costs and
budget, for every role: anonymous visitors go to the login page; library staff and AKE editors are
refused and never get a figure; the planning group reads the follow-up but has no admin; AKE admins
see everything. Editors record costs of their own events without seeing any total.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from finance.models import Activity, BudgetLine, Category, Cost, PayeeType, Source
from networks.roles import AKE_ADMINS, AKE_EDITORS, PLANNING_GROUP
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

YEAR = 2025
MARKER = "98 765,43"  # the paid total, as the Finnish page writes it


@pytest.fixture
def money(libraries):
    BudgetLine.objects.create(
        year=YEAR, category=Category.TRAVEL, source=Source.GRANT, amount=Decimal("100000")
    )
    return Cost.objects.create(
        activity=Activity.POSTAGE,
        category=Category.POSTAGE,
        date=datetime.date(YEAR, 4, 1),
        amount_budgeted=Decimal("98765.43"),
        amount_paid=Decimal("98765.43"),
        payee_type=PayeeType.COMPANY,
        payee="Posti Oy",
    )


@pytest.fixture
def users(libraries):
    from allauth.mfa.models import Authenticator

    admin = make_user("admin@turku.fi", library=libraries["turku"], role=AKE_ADMINS)
    Authenticator.objects.create(
        user=admin, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return {
        "anonymous": None,
        "staff": make_user("maija.virtanen@kaarina.fi", library=libraries["kaarina"]),
        "editor": make_user("editor@turku.fi", library=libraries["turku"], role=AKE_EDITORS),
        "planning": make_user("planner@pori.fi", library=libraries["pori"], role=PLANNING_GROUP),
        "admin": admin,
    }


FOLLOW_UP_ROUTES = [
    "finance:follow_up",
    "finance:follow_up_csv",
    "finance:follow_up_xlsx",
    "finance:follow_up_pdf",
]
ADMIN_ROUTES = ["finance_costs:index", "finance_costs:add", "finance_budget:index", "finance_budget:add"]


def _client(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("text/"):
        return response.content.decode("utf-8-sig").replace("\xa0", " ")
    return ""


@pytest.mark.parametrize("role", ["anonymous", "staff", "editor", "planning", "admin"])
def test_the_follow_up_and_its_files(client, users, money, role):
    client = _client(client, users[role])
    for name in FOLLOW_UP_ROUTES:
        response = client.get(reverse(name, args=[YEAR]), HTTP_ACCEPT_LANGUAGE="fi")
        if role == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"], name
        elif role in ("staff", "editor"):
            assert response.status_code == 403, name
            assert MARKER not in _text(response) and "98765" not in _text(response), name
        else:
            assert response.status_code == 200, name
    if role in ("planning", "admin"):
        page = client.get(reverse("finance:follow_up", args=[YEAR]), HTTP_ACCEPT_LANGUAGE="fi")
        assert MARKER in _text(page)
    assert client.get(reverse("finance:follow_up_index")).status_code in (302, 403)


@pytest.mark.parametrize("role", ["anonymous", "staff", "editor", "planning", "admin"])
def test_the_admin_registers_of_money(client, users, money, role):
    client = _client(client, users[role])
    for name in ADMIN_ROUTES + ["finance_costs:edit"]:
        args = [money.pk] if name.endswith(":edit") else []
        response = client.get(reverse(name, args=args))
        if role == "admin":
            assert response.status_code == 200, name
        else:
            assert response.status_code in (302, 403), name
            assert "98765" not in _text(response) and MARKER not in _text(response), name
    response = client.post(
        reverse("finance_costs:edit", args=[money.pk]),
        {
            "activity": "postage",
            "category": "postage",
            "source": "grant",
            "date": "2025-04-01",
            "amount_budgeted": "1",
            "amount_paid": "1",
            "payee_type": "company",
        },
    )
    money.refresh_from_db()
    if role != "admin":
        assert money.amount_paid == Decimal("98765.43")


@pytest.mark.parametrize("role", ["anonymous", "staff", "planning"])
def test_only_ake_records_event_costs(client, users, money, role):
    from tests.trainings.conftest import make_event

    event = make_event(created_by=users["editor"])
    client = _client(client, users[role])
    url = reverse("finance_event_cost_record", args=[event.pk])
    response = client.post(
        url, {"category": "travel", "date": "2025-03-10", "amount_budgeted": "80", "payee_type": "company"}
    )
    assert response.status_code in (302, 403)
    assert not Cost.objects.filter(event=event).exists()
