from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

ROLE_NAMES = ("Library staff", "AKE editors", "AKE admins", "Planning group")


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)


def load_registry(apps, schema_editor):
    from networks.registry import load_registry as load

    load(apps.get_model("networks", "Library"), apps.get_model("networks", "LibraryEmailDomain"))


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        # Kit bookings use an exclusion constraint over date ranges (loans app).
        BtreeGistExtension(),
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(load_registry, migrations.RunPython.noop),
    ]
