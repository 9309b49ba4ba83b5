from django.db import migrations

# Starting values; AKE tunes them in the admin. Digital-device kits travel with laptops and tablets
# that need charging and wiping, hence the longer check.
DEFAULT_RULES = {
    "digital_device": {"longest_loan_days": 42, "shortest_lead_days": 7, "checking_days": 3},
    "game": {"longest_loan_days": 28, "shortest_lead_days": 3, "checking_days": 1},
    "escape_game": {"longest_loan_days": 28, "shortest_lead_days": 7, "checking_days": 2},
    "story": {"longest_loan_days": 42, "shortest_lead_days": 3, "checking_days": 1},
    "reminiscence": {"longest_loan_days": 42, "shortest_lead_days": 3, "checking_days": 1},
    "baby_rhyme": {"longest_loan_days": 42, "shortest_lead_days": 3, "checking_days": 1},
    "other": {"longest_loan_days": 28, "shortest_lead_days": 3, "checking_days": 1},
}


def create_rules(apps, schema_editor):
    KitTypeRule = apps.get_model("loans", "KitTypeRule")
    for kit_type, values in DEFAULT_RULES.items():
        KitTypeRule.objects.get_or_create(
            kit_type=kit_type, defaults={**values, "max_ahead_days": 365, "transit_days": 2}
        )


class Migration(migrations.Migration):
    dependencies = [("loans", "0001_initial")]

    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
