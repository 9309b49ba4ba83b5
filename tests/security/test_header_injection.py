"""Header injection in mail: titles and names with CR/LF end up in subjects and bodies, never as headers
or extra recipients; addresses with CR/LF are refused in the form with a clear message.

Every message goes through the real SMTP server (aiosmtpd); its envelope shows who really got it.
"""

from email.header import decode_header, make_header

import pytest

from tests.conftest import make_user, message_text
from tests.extranet.conftest import make_notice, make_subscription

pytestmark = pytest.mark.django_db

EVIL = "evil@example.com"
# Line breaks that mail headers (or the mail libraries that parse them) treat as the end of a line.
BREAKS = ["\r\n", "\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"]


def _injected(text: str, line_break: str) -> str:
    return f"Tärkeä tiedote{line_break}Bcc: {EVIL}{line_break}X-Injected: yes"


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _assert_clean(messages, expected_recipient: str):
    """One message, to the one recipient, with no header the input tried to add."""
    Figures.messages_checked += len(messages)
    assert [m["X-Envelope-To"] for m in messages] == [expected_recipient]
    message = messages[0]
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert EVIL not in str(message["To"]) and message["Cc"] is None
    subject = _subject(message)
    assert "\r" not in subject and "\n" not in subject
    return subject


@pytest.fixture
def notice_index(db):
    from extranet.models import HomePage, NoticeIndexPage

    index = NoticeIndexPage(title="Tiedotteet", slug="tiedotteet")
    HomePage.objects.get(depth=2).add_child(instance=index)
    index.save_revision().publish()
    return index


class Figures:
    cases = 0
    refused = 0
    delivered_clean = 0
    messages_checked = 0


@pytest.fixture(scope="module", autouse=True)
def _print_figure(request):
    yield
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(
            f"\n[header-injection] cases {Figures.cases}; delivered clean {Figures.delivered_clean};"
            f" refused in forms {Figures.refused}; messages checked for injected headers and"
            f" recipients {Figures.messages_checked} (each one asserted clean)"
        )


@pytest.mark.parametrize("line_break", BREAKS, ids=[repr(b) for b in BREAKS])
def test_notice_title_with_line_breaks_goes_out_as_one_clean_subject(
    notice_index, mailbox, django_capture_on_commit_callbacks, line_break
):
    from extranet.models import Delivery

    make_subscription("tilaaja@library.fi")
    with django_capture_on_commit_callbacks(execute=True):
        make_notice(notice_index, _injected("", line_break))
    messages = mailbox.wait_for(1, timeout=10)
    Figures.cases += 1
    subject = _assert_clean(messages, "tilaaja@library.fi")
    assert "Tärkeä tiedote" in subject and EVIL in subject  # kept as text, on one line
    assert Delivery.objects.get().status == Delivery.Status.SENT
    Figures.delivered_clean += 1


@pytest.mark.parametrize("line_break", ["\r\n", "\n", "\r", "\u2028"], ids=repr)
def test_event_title_with_line_breaks_in_the_confirmation_subject(
    client, libraries, mailbox, django_capture_on_commit_callbacks, line_break
):
    from tests.trainings.conftest import make_event
    from trainings.models import EventMail
    from trainings.services import registration_create

    event = make_event(title=_injected("", line_break), seats_on_site=5)
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(
            event=event,
            email="osallistuja@kaarina.fi",
            first_name=f"Maija{line_break}Bcc: {EVIL}",
            last_name="Virtanen",
            library=libraries["kaarina"],
        )
    messages = mailbox.wait_for(1, timeout=10)
    Figures.cases += 1
    assert messages, list(EventMail.objects.values_list("kind", "status", "last_error"))
    subject = _assert_clean(messages, "osallistuja@kaarina.fi")
    assert "Tärkeä tiedote" in subject
    assert EventMail.objects.get(kind=EventMail.Kind.CONFIRMATION).status == EventMail.Status.SENT
    Figures.delivered_clean += 1
    # The same title in the event's calendar file: one line, and the file is served.
    response = client.get(f"/fi/events/{event.pk}/event.ics")
    assert response.status_code == 200
    # iCalendar content lines end in CRLF (RFC 5545 3.1); no line may start with the injected text.
    lines = response.content.decode().split("\r\n")
    assert not [line for line in lines if line.startswith(("Bcc", "X-Injected"))]


def test_group_name_with_line_breaks_in_the_join_decision_subject(
    libraries, mailbox, editor, django_capture_on_commit_callbacks
):
    from networks.models import GroupJoinRequest, WorkingGroup
    from networks.services import _notify_person_of_join_decision

    member = make_user("jasen@kaarina.fi", library=libraries["kaarina"])
    group = WorkingGroup.objects.create(slug="ryhma", kind="working_group", name_fi=_injected("", "\r\n"))
    join_request = GroupJoinRequest.objects.create(group=group, user=member, library=libraries["kaarina"])
    with django_capture_on_commit_callbacks(execute=True):  # an outbox row, sent after the commit
        _notify_person_of_join_decision(join_request.pk)
    messages = mailbox.wait_for(1, timeout=10)
    Figures.cases += 1
    _assert_clean(messages, "jasen@kaarina.fi")
    Figures.delivered_clean += 1


def test_names_with_line_breaks_in_an_access_request_stay_in_the_body(
    libraries, mailbox, settings, django_capture_on_commit_callbacks
):
    """The name typed into the access request reaches AKE's mail as text, not as headers."""
    from networks.services import access_request_create

    with django_capture_on_commit_callbacks(execute=True):
        access_request_create(
            email="hakija@kaarina.fi",
            first_name=f"X\r\nBcc: {EVIL}",
            last_name=f"Y\nTo: {EVIL}",
            library=libraries["kaarina"],
            reason=f"Syy\r\n\r\nBcc: {EVIL}",
            raw_password="Salasana-kirjasto-2024",
            language="fi",
        )
    messages = mailbox.wait_for(1, timeout=10)
    Figures.cases += 1
    _assert_clean(messages, settings.AKE_CONTACT_EMAIL)
    assert "hakija@kaarina.fi" in message_text(messages[0])
    Figures.delivered_clean += 1


@pytest.mark.parametrize(
    "address",
    [
        f"tilaaja@library.fi\r\nBcc: {EVIL}",
        f"tilaaja@library.fi\nBcc: {EVIL}",
        f"tilaaja@library.fi%0d%0aBcc:{EVIL}",
        f"tilaaja@library.fi, {EVIL}",
        f'"x\r\nBcc: {EVIL}" <tilaaja@library.fi>',
    ],
    ids=["crlf", "lf", "encoded", "comma", "display-name"],
)
def test_subscription_address_with_line_breaks_is_refused_with_a_message(client, mailbox, address):
    from extranet.models import Subscription

    response = client.post("/fi/subscribe/", {"email": address, "language": "fi", "rhythm": "immediate"})
    Figures.cases += 1
    assert response.status_code == 400
    assert "kelvollinen sähköpostiosoite" in response.content.decode()
    assert not Subscription.objects.exists()
    assert mailbox.wait_for(1, timeout=1) == []
    Figures.refused += 1


def test_profile_name_with_line_breaks_is_refused_with_a_message(client, staff_user, mailbox):
    client.force_login(staff_user)
    response = client.post(
        "/fi/profile/",
        {
            "first_name": f"X\r\nBcc: {EVIL}",
            "last_name": "Virtanen",
            "title": "",
            "phone": "",
            "language": "fi",
        },
    )
    Figures.cases += 1
    staff_user.refresh_from_db()
    assert response.status_code == 200
    assert "rivinvaihtoja" in response.content.decode()
    assert staff_user.first_name == "Test"  # nothing saved
    assert mailbox.wait_for(1, timeout=1) == []
    Figures.refused += 1
