"""Invitations and reminders through the mail outbox, each in the recipient's language; reminders
only to those who have not answered; the response rate in the admin while the survey runs."""

import re
from email.header import decode_header, make_header

import pytest
from django.test import Client
from django.urls import reverse

from ake.models import OutboxMail
from surveys import services
from surveys.models import Activity, Invitation, SurveyKind
from tests.conftest import make_user, message_text
from tests.trainings.conftest import make_event

from .conftest import make_survey


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _link(message) -> str:
    return re.search(r"http://\S+/surveys/answer/\S+/", message_text(message)).group(0)


def _path(link: str) -> str:
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


@pytest.mark.slow
def test_pilot_invitations_reach_the_participants_in_their_language_and_reminders_skip_respondents(
    transactional_db, mailbox, libraries, editor
):
    from trainings.models import Attendance

    event = make_event(title="Selkokielen työpaja", title_sv="Lättläst-verkstad")
    finnish = make_user("aino.aalto@kaarina.fi", library=libraries["kaarina"], language="fi")
    swedish = make_user("stina.berg@turku.fi", library=libraries["turku"], language="sv")
    for person in (finnish, swedish):
        Attendance.objects.create(
            event=event, email=person.email, library=person.library, participation="on_site"
        )
    Attendance.objects.create(
        event=event,
        email="vieras@example.org",
        participation="on_site",
        guest_organisation="Example ry",
        guest_role="participant",
    )
    survey = make_survey(
        kind=SurveyKind.PILOT,
        activity=Activity.EVENT,
        event=event,
        title_fi="Selkokielen työpajan pilotti",
        title_sv="Pilot: lättläst-verkstad",
        threshold=2,
    )
    assert {email for email, _user in services.audience(survey)} == {
        finnish.email,
        swedish.email,
        "vieras@example.org",
    }

    admin = Client()
    admin.force_login(editor)
    page = admin.get(reverse("surveys_survey:send", args=[survey.pk])).content.decode()
    assert "Kyselyn kohderyhmässä on 3 henkilöä." in page
    response = admin.post(
        reverse("surveys_survey:send", args=[survey.pk]), {"action": "send", "include_audience": "on"}
    )
    assert response.status_code == 302
    messages = mailbox.wait_for(3)
    assert len(messages) == 3
    by_address = {message["X-Envelope-To"]: message for message in messages}
    assert "Kysely: Selkokielen työpajan pilotti" in _subject(by_address[finnish.email])
    assert "Enkät: Pilot: lättläst-verkstad" in _subject(by_address[swedish.email])
    assert "/sv/surveys/answer/" in message_text(by_address[swedish.email])
    assert "/fi/surveys/answer/" in message_text(by_address[finnish.email])
    assert OutboxMail.objects.filter(purpose="surveys.invitation").count() == 3
    # Sending again invites nobody twice.
    admin.post(reverse("surveys_survey:send", args=[survey.pk]), {"action": "send", "include_audience": "on"})
    assert OutboxMail.objects.filter(purpose="surveys.invitation").count() == 3

    # The Swedish participant answers in Swedish.
    answered = Client().post(
        _path(_link(by_address[swedish.email])),
        {"q_overall": "5", "q_channel": "1", "q_uses": "2", "q_services_1": "5", "q_services_2": "4"},
    )
    assert "Tack för dina svar!" in answered.content.decode()
    listing = admin.get(reverse("surveys_survey:index")).content.decode()
    assert "1/3 (33 %)" in listing
    page = admin.get(reverse("surveys_survey:send", args=[survey.pk])).content.decode()
    assert "1 / 3 kutsutusta on vastannut (33 %)" in page

    mailbox.clear()
    admin.post(reverse("surveys_survey:send", args=[survey.pk]), {"action": "remind"})
    reminders = mailbox.wait_for(2)
    assert sorted(message["X-Envelope-To"] for message in reminders) == sorted(
        [finnish.email, "vieras@example.org"]
    )
    assert "Muistutus: Selkokielen työpajan pilotti" in _subject(mailbox.to(finnish.email)[0])
    # The reminder carries the same personal link, which still works once.
    assert _link(mailbox.to(finnish.email)[0]) == _link(by_address[finnish.email])
    assert Invitation.objects.get(email=swedish.email).reminders == 0
    assert Invitation.objects.get(email=finnish.email).reminders == 1


def test_bad_addresses_get_a_message_next_to_the_field(db, editor):
    survey = make_survey()
    admin = Client()
    admin.force_login(editor)
    response = admin.post(
        reverse("surveys_survey:send", args=[survey.pk]),
        {"action": "send", "extra": "hyva@turku.fi\nei-osoite"},
    )
    assert response.status_code == 400
    assert "Ei sähköpostiosoite: ei-osoite" in response.content.decode()
    assert not Invitation.objects.exists()
