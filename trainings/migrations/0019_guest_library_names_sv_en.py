from django.db import migrations

# The seeded national list in Swedish and English (the official Swedish names of the towns), so that a
# Swedish guest choosing their library reads "Helsingfors stadsbibliotek". Only rows still bearing
# the seeded Finnish name and no name of their own in that language are filled: AKE's edits stay.
NAMES = {
    "Helsingin kaupunginkirjasto": ("Helsingfors stadsbibliotek", "Helsinki City Library"),
    "Espoon kaupunginkirjasto": ("Esbo stadsbibliotek", "Espoo City Library"),
    "Vantaan kaupunginkirjasto": ("Vanda stadsbibliotek", "Vantaa City Library"),
    "Porvoon kaupunginkirjasto": ("Borgå stadsbibliotek", "Porvoo City Library"),
    "Raaseporin kaupunginkirjasto": ("Raseborgs stadsbibliotek", "Raasepori City Library"),
    "Tampereen kaupunginkirjasto": ("Tammerfors stadsbibliotek", "Tampere City Library"),
    "Hämeenlinnan kaupunginkirjasto": ("Tavastehus stadsbibliotek", "Hämeenlinna City Library"),
    "Lahden kaupunginkirjasto": ("Lahtis stadsbibliotek", "Lahti City Library"),
    "Kouvolan kaupunginkirjasto": ("Kouvola stadsbibliotek", "Kouvola City Library"),
    "Lappeenrannan kaupunginkirjasto": ("Villmanstrands stadsbibliotek", "Lappeenranta City Library"),
    "Mikkelin kaupunginkirjasto": ("S:t Michels stadsbibliotek", "Mikkeli City Library"),
    "Kuopion kaupunginkirjasto": ("Kuopio stadsbibliotek", "Kuopio City Library"),
    "Joensuun seudun kirjasto": ("Joensuu regionbibliotek", "Joensuu Regional Library"),
    "Jyväskylän kaupunginkirjasto": ("Jyväskylä stadsbibliotek", "Jyväskylä City Library"),
    "Seinäjoen kaupunginkirjasto": ("Seinäjoki stadsbibliotek", "Seinäjoki City Library"),
    "Vaasan kaupunginkirjasto": ("Vasa stadsbibliotek", "Vaasa City Library"),
    "Pietarsaaren kaupunginkirjasto": ("Jakobstads stadsbibliotek", "Pietarsaari City Library"),
    "Kokkolan kaupunginkirjasto": ("Karleby stadsbibliotek", "Kokkola City Library"),
    "Oulun kaupunginkirjasto": ("Uleåborgs stadsbibliotek", "Oulu City Library"),
    "Kajaanin kaupunginkirjasto": ("Kajana stadsbibliotek", "Kajaani City Library"),
    "Rovaniemen kaupunginkirjasto": ("Rovaniemi stadsbibliotek", "Rovaniemi City Library"),
    "Ålands landskapsbibliotek (Mariehamns stadsbibliotek)": (
        "Ålands landskapsbibliotek (Mariehamns stadsbibliotek)",
        "Åland Provincial Library (Mariehamn City Library)",
    ),
}


def fill(apps, schema_editor):
    GuestLibrary = apps.get_model("trainings", "GuestLibrary")
    for finnish, (swedish, english) in NAMES.items():
        rows = GuestLibrary.objects.filter(name_fi=finnish)
        rows.filter(name_sv__isnull=True).update(name_sv=swedish)
        rows.filter(name_sv="").update(name_sv=swedish)
        rows.filter(name_en__isnull=True).update(name_en=english)
        rows.filter(name_en="").update(name_en=english)


def empty(apps, schema_editor):
    # Back: only the names this migration wrote are taken away again.
    GuestLibrary = apps.get_model("trainings", "GuestLibrary")
    for finnish, (swedish, english) in NAMES.items():
        rows = GuestLibrary.objects.filter(name_fi=finnish)
        rows.filter(name_sv=swedish).update(name_sv=None)
        rows.filter(name_en=english).update(name_en=None)


class Migration(migrations.Migration):
    dependencies = [("trainings", "0018_translated_viewing_room_address")]

    operations = [migrations.RunPython(fill, empty)]
