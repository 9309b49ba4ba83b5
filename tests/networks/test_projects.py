"""Projects from idea to result on the site (issue #18): the public project page in fi/sv/en,
libraries signing up from it, AKE accepting, and the register of who had a chance and who took part."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from networks.models import DevelopmentProject, ProjectMilestone, ProjectObjective, ProjectSignUp
from networks.roles import AKE_EDITORS
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(libraries):
    project = DevelopmentProject.objects.create(
        name="Lukuintoa pieniin kirjastoihin",
        status=DevelopmentProject.Status.RUNNING,
        starts_on=datetime.date(2025, 1, 1),
        purpose="Lukemisen ilo pienten kuntien lapsille.",
        public=True,
        sign_up_open=True,
        sign_up_opened_on=datetime.date(2025, 1, 15),
    )
    ProjectObjective.objects.create(project=project, objective="Lukupiirit", target="10 kirjastoa kokeilee")
    ProjectMilestone.objects.create(
        project=project, title="Pilotit alkavat", due_on=datetime.date(2025, 3, 1)
    )
    return project


def _url(name, *args, language="fi"):
    with translation.override(language):
        return reverse(name, args=args)


def test_two_libraries_sign_up_from_the_page_and_ake_accepts(client, project, staff_user, other_library_user):
    page = client.get(_url("project_detail", project.pk)).content.decode()
    assert "Lukuintoa pieniin kirjastoihin" in page and "10 kirjastoa kokeilee" in page
    assert "Kirjaudu" in page  # anonymous: log in to sign up

    client.force_login(staff_user)
    response = client.post(_url("project_join", project.pk), {"kind": "pilot"})
    assert response.status_code == 302
    client.force_login(other_library_user)
    client.post(_url("project_join", project.pk), {"kind": "interest"})
    again = client.post(_url("project_join", project.pk), {"kind": "pilot"}, follow=True)
    assert "on jo ilmoittautunut" in again.content.decode()
    assert ProjectSignUp.objects.count() == 2

    kaarina = ProjectSignUp.objects.get(library=staff_user.library.organisation)
    assert (kaarina.kind, kaarina.status, kaarina.signed_up_by) == ("pilot", "pending", staff_user)
    kaarina.status = ProjectSignUp.Status.ACCEPTED
    kaarina.save()
    assert list(project.pilot_libraries.all()) == [staff_user.library.organisation]

    editor = make_user("toimittaja@turku.fi", role=AKE_EDITORS)
    client.force_login(editor)
    register = client.get(_url("project_register")).content.decode()
    assert "Kaarinan kaupunginkirjasto" in register and "Porin kaupunginkirjasto" in register
    row = register.split("Kaarinan kaupunginkirjasto", 1)[1].split("</tr>", 1)[0]
    assert "Lukuintoa pieniin kirjastoihin" in row


def test_sign_up_closed_or_unpublished(client, project, staff_user):
    client.force_login(staff_user)
    project.sign_up_open = False
    project.save()
    client.post(_url("project_join", project.pk), {"kind": "pilot"})
    assert not ProjectSignUp.objects.exists()
    project.public = False
    project.save()
    assert client.get(_url("project_detail", project.pk)).status_code == 404
    assert client.post(_url("project_join", project.pk), {"kind": "pilot"}).status_code == 404
    # A bad choice is a message, not an error page.
    project.public, project.sign_up_open = True, True
    project.save()
    response = client.post(_url("project_join", project.pk), {"kind": "x"}, follow=True)
    assert response.status_code == 200 and not ProjectSignUp.objects.exists()


def test_the_register_is_for_ake_and_the_planning_group(client, project, staff_user, planning_member):
    register = _url("project_register", language="sv")
    client.force_login(staff_user)
    assert client.get(_url("project_register")).status_code == 403
    assert f'href="{register}"' not in client.get(_url("project_list", language="sv")).content.decode()
    client.force_login(planning_member)
    assert client.get(_url("project_register")).status_code == 200
    # They reach it from the project list (it had no link anywhere).
    listing = client.get(_url("project_list", language="sv")).content.decode()
    assert f'href="{register}">Vem hade möjlighet och vem deltog</a>' in listing


@pytest.mark.parametrize(("language", "heading"), [("fi", "Tavoitteet"), ("sv", "Mål"), ("en", "Objectives")])
def test_the_project_page_in_three_languages(client, project, language, heading):
    page = client.get(_url("project_detail", project.pk, language=language)).content.decode()
    assert f'lang="{language}"' in page and heading in page
    listing = client.get(_url("project_list", language=language)).content.decode()
    assert "Lukuintoa pieniin kirjastoihin" in listing


def test_funding_amounts_are_hidden_from_editors(client, project, editor, ake_admin):
    """Money is for AKE admins and the planning group (finance.view_money): an editor edits the
    project and its applications without seeing the sums (Wagtail leaves a field the user may not
    see out of the form, so saving keeps it)."""
    from allauth.mfa.models import Authenticator

    from networks.models import FundingApplication

    FundingApplication.objects.create(
        project=project,
        funder="AVI",
        submitted_on=datetime.date(2025, 2, 1),
        applied_amount=48250,
        decision=FundingApplication.Decision.FUNDED,
        granted_amount=40125,
    )
    edit = reverse("development_projects:edit", args=[project.pk])
    client.force_login(editor)
    html = client.get(edit).content.decode()
    assert "AVI" in html
    assert "48250" not in html and "40125" not in html and "applied_amount" not in html
    Authenticator.objects.create(
        user=ake_admin, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(ake_admin)
    html = client.get(edit).content.decode()
    assert "48250" in html and "40125" in html


def test_a_finished_project_shows_its_result_documents_from_the_material_bank(client, project):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    from networks.models import ProjectDocument

    document = get_document_model().objects.create(
        title="Lukupiirimallin opas", file=SimpleUploadedFile("opas.pdf", b"%PDF-1.4")
    )
    ProjectDocument.objects.create(project=project, document=document)
    running = client.get(_url("project_detail", project.pk)).content.decode()
    assert "Lukupiirimallin opas" not in running  # results are shared when the project is finished
    project.status, project.ends_on = DevelopmentProject.Status.ENDED, datetime.date(2025, 12, 31)
    project.save()
    for language, heading in (("fi", "Materiaalipankissa"), ("sv", "I materialbanken")):
        page = client.get(_url("project_detail", project.pk, language=language)).content.decode()
        assert f"<h3>{heading}</h3>" in page, language
        assert f'<a href="{document.url}">Lukupiirimallin opas</a>' in page


def test_an_idea_records_where_it_came_from(client, project, editor):
    """Ideas come from staff, groups and events' workshops (plan §1.1): AKE records which, and a group
    or event named for another source is a message next to that field."""
    from django.core.exceptions import ValidationError

    from networks.models import WorkingGroup
    from tests.trainings.conftest import make_event

    group = WorkingGroup.objects.create(name_fi="Lasten ja nuorten työryhmä", slug="lanu", active=True)
    workshop = make_event(title="Ideointityöpaja")
    idea = DevelopmentProject.objects.create(
        name="Satutuokiot verkossa", idea_from=DevelopmentProject.IdeaFrom.WORKSHOP, idea_event=workshop
    )
    idea.full_clean()
    idea.idea_group = group
    with translation.override("sv"):
        with pytest.raises(ValidationError) as error:
            idea.full_clean()
        assert error.value.message_dict["idea_group"] == [
            "En grupp anges bara för en idé som kom från en grupp."
        ]

    client.force_login(editor)
    listing = client.get(reverse("development_projects:index") + "?idea_from=workshop").content.decode()
    assert "Satutuokiot verkossa" in listing and "Lukuintoa pieniin kirjastoihin" not in listing
    form = client.get(reverse("development_projects:edit", args=[idea.pk])).content.decode()
    assert 'name="idea_from"' in form and 'name="idea_group"' in form and 'name="idea_event"' in form
    assert 'name="documents-TOTAL_FORMS"' in form


def test_the_plan_shows_the_projects_money_by_source_to_those_who_see_money(
    client, project, editor, ake_admin
):
    """A project plan's resources in money are its costs in the cost register, by source: AKE's admin
    sees budgeted, paid and committed per source (hand-computed; a claim still waiting counts nowhere),
    an editor sees no sums."""
    from allauth.mfa.models import Authenticator

    from finance.models import Activity, Category, ClaimStatus, Cost, PayeeType, Source

    def cost(source, budgeted, paid=None, **extra):
        Cost.objects.create(
            activity=Activity.PROJECT,
            project=project,
            category=Category.TRAINERS,
            source=source,
            date=datetime.date(2025, 3, 1),
            payee_type=PayeeType.COMPANY,
            amount_budgeted=budgeted,
            amount_paid=paid,
            **extra,
        )

    cost(Source.GRANT, 1200, 1150)  # paid: 1 150 paid, nothing committed
    cost(Source.GRANT, 800)  # unpaid: 800 committed
    cost(Source.PROJECT, 3000, 2500)
    cost(Source.CITY, 700, claim_status=ClaimStatus.PENDING, claimed_amount=700)  # waits: counts nowhere
    edit = reverse("development_projects:edit", args=[project.pk])

    client.force_login(editor)
    html = client.get(edit).content.decode()
    assert "Kulut kulurekisterissä" not in html and "2\xa0000,00" not in html

    Authenticator.objects.create(
        user=ake_admin, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(ake_admin)
    with translation.override("fi"):
        html = client.get(edit, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    table = html[html.index('<caption class="w-sr-only">Rahoitus lähteittäin') :]
    table = table[: table.index("</table>")]
    rows = {
        "Valtionavustus": ["2\xa0000,00", "1\xa0150,00", "800,00"],
        "Hankerahoitus": ["3\xa0000,00", "2\xa0500,00", "0,00"],
        "Yhteensä": ["5\xa0000,00", "3\xa0650,00", "800,00"],
    }
    for label, cells in rows.items():
        row = table[table.index(label) :]
        row = row[: row.index("</tr>")]
        assert all(f"{cell} €" in row for cell in cells), (label, row)
    assert "Kaupungin omarahoitus" not in table and "700,00" not in table
