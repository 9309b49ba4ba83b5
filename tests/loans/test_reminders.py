"""Reminders before pick-up and return: rows with a due day, sent by a beat-driven sweep."""

import time

import pytest
from django.conf import settings

from loans.models import KitReminder
from loans.services import kit_booking_cancel, kit_booking_create
from loans.tasks import REMINDER_MAX_ATTEMPTS, kit_reminders_send
from tests.conftest import message_text
from tests.trainings.conftest import subject

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


@pytest.mark.django_db
def test_a_kit_nine_months_overdue_gets_an_overdue_notice_not_a_return_soon(
    kit, staff_user, editor, today, mailbox, settings
):
    """Issue #15 item 15: the "return soon" reminder went out for kits long overdue."""
    from loans.services import kit_booking_hand_over

    months_ago = days(today, -280)
    booking = kit_booking_create(
        kit=kit,
        library=staff_user.library,
        booked_by=staff_user,
        pickup_date=months_ago,
        return_date=days(months_ago, 6),
        delivery=COURIER,
        today=days(months_ago, -10),
    )
    kit_booking_hand_over(booking=booking, by=editor)
    # The sweep did not run for months: the return reminder is still pending, long past its day.
    assert booking.reminders.get(kind=KitReminder.Kind.RETURN).status == KitReminder.Status.PENDING
    assert kit_reminders_send() == 1
    to_library = mailbox.to(staff_user.email)
    to_ake = mailbox.to(settings.AKE_CONTACT_EMAIL)
    assert len(to_library) == 1 and len(to_ake) == 1
    from django.utils import translation

    with translation.override("fi"):
        overdue_subject = translation.gettext("Kit overdue: please return it")
    assert overdue_subject != "Kit overdue: please return it"
    assert overdue_subject in subject(to_library[0])
    assert "ei ole vielä palautettu" in message_text(to_library[0])
    assert staff_user.library.name in message_text(to_ake[0])
    reminders = dict(booking.reminders.values_list("kind", "status"))
    assert reminders[KitReminder.Kind.RETURN] == KitReminder.Status.CANCELLED
    assert reminders[KitReminder.Kind.OVERDUE] == KitReminder.Status.SENT
    # Once: the next sweeps send nothing more.
    assert kit_reminders_send() == 0
    assert len(mailbox.messages) == 2


@pytest.mark.django_db
def test_ake_sees_the_overdue_notice_in_the_overdue_list(client, kit, staff_user, editor, today, mailbox):
    from loans.services import kit_booking_hand_over

    booking = book_earlier(kit, staff_user, today, pickup_offset=-15)
    kit_booking_hand_over(booking=booking, by=editor)
    client.force_login(editor)
    from django.urls import reverse

    assert client.get(reverse("kit_bookings:overdue")).context["bookings"][0].overdue_notice_sent_at is None
    kit_reminders_send()
    row = client.get(reverse("kit_bookings:overdue")).context["bookings"][0]
    assert row.overdue_notice_sent_at is not None


@pytest.mark.django_db
def test_a_pick_up_reminder_whose_day_has_passed_is_not_sent(kit, staff_user, today, mailbox):
    booking = book_earlier(kit, staff_user, today, pickup_offset=-3)
    assert kit_reminders_send() == 0
    assert mailbox.messages == []
    assert booking.reminders.get(kind=KitReminder.Kind.PICKUP).status == KitReminder.Status.CANCELLED


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
