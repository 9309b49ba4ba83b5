"""The libraries' municipalities in Swedish and English where they are missing (issue #14).

The registry gave Swedish names; English had none, so an English page marked every municipality as a
Finnish fallback. English uses the Finnish name (no municipality of the region has an English exonym),
Swedish the official Swedish name (networks/municipalities.py). What AKE has written stays.
"""

from django.db import migrations


def fill(apps, schema_editor):
    from networks.municipalities import fill_municipality_names

    Library = apps.get_model("networks", "Library")  # noqa: N806 - a model class
    for library in Library.objects.all():
        filled = fill_municipality_names(library)
        if filled:
            library.save(update_fields=filled)


class Migration(migrations.Migration):
    dependencies = [("networks", "0025_library_contact_person")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
