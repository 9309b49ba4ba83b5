"""An event's municipality in Finnish, Swedish and English (issue #14).

The municipality so far becomes the Finnish one; its official Swedish name (Pomarkku → Påmark) and its
English name (the Finnish one: no municipality the project names has an English exonym) are filled
from networks/municipalities.py. A place the list does not know keeps falling back to the Finnish text.
"""

from django.db import migrations, models

from ake.migration_ops import copy_original_to_finnish


def fill_swedish_and_english(apps, schema_editor):
    from networks.municipalities import fill_municipality_names

    Event = apps.get_model("trainings", "Event")  # noqa: N806 - a model class
    for event in Event._base_manager.exclude(municipality_fi="").only("municipality_fi", "municipality_sv", "municipality_en"):
        filled = fill_municipality_names(event)
        if filled:
            event.save(update_fields=filled)


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0016_feedback_questions_are_surveys"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="municipality_en",
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name="municipality"),
        ),
        migrations.AddField(
            model_name="event",
            name="municipality_fi",
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name="municipality"),
        ),
        migrations.AddField(
            model_name="event",
            name="municipality_sv",
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name="municipality"),
        ),
        copy_original_to_finnish("trainings", "event", "municipality"),
        migrations.RunPython(fill_swedish_and_english, migrations.RunPython.noop, elidable=False),
    ]
