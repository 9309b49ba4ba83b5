"""Issue #17: "Write to…" a working group's members and a campaign's or project's libraries.

Each library has a contact person (one of its own staff), whom AKE writes to about the campaigns and
projects it takes part in; without one, whoever signed the library up is written to; a library with
neither is listed apart. The group's, campaign's and project's admin pages open the message form with
that audience chosen."""

import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from networks.models import (
    Campaign,
    CampaignParticipation,
    DevelopmentProject,
    GroupMembership,
    Library,
    ProjectSignUp,
    WorkingGroup,
)
from tests.conftest import make_user, message_text
from trainings import messaging
from trainings.models import MessageRecipient, ParticipantMessage

from .conftest import subject

pytestmark = pytest.mark.django_db


def _message(**fields) -> ParticipantMessage:
    defaults = {"subject_fi": "Kampanja alkaa", "body_fi": "Materiaalit ovat valmiina."}
    defaults.update(fields)
    return ParticipantMessage.objects.create(**defaults)


def _emails(message):
    return [r.email for r in messaging.audience(message).recipients]


def test_a_campaign_writes_to_each_librarys_contact_person_else_to_who_signed_it_up(libraries):
    kaarina, pori, turku = libraries["kaarina"], libraries["pori"], libraries["turku"]
    contact = make_user("yhteys@kaarina.fi", library=kaarina)
    signer = make_user("ilmoittaja@kaarina.fi", library=kaarina)
    pori_signer = make_user("ilmoittaja@pori.fi", library=pori)
    kaarina.contact_person = contact
    kaarina.save()
    campaign = Campaign.objects.create(year=2026, theme="Lukuviikko")
    CampaignParticipation.objects.create(campaign=campaign, library=kaarina, signed_up_by=signer)
    CampaignParticipation.objects.create(campaign=campaign, library=pori, signed_up_by=pori_signer)
    CampaignParticipation.objects.create(campaign=campaign, library=turku)  # added by AKE, no contact

    message = _message(campaign=campaign)
    # Kaarina's contact person, not the one who signed up; Pori's signer, having no contact person.
    assert _emails(message) == ["ilmoittaja@pori.fi", "yhteys@kaarina.fi"]
    assert messaging.audience(message).without_contact == [str(turku)]

    # A contact person whose account is closed is passed over for the one who signed up.
    contact.is_active = False
    contact.save()
    assert _emails(message) == ["ilmoittaja@kaarina.fi", "ilmoittaja@pori.fi"]
    # Turku's contact person reaches Turku, which nobody signed up.
    turku.contact_person = make_user("yhteys@turku.fi", library=turku)
    turku.save()
    audience = messaging.audience(message)
    assert "yhteys@turku.fi" in [r.email for r in audience.recipients]
    assert audience.without_contact == []


def test_a_project_writes_to_its_accepted_and_pilot_libraries_contact_people(libraries):
    kaarina, pori, turku = libraries["kaarina"], libraries["pori"], libraries["turku"]
    branch = Library.objects.create(
        name_fi="Littoisten lähikirjasto",
        municipality_fi="Kaarina",
        region=kaarina.region,
        consortium=kaarina.consortium,
        parent=kaarina,
    )
    kaarina.contact_person = make_user("yhteys@kaarina.fi", library=branch, language="sv")
    kaarina.save()
    project = DevelopmentProject.objects.create(name="Saavutettavuushanke")
    # A branch without a contact of its own is reached through its organisation's.
    ProjectSignUp.objects.create(project=project, library=branch, status=ProjectSignUp.Status.ACCEPTED)
    pending = make_user("odottaa@pori.fi", library=pori)
    ProjectSignUp.objects.create(project=project, library=pori, signed_up_by=pending)  # not accepted
    project.pilot_libraries.add(turku)  # a pilot named by AKE, with no contact person
    audience = messaging.audience(_message(project=project))
    assert [(r.email, r.language) for r in audience.recipients] == [("yhteys@kaarina.fi", "sv")]
    assert audience.without_contact == [str(turku)]


def test_the_contact_person_works_at_the_library(client, libraries, editor):
    from django.core.exceptions import ValidationError

    kaarina = libraries["kaarina"]
    outsider = make_user("joku@pori.fi", library=libraries["pori"])
    kaarina.contact_person = outsider
    with pytest.raises(ValidationError) as error:
        kaarina.full_clean()
    assert "contact_person" in error.value.message_dict

    # In the admin only the library's own staff are offered, and another library's is refused
    # next to the field, in Finnish.
    own = make_user("oma@kaarina.fi", library=kaarina, first_name="Outi", last_name="Oma")
    client.force_login(editor)
    edit = reverse("libraries:edit", args=[kaarina.pk])
    html = client.get(edit).content.decode()
    choices = html.split('id="id_contact_person"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{own.pk}"' in choices and f'<option value="{outsider.pk}"' not in choices
    form = client.get(edit).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    data["contact_person"] = outsider.pk
    response = client.post(edit, data)
    assert response.status_code == 200
    assert "Valitse oikea vaihtoehto" in response.content.decode() or "työskennellä" in (
        response.content.decode()
    )
    data["contact_person"] = own.pk
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    kaarina.refresh_from_db()
    assert kaarina.contact_person == own


def test_a_message_to_a_groups_members_reaches_each_in_their_language(
    libraries, mailbox, django_capture_on_commit_callbacks
):
    group = WorkingGroup.objects.create(name_fi="Lasten ja nuorten ryhmä", slug="lapset", active=True)
    for email, library, language in (
        ("anna.holm@kaarina.fi", "kaarina", "sv"),
        ("matti.aho@pori.fi", "pori", "fi"),
        ("jane.doe@turku.fi", "turku", "en"),
    ):
        GroupMembership.objects.create(
            group=group, user=make_user(email, library=libraries[library], language=language)
        )
    former = make_user("entinen@pori.fi", library=libraries["pori"])
    GroupMembership.objects.create(
        group=group, user=former, ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    message = _message(
        working_group=group,
        subject_fi="Kokous siirtyy",
        body_fi="Kokous on ensi viikolla.",
        subject_sv="Mötet flyttas",
        body_sv="Mötet är nästa vecka.",
        subject_en="The meeting moves",
        body_en="The meeting is next week.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert messaging.message_send(message=message) == 3
    received = {m["X-Envelope-To"]: m for m in mailbox.wait_for(3)}
    assert set(received) == {"anna.holm@kaarina.fi", "matti.aho@pori.fi", "jane.doe@turku.fi"}
    assert subject(received["anna.holm@kaarina.fi"]).endswith("Mötet flyttas")
    assert "Mötet är nästa vecka." in message_text(received["anna.holm@kaarina.fi"])
    assert subject(received["matti.aho@pori.fi"]).endswith("Kokous siirtyy")
    assert "The meeting is next week." in message_text(received["jane.doe@turku.fi"])
    assert MessageRecipient.objects.filter(message=message).count() == 3


@pytest.mark.parametrize(
    "viewset, parameter, label, field",
    [
        ("working_groups", "group", "Kirjoita jäsenille", "working_group"),
        ("campaigns", "campaign", "Kirjoita kirjastoille", "campaign"),
        ("development_projects", "project", "Kirjoita kirjastoille", "project"),
    ],
)
def test_write_to_buttons_open_the_message_form_with_the_audience_chosen(
    client, editor, viewset, parameter, label, field
):
    record = {
        "working_groups": lambda: WorkingGroup.objects.create(
            name_fi="Viestiryhmä", slug="viesti", active=True
        ),
        "campaigns": lambda: Campaign.objects.create(year=2026, theme="Lukuviikko"),
        "development_projects": lambda: DevelopmentProject.objects.create(name="Saavutettavuushanke"),
    }[viewset]()
    client.force_login(editor)
    link = reverse("trainings_message:add") + f"?{parameter}={record.pk}"
    for page in (reverse(f"{viewset}:edit", args=[record.pk]), reverse(f"{viewset}:index")):
        html = client.get(page).content.decode()
        assert f'href="{link}"' in html.replace("&amp;", "&"), page
        assert label in html, page
    form = client.get(link).content.decode()
    assert f'id="id_{field}"' in form
    chosen = form.split(f'id="id_{field}"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{record.pk}" selected' in chosen


def test_no_write_to_button_without_the_right_to_write(client, libraries):
    """A role that may edit groups but not write messages sees no button (AKE admins and editors do)."""
    from django.contrib.auth.models import Permission

    group = WorkingGroup.objects.create(name_fi="Viestiryhmä", slug="viesti", active=True)
    user = make_user("rajattu@turku.fi", library=libraries["turku"])
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "change_workinggroup", "view_workinggroup"])
    )
    client.force_login(user)
    html = client.get(reverse("working_groups:edit", args=[group.pk])).content.decode()
    assert "Kirjoita jäsenille" not in html
    assert not Authenticator.objects.filter(user=user).exists()


def test_the_preview_lists_libraries_without_anyone_to_write_to_and_where_to_fix_it(
    client, editor, libraries
):
    campaign = Campaign.objects.create(year=2026, theme="Lukuviikko")
    signer = make_user("ilmoittaja@kaarina.fi", library=libraries["kaarina"])
    CampaignParticipation.objects.create(campaign=campaign, library=libraries["kaarina"], signed_up_by=signer)
    CampaignParticipation.objects.create(campaign=campaign, library=libraries["turku"])
    message = _message(campaign=campaign)
    client.force_login(editor)
    html = client.get(reverse("trainings_message:preview", args=[message.pk])).content.decode()
    apart = html.split('id="without-contact"', 1)[1].split("</p>", 2)
    assert "Näillä osallistuvilla kirjastoilla ei ole yhteyshenkilöä" in apart[0]
    assert "Turun kaupunginkirjasto" in apart[0] and "Kaarina" not in apart[0]
    assert "Valitse kullekin yhteyshenkilö" in apart[1]
    assert f'href="{reverse("libraries:index")}"' in apart[1]
    assert "ilmoittaja@kaarina.fi" in html
