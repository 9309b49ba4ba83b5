import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from ake.indicators import provider_for
from networks.liboppi_import import liboppi_import_csv
from networks.models import (
    BookFair,
    Campaign,
    CampaignParticipation,
    DevelopmentProject,
    LiboppiCompletion,
    LiboppiModule,
    Library,
    Partnership,
)
from networks.selectors import library_similar
from networks.services import ServiceError, campaign_sign_up, user_erase
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    """Service messages asserted in English (the default language is Finnish)."""
    with translation.override("en"):
        yield


TODAY = datetime.date(2025, 3, 1)


def lib(municipality):
    return Library.objects.get(municipality_fi=municipality, parent=None)


def value(code, year=2024, today=TODAY):
    return provider_for(code)(year=year, today=today)


# --------------------------------------------------------------------------- partner libraries
def test_similar_libraries_are_alike_in_population_and_staff():
    figures = {
        "Laitila": (8500, 6),
        "Uusikaupunki": (15200, 9),
        "Kankaanpää": (11000, 8),
        "Eura": (11500, 7),
        "Turku": (200000, 250),
        "Somero": (8600, None),
    }
    for municipality, (population, staff) in figures.items():
        Library.objects.filter(municipality_fi=municipality, parent=None).update(
            population=population, staff_count=staff
        )
    similar = library_similar(library=lib("Eura"), limit=3)
    assert similar[0] == lib("Kankaanpää")
    assert lib("Turku") not in similar
    assert lib("Eura") not in similar
    # A branch asks for its organisation's likes.
    korppoo = Library.objects.get(name_fi="Korppoon kirjasto")
    assert library_similar(library=korppoo) == []  # Parainen has no figures yet


def test_partners_page_lists_active_partnerships_and_suggestions(client, staff_user):
    partnership = Partnership.objects.create(theme="Lukudiplomit", starts_on=datetime.date(2020, 1, 1))
    partnership.libraries.set([lib("Laitila"), lib("Eura")])
    client.force_login(staff_user)
    page = client.get(reverse("partners")).content.decode()
    assert "Lukudiplomit" in page
    assert client.get(reverse("partners") + "?library=notanumber").status_code == 200


def test_a_partnership_needs_two_libraries_in_the_admin(client, editor):
    client.force_login(editor)
    data = {
        "libraries": [lib("Laitila").pk],
        "theme_fi": "Somepäivitykset",
        "starts_on": "2024-01-01",
        "ends_on": "",
        "planned_actions_fi": "",
        "visits-TOTAL_FORMS": "0",
        "visits-INITIAL_FORMS": "0",
        "visits-MIN_NUM_FORMS": "0",
        "visits-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("partnerships:add"), data)
    assert response.status_code == 200
    assert not Partnership.objects.exists()
    data["libraries"] = [lib("Laitila").pk, lib("Eura").pk]
    response = client.post(reverse("partnerships:add"), data)
    assert response.status_code == 302
    assert Partnership.objects.get().libraries.count() == 2


def test_c3_counts_libraries_of_partnerships_active_in_the_year():
    korppoo = Library.objects.get(name_fi="Korppoon kirjasto")
    overlapping = Partnership.objects.create(
        theme="A", starts_on=datetime.date(2023, 6, 1), ends_on=datetime.date(2024, 1, 1)
    )
    overlapping.libraries.set([lib("Laitila"), korppoo])
    ended = Partnership.objects.create(
        theme="B", starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2023, 12, 31)
    )
    ended.libraries.set([lib("Eura"), lib("Somero")])
    open_ended = Partnership.objects.create(theme="C", starts_on=datetime.date(2024, 12, 31))
    open_ended.libraries.set([lib("Rauma"), lib("Laitila")])
    later = Partnership.objects.create(theme="D", starts_on=datetime.date(2025, 1, 1))
    later.libraries.set([lib("Turku"), lib("Pori")])
    result = value("C3")
    assert result.library_ids == {lib("Laitila").pk, lib("Parainen").pk, lib("Rauma").pk}
    assert value("C3", today=datetime.date(2024, 6, 1)).library_ids == {lib("Laitila").pk, lib("Parainen").pk}


# --------------------------------------------------------------------------- projects
def project(name, status, *, application_submitted_on=None, funder="", **fields):
    """A project as the registers held it before issue #18: one application at most."""
    from networks.models import FundingApplication

    created = DevelopmentProject(name=name, status=status, **fields)
    created.full_clean()
    created.save()
    if application_submitted_on:
        FundingApplication.objects.create(
            project=created, funder=funder, submitted_on=application_submitted_on
        )
    return created


def test_a1_counts_applications_submitted_in_the_year():
    project("Haettu", "applied", application_submitted_on=datetime.date(2024, 1, 1), funder="AVI")
    project("Hylätty", "rejected", application_submitted_on=datetime.date(2024, 12, 31), funder="OKM")
    project(
        "Rahoitettu",
        "running",
        application_submitted_on=datetime.date(2023, 12, 31),
        funder="AVI",
        starts_on=datetime.date(2024, 3, 1),
    )
    project("Idea", "idea")
    assert value("A1").value == 2
    assert value("A1", today=datetime.date(2024, 6, 1)).value == 1


def test_a1_counts_a_re_application_as_another_application():
    """Hand-computed: the 2024 applications are AVI 1.1., OKM 31.12. and the re-applied project's
    two (rejected 5.2., re-applied 1.9.): four in 2024; by 1.6. two (1.1. and 5.2.)."""
    from networks.models import FundingApplication

    project("Haettu", "applied", application_submitted_on=datetime.date(2024, 1, 1), funder="AVI")
    project("Hylätty", "rejected", application_submitted_on=datetime.date(2024, 12, 31), funder="OKM")
    again = project(
        "Uusintahaku", "applied", application_submitted_on=datetime.date(2024, 2, 5), funder="AVI"
    )
    FundingApplication.objects.create(project=again, funder="AVI", submitted_on=datetime.date(2024, 9, 1))
    project("Vanha", "applied", application_submitted_on=datetime.date(2023, 5, 1), funder="AVI")
    result = value("A1")
    assert result.value == 4
    # A project is named in each language (the Finnish one where it has no other, issue #14).
    assert result.items[0].label == {"fi": "Haettu", "sv": "Haettu", "en": "Haettu"}
    assert [(item.label["fi"], item.date) for item in result.items] == [
        ("Haettu", datetime.date(2024, 1, 1)),
        ("Uusintahaku", datetime.date(2024, 2, 5)),
        ("Uusintahaku", datetime.date(2024, 9, 1)),
        ("Hylätty", datetime.date(2024, 12, 31)),
    ]
    assert value("A1", today=datetime.date(2024, 6, 1)).value == 2
    # A2 does not count applications: none of these is running.
    assert value("A2").value == 0


def test_a2_counts_regional_projects_running_in_the_year():
    project(
        "Faksista Jodeliin", "running", starts_on=datetime.date(2022, 8, 1), ends_on=datetime.date(2024, 1, 1)
    )
    project("Kestävä kehitys", "running", starts_on=datetime.date(2023, 1, 1))
    project("Loppunut", "ended", starts_on=datetime.date(2021, 1, 1), ends_on=datetime.date(2023, 12, 31))
    project("Valtakunnallinen", "running", scope="national", starts_on=datetime.date(2024, 1, 1))
    project("Syksyllä alkava", "running", starts_on=datetime.date(2024, 10, 1))
    project("Hylätty", "rejected", application_submitted_on=datetime.date(2024, 1, 5), funder="AVI")
    assert value("A2").value == 3
    running = value("A2", today=datetime.date(2024, 6, 1))
    assert running.value == 2
    assert running.scheduled == 1


def test_a_project_refuses_an_inconsistent_state():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        project("Ilman alkua", "running")


def test_the_status_flow_from_idea_to_finished():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    idea = project("Lukuintoa", "idea")
    steps = ["planned", "applied", "rejected", "applied", "funded", "running", "ended"]
    for status in steps:
        idea = DevelopmentProject.objects.get(pk=idea.pk)
        idea.status = status
        if status == "running":
            idea.starts_on = datetime.date(2025, 1, 1)
        if status == "ended":
            idea.ends_on = datetime.date(2025, 12, 31)
        idea.full_clean()
        idea.save()
    for start, leap in (
        ("idea", "running"),
        ("idea", "funded"),
        ("applied", "running"),
        ("ended", "running"),
    ):
        stuck = project(f"Hyppy {start} {leap}", "idea")
        DevelopmentProject.objects.filter(pk=stuck.pk).update(
            status=start, starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 2, 1)
        )
        stuck = DevelopmentProject.objects.get(pk=stuck.pk)
        stuck.status = leap
        with translation.override("fi"), pytest.raises(ValidationError) as error:
            stuck.full_clean()
        assert "status" in error.value.message_dict, (start, leap)


# --------------------------------------------------------------------------- campaigns and book fair
@pytest.mark.usefixtures("english")
def test_staff_sign_their_own_library_up_for_a_campaign(client, staff_user):
    campaign = Campaign.objects.create(year=datetime.date.today().year, theme="Iltasatu")
    client.force_login(staff_user)
    assert "Iltasatu" in client.get(reverse("campaigns")).content.decode()
    response = client.post(reverse("campaign_join", args=[campaign.pk]), follow=True)
    assert response.status_code == 200
    assert list(campaign.libraries.all()) == [staff_user.library]
    client.post(reverse("campaign_join", args=[campaign.pk]))
    assert CampaignParticipation.objects.count() == 1

    campaign.sign_up_open = False
    campaign.save()
    other = make_user("someone@pori.fi", library=lib("Pori"))
    with pytest.raises(ServiceError, match="closed"):
        campaign_sign_up(campaign=campaign, library=lib("Pori"), signed_up_by=other)


def test_ake_can_record_a_participation_after_sign_up_closed(editor):
    campaign = Campaign.objects.create(year=2024, theme="Maksuton kirjasto", sign_up_open=False)
    campaign_sign_up(campaign=campaign, library=lib("Eura"), signed_up_by=editor)
    assert campaign.libraries.count() == 1


def test_a7_counts_organisations_in_at_least_one_campaign_of_the_year(editor):
    korppoo = Library.objects.get(name_fi="Korppoon kirjasto")
    first = Campaign.objects.create(year=2024, theme="A")
    second = Campaign.objects.create(year=2024, theme="B")
    old = Campaign.objects.create(year=2023, theme="C")
    for campaign, library in (
        (first, lib("Eura")),
        (second, lib("Eura")),
        (second, korppoo),
        (old, lib("Somero")),
    ):
        campaign_sign_up(campaign=campaign, library=library, signed_up_by=editor)
    assert value("A7").library_ids == {lib("Eura").pk, lib("Parainen").pk}


def test_a6_book_fair_done_is_one_zero_or_no_data():
    assert value("A6").value is None
    fair = BookFair.objects.create(year=2024, planned=True, done=False)
    assert value("A6").value == 0
    fair.done = True
    fair.save()
    assert value("A6").value == 1
    assert value("A6", year=2023).value is None


# --------------------------------------------------------------------------- Liboppi
@pytest.fixture
def modules():
    return {
        "saavutettavuus": LiboppiModule.objects.create(
            title="Saavutettavuus", first_offered_on=datetime.date(2024, 2, 1)
        ),
        "asiakaspalvelu": LiboppiModule.objects.create(
            title="Asiakaspalvelu", first_offered_on=datetime.date(2023, 9, 1), scope="regional"
        ),
    }


GOOD_CSV = (
    "email;library;course;completed_on\n"
    "maija.virtanen@kaarina.fi;;Saavutettavuus;3.4.2024\n"
    "anon@example.com;Eura;Asiakaspalvelu;2024-05-06\n"
    ";Korppoon kirjasto;Saavutettavuus;6.5.2024\n"
)


def test_liboppi_import_is_idempotent(staff_user, modules):
    first = liboppi_import_csv(data=GOOD_CSV.encode())
    assert first.ok, first.errors
    assert (first.created, first.skipped) == (3, 0)
    completion = LiboppiCompletion.objects.get(person_ref="maija.virtanen@kaarina.fi")
    assert completion.person == staff_user
    assert completion.library == staff_user.library
    again = liboppi_import_csv(data=("\ufeff" + GOOD_CSV).encode())
    assert (again.created, again.skipped) == (0, 3)
    assert LiboppiCompletion.objects.count() == 3


def test_liboppi_rows_without_a_person_are_each_a_completion(modules):
    """Issue #15 item 21: two anonymous completions of a course at one library on one day were one."""
    rows = "library;course;completed_on\nEura;Saavutettavuus;6.5.2024\nEura;Saavutettavuus;6.5.2024\n"
    first = liboppi_import_csv(data=rows.encode())
    assert (first.created, first.skipped) == (1, 0)
    assert LiboppiCompletion.objects.get().count == 2
    assert liboppi_import_csv(data=rows.encode()).created == 0
    assert LiboppiCompletion.objects.get().count == 2


def test_liboppi_import_refuses_bad_rows_with_a_clear_message_and_imports_nothing(modules):
    bad = (
        "email,library,course,completed_on\n"
        "a@example.com,Eura,Saavutettavuus,1.2.2024\n"
        "b@example.com,Atlantis,Saavutettavuus,1.2.2024\n"
        "c@example.com,Eura,Kvanttifysiikka,1.2.2024\n"
        "d@example.com,Eura,Saavutettavuus,31.2.2024\n"
        "e@example.com,,Saavutettavuus,1.2.2024\n"
    )
    result = liboppi_import_csv(data=bad.encode())
    assert not result.ok
    assert LiboppiCompletion.objects.count() == 0
    assert len(result.errors) == 4
    assert result.errors[0].startswith("Row 3") or result.errors[0].startswith("Rivi 3")
    joined = "\n".join(result.errors)
    assert "Atlantis" in joined and "Kvanttifysiikka" in joined and "31.2.2024" in joined
    assert not liboppi_import_csv(data=b"course;library\nx;y\n").ok
    assert not liboppi_import_csv(data="kurssi;kirjasto;pvm\n".encode("utf-16")).ok


def test_liboppi_import_from_the_admin(client, editor, staff_user, modules):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    url = reverse("liboppi_completions:import")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile(
        "liboppi.csv", b"email;library;course;completed_on\nx@y.fi;Eura;Huuhaa;1.1.2024\n"
    )
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    assert "Huuhaa" in response.content.decode()
    upload = SimpleUploadedFile("liboppi.csv", GOOD_CSV.encode())
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    assert LiboppiCompletion.objects.count() == 3


def test_b9_and_b10(modules):
    LiboppiModule.objects.create(title="Joulukuun moduuli", first_offered_on=datetime.date(2024, 12, 31))
    LiboppiModule.objects.create(title="Ensi vuoden moduuli", first_offered_on=datetime.date(2025, 1, 1))
    assert value("B9").value == 2
    running = value("B9", today=datetime.date(2024, 6, 1))
    assert (running.value, running.scheduled) == (1, 1)

    korppoo = Library.objects.get(name_fi="Korppoon kirjasto")
    saavutettavuus = modules["saavutettavuus"]
    LiboppiCompletion.objects.create(
        module=saavutettavuus, library=korppoo, completed_on=datetime.date(2024, 1, 1)
    )
    LiboppiCompletion.objects.create(
        module=saavutettavuus, library=lib("Eura"), completed_on=datetime.date(2024, 12, 31), count=4
    )
    LiboppiCompletion.objects.create(
        module=saavutettavuus, library=lib("Somero"), completed_on=datetime.date(2023, 12, 31)
    )
    result = value("B10")
    assert result.library_ids == {lib("Parainen").pk, lib("Eura").pk}
    assert result.extra["completions"] == 5


def test_erasing_a_person_keeps_their_completion_for_the_library(staff_user, modules):
    liboppi_import_csv(data=GOOD_CSV.encode())
    user_erase(user=staff_user)
    completion = LiboppiCompletion.objects.get(library=lib("Kaarina"))
    assert completion.person is None
    assert "maija" not in completion.person_ref
    assert value("B10").library_ids >= {lib("Kaarina").pk}


@pytest.mark.parametrize("code", ["A1", "A2", "A6", "A7", "B7", "B8", "B9", "B10", "C3", "C4"])
def test_every_indicator_answers_on_an_empty_database(code, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        result = provider_for(code)(year=2024, today=TODAY)
    # Nothing recorded of the kind at all: no data (DOMAIN.md, updated), never a 0 that reads as a
    # failed year.
    assert result.library_ids is None and result.value is None
