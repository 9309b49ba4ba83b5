"""Reminders before pick-up and return: rows with a due day, sent by a beat-driven sweep."""

import time

import pytest
from django.conf import settings

from loans.models import KitReminder
from loans.services import kit_booking_cancel, kit_booking_create
from loans.tasks import REMINDER_MAX_ATTEMPTS, kit_reminders_send
from tests.conftest import message_text

from .conftest import COURIER, days, make_kit


def book_earlier(kit, user, today, pickup_offset=2, loan_days=7):
    """A booking made three weeks ago, so that its pick-up reminder is due today."""
    pickup = days(today, pickup_offset)
    return kit_booking_create(
        kit=kit,
        library=user.library,
        booked_by=user,
        pickup_date=pickup,
        return_date=days(pickup, loan_days - 1),
        delivery=COURIER,
        today=days(today, -21),
    )


def test_the_beat_sweep_is_scheduled_without_long_etas():
    entry = settings.CELERY_BEAT_SCHEDULE["loans-kit-reminders"]
    assert entry["task"] == "loans.tasks.kit_reminders_send"
    assert entry["schedule"] <= settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]


@pytest.mark.django_db
def test_due_reminder_is_sent_once_in_the_bookers_language(kit, staff_user, today, mailbox):
    staff_user.language = "sv"
    staff_user.save()
    kit.name_sv = "Spelväska"
    kit.save()
    booking = book_earlier(kit, staff_user, today)
    assert kit_reminders_send() == 1
    messages = mailbox.wait_for(1)
    assert len(mailbox.to(staff_user.email)) == 1
    assert "Spelväska" in message_text(messages[0])
    reminder = booking.reminders.get(kind=KitReminder.Kind.PICKUP)
    assert reminder.status == KitReminder.Status.SENT and reminder.sent_at is not None
    # The return reminder is not due yet, and nothing is sent twice.
    assert booking.reminders.get(kind=KitReminder.Kind.RETURN).status == KitReminder.Status.PENDING
    assert kit_reminders_send() == 0
    assert len(mailbox.messages) == 1


@pytest.mark.django_db
def test_cancelled_booking_gets_no_reminder(kit, staff_user, today, mailbox):
    booking = book_earlier(kit, staff_user, today)
    kit_booking_cancel(booking=booking, by=staff_user)
    assert kit_reminders_send() == 0
    assert mailbox.messages == []


@pytest.mark.django_db
def test_refused_mail_is_retried_then_marked_failed(kit, staff_user, today, mailbox):
    booking = book_earlier(kit, staff_user, today)
    mailbox.refuse[staff_user.email] = "550 mailbox unavailable"
    for _ in range(REMINDER_MAX_ATTEMPTS - 1):
        assert kit_reminders_send() == 0
    reminder = booking.reminders.get(kind=KitReminder.Kind.PICKUP)
    assert reminder.status == KitReminder.Status.PENDING and reminder.attempts == REMINDER_MAX_ATTEMPTS - 1
    kit_reminders_send()
    reminder.refresh_from_db()
    assert reminder.status == KitReminder.Status.FAILED and "550" in reminder.last_error


@pytest.mark.django_db
def test_changing_the_dates_moves_the_reminders(kit, staff_user, today):
    from loans.services import kit_booking_update

    booking = book_earlier(kit, staff_user, today, pickup_offset=10)
    kit_booking_update(
        booking=booking,
        by=staff_user,
        pickup_date=days(today, 12),
        return_date=days(today, 15),
        delivery=COURIER,
        notes="",
    )
    assert dict(booking.reminders.values_list("kind", "due_on")) == {
        KitReminder.Kind.PICKUP: days(today, 10),
        KitReminder.Kind.RETURN: days(today, 13),
    }


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_due_reminder(game_rule, staff_user, today, mailbox, celery_worker):
    kit = make_kit()
    booking = book_earlier(kit, staff_user, today)
    kit_reminders_send.delay()
    deadline_messages = mailbox.wait_for(2, timeout=30)  # the confirmation and the reminder
    subjects = [message["Subject"] for message in deadline_messages]
    assert len(mailbox.to(staff_user.email)) == 2, subjects
    reminder = booking.reminders.get(kind=KitReminder.Kind.PICKUP)
    for _ in range(50):
        reminder.refresh_from_db()
        if reminder.status == KitReminder.Status.SENT:
            break
        time.sleep(0.1)
    assert reminder.status == KitReminder.Status.SENT
