"""Issue #17: approval mode. Registrations wait for AKE's decision, approved one by one or in bulk
from the participant list; a per-library quota holds on approval, the seats still hold, and every
decision is mailed to the registrant in their language through the outbox."""

from collections import Counter

import pytest
from django.urls import reverse

from ake.models import OutboxMail
from networks.models import Library
from networks.services import ServiceError
from tests.conftest import message_text
from trainings import services
from trainings.models import Registration

from .conftest import make_event, subject

pytestmark = pytest.mark.django_db


def _register(event, email, library, language="fi", **extra):
    return services.registration_create(
        event=event,
        email=email,
        first_name=email.split("@")[0].split(".")[0].title(),
        last_name="Testi",
        library=library,
        language=language,
        **extra,
    )


def _branch_of(library: Library) -> Library:
    return Library.objects.create(
        name_fi=f"{library.name_fi}, sivukirjasto",
        name="sivukirjasto",
        municipality=library.municipality,
        region=library.region,
        consortium=library.consortium,
        parent=library,
    )


def test_a_registration_waits_for_approval_and_the_decision_is_mailed_in_the_registrants_language(
    libraries, mailbox, django_capture_on_commit_callbacks
):
    event = make_event(seats_on_site=10, approval_required=True, title="Opintomatka Tukholmaan")
    with django_capture_on_commit_callbacks(execute=True):
        waiting = _register(event, "anna.holm@kaarina.fi", libraries["kaarina"], language="sv")
    assert waiting.status == Registration.Status.AWAITING_APPROVAL
    assert waiting.is_active and not waiting.holds_seat
    (received,) = mailbox.wait_for(1)
    assert "Anmälan mottagen" in subject(received)
    assert "väntar på AKE:s beslut" in message_text(received)

    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.registration_approve(registration=waiting)
    assert approved.status == Registration.Status.CONFIRMED and approved.decided_at is not None
    (message,) = mailbox.wait_for(1)
    assert subject(message).startswith("[AKE-extranet] Anmälan godkänd")
    assert "AKE har godkänt din anmälan" in message_text(message)
    assert any(part.get_content_type() == "text/calendar" for part in message.walk())
    row = OutboxMail.objects.get(purpose="trainings.approval_approved")
    assert row.status == OutboxMail.Status.SENT and row.recipients == ["anna.holm@kaarina.fi"]

    # A Finnish registrant who is not approved hears it in Finnish and cannot queue again.
    other = _register(event, "matti.aho@turku.fi", libraries["turku"])
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_reject(registration=other)
    (message,) = mailbox.wait_for(1)
    assert "Ilmoittautumista ei hyväksytty" in subject(message)
    assert Registration.objects.get(pk=other.pk).status == Registration.Status.NOT_APPROVED
    with pytest.raises(ServiceError, match="AKE ei hyväksynyt"):
        _register(event, "matti.aho@turku.fi", libraries["turku"])
    with pytest.raises(ServiceError):
        services.registration_approve(registration=other)


def test_the_quota_per_library_holds_on_approval_and_counts_branches_for_their_library(libraries):
    event = make_event(seats_on_site=10, approval_required=True, max_per_library=2)
    branch = _branch_of(libraries["turku"])
    first = _register(event, "eka@turku.fi", libraries["turku"])
    second = _register(event, "toka@turku.fi", branch)
    third = _register(event, "kolmas@turku.fi", libraries["turku"])
    pori = _register(event, "neljas@pori.fi", libraries["pori"])
    assert {r.status for r in (first, second, third, pori)} == {Registration.Status.AWAITING_APPROVAL}

    decided = services.registrations_decide(
        event=event, registration_ids=[third.pk, second.pk, first.pk, pori.pk], approve=True
    )
    # First registered first: the third Turku registration is the one over the quota.
    assert [r.pk for r in decided.done] == [first.pk, second.pk, pori.pk]
    assert len(decided.refused) == 1 and "kolmas" in decided.refused[0].lower()
    assert Registration.objects.get(pk=third.pk).status == Registration.Status.AWAITING_APPROVAL


def test_approval_when_the_seats_are_taken_puts_the_person_on_the_waitlist_and_awaiting_people_get_no_offer(
    libraries, django_capture_on_commit_callbacks, mailbox
):
    event = make_event(seats_on_site=1, approval_required=True)
    first = _register(event, "eka@kaarina.fi", libraries["kaarina"])
    second = _register(event, "toka@pori.fi", libraries["pori"])
    pending = _register(event, "kolmas@turku.fi", libraries["turku"])
    assert services.registration_approve(registration=first).status == Registration.Status.CONFIRMED
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        waiting = services.registration_approve(registration=second)
    assert waiting.status == Registration.Status.WAITLISTED
    (message,) = mailbox.wait_for(1)
    assert "jonossa" in subject(message).lower() or "jonoon" in message_text(message)

    services.registration_cancel(registration=first, by_ake=True)
    # The freed seat goes to the approved person in line, never to one still awaiting a decision.
    assert Registration.objects.get(pk=second.pk).status == Registration.Status.OFFERED
    assert Registration.objects.get(pk=pending.pk).status == Registration.Status.AWAITING_APPROVAL


def test_an_ake_registration_needs_no_approval_and_a_cancelled_wait_is_told_as_such(
    libraries, mailbox, django_capture_on_commit_callbacks
):
    event = make_event(seats_on_site=5, approval_required=True)
    by_ake = _register(event, "eka@kaarina.fi", libraries["kaarina"], source=Registration.Source.AKE)
    assert by_ake.status == Registration.Status.CONFIRMED
    waiting = _register(event, "toka@kaarina.fi", libraries["kaarina"])
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=waiting)
    (message,) = mailbox.wait_for(1)
    assert "jonosta" not in message_text(message)
    assert "on peruttu" in message_text(message)


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


def test_ake_approves_and_declines_from_the_participant_list_singly_and_in_bulk(
    admin_client, libraries, mailbox, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    event = make_event(seats_on_site=3, approval_required=True, max_per_library=2)
    people = [
        _register(
            event, f"henkilo{n}@{'turku' if n < 3 else 'pori'}.fi", libraries["turku" if n < 3 else "pori"]
        )
        for n in range(6)
    ]
    url = reverse("trainings_event:participants", args=[event.pk])
    with django_assert_max_num_queries(20):
        page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="awaiting-table"' in html and html.count('name="selected"') == 6

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"action": "approve", "selected": [p.pk for p in people[:4]]}, follow=True
        )
    assert response.status_code == 200
    statuses = {r.email: r.status for r in Registration.objects.filter(event=event)}
    assert statuses["henkilo0@turku.fi"] == statuses["henkilo1@turku.fi"] == Registration.Status.CONFIRMED
    # Turku's third is over the quota: refused, with the reason shown, and still waiting.
    assert statuses["henkilo2@turku.fi"] == Registration.Status.AWAITING_APPROVAL
    assert "henkilo2" in response.content.decode().lower() or "Henkilo2" in response.content.decode()
    assert statuses["henkilo3@pori.fi"] == Registration.Status.CONFIRMED

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"approve_one": people[4].pk})
        admin_client.post(url, {"reject_one": people[5].pk})
    assert Registration.objects.get(pk=people[4].pk).status == Registration.Status.WAITLISTED
    assert Registration.objects.get(pk=people[5].pk).status == Registration.Status.NOT_APPROVED
    assert Registration.objects.get(pk=people[5].pk).decided_by is not None

    # Nothing chosen, a stale or foreign id: a message, never a 500.
    response = admin_client.post(url, {"action": "approve"}, follow=True)
    assert response.status_code == 200 and "Valitse" in response.content.decode()
    response = admin_client.post(url, {"approve_one": people[5].pk}, follow=True)
    assert response.status_code == 200
    response = admin_client.post(url, {"approve_one": "x"}, follow=True)
    assert response.status_code == 200

    # Every decision reached its registrant (3 confirmed + 1 waitlisted + 1 not approved).
    decided = Counter(
        OutboxMail.objects.filter(purpose__startswith="trainings.approval_").values_list("purpose", flat=True)
    )
    assert decided["trainings.approval_approved"] == 3
    assert decided["trainings.approval_approved_waitlist"] == 1
    assert decided["trainings.approval_not_approved"] == 1


def test_the_participant_list_stays_within_its_budget_with_ten_times_the_people(
    admin_client, libraries, django_assert_num_queries
):
    """Equal query counts at scale 1 and 10: nothing is read per row."""
    counts = []
    for scale in (1, 10):
        event = make_event(seats_on_site=100, approval_required=True, max_per_library=3)
        for n in range(3 * scale):
            library = libraries[("turku", "pori", "kaarina")[n % 3]]
            _register(event, f"p{scale}x{n}@{library.pk}.fi", library)
        chosen = list(Registration.objects.filter(event=event).values_list("pk", flat=True))[:scale]
        services.registrations_decide(event=event, registration_ids=chosen, approve=True)
        from django.db import connection as conn
        from django.test.utils import CaptureQueriesContext

        url = reverse("trainings_event:participants", args=[event.pk])
        admin_client.get(url)  # the session's first request reads the user's roles once
        with CaptureQueriesContext(conn) as captured:
            assert admin_client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
