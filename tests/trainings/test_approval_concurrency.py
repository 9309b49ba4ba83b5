"""Issue #17: an approval-mode event with per-library quotas under concurrency. Real threads and real
PostgreSQL transactions; the seat and quota decisions are serialised by the event's row lock."""

import contextlib
import threading
from collections import Counter

import pytest
from django.db import connection

from ake.models import OutboxMail
from networks.models import Library
from networks.services import ServiceError
from trainings import services
from trainings.models import Registration

from .conftest import make_event


def _register(event, email, library):
    return services.registration_create(
        event=event, email=email, first_name="Person", last_name=email.split("@")[0], library=library
    )


PEOPLE = 24
LIBRARIES = 6
SEATS = 5
QUOTA = 2
EDITORS = 4


@pytest.mark.slow
def test_concurrent_registrations_and_approvals_never_exceed_the_seats_or_a_library_quota(
    committed_db, mailbox
):
    """Real threads, real PostgreSQL transactions: 24 people of 6 libraries register at once into an
    approval-mode event (5 seats, at most 2 per library); then four AKE editors approve every one of
    them at the same moment, each going through the list in their own order, while some registrants
    cancel. (Few threads per editor: the shared PostgreSQL has a connection limit.)"""
    libraries = list(Library.objects.filter(parent__isnull=True).order_by("pk")[:LIBRARIES])
    outbox_before = OutboxMail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        _run(libraries)
    finally:
        # committed_db removes the test's events and users; the outbox rows are this test's to remove.
        OutboxMail.objects.filter(pk__gt=outbox_before).delete()


def _run(libraries):
    event = make_event(seats_on_site=SEATS, approval_required=True, max_per_library=QUOTA)
    errors: list[Exception] = []

    def run_all(jobs):
        barrier = threading.Barrier(len(jobs))

        def run(job):
            try:
                barrier.wait(timeout=30)
                job()
            except ServiceError:
                pass  # refused by the quota, or already decided by the other editor
            except Exception as error:  # noqa: BLE001 - any other failure is reported below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)

    run_all(
        [
            (lambda n=n: _register(event, f"person{n}@lib{n % LIBRARIES}.fi", libraries[n % LIBRARIES]))
            for n in range(PEOPLE)
        ]
    )
    assert errors == []
    registrations = list(Registration.objects.filter(event=event).order_by("pk"))
    assert len(registrations) == PEOPLE
    assert {r.status for r in registrations} == {Registration.Status.AWAITING_APPROVAL}

    def editor(order):
        # An editor approves one registration after another; the others race them on the same rows.
        def approve_all():
            for registration in order:
                # Refused: over the quota, or approved a moment ago by another editor.
                with contextlib.suppress(ServiceError):
                    services.registration_approve(registration=registration)

        return approve_all

    orders = [registrations, registrations[::-1], registrations[::2] + registrations[1::2]]
    orders.append(registrations[1::2][::-1] + registrations[::2][::-1])
    cancellers = registrations[::9]
    jobs = [editor(order) for order in orders[:EDITORS]]
    jobs += [(lambda r=r: services.registration_cancel(registration=r)) for r in cancellers]
    run_all(jobs)
    assert errors == []

    final = list(Registration.objects.filter(event=event).select_related("library"))
    seat_holders = [r for r in final if r.status in Registration.SEAT_HOLDING]
    approved = [r for r in final if r.status in Registration.APPROVED]
    assert len(seat_holders) <= SEATS
    per_library = Counter(r.library.organisation_id for r in approved)
    assert max(per_library.values()) <= QUOTA
    # Every library got its quota: 8 libraries x 2 places (less any cancelled), seats full, rest waiting.
    assert len(seat_holders) == SEATS
    # A registration refused by the quota was refused for a reason: its library had its places (some
    # may have been given up since, by a cancellation after the approval).
    for library in libraries:
        own = [r for r in final if r.library_id == library.pk]
        if any(r.status == Registration.Status.AWAITING_APPROVAL for r in own):
            decided = [r for r in own if r.decided_at is not None]
            assert len(decided) >= QUOTA
    # Each decision was taken once: one decision mail per decided registration, none twice.
    keys = OutboxMail.objects.filter(
        purpose__in=["trainings.approval_approved", "trainings.approval_approved_waitlist"],
        key__regex=rf"^trainings\.approval:({'|'.join(str(r.pk) for r in final)}):",
    ).values_list("key", flat=True)
    mailed = Counter(key.split(":")[1] for key in keys)
    assert sorted(mailed) == sorted(str(r.pk) for r in final if r.decided_at is not None)
    assert set(mailed.values()) == {1}
