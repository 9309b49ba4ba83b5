"""Reimbursement claims have an approval state (issue #18): a claim waiting for AKE's decision shows as
waiting (never as approved at 0 €) and counts in the follow-up only once approved.

Hand-computed: the participant claims 84.20 (travel) and 450.00 (substitutes) in May 2025.
- both waiting: follow-up budgeted 0, committed 0, paid 0; 2 claims waiting, 534.20 claimed;
- AKE approves the travel claim at 80.00: budgeted 80, committed 80; 1 claim waiting, 450.00 claimed;
- AKE does not approve the substitute claim: it counts nowhere, nothing waits;
- the travel claim is paid 80.00: paid 80, committed 0.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from finance.models import Cost
from finance.selectors import follow_up
from networks.services import rotation_cost_claim_create

from .conftest import YEAR

pytestmark = pytest.mark.django_db

D = Decimal


def _claims(period, person):
    travel = rotation_cost_claim_create(
        period=period, person=person, kind="travel", claimed_amount=D("84.20"), description="Junaliput"
    )
    substitute = rotation_cost_claim_create(
        period=period, person=person, kind="substitutes", claimed_amount=D("450.00"), description="Sijainen"
    )
    # The claims' date is the day they were made; the hand-computed year is the period's.
    Cost.objects.filter(pk__in=[travel.pk, substitute.pk]).update(date=datetime.date(YEAR, 5, 20))
    travel.refresh_from_db()
    substitute.refresh_from_db()
    return travel, substitute


def _edit(client, cost, **changes):
    values = {
        "activity": cost.activity,
        "rotation_period": cost.rotation_period_id,
        "category": cost.category,
        "source": cost.source,
        "description": cost.description,
        "date": cost.date.isoformat(),
        "claimed_amount": str(cost.claimed_amount),
        "claim_status": cost.claim_status,
        "amount_budgeted": str(cost.amount_budgeted),
        "amount_paid": "" if cost.amount_paid is None else str(cost.amount_paid),
        "payee_type": cost.payee_type,
        "payee": cost.payee,
        **changes,
    }
    return client.post(reverse("finance_costs:edit", args=[cost.pk]), values)


def _row(page: str, description: str) -> str:
    start = page.index(description)
    return page[start : page.index("</tr>", start)]


def test_a_waiting_claim_is_shown_as_waiting_and_counts_only_once_approved(
    client, staff_user, admin_with_mfa, rotation_period
):
    travel, substitute = _claims(rotation_period, staff_user)

    data = follow_up(YEAR)
    assert (data.total.budgeted, data.total.committed, data.total.paid) == (D("0"), D("0"), D("0"))
    assert (data.pending_claims, data.pending_claimed) == (2, D("534.20"))

    # The participant sees "waiting", not an approved 0,00.
    client.force_login(staff_user)
    page = client.get(reverse("rotation_period_detail", args=[rotation_period.pk])).content.decode()
    row = _row(page, "Junaliput")
    assert "Odottaa hyväksyntää" in row and "0,00" not in row

    # AKE approves the travel claim at 80 € and declines the substitute claim, in the admin.
    client.force_login(admin_with_mfa)
    response = _edit(client, travel, claim_status="approved", amount_budgeted="80,00")
    assert response.status_code == 302, response.context["form"].errors
    data = follow_up(YEAR)
    assert (data.total.budgeted, data.total.committed, data.total.paid) == (D("80"), D("80"), D("0"))
    assert (data.pending_claims, data.pending_claimed) == (1, D("450.00"))
    follow_up_page = client.get(reverse("finance:follow_up", args=[YEAR]))
    assert "Yksi korvaushakemus odottaa AKEn hyväksyntää (haettu 450,00 €)" in follow_up_page.content.decode()

    response = _edit(client, substitute, claim_status="rejected")
    assert response.status_code == 302, response.context["form"].errors
    data = follow_up(YEAR)
    assert (data.total.budgeted, data.pending_claims) == (D("80"), 0)
    assert "odottaa AKEn" not in client.get(reverse("finance:follow_up", args=[YEAR])).content.decode()

    travel.refresh_from_db()
    response = _edit(client, travel, amount_paid="80")
    assert response.status_code == 302, response.context["form"].errors
    data = follow_up(YEAR)
    assert (data.total.budgeted, data.total.committed, data.total.paid) == (D("80"), D("0"), D("80"))

    client.force_login(staff_user)
    page = client.get(reverse("rotation_period_detail", args=[rotation_period.pk])).content.decode()
    assert "Maksettu" in _row(page, "Junaliput") and "80,00" in _row(page, "Junaliput")
    declined = _row(page, "Sijainen")
    assert "Ei hyväksytty" in declined and "450,00" in declined


def test_a_claim_cannot_be_paid_before_it_is_approved(client, staff_user, admin_with_mfa, rotation_period):
    travel, _substitute = _claims(rotation_period, staff_user)
    client.force_login(admin_with_mfa)
    response = _edit(client, travel, amount_paid="84,20")
    assert response.status_code == 200
    assert response.context["form"].errors["amount_paid"] == [
        "Korvaushakemuksen voi maksaa vasta, kun se on hyväksytty."
    ]
    travel.refresh_from_db()
    assert travel.amount_paid is None and travel.claim_status == "pending"


def test_a_claim_needs_its_claimed_amount_and_a_claimed_amount_makes_a_claim(rotation_period):
    cost = Cost(
        activity="rotation",
        rotation_period=rotation_period,
        category="travel",
        date=datetime.date(YEAR, 5, 2),
        payee_type="person",
        claim_status="approved",
    )
    with pytest.raises(ValidationError) as error:
        cost.full_clean()
    assert "claimed_amount" in error.value.message_dict
    # A claimed amount entered without a status is a claim waiting for approval.
    cost.claim_status, cost.claimed_amount = "", D("12")
    cost.full_clean()
    assert cost.claim_status == "pending" and not cost.counts


def test_the_agreement_pdf_says_to_be_decided_for_a_waiting_claim(client, staff_user, rotation_period):
    import io

    from pypdf import PdfReader

    _claims(rotation_period, staff_user)
    client.force_login(staff_user)
    response = client.get(reverse("rotation_agreement_pdf", args=[rotation_period.pk]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "päätetään myöhemmin" in " ".join(text.split())
