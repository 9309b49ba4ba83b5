"""The mail outbox (ake/outbox.py) and delivery through every Django mail backend (issue #15 items 1, 2).

Item 1: publishing a notice in the documented `make run` (file backend, `.data/mail`) raised
AttributeError in `delivery_send_batch` (`backend.connection` exists on SMTP only). Item 2: kit-booking
confirmations, interlibrary-loan notices, subscription confirmations and account mails were Celery
tasks without a database row, lost when Redis restarted; they are outbox rows written in the
transaction of the write they report.
"""

import datetime
import email
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.core import mail as django_mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests.extranet.conftest import make_notice, make_subscription

pytestmark = pytest.mark.django_db

BACKENDS = {
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}


def _file_messages(folder: Path) -> list[email.message.Message]:
    """What the file backend wrote: each file holds messages separated by a line of 79 dashes."""
    messages = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.strip()))
    return messages


@pytest.fixture
def notice_index(db):
    from extranet.models import HomePage, NoticeIndexPage

    index = NoticeIndexPage(title="Tiedotteet", slug="tiedotteet")
    HomePage.objects.get(depth=2).add_child(instance=index)
    index.save_revision().publish()
    return index


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"]))).replace("\r\n", "").strip()


def _outbox():
    from ake.models import OutboxMail

    return OutboxMail.objects


# --------------------------------------------------------------------------- item 1
def test_make_run_file_backend_delivers_a_published_notice(
    settings, tmp_path, notice_index, django_capture_on_commit_callbacks
):
    """The notice fan-out through the mail backend `make run` uses (ake.settings.dev: files under
    .data/mail); before the fix the batch raised AttributeError and deliveries stayed "sending"."""
    from ake.settings import dev
    from extranet.models import Delivery

    settings.EMAIL_BACKEND = dev.EMAIL_BACKEND
    assert BACKENDS["file"] == settings.EMAIL_BACKEND
    assert dev.EMAIL_FILE_PATH.endswith(".data/mail")
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    for number in range(3):
        make_subscription(f"tilaaja{number}@kaarina.fi")
    with django_capture_on_commit_callbacks(execute=True):
        make_notice(notice_index, "Tiedote tiedostoon")
    assert list(Delivery.objects.values_list("status", flat=True)) == ["sent"] * 3
    messages = _file_messages(tmp_path / "mail")
    assert sorted(m["To"] for m in messages) == [f"tilaaja{n}@kaarina.fi" for n in range(3)]


@pytest.mark.parametrize("backend", ["console", "locmem", "smtp"])
def test_notice_fan_out_works_with_every_mail_backend(
    backend, settings, mailbox, notice_index, django_capture_on_commit_callbacks, capsys
):
    from extranet.models import Delivery

    settings.EMAIL_BACKEND = BACKENDS[backend]
    django_mail.outbox = []
    make_subscription("tilaaja@kaarina.fi")
    with django_capture_on_commit_callbacks(execute=True):
        make_notice(notice_index, "Tiedote kaikille")
    assert Delivery.objects.get().status == "sent"
    if backend == "locmem":
        assert [m.to for m in django_mail.outbox] == [["tilaaja@kaarina.fi"]]
    elif backend == "console":
        assert "tilaaja@kaarina.fi" in capsys.readouterr().out
    else:
        assert [m["To"] for m in mailbox.wait_for(1)] == ["tilaaja@kaarina.fi"]


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_outbox_mail_goes_out_through_every_backend(
    backend, settings, tmp_path, mailbox, django_capture_on_commit_callbacks, capsys
):
    from ake.outbox import outbox_enqueue

    settings.EMAIL_BACKEND = BACKENDS[backend]
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    django_mail.outbox = []
    message = EmailMessage("Hei", "Viesti.", None, ["vastaanottaja@kaarina.fi"])
    message.attach("kutsu.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        row = outbox_enqueue(message, purpose="test")
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 1)
    if backend == "file":
        assert [m["To"] for m in _file_messages(tmp_path / "mail")] == ["vastaanottaja@kaarina.fi"]
    elif backend == "locmem":
        assert django_mail.outbox[0].attachments[0][0] == "kutsu.ics"
    elif backend == "console":
        assert "vastaanottaja@kaarina.fi" in capsys.readouterr().out
    else:
        received = mailbox.wait_for(1)[0]
        assert [part.get_filename() for part in received.walk() if part.get_filename()] == ["kutsu.ics"]


# --------------------------------------------------------------------------- the outbox itself
def test_a_rolled_back_write_sends_nothing_and_a_key_is_sent_once(
    mailbox, django_capture_on_commit_callbacks
):
    from ake.outbox import outbox_enqueue

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox_enqueue(EmailMessage("Ei", "Ei lähde.", None, ["a@kaarina.fi"]), purpose="test")
            raise RuntimeError("the business write failed")
        with transaction.atomic():
            first = outbox_enqueue(
                EmailMessage("Kyllä", "Lähtee.", None, ["a@kaarina.fi"]), purpose="t", key="k1"
            )
            second = outbox_enqueue(
                EmailMessage("Kyllä", "Toinen.", None, ["a@kaarina.fi"]), purpose="t", key="k1"
            )
    assert first is not None and second is None
    assert _outbox().count() == 1
    assert [_subject(m) for m in mailbox.wait_for(1)] == ["[AKE-extranet] Kyllä"]


def test_temporary_failures_back_off_and_the_sweep_resends_permanent_ones_give_up(
    mailbox, django_capture_on_commit_callbacks
):
    from ake.outbox import MAX_ATTEMPTS, outbox_enqueue, outbox_sweep

    mailbox.refuse["busy@kaarina.fi"] = "451 4.3.0 try again later"
    mailbox.refuse["gone@kaarina.fi"] = "550 5.1.1 no such user"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        busy = outbox_enqueue(EmailMessage("A", "a", None, ["busy@kaarina.fi"]), purpose="test")
        gone = outbox_enqueue(EmailMessage("B", "b", None, ["gone@kaarina.fi"]), purpose="test")
    busy.refresh_from_db()
    gone.refresh_from_db()
    assert (busy.status, busy.attempts) == ("pending", 1)
    assert busy.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    assert (gone.status, gone.attempts) == ("failed", 1) and gone.last_error.startswith("550")
    # Not due yet: the sweep leaves it; once due, the sweep sends it.
    assert outbox_sweep()["due"] == 0
    del mailbox.refuse["busy@kaarina.fi"]
    _outbox().filter(pk=busy.pk).update(next_attempt_at=timezone.now())
    assert outbox_sweep()["due"] == 1
    busy.refresh_from_db()
    assert (busy.status, busy.attempts) == ("sent", 2)
    assert [m["To"] for m in mailbox.messages] == ["busy@kaarina.fi"]
    # A server that stays busy: given up after MAX_ATTEMPTS.
    mailbox.refuse["*"] = "421 4.7.0 busy"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        stubborn = outbox_enqueue(EmailMessage("C", "c", None, ["x@kaarina.fi"]), purpose="test")
    for _ in range(MAX_ATTEMPTS):
        _outbox().filter(pk=stubborn.pk, status="pending").update(next_attempt_at=timezone.now())
        outbox_sweep()
    stubborn.refresh_from_db()
    assert (stubborn.status, stubborn.attempts) == ("failed", MAX_ATTEMPTS)


def test_a_row_left_sending_by_a_dead_worker_is_sent_by_the_sweep(mailbox):
    from ake.models import OutboxMail
    from ake.outbox import STALE_AFTER, outbox_sweep

    row = OutboxMail.objects.create(
        key="dead-worker",
        purpose="test",
        recipients=["a@kaarina.fi"],
        subject="Jäi kesken",
        body="b",
        status=OutboxMail.Status.SENDING,
        attempts=1,
        claimed_at=timezone.now() - STALE_AFTER - datetime.timedelta(seconds=1),
    )
    assert outbox_sweep()["requeued"] == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(mailbox.wait_for(1)) == 1


def test_the_beat_sweep_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["ake-outbox-sweep"]
    assert entry["task"] == "ake.tasks.outbox_sweep" and entry["schedule"] <= 60


# --------------------------------------------------------------------------- item 2: who uses it
def test_kit_booking_confirmation_is_an_outbox_row_of_the_booking_transaction(staff_user, mailbox):
    from loans.services import kit_booking_create
    from tests.loans.conftest import ensure_game_rule, make_kit

    ensure_game_rule()
    kit = make_kit()
    pickup = timezone.localdate() + datetime.timedelta(days=10)
    with pytest.raises(RuntimeError), transaction.atomic():
        kit_booking_create(
            kit=kit,
            library=staff_user.library,
            booked_by=staff_user,
            pickup_date=pickup,
            return_date=pickup + datetime.timedelta(days=5),
            delivery="courier",
        )
        assert _outbox().filter(purpose="loans.booking.confirmed", recipients=[staff_user.email]).count() == 1
        raise RuntimeError("rolled back")
    assert _outbox().count() == 0
    kit_booking_create(
        kit=kit,
        library=staff_user.library,
        booked_by=staff_user,
        pickup_date=pickup,
        return_date=pickup + datetime.timedelta(days=5),
        delivery="courier",
    )
    row = _outbox().get()
    assert row.purpose == "loans.booking.confirmed" and "Pelisalkku" in row.body


def test_interlibrary_request_and_subscription_confirmation_are_outbox_rows(staff_user):
    from extranet.services import subscription_request
    from loans.services import interlibrary_loan_request_create

    interlibrary_loan_request_create(
        user=staff_user,
        title="Seitsemän veljestä",
        author="Kivi",
        identifier="",
        needed_by=None,
        contact_name="Maija",
        contact_email=staff_user.email,
        notes="",
    )
    subscription_request(email="tilaaja@kaarina.fi", language="sv")
    purposes = sorted(_outbox().values_list("purpose", flat=True))
    assert purposes == ["extranet.subscription", "loans.interlibrary"]
    assert _outbox().get(purpose="extranet.subscription").recipients == ["tilaaja@kaarina.fi"]


def test_sign_up_verification_mail_is_an_outbox_row_sent_by_the_task(
    client, libraries, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "uusi@kaarina.fi",
                "first_name": "Uusi",
                "last_name": "Käyttäjä",
                "password1": "Kirjasto-salasana-2024",
                "password2": "Kirjasto-salasana-2024",
            },
        )
    assert response.status_code == 302
    row = _outbox().get()
    assert row.purpose == "account.email_confirmation_signup" and row.status == "sent"
    assert [m["To"] for m in mailbox.wait_for(1)] == ["uusi@kaarina.fi"]
