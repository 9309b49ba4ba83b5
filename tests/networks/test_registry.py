import datetime

import pytest

from networks.models import Consortium, CountedLibraries, Library, Region
from networks.selectors import library_for_email, library_list_counted, library_organisation_map

pytestmark = pytest.mark.django_db


def test_registry_holds_every_municipality_and_consortium():
    organisations = Library.objects.organisations()
    municipalities = set(Library.objects.values_list("municipality_fi", flat=True))
    # 43 municipalities of the region; Nakkila is run by Pori and loaded as its branch.
    assert len(municipalities) == 43
    assert organisations.count() == 42
    assert organisations.filter(region=Region.VARSINAIS_SUOMI).count() == 27
    assert organisations.filter(region=Region.SATAKUNTA).count() == 15
    counts = {c: organisations.filter(consortium=c).count() for c in Consortium.values}
    assert counts == {"vaski": 18, "sata": 15, "loisto": 6, "blanka": 2, "none": 1}
    assert Library.objects.get(municipality_fi="Somero").consortium == Consortium.NONE


def test_nakkila_counts_for_pori_and_branches_map_to_their_organisation():
    nakkila = Library.objects.get(municipality_fi="Nakkila")
    pori = Library.objects.get(name_fi="Porin kaupunginkirjasto")
    assert nakkila.organisation == pori
    mapping = library_organisation_map()
    korppoo = Library.objects.get(name_fi="Korppoon kirjasto")
    assert (
        mapping[korppoo.pk]
        == korppoo.parent_id
        == Library.objects.get(municipality_fi="Parainen", parent=None).pk
    )


def test_bilingual_and_swedish_school_flags_come_from_the_data():
    assert set(
        Library.objects.organisations().filter(bilingual=True).values_list("municipality_fi", flat=True)
    ) == {"Turku", "Parainen", "Kemiönsaari"}
    assert set(
        Library.objects.organisations()
        .filter(swedish_school_island=True)
        .values_list("municipality_fi", flat=True)
    ) == {"Kaarina", "Salo", "Pori"}


def test_reloading_the_registry_adds_nothing():
    from django.core.management import call_command

    before = Library.objects.count()
    call_command("load_registry")
    assert Library.objects.count() == before


def test_mail_domain_maps_to_library_including_subdomains():
    assert library_for_email("Maija@Kaarina.fi").name_fi == "Kaarinan kaupunginkirjasto"
    assert library_for_email("someone@kirjasto.turku.fi").name_fi == "Turun kaupunginkirjasto"
    assert library_for_email("someone@gmail.com") is None


def test_counted_libraries_default_to_active_organisations_and_keep_a_years_choice():
    somero = Library.objects.get(municipality_fi="Somero")
    assert somero in library_list_counted(year=2024)
    # A merger at the end of 2025 leaves 2024 as it was.
    somero.active_to = datetime.date(2025, 6, 30)
    somero.save()
    assert somero in library_list_counted(year=2024)
    assert somero not in library_list_counted(year=2025)
    # AKE's explicit choice for a year wins over the default.
    decision = CountedLibraries.objects.create(year=2026)
    decision.libraries.set(Library.objects.organisations().exclude(pk=somero.pk)[:40])
    assert len(library_list_counted(year=2026)) == 40
