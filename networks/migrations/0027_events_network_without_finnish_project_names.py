"""The events network's Swedish and English description named its two source projects only by their
Finnish names, a Finnish phrase inside a Swedish or English text (issue #14). The projects' names are
given in the reader's language; a description AKE has edited since stays as it is."""

from django.db import migrations

SWEDISH = (
    "Evenemangsnätverket växte fram ur projekten Uudet ilmiöt tutuksi kirjastossa och Nyt tapahtuu. ",
    "Evenemangsnätverket växte fram ur två regionala projekt, ”Nya fenomen bekanta i biblioteket” och "
    "”Nu händer det”. ",
)
ENGLISH = (
    "The events network grew out of the projects Uudet ilmiöt tutuksi kirjastossa and Nyt tapahtuu. ",
    "The events network grew out of two regional projects, “Getting to know new phenomena in the "
    "library” and “Now it's happening”. ",
)


def rename(apps, schema_editor, forward=True):
    WorkingGroup = apps.get_model("networks", "WorkingGroup")  # noqa: N806 - a model class
    for group in WorkingGroup.objects.filter(slug="tapahtumaverkosto"):
        changed = []
        for column, (old, new) in (("description_sv", SWEDISH), ("description_en", ENGLISH)):
            before, after = (old, new) if forward else (new, old)
            text = getattr(group, column) or ""
            if text.startswith(before):
                setattr(group, column, after + text[len(before) :])
                changed.append(column)
        if changed:
            group.save(update_fields=changed)


def backward(apps, schema_editor):
    rename(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("networks", "0026_municipality_names_in_swedish_and_english")]

    operations = [migrations.RunPython(rename, backward)]
