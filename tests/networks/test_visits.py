import datetime

import pytest
from django.urls import reverse

from networks.models import Library, LibraryVisit
from networks.selectors import visit_planning

pytestmark = pytest.mark.django_db


def lib(municipality):
    return Library.objects.get(municipality_fi=municipality, parent=None)


def visit(day, place, *others, kind=LibraryVisit.Kind.INFORMATICIANS, **fields):
    created = LibraryVisit.objects.create(date=day, place=place, kind=kind, **fields)
    created.participating_libraries.set(others)
    return created


def test_the_not_yet_visited_list_is_right_across_two_years():
    laitila, uusikaupunki, parainen, somero, eura = (
        lib("Laitila"),
        lib("Uusikaupunki"),
        lib("Parainen"),
        lib("Somero"),
        lib("Eura"),
    )
    korppoo = Library.objects.get(name_fi="Korppoon kirjasto")  # a branch of Parainen
    # 2024: Laitila hosts Uusikaupunki and Parainen's Korppoo branch.
    visit(datetime.date(2024, 3, 5), laitila, uusikaupunki, korppoo)
    visit(datetime.date(2024, 12, 31), eura, kind=LibraryVisit.Kind.DIRECTOR_AVI)
    # 2025: Somero, and Laitila again; a visit on New Year's Day 2026 belongs to 2026.
    visit(datetime.date(2025, 1, 1), somero)
    visit(datetime.date(2025, 9, 9), laitila)
    visit(datetime.date(2026, 1, 1), lib("Pöytyä"))

    planning = visit_planning(year=2025)
    everyone = {row["library"] for row in planning["rows"]}
    assert len(everyone) == 42
    assert set(planning["visited_this_year"]) == {somero, laitila}
    assert set(planning["visited_last_year"]) == {laitila, uusikaupunki, parainen, eura}
    assert set(planning["not_yet"]) == everyone - {somero, laitila}
    assert set(planning["priority"]) == everyone - {somero, laitila, uusikaupunki, parainen, eura}
    assert lib("Pöytyä") in planning["priority"]

    planning_2024 = visit_planning(year=2024)
    assert set(planning_2024["visited_this_year"]) == {laitila, uusikaupunki, parainen, eura}
    assert planning_2024["visited_last_year"] == []
    assert set(planning_2024["priority"]) == everyone - {laitila, uusikaupunki, parainen, eura}


def test_a_staff_member_cannot_see_internal_visit_notes(client, staff_user, editor):
    visit(
        datetime.date.today(),
        lib("Kaarina"),
        summary="Keskusteltiin työkierrosta ja koulutustoiveista.",
        internal_notes="Johtaja harkitsee eläköitymistä, ei vielä julkista.",
    )
    client.force_login(staff_user)
    page = client.get(reverse("visits")).content.decode()
    assert "Keskusteltiin työkierrosta" in page
    assert "eläköitymistä" not in page
    assert client.get(reverse("visits_planning")).status_code == 403
    assert client.get("/admin/library_visits/").status_code in (302, 403)

    client.force_login(editor)
    planning = client.get(reverse("visits_planning"))
    assert planning.status_code == 200
    assert "Kaarinan kaupunginkirjasto" in planning.content.decode()


def test_the_visit_list_needs_a_login_and_survives_a_bad_year(client, staff_user):
    assert client.get(reverse("visits")).status_code == 302
    client.force_login(staff_user)
    assert client.get(reverse("visits") + "?year=abc").status_code == 200
    assert client.get(reverse("visits") + "?year=99999999999").status_code == 200


def test_c4_counts_the_libraries_visited_and_shows_those_met_elsewhere_beside_them():
    """DOMAIN.md (updated, issue #15 item 20): a library counts for C4 only where a visit took place
    there; a library whose staff only joined a visit held in another library was met, not visited."""
    from ake.indicators import provider_for

    korppoo = Library.objects.get(name_fi="Korppoon kirjasto")
    visit(datetime.date(2024, 1, 1), lib("Laitila"), korppoo, lib("Uusikaupunki"))
    visit(datetime.date(2024, 6, 1), korppoo)  # Parainen visited, through its branch
    visit(datetime.date(2023, 12, 31), lib("Eura"))
    visit(datetime.date(2025, 1, 1), lib("Somero"))
    result = provider_for("C4")(year=2024, today=datetime.date(2025, 3, 1))
    assert result.value is None
    assert result.library_ids == {lib("Laitila").pk, lib("Parainen").pk}
    # Uusikaupunki's staff came to Laitila: met there, not visited. Parainen, met in Laitila too, was
    # also visited, so it is not "met elsewhere".
    assert result.extra_libraries == {"met_elsewhere": {lib("Uusikaupunki").pk}}
    assert len(result.items) == 2
    # The running year counts up to today only.
    visit(datetime.date(2024, 11, 1), lib("Eura"))
    so_far = provider_for("C4")(year=2024, today=datetime.date(2024, 10, 1))
    assert lib("Eura").pk not in so_far.library_ids


def test_c4_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    from ake.indicators import provider_for

    for index, library in enumerate(Library.objects.organisations()[:20]):
        visit(datetime.date(2024, 1, 1 + index), library, *Library.objects.organisations()[20:23])
    with django_assert_max_num_queries(3):
        provider_for("C4")(year=2024, today=datetime.date(2025, 1, 1))
