from django.db import migrations


def create_groups(apps, schema_editor):
    from networks.registry import ensure_working_groups

    ensure_working_groups(apps.get_model("networks", "WorkingGroup"))


def remove_wagtail_default_groups(apps, schema_editor):
    # Wagtail's own "Editors"/"Moderators" would sit confusingly beside the extranet's roles.
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Moderators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0002_roles_registry"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_groups, migrations.RunPython.noop),
        migrations.RunPython(remove_wagtail_default_groups, migrations.RunPython.noop),
    ]
