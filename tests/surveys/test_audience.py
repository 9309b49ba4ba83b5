"""Who a survey is sent to (issue #16): the yearly staff survey to every staff member of the region
with an account, a pilot survey to the people of its activity — here the activities other than an
event (test_invitations.py sends an event's)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ake.models import OutboxMail
from networks.models import (
    Campaign,
    CampaignParticipation,
    DevelopmentProject,
    GroupMembership,
    Partnership,
    ProjectSignUp,
    WorkingGroup,
)
from surveys import services
from surveys.models import Activity, SurveyKind
from tests.conftest import make_user
from tests.trainings.conftest import make_event

from .conftest import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(libraries, editor):
    """One staff member per library, one without a library and one whose account is closed."""
    people = {name: make_user(f"henkilo@{name}.fi", library=library) for name, library in libraries.items()}
    make_user("ei.kirjastoa@example.org")
    make_user("lopettanut@pori.fi", library=libraries["pori"], is_active=False)
    return people


def _emails(survey) -> set[str]:
    return {email for email, _user in services.audience(survey)}


def test_the_yearly_survey_goes_to_every_active_staff_member_with_a_library(staff, editor):
    survey = make_survey()
    assert _emails(survey) == {"henkilo@turku.fi", "henkilo@pori.fi", "henkilo@kaarina.fi", editor.email}


def test_a_project_pilot_survey_goes_to_the_staff_of_the_pilot_libraries(staff, libraries, editor):
    project = DevelopmentProject.objects.create(name="Saavutettavuushanke")
    # Pori chosen as a pilot in the project's form (no sign-up), Kaarina by an accepted sign-up;
    # Turku only "interested, keep us informed" — not a pilot.
    project.pilot_libraries.add(libraries["pori"])
    ProjectSignUp.objects.create(
        project=project,
        library=libraries["kaarina"],
        signed_up_by=staff["kaarina"],
        kind=ProjectSignUp.Kind.PILOT,
        status=ProjectSignUp.Status.ACCEPTED,
    )
    ProjectSignUp.objects.create(
        project=project,
        library=libraries["turku"],
        signed_up_by=staff["turku"],
        kind=ProjectSignUp.Kind.INTEREST,
        status=ProjectSignUp.Status.ACCEPTED,
    )
    survey = make_survey(kind=SurveyKind.PILOT, activity=Activity.PROJECT, project=project)
    assert _emails(survey) == {"henkilo@pori.fi", "henkilo@kaarina.fi"}

    # What AKE sees and sends in the admin.
    admin = Client()
    admin.force_login(editor)
    send = reverse("surveys_survey:send", args=[survey.pk])
    assert "Kyselyn kohderyhmässä on 2 henkilöä." in admin.get(send).content.decode()
    admin.post(send, {"action": "send", "include_audience": "on"})
    sent = OutboxMail.objects.filter(purpose="surveys.invitation")
    assert sorted(address for mail in sent for address in mail.recipients) == [
        "henkilo@kaarina.fi",
        "henkilo@pori.fi",
    ]


def test_a_coffee_hours_pilot_goes_to_the_years_coffee_hour_participants(staff, libraries):
    from trainings.models import Attendance, EventKind

    now = timezone.now()
    this_year = make_event(title="Etäkahvit", kind=EventKind.COFFEE_HOUR, start=now.replace(month=1, day=15))
    last_year = make_event(
        title="Etäkahvit", kind=EventKind.COFFEE_HOUR, start=now.replace(year=now.year - 1, month=3, day=1)
    )
    training = make_event(title="Koulutus", start=now.replace(month=1, day=20))
    for event, email, library in [
        (this_year, "henkilo@pori.fi", libraries["pori"]),
        (last_year, "henkilo@turku.fi", libraries["turku"]),
        (training, "henkilo@kaarina.fi", libraries["kaarina"]),
    ]:
        Attendance.objects.create(event=event, email=email, library=library, participation="remote")
    Attendance.objects.create(
        event=this_year,
        email="vieras@example.org",
        participation="remote",
        guest_organisation="Example ry",
        guest_role="participant",
    )
    survey = make_survey(kind=SurveyKind.PILOT, activity=Activity.COFFEE_HOURS, coffee_hour_year=now.year)
    assert _emails(survey) == {"henkilo@pori.fi", "vieras@example.org"}


def test_campaign_partnership_and_group_surveys_go_to_their_people(staff, libraries):
    campaign = Campaign.objects.create(theme="Lukukampanja", year=2026)
    CampaignParticipation.objects.create(campaign=campaign, library=libraries["turku"])
    survey = make_survey(kind=SurveyKind.PILOT, activity=Activity.CAMPAIGN, campaign=campaign)
    assert _emails(survey) == {"henkilo@turku.fi", "editor@turku.fi"}

    partnership = Partnership.objects.create(
        theme="Kirjailijavierailut", starts_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    partnership.libraries.add(libraries["kaarina"])
    survey = make_survey(kind=SurveyKind.PILOT, activity=Activity.PARTNERSHIP, partnership=partnership)
    assert _emails(survey) == {"henkilo@kaarina.fi"}

    group = WorkingGroup.objects.create(name_fi="Lasten- ja nuortenpalvelut", slug="lanu", active=True)
    GroupMembership.objects.create(
        group=group, user=staff["pori"], starts_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    survey = make_survey(kind=SurveyKind.PILOT, activity=Activity.GROUP, group=group)
    assert _emails(survey) == {"henkilo@pori.fi"}
