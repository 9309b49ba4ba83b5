"""The SMTP server answers 421, 550 or drops the connection: temporary failures are retried, permanent
ones are given up and shown, for notice mail (the Delivery outbox) and for a transactional mail (the
training registration confirmation, the EventMail outbox).

A real aiosmtpd server follows a script per recipient: what to do on each successive attempt.
"""

import datetime
import email
import threading

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user, message_text

from .conftest import free_port

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

TEMPORARY = "421 4.3.2 Service not available, try again later"
MAILBOX_UNKNOWN = "550 5.1.1 No such user here"
REJECTED_CONTENT = "554 5.6.0 Message rejected"


class ScriptedServer:
    """Per recipient, a list of behaviours for successive attempts; after the list ends, accept.

    "421"/"550" answer RCPT TO; "drop" cuts the connection after DATA; "554-data" refuses the DATA.
    """

    def __init__(self):
        self.scripts: dict[str, list[str]] = {}
        self.attempts: dict[str, int] = {}
        self.accepted: list[email.message.Message] = []
        self.lock = threading.Lock()

    def _next(self, address: str) -> str:
        with self.lock:
            attempt = self.attempts.get(address, 0)
            self.attempts[address] = attempt + 1
            script = self.scripts.get(address, [])
            return script[attempt] if attempt < len(script) else "ok"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        behaviour = self._next(address.lower())
        if behaviour == "421":
            return TEMPORARY
        if behaviour == "550":
            return MAILBOX_UNKNOWN
        envelope.rcpt_tos.append(address)
        session.behaviour = behaviour
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        behaviour = getattr(session, "behaviour", "ok")
        if behaviour == "drop":
            server.transport.close()  # the connection is gone before the server's answer
            return "421 closing"
        if behaviour == "554-data":
            return REJECTED_CONTENT
        with self.lock:
            for recipient in envelope.rcpt_tos:
                message = email.message_from_bytes(envelope.original_content or envelope.content)
                message["X-Envelope-To"] = recipient.lower()
                self.accepted.append(message)
        return "250 Message accepted for delivery"

    def received(self, address: str) -> int:
        return sum(1 for m in self.accepted if m["X-Envelope-To"] == address)


@pytest.fixture
def scripted_smtp(settings, mailbox):
    handler = ScriptedServer()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_PORT = port
    yield handler
    controller.stop()


CASES = {
    # recipient local part: (script, expected final status, expected attempts)
    "temporary-twice": (["421", "421"], "sent", 3),
    "dropped-once": (["drop"], "sent", 2),
    "mailbox-unknown": (["550"], "failed", 1),
    "content-rejected": (["554-data"], "failed", 1),
    "temporary-always": (["421"] * 20, "failed", None),  # None: the outbox's attempt limit
}


def _run_until_settled(send_round, make_due, rounds: int = 12) -> None:
    """One send round, then time travel to the next attempt, until nothing is waiting."""
    for _round in range(rounds):
        send_round()
        if not make_due():
            return
    raise AssertionError(f"still retrying after {rounds} rounds")


def test_notice_mail_retries_temporary_failures_and_gives_up_on_permanent_ones(
    scripted_smtp, client, admin_with_mfa, capsys
):
    from extranet.models import Delivery, Subscription
    from extranet.services import DELIVERY_MAX_ATTEMPTS, delivery_send_batch
    from tests.extranet.conftest import make_subscription

    from .test_worker_kills import _publish_notice

    for name, (script, _status, _attempts) in CASES.items():
        scripted_smtp.scripts[f"notice-{name}@library.fi"] = script
        make_subscription(f"notice-{name}@library.fi")
    _publish_notice("Postipalvelin temppuilee")
    deliveries = Delivery.objects.filter(kind=Delivery.Kind.NOTICE)
    assert deliveries.count() == len(CASES)

    def make_due() -> int:
        return deliveries.filter(status=Delivery.Status.PENDING).update(next_attempt_at=timezone.now())

    _run_until_settled(lambda: delivery_send_batch(batch_size=50), make_due)

    figure = []
    for name, (_script, status, attempts) in CASES.items():
        address = f"notice-{name}@library.fi"
        delivery = deliveries.select_related("subscription").get(subscription__email=address)
        figure.append(f"{name}: {delivery.attempts} attempts, {delivery.status}")
        assert delivery.status == status, (name, delivery.last_error)
        assert delivery.attempts == (attempts or DELIVERY_MAX_ATTEMPTS), name
        assert scripted_smtp.received(address) == (1 if status == "sent" else 0), name
        if status == "failed":
            assert delivery.last_error  # the reply is kept for the admin to read
    # A mailbox that does not exist is undeliverable: nothing more goes to it.
    unknown = Subscription.objects.get(email="notice-mailbox-unknown@library.fi")
    assert unknown.status == Subscription.Status.UNDELIVERABLE
    assert "550" in unknown.undeliverable_reason
    # The admin sees the failures in the deliveries listing, with the server's reply.
    client.force_login(admin_with_mfa)
    listing = client.get(reverse("notice_deliveries:index") + "?status=failed").content.decode()
    assert "notice-mailbox-unknown@library.fi" in listing and "5.1.1" in listing
    with capsys.disabled():
        print("\n[faults: smtp, notice mail] " + "; ".join(figure))


def test_registration_confirmation_retries_temporary_failures_and_shows_permanent_ones(
    scripted_smtp, client, admin_with_mfa, libraries, django_capture_on_commit_callbacks, capsys
):
    from tests.trainings.conftest import make_event
    from trainings.models import EventMail
    from trainings.services import MAX_ATTEMPTS, event_mails_sweep, registration_create

    event = make_event(seats_on_site=20)
    for name, (script, _status, _attempts) in CASES.items():
        address = f"registrant-{name}@kaarina.fi"
        scripted_smtp.scripts[address] = script
        user = make_user(address, library=libraries["kaarina"])
        with django_capture_on_commit_callbacks(execute=True):  # the first attempt, dispatched on commit
            registration_create(
                event=event,
                email=address,
                first_name="Testi",
                last_name=name,
                library=user.library,
                user=user,
            )
    mails = EventMail.objects.filter(kind=EventMail.Kind.CONFIRMATION)
    assert mails.count() == len(CASES)
    clock = {"now": timezone.now()}

    def sweep():
        # beat runs the sweeper every two minutes; each run here is one of those, minutes apart
        clock["now"] += datetime.timedelta(minutes=3)
        event_mails_sweep(now=clock["now"])

    _run_until_settled(sweep, lambda: mails.filter(status=EventMail.Status.PENDING).count())

    figure = []
    for name, (_script, status, attempts) in CASES.items():
        address = f"registrant-{name}@kaarina.fi"
        mail = mails.get(recipient=address)
        figure.append(f"{name}: {mail.attempts} attempts, {mail.status}")
        assert mail.status == status, (name, mail.last_error)
        assert mail.attempts == (attempts or MAX_ATTEMPTS), name
        assert scripted_smtp.received(address) == (1 if status == "sent" else 0), name
    # The organiser sees whose confirmation could not be delivered on the participant list.
    client.force_login(admin_with_mfa)
    page = client.get(reverse("trainings_event:participants", args=[event.pk])).content.decode()
    for name, (_script, status, _attempts) in CASES.items():
        row = page.split(f"registrant-{name}@kaarina.fi", 1)[1].split("</tr>", 1)[0]
        assert ("Sähköpostia ei voitu toimittaa" in row) == (status == "failed"), name
    with capsys.disabled():
        print("\n[faults: smtp, registration confirmation] " + "; ".join(figure))


def test_outbox_mail_retries_temporary_failures_and_gives_up_on_permanent_ones(
    scripted_smtp, capsys, django_capture_on_commit_callbacks
):
    """Every other mail (bookings, interlibrary loans, subscriptions, accounts) is an outbox row
    (ake/outbox.py) with the same guarantees: 4xx and dropped connections retried after a pause,
    5xx given up at once, a server that stays busy given up after the attempt limit."""
    from django.core.mail import EmailMessage
    from django.db import transaction

    from ake.models import OutboxMail
    from ake.outbox import MAX_ATTEMPTS, outbox_enqueue, outbox_sweep

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for name, (script, _status, _attempts) in CASES.items():
            address = f"outbox-{name}@kaarina.fi"
            scripted_smtp.scripts[address] = script
            outbox_enqueue(EmailMessage("Varaus", "Teksti.", None, [address]), purpose="test")

    def make_due() -> int:
        return OutboxMail.objects.filter(status="pending").update(next_attempt_at=timezone.now())

    _run_until_settled(outbox_sweep, make_due, rounds=MAX_ATTEMPTS + 2)
    figure = []
    for name, (_script, status, attempts) in CASES.items():
        address = f"outbox-{name}@kaarina.fi"
        row = OutboxMail.objects.get(recipients=[address])
        figure.append(f"{name}: {row.attempts} attempts, {row.status}")
        assert row.status == status, (name, row.last_error)
        assert row.attempts == (attempts or MAX_ATTEMPTS), name
        assert scripted_smtp.received(address) == (1 if status == "sent" else 0), name
    with capsys.disabled():
        print("\n[faults: smtp, outbox mail] " + "; ".join(figure))


@pytest.mark.parametrize("fault", ["421", "drop"])
def test_sign_up_while_the_mail_server_fails_does_not_break(
    fault, scripted_smtp, client, capsys, django_capture_on_commit_callbacks
):
    """The account verification mail is an outbox row; a failing SMTP server must not 500 the
    sign-up, and the mail is sent again once due (by the beat sweep in production)."""
    from ake.models import OutboxMail
    from ake.outbox import outbox_sweep
    from networks.models import User

    address = f"signup-{fault}@kaarina.fi"
    scripted_smtp.scripts[address] = [fault]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": address,
                "first_name": "Uusi",
                "last_name": "Käyttäjä",
                "password1": "Kirjasto-salasana-2024",
                "password2": "Kirjasto-salasana-2024",
            },
        )
    assert response.status_code == 302
    assert User.objects.filter(email=address).exists()
    row = OutboxMail.objects.get(recipients=[address])
    assert (row.status, scripted_smtp.attempts[address]) == ("pending", 1)
    OutboxMail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    outbox_sweep()
    with capsys.disabled():
        print(
            f"\n[faults: smtp, sign-up verification mail, {fault}] status {response.status_code}, "
            f"attempts {scripted_smtp.attempts.get(address)}, delivered {scripted_smtp.received(address)}"
        )
    assert scripted_smtp.attempts[address] == 2 and scripted_smtp.received(address) == 1
    assert OutboxMail.objects.get(pk=row.pk).status == "sent"
    assert "/accounts/confirm-email/" in message_text(scripted_smtp.accepted[-1])
