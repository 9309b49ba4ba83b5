"""Rotation cost claims and partner-visit travel reimbursements move into the one cost model.

RotationCost rows become costs of their rotation period (kind → category, claimed → claimed,
approved → budgeted (none yet: 0, a claim waiting for approval), paid → paid, the date paid or else
the period's start); a partner visit's travel costs become a paid travel cost of the partnership on
the visit's day. The next networks migration removes the old model and field.
"""

from django.db import migrations

CATEGORY = {"travel": "travel", "lodging": "lodging", "substitute": "substitutes", "other": "other"}


def forward(apps, schema_editor):
    Cost = apps.get_model("finance", "Cost")
    RotationCost = apps.get_model("networks", "RotationCost")
    PartnerVisit = apps.get_model("networks", "PartnerVisit")
    costs = []
    for old in RotationCost.objects.select_related("period").order_by("pk"):
        costs.append(
            Cost(
                activity="rotation",
                rotation_period_id=old.period_id,
                category=CATEGORY.get(old.kind, "other"),
                description=old.description,
                date=old.paid_on or old.period.starts_on,
                claimed_amount=old.claimed_amount,
                amount_budgeted=old.approved_amount if old.approved_amount is not None else 0,
                amount_paid=old.paid_amount,
                # Substitutes are paid to the home library; travel and lodging to the person, through
                # the city's payroll.
                payee_type="public" if old.kind == "substitute" else "person",
                recorded_by_id=old.period.person_id,
                created_at=old.created_at,
            )
        )
    for visit in PartnerVisit.objects.filter(travel_costs__isnull=False).select_related(
        "from_library", "to_library"
    ):
        costs.append(
            Cost(
                activity="partnership",
                partnership_id=visit.partnership_id,
                category="travel",
                description=f"{visit.from_library.name_fi or visit.from_library.name} → "
                f"{visit.to_library.name_fi or visit.to_library.name} {visit.date:%d.%m.%Y}"[:300],
                date=visit.date,
                amount_budgeted=visit.travel_costs,
                amount_paid=visit.travel_costs,
                payee_type="public",
            )
        )
    Cost.objects.bulk_create(costs, batch_size=1000)


def backward(apps, schema_editor):
    Cost = apps.get_model("finance", "Cost")
    RotationCost = apps.get_model("networks", "RotationCost")
    PartnerVisit = apps.get_model("networks", "PartnerVisit")
    kinds = {value: key for key, value in CATEGORY.items()}
    for cost in Cost.objects.filter(activity="rotation"):
        RotationCost.objects.create(
            period_id=cost.rotation_period_id,
            kind=kinds.get(cost.category, "other"),
            description=cost.description,
            claimed_amount=cost.claimed_amount if cost.claimed_amount is not None else cost.amount_budgeted,
            approved_amount=cost.amount_budgeted or None,
            paid_amount=cost.amount_paid,
            paid_on=cost.date if cost.amount_paid is not None else None,
            created_at=cost.created_at,
        )
    for cost in Cost.objects.filter(activity="partnership", category="travel"):
        visit = PartnerVisit.objects.filter(partnership_id=cost.partnership_id, date=cost.date).first()
        if visit is not None:
            visit.travel_costs = (visit.travel_costs or 0) + (cost.amount_paid or cost.amount_budgeted)
            visit.save(update_fields=["travel_costs"])
    Cost.objects.filter(activity__in=["rotation", "partnership"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0002_claimed_amount"),
        ("networks", "0014_translated_texts"),
    ]

    operations = [migrations.RunPython(forward, backward)]
