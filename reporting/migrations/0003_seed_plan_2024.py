from django.db import migrations


def seed(apps, schema_editor):
    from reporting.plan2024 import seed_definitions, seed_staff

    seed_definitions(
        apps.get_model("reporting", "Goal"),
        apps.get_model("reporting", "Action"),
        apps.get_model("reporting", "IndicatorDefinition"),
        apps.get_model("reporting", "IndicatorTarget"),
    )
    seed_staff(apps.get_model("reporting", "StaffResource"), 2024)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_indicator_definitions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
