"""Reimbursement claims get an approval state (issue #18): until now a claim waiting for AKE's
decision looked like a cost approved at 0 €.

Existing claims (a claimed amount) are approved when AKE had entered an amount or paid them, else they
wait for approval; costs without a claimed amount are AKE's own costs, no claims.
"""

import django.core.validators
import finance.models
from django.db import migrations, models


def claims_forward(apps, schema_editor):
    Cost = apps.get_model("finance", "Cost")
    claims = Cost.objects.filter(claimed_amount__isnull=False)
    claims.filter(models.Q(amount_paid__isnull=False) | models.Q(amount_budgeted__gt=0)).update(
        claim_status="approved"
    )
    claims.filter(claim_status="").update(claim_status="pending")


class Migration(migrations.Migration):

    dependencies = [
        ("finance", "0004_room_category"),
    ]

    operations = [
        migrations.AddField(
            model_name='cost',
            name='claim_status',
            field=models.CharField(blank=True, choices=[('pending', 'waiting for approval'), ('approved', 'approved'), ('rejected', 'not approved')], default='', help_text='Empty for a cost AKE records itself. A claim counts in the follow-up only once approved; the amount budgeted is the approved amount.', max_length=10, verbose_name='claim'),
        ),
        migrations.RunPython(claims_forward, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='cost',
            name='claimed_amount',
            field=finance.models.MoneyField(blank=True, decimal_places=2, help_text='For a reimbursement claim (rotation, partner visits): what was claimed. AKE approves it with the amount budgeted.', max_digits=11, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='amount claimed (EUR)'),
        ),
        migrations.AddConstraint(
            model_name='cost',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('claim_status', ''), ('claimed_amount__isnull', True)), models.Q(models.Q(('claim_status', ''), _negated=True), ('claimed_amount__isnull', False)), _connector='OR'), name='cost_claim_has_amount', violation_error_message='A claim needs the amount claimed; a cost that is no claim has none.'),
        ),
        migrations.AddConstraint(
            model_name='cost',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('claim_status__in', ('pending', 'rejected')), _negated=True), ('amount_paid__isnull', True), _connector='OR'), name='cost_claim_paid_once_approved', violation_error_message='A claim can be paid only after it is approved.'),
        ),
    ]
