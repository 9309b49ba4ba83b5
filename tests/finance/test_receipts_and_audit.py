"""Receipts an editor attaches to the costs of their events (kept private, issue #18) and the audit
trail of costs and budget lines (the audit app's triggers: who changed what, before -> after)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.views import audit_models
from finance.models import BudgetLine, Cost
from finance.services import RECEIPTS_COLLECTION
from networks.services import rotation_cost_claim_create

from .conftest import YEAR

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _events(model, pk):
    event_model = next(m for m in audit_models() if m.pgh_tracked_model is model)
    return list(event_model.objects.filter(pgh_obj_id=pk).order_by("pgh_id"))


def _cost_values(**changes):
    return {
        "category": "catering",
        "description": "Kahvit",
        "date": f"{YEAR}-03-10",
        "amount_budgeted": "120",
        "amount_paid": "118,40",
        "payee_type": "company",
        "payee": "Kahvila Oy",
        **changes,
    }


def test_an_editor_attaches_a_receipt_kept_private_and_sees_no_totals(client, editor, year_data):
    event = year_data["event"]
    client.force_login(editor)
    url = reverse("finance_event_cost_record", args=[event.pk])

    # Markup dressed as a PDF is refused with a message next to the field; nothing is recorded.
    fake = SimpleUploadedFile("kuitti.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(url, _cost_values(receipt_file=fake))
    assert response.status_code == 200
    assert "receipt_file" in response.context["form"].errors
    assert not Cost.objects.filter(description="Kahvit").exists()

    receipt = SimpleUploadedFile("kuitti.pdf", PDF, content_type="application/pdf")
    response = client.post(url, _cost_values(receipt_file=receipt))
    assert response.status_code == 302, response.context["form"].errors
    cost = Cost.objects.get(description="Kahvit")
    assert cost.receipt is not None and cost.receipt.collection.name == RECEIPTS_COLLECTION
    assert cost.receipt.uploaded_by_user == editor and cost.receipt.file_size == len(PDF)

    page = client.get(url).content.decode()
    row = page[page.index("Kahvit") : page.index("</tr>", page.index("Kahvit"))]
    # The editor sees that the receipt is attached but cannot open it, and never the event's totals.
    assert cost.receipt.url not in page and "liitetty" in row
    assert "Tapahtuman kulut yhteensä" not in page and "118,40" in row
    assert "300,00" not in page  # another person's line of the event


def test_cost_and_budget_changes_are_in_the_audit_trail(client, admin_with_mfa, staff_user, rotation_period):
    claim = rotation_cost_claim_create(
        period=rotation_period, person=staff_user, kind="travel", claimed_amount=Decimal("84.20")
    )
    client.force_login(admin_with_mfa)
    response = client.post(
        reverse("finance_costs:edit", args=[claim.pk]),
        {
            "activity": "rotation",
            "rotation_period": rotation_period.pk,
            "category": "travel",
            "source": "grant",
            "description": "",
            "date": claim.date.isoformat(),
            "claimed_amount": "84,20",
            "claim_status": "approved",
            "amount_budgeted": "80",
            "amount_paid": "",
            "payee_type": "person",
            "payee": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    created, approved = _events(Cost, claim.pk)
    assert (created.pgh_label, created.claim_status, created.amount_budgeted) == ("create", "pending", 0)
    assert (approved.pgh_label, approved.claim_status, approved.amount_budgeted) == (
        "update",
        "approved",
        Decimal("80.00"),
    )
    assert approved.pgh_context.metadata["user"] == admin_with_mfa.pk

    line = BudgetLine.objects.create(year=YEAR, category="travel", source="grant", amount=Decimal("1000"))
    line.amount = Decimal("1200")
    line.save()
    line.delete()
    events = [
        (e.pgh_label, e.amount)
        for e in next(m for m in audit_models() if m.pgh_tracked_model is BudgetLine).objects.order_by(
            "pgh_id"
        )
    ]
    assert events == [
        ("create", Decimal("1000.00")),
        ("update", Decimal("1200.00")),
        ("delete", Decimal("1200.00")),
    ]

    # The cost's change history opens from its edit view, for AKE admins.
    history_url = reverse("audit_change_history", args=["finance.cost", claim.pk])
    assert history_url in client.get(reverse("finance_costs:edit", args=[claim.pk])).content.decode()
    assert client.get(history_url).status_code == 200
