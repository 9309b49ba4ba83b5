"""Issue #17: messages to participants. AKE writes a message once (fi/sv/en or one language), previews
it and sends it to an event's people (all / confirmed / waitlist / attended / not attended), a working
group's members, or the contact people of the libraries in a campaign or project. Each recipient gets
it in their language through the outbox, once; replies go to AKE; the log shows who got what, when."""

import datetime

import pytest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ake.models import OutboxMail
from networks.models import (
    Campaign,
    CampaignParticipation,
    DevelopmentProject,
    GroupMembership,
    ProjectSignUp,
    WorkingGroup,
)
from networks.services import ServiceError
from tests.conftest import make_user, message_text
from trainings import messaging, services
from trainings.models import Attendance, MessageRecipient, ParticipantMessage, Registration

from .conftest import make_event, subject

pytestmark = pytest.mark.django_db


def _register(event, email, library, language="fi", **extra):
    return services.registration_create(
        event=event,
        email=email,
        first_name="Etu",
        last_name="Suku",
        library=library,
        language=language,
        **extra,
    )


def _message(**fields) -> ParticipantMessage:
    defaults = {"subject_fi": "Sali vaihtui", "body_fi": "Koulutus on salissa 2."}
    defaults.update(fields)
    return ParticipantMessage.objects.create(**defaults)


@pytest.fixture
def event_with_people(libraries):
    event = make_event(seats_on_site=2)
    confirmed = _register(event, "eka@kaarina.fi", libraries["kaarina"], language="sv")
    present = _register(event, "toka@turku.fi", libraries["turku"])
    waiting = _register(event, "kolmas@pori.fi", libraries["pori"], language="en")
    cancelled = _register(event, "neljas@pori.fi", libraries["pori"])
    services.registration_cancel(registration=cancelled)
    Attendance.objects.create(
        event=event, email=present.email, name="Toka", library=libraries["turku"], participation="on_site"
    )
    return event, confirmed, present, waiting


@pytest.mark.parametrize(
    "audience, expected",
    [
        ("all", {"eka@kaarina.fi", "toka@turku.fi", "kolmas@pori.fi"}),
        ("confirmed", {"eka@kaarina.fi", "toka@turku.fi"}),
        ("waitlist", {"kolmas@pori.fi"}),
        ("attended", {"toka@turku.fi"}),
        ("not_attended", {"eka@kaarina.fi"}),
    ],
)
def test_the_audiences_of_an_event(event_with_people, audience, expected):
    event = event_with_people[0]
    message = _message(event=event, audience=audience)
    assert {r.email for r in messaging.audience(message).recipients} == expected


def test_a_group_gets_its_current_members_and_a_campaign_or_project_the_contact_people(libraries):
    group = WorkingGroup.objects.create(name_fi="Viestiryhmä", slug="viestiryhma", active=True)
    member = make_user("jasen@kaarina.fi", library=libraries["kaarina"], language="sv")
    former = make_user("entinen@pori.fi", library=libraries["pori"])
    GroupMembership.objects.create(group=group, user=member)
    GroupMembership.objects.create(
        group=group, user=former, ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    audience = messaging.audience(_message(working_group=group))
    assert [(r.email, r.language) for r in audience.recipients] == [("jasen@kaarina.fi", "sv")]

    campaign = Campaign.objects.create(year=2026, theme="Lukuviikko")
    contact = make_user("yhteys@turku.fi", library=libraries["turku"])
    CampaignParticipation.objects.create(campaign=campaign, library=libraries["turku"], signed_up_by=contact)
    CampaignParticipation.objects.create(campaign=campaign, library=libraries["pori"])
    audience = messaging.audience(_message(campaign=campaign))
    assert [r.email for r in audience.recipients] == ["yhteys@turku.fi"]
    assert audience.without_contact == [str(libraries["pori"])]

    project = DevelopmentProject.objects.create(name="Saavutettavuushanke")
    ProjectSignUp.objects.create(
        project=project,
        library=libraries["kaarina"],
        signed_up_by=member,
        status=ProjectSignUp.Status.ACCEPTED,
    )
    ProjectSignUp.objects.create(project=project, library=libraries["pori"], signed_up_by=former)  # pending
    project.pilot_libraries.add(libraries["turku"])
    audience = messaging.audience(_message(project=project))
    assert [r.email for r in audience.recipients] == ["jasen@kaarina.fi"]
    assert audience.without_contact == [str(libraries["turku"])]


def test_each_recipient_gets_their_language_once_with_replies_to_ake(
    event_with_people, mailbox, settings, django_capture_on_commit_callbacks
):
    settings.AKE_REPLY_TO_EMAIL = "ake-vastaukset@turku.fi"
    event = event_with_people[0]
    message = _message(
        event=event,
        audience="all",
        subject_sv="Salen har ändrats",
        body_sv="Utbildningen är i sal 2.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert messaging.message_send(message=message) == 3
    received = {m["X-Envelope-To"]: m for m in mailbox.wait_for(3)}
    assert len(mailbox.messages) == 3
    assert subject(received["eka@kaarina.fi"]).endswith("Salen har ändrats")
    assert "Utbildningen är i sal 2." in message_text(received["eka@kaarina.fi"])
    assert "Svara på det här meddelandet" in message_text(received["eka@kaarina.fi"])
    assert subject(received["toka@turku.fi"]).endswith("Sali vaihtui")
    # English was not written: the English reader gets the fallback (Finnish).
    assert "Koulutus on salissa 2." in message_text(received["kolmas@pori.fi"])
    assert all(m["Reply-To"] == "ake-vastaukset@turku.fi" for m in received.values())

    log = {r.email: r for r in MessageRecipient.objects.filter(message=message).select_related("outbox")}
    assert {e: r.language for e, r in log.items()} == {
        "eka@kaarina.fi": "sv",
        "toka@turku.fi": "fi",
        "kolmas@pori.fi": "fi",
    }
    assert all(r.outbox.status == OutboxMail.Status.SENT for r in log.values())
    # Sending again (a second click, a retried request) queues nobody twice.
    with pytest.raises(ServiceError):
        messaging.message_send(message=message)
    assert OutboxMail.objects.filter(purpose="trainings.participant_message").count() == 3


def test_a_reader_gets_the_mail_in_their_language_and_a_message_in_another_marked(
    event_with_people, mailbox, django_capture_on_commit_callbacks
):
    """Issue #14: the English reader of a message written only in Finnish gets the Finnish message
    as a quote marked with its language (the HTML part), in a mail that is otherwise English."""
    message = _message(event=event_with_people[0], audience="all")
    with django_capture_on_commit_callbacks(execute=True):
        messaging.message_send(message=message)
    received = {m["X-Envelope-To"]: m for m in mailbox.wait_for(3)}
    english = received["kolmas@pori.fi"]
    assert "Koulutus on salissa 2." in message_text(english)
    assert "Reply to this email to reach AKE." in message_text(english)
    html = next(part for part in english.walk() if part.get_content_type() == "text/html")
    html = html.get_payload(decode=True).decode()
    assert '<html lang="en">' in html and '<span lang="fi">Koulutus on salissa 2.</span>' in html
    finnish = received["toka@turku.fi"]
    assert not any(part.get_content_type() == "text/html" for part in finnish.walk())


def test_a_message_in_swedish_only_reaches_finnish_readers_in_swedish(
    event_with_people, mailbox, django_capture_on_commit_callbacks
):
    message = _message(
        event=event_with_people[0], subject_fi="", body_fi="", subject_sv="Hej", body_sv="Text."
    )
    message.full_clean()
    with django_capture_on_commit_callbacks(execute=True):
        messaging.message_send(message=message)
    assert {m["X-Envelope-To"]: subject(m).endswith("Hej") for m in mailbox.wait_for(3)} == {
        "eka@kaarina.fi": True,
        "toka@turku.fi": True,
        "kolmas@pori.fi": True,
    }


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


def _form(**overrides):
    data = {
        "event": "",
        "audience": "all",
        "working_group": "",
        "campaign": "",
        "project": "",
        "subject_fi": "Sali vaihtui",
        "subject_sv": "",
        "subject_en": "",
        "body_fi": "Koulutus on salissa 2.",
        "body_sv": "",
        "body_en": "",
    }
    data.update(overrides)
    return data


def test_ake_writes_previews_and_sends_from_the_admin_and_sees_the_log(
    admin_client, event_with_people, mailbox, django_capture_on_commit_callbacks
):
    event = event_with_people[0]
    add = reverse("trainings_message:add")
    page = admin_client.get(f"{add}?event={event.pk}")
    assert page.status_code == 200
    assert f'<option value="{event.pk}" selected' in page.content.decode()

    # Bad input: translated messages next to the fields, never a 500.
    response = admin_client.post(add, _form())
    assert response.status_code == 200
    assert "Valitse täsmälleen yksi" in response.content.decode()
    response = admin_client.post(add, _form(event=event.pk, subject_sv="Salen", body_fi=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kirjoita viesti myös tällä kielellä" in html
    assert ParticipantMessage.objects.count() == 0

    response = admin_client.post(
        add, _form(event=event.pk, audience="confirmed", subject_sv="Salen", body_sv="I sal 2.")
    )
    message = ParticipantMessage.objects.get()
    preview = reverse("trainings_message:preview", args=[message.pk])
    assert response.status_code == 302 and response["Location"] == preview
    html = admin_client.get(preview).content.decode()
    assert "Salen" in html and "I sal 2." in html and "Koulutus on salissa 2." in html
    assert "eka@kaarina.fi" in html and "kolmas@pori.fi" not in html

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(preview)
    sent = reverse("trainings_message:sent", args=[message.pk])
    assert response.status_code == 302 and response["Location"] == sent
    assert len(mailbox.wait_for(2)) == 2
    html = admin_client.get(sent).content.decode()
    assert "eka@kaarina.fi" in html and "toka@turku.fi" in html and "lähetetty" in html
    # A sent message is not edited afterwards, and a second send is refused with a message.
    assert admin_client.get(reverse("trainings_message:edit", args=[message.pk]))["Location"] == sent
    assert admin_client.post(preview)["Location"] == sent
    assert len(mailbox.messages) == 2
    assert admin_client.get(reverse("trainings_message:index")).status_code == 200


def test_a_message_with_nobody_to_receive_it_is_refused_with_a_message(admin_client, libraries):
    event = make_event(seats_on_site=2)
    message = _message(event=event, audience="waitlist")
    response = admin_client.post(reverse("trainings_message:preview", args=[message.pk]), follow=True)
    assert response.status_code == 200 and "Kukaan ei saisi" in response.content.decode()
    assert ParticipantMessage.objects.get().sent_at is None


def test_preview_and_log_pages_read_the_same_number_of_queries_for_ten_times_the_people(
    admin_client, libraries
):
    counts = []
    for scale in (1, 10):
        event = make_event(seats_on_site=100)
        for n in range(3 * scale):
            library = libraries[("turku", "pori", "kaarina")[n % 3]]
            _register(event, f"p{scale}x{n}@{library.pk}.fi", library, language=("fi", "sv", "en")[n % 3])
        message = _message(event=event, subject_sv="Hej", body_sv="Text.")
        pages = [reverse("trainings_message:preview", args=[message.pk])]
        admin_client.get(pages[0])
        measured = []
        from django.db import connection

        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(pages[0]).status_code == 200
        measured.append(len(captured))
        messaging.message_send(message=message)
        sent = reverse("trainings_message:sent", args=[message.pk])
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(sent).status_code == 200
        measured.append(len(captured))
        counts.append(measured)
    assert counts[0] == counts[1]
    assert max(counts[1]) <= 15


def test_registration_statuses_cover_every_audience():
    """Every active status is in "all"; waitlist and confirmed do not overlap."""
    assert set(Registration.ACTIVE) >= {Registration.Status.CONFIRMED, Registration.Status.WAITLISTED}
