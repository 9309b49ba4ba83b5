from django.db import migrations

# C1 counts each working group's meetings *and* the events it organised (issue 17), as the plan's
# Table 1 words it; the label said "meetings" only. A label AKE has edited is left as it is.
OLD = ("Työryhmien tapaamisten lukumäärä", "Antal möten i arbetsgrupperna", "Meetings of the working groups")
NEW = (
    "Työryhmien järjestämien tapahtumien ja tapaamisten lukumäärä",
    "Antal evenemang och möten som arbetsgrupperna ordnat",
    "Events and meetings organised by the working groups",
)


def relabel(apps, schema_editor, *, before=OLD, after=NEW):
    IndicatorDefinition = apps.get_model("reporting", "IndicatorDefinition")
    for code, old, new in zip(("fi", "sv", "en"), before, after, strict=True):
        rows = IndicatorDefinition.objects.filter(code="C1", **{f"label_{code}": old})
        rows.update(**{f"label_{code}": new, **({"label": new} if code == "fi" else {})})


def back(apps, schema_editor):
    relabel(apps, schema_editor, before=NEW, after=OLD)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0007_translated_manual_value_note")]

    operations = [migrations.RunPython(relabel, back)]
