"""Rotation cost claims and partner-visit travel costs now live in finance.Cost (issue #18); the
finance migration before this one copied every value across."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('networks', '0017_audit_triggers'),
        ('finance', '0003_rotation_and_partner_travel_costs'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='partnervisit',
            name='travel_costs',
        ),
        migrations.DeleteModel(
            name='RotationCost',
        ),
    ]
