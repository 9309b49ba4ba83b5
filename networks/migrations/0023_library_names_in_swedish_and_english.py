"""The libraries' names in Swedish and English where the registry has none (issue #14).

The registry (networks/data/libraries.csv) gives a Swedish name only for the bilingual libraries; a
Swedish page then showed "Auran kunnankirjasto" among Swedish text. A city library is
"<town> stadsbibliotek" / "<town> City Library", a municipal library "<municipality> kommunbibliotek" /
"<municipality> Municipal Library" (a Swedish genitive -s after a consonant: "Björneborgs
stadsbibliotek"), a branch "<place> bibliotek" / "<place> Library". What AKE has written stays.
"""

from django.db import migrations

# Branches and Nakkila (named in the Finnish genitive): their place names in Finnish and Swedish.
PLACES = {
    "Kemiön kirjasto": ("Kemiö", "Kimito"),
    "Taalintehtaan kirjasto": ("Taalintehdas", "Dalsbruk"),
    "Hiittisten kirjasto": ("Hiittinen", "Hitis"),
    "Houtskarin kirjasto": ("Houtskari", "Houtskär"),
    "Iniön kirjasto": ("Iniö", "Iniö"),
    "Korppoon kirjasto": ("Korppoo", "Korpo"),
    "Nauvon kirjasto": ("Nauvo", "Nagu"),
    "Utön kirjasto": ("Utö", "Utö"),
    "Alastaron kirjasto": ("Alastaro", "Alastaro"),
    "Hirvikosken kirjasto": ("Hirvikoski", "Hirvikoski"),
    "Mellilän kirjasto": ("Mellilä", "Mellilä"),
    "Rymättylän kirjasto": ("Rymättylä", "Rimito"),
    "Kyrön kirjasto": ("Kyrö", "Kyrö"),
    "Riihikosken kirjasto": ("Riihikoski", "Riihikoski"),
    "Noormarkun kirjasto": ("Noormarkku", "Norrmark"),
    "Lavian kirjasto": ("Lavia", "Lavia"),
    "Nakkilan kirjasto": ("Nakkila", "Nakkila"),
}


def _genitive(name: str) -> str:
    return name if name[-1] in "aeiouyåäösxz" else f"{name}s"


def names(library) -> tuple[str, str]:
    """(Swedish, English) name of a library, from its Finnish name and municipality."""
    if library.name_fi in PLACES:
        finnish, swedish = PLACES[library.name_fi]
        return f"{swedish} bibliotek", f"{finnish} Library"
    town_fi, town_sv = library.municipality_fi or "", library.municipality_sv or library.municipality_fi or ""
    if not town_fi:
        return "", ""
    if library.name_fi.endswith("kaupunginkirjasto"):
        return f"{_genitive(town_sv)} stadsbibliotek", f"{town_fi} City Library"
    if library.name_fi.endswith("kunnankirjasto"):
        return f"{_genitive(town_sv)} kommunbibliotek", f"{town_fi} Municipal Library"
    return "", ""


def fill(apps, schema_editor):
    Library = apps.get_model("networks", "Library")  # noqa: N806 - a model class
    for library in Library.objects.all():
        swedish, english = names(library)
        changed = []
        if swedish and not library.name_sv:
            library.name_sv = swedish
            changed.append("name_sv")
        if english and not library.name_en:
            library.name_en = english
            changed.append("name_en")
        if changed:
            library.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("networks", "0022_working_groups_in_english")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
