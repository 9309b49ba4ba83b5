"""Rotation cost claims and partner-visit travel costs move into finance.Cost with every value.

The rows are written through the historical models with the old fields when the one forward walk of
the migrations (tests/migration_walk.py, real PostgreSQL, a database of its own) reaches the state
before the move (finance 0003); the test reads the costs with the new model after the last migration.
"""

import datetime
from decimal import Decimal

import pytest

from tests import migration_walk

# The walk commits the old rows once (in its own database); the test reads them in a transaction
# rolled back at its end.
pytestmark = pytest.mark.django_db

STEP = "finance: rotation and partner-visit costs move into Cost"


def _write_old_costs(old):
    Library = old.get_model("networks", "Library")  # noqa: N806 - model classes
    RotationPeriod = old.get_model("networks", "RotationPeriod")  # noqa: N806
    RotationCost = old.get_model("networks", "RotationCost")  # noqa: N806
    Partnership = old.get_model("networks", "Partnership")  # noqa: N806
    PartnerVisit = old.get_model("networks", "PartnerVisit")  # noqa: N806
    kaarina = Library.objects.get(name_fi="Kaarinan kaupunginkirjasto")
    pori = Library.objects.get(name_fi="Porin kaupunginkirjasto")
    period = RotationPeriod.objects.create(
        home_library=kaarina,
        host_library=pori,
        starts_on=datetime.date(2024, 3, 4),
        ends_on=datetime.date(2024, 3, 15),
    )
    RotationCost.objects.create(
        period=period,
        kind="travel",
        description="Junaliput",
        claimed_amount=Decimal("84.20"),
        approved_amount=Decimal("80.00"),
        paid_amount=Decimal("80.00"),
        paid_on=datetime.date(2024, 4, 2),
    )
    RotationCost.objects.create(
        period=period, kind="substitute", claimed_amount=Decimal("450.00"), description="Sijainen"
    )
    partnership = Partnership.objects.create(theme="Lukupiirit", starts_on=datetime.date(2024, 1, 1))
    PartnerVisit.objects.create(
        partnership=partnership,
        date=datetime.date(2024, 5, 6),
        from_library=kaarina,
        to_library=pori,
        travel_costs=Decimal("123.45"),
        sort_order=0,
    )
    PartnerVisit.objects.create(
        partnership=partnership,
        date=datetime.date(2024, 6, 6),
        from_library=pori,
        to_library=kaarina,
        sort_order=1,
    )
    return period.pk, partnership.pk


migration_walk.register(
    migration_walk.Step(
        STEP,
        before=[("networks", "0014_translated_texts"), ("finance", "0002_claimed_amount")],
        after=[("finance", "0003_rotation_and_partner_travel_costs")],
        write=_write_old_costs,
    )
)


def test_old_cost_fields_survive_the_move(walked):
    period_pk, partnership_pk = walked[STEP].written

    from finance.models import Cost
    from finance.selectors import follow_up

    waiting, paid = Cost.objects.filter(rotation_period_id=period_pk).order_by("category")
    assert (paid.category, paid.description, paid.claimed_amount, paid.amount_budgeted) == (
        "travel",
        "Junaliput",
        Decimal("84.20"),
        Decimal("80.00"),
    )
    assert (paid.amount_paid, paid.date, paid.payee_type) == (
        Decimal("80.00"),
        datetime.date(2024, 4, 2),
        "person",
    )
    # Not approved yet: nothing budgeted or committed, the claim kept, dated at the period's start.
    assert (waiting.category, waiting.claimed_amount, waiting.amount_budgeted, waiting.amount_paid) == (
        "substitutes",
        Decimal("450.00"),
        Decimal("0"),
        None,
    )
    assert (waiting.date, waiting.payee_type) == (datetime.date(2024, 3, 4), "public")
    # The claims' approval state (finance 0005): the unapproved claim waits, the paid one was approved;
    # a partner visit's travel is AKE's own cost, no claim.
    assert (waiting.claim_status, paid.claim_status) == ("pending", "approved")
    visit = Cost.objects.get(partnership_id=partnership_pk)
    assert (visit.activity, visit.category, visit.amount_budgeted, visit.amount_paid, visit.date) == (
        "partnership",
        "travel",
        Decimal("123.45"),
        Decimal("123.45"),
        datetime.date(2024, 5, 6),
    )
    assert visit.claim_status == ""
    data = follow_up(2024)
    assert data.total.paid == Decimal("203.45") and data.total.committed == Decimal("0")
    assert (data.pending_claims, data.pending_claimed) == (1, Decimal("450.00"))
