"""Triggers on the two many-to-many tables the trail follows (a person's groups, the libraries counted for
a year). Django's migrations do not model auto-created through tables, so pgtrigger cannot write these as
AddTrigger operations; they are installed here from the registered definitions (audit/models.py)."""

from django.db import migrations

URIS = [
    "networks.User_groups:audit_role_add",
    "networks.User_groups:audit_role_remove",
    "networks.CountedLibraries_libraries:audit_counted_add",
    "networks.CountedLibraries_libraries:audit_counted_remove",
]


def install(apps, schema_editor):
    import pgtrigger

    pgtrigger.install(*URIS, database=schema_editor.connection.alias)


def uninstall(apps, schema_editor):
    import pgtrigger

    pgtrigger.uninstall(*URIS, database=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("networks", "0017_audit_triggers"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
