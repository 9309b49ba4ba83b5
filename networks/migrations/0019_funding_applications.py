"""Several funding applications per project (issue #18): each project's one application moves into a
FundingApplication with its funder, date and amounts (a project that was rejected or granted gets the
decision too); A1 then counts the same applications as before."""

import ake.constraints
import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


def copy_applications(apps, schema_editor):
    DevelopmentProject = apps.get_model("networks", "DevelopmentProject")
    FundingApplication = apps.get_model("networks", "FundingApplication")
    decisions = {"rejected": "rejected", "running": "funded", "ended": "funded"}
    for project in DevelopmentProject.objects.filter(application_submitted_on__isnull=False).order_by("pk"):
        decision = decisions.get(project.status, "pending")
        if project.granted_amount is not None:
            decision = "funded"
        FundingApplication.objects.create(
            project=project,
            sort_order=0,
            funder=project.funder,
            submitted_on=project.application_submitted_on,
            applied_amount=project.applied_amount,
            granted_amount=project.granted_amount,
            decision=decision,
        )


def copy_back(apps, schema_editor):
    FundingApplication = apps.get_model("networks", "FundingApplication")
    for application in FundingApplication.objects.order_by("project_id", "-submitted_on"):
        project = application.project
        if project.application_submitted_on is None:
            project.application_submitted_on = application.submitted_on
            project.funder = application.funder
            project.applied_amount = application.applied_amount
            project.granted_amount = application.granted_amount
            project.save()


class Migration(migrations.Migration):

    dependencies = [
        ('networks', '0018_costs_moved_to_finance'),
    ]

    operations = [
        migrations.AlterField(
            model_name='developmentproject',
            name='status',
            field=models.CharField(choices=[('idea', 'idea'), ('planned', 'being planned'), ('applied', 'application submitted'), ('funded', 'funded'), ('rejected', 'not funded'), ('running', 'running'), ('ended', 'finished')], default='idea', max_length=10, verbose_name='status'),
        ),
        migrations.CreateModel(
            name='FundingApplication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('funder', models.CharField(help_text='e.g. AVI, Ministry of Education', max_length=200, verbose_name='funder')),
                ('submitted_on', models.DateField(verbose_name='submitted')),
                ('applied_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=11, null=True, verbose_name='amount applied for (EUR)')),
                ('decision', models.CharField(choices=[('pending', 'waiting for the decision'), ('funded', 'funded'), ('rejected', 'not funded')], default='pending', max_length=10, verbose_name='decision')),
                ('decided_on', models.DateField(blank=True, null=True, verbose_name='decided on')),
                ('granted_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=11, null=True, verbose_name='amount granted (EUR)')),
                ('project', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='applications', to='networks.developmentproject')),
            ],
            options={
                'verbose_name': 'funding application',
                'verbose_name_plural': 'funding applications',
                'ordering': ['sort_order'],
                'abstract': False,
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('applied_amount__isnull', True), ('applied_amount__gte', 0), _connector='OR'), models.Q(('granted_amount__isnull', True), ('granted_amount__gte', 0), _connector='OR')), name='fundingapplication_amounts_not_negative', violation_error_message='The amounts applied for and granted cannot be negative.')],
            },
            bases=(ake.constraints.ConstraintErrorsOnFields, models.Model),
        ),
        migrations.RunPython(copy_applications, copy_back),
        migrations.RemoveField(
            model_name='developmentproject',
            name='application_submitted_on',
        ),
        migrations.RemoveField(
            model_name='developmentproject',
            name='applied_amount',
        ),
        migrations.RemoveField(
            model_name='developmentproject',
            name='funder',
        ),
        migrations.RemoveField(
            model_name='developmentproject',
            name='granted_amount',
        ),
    ]
