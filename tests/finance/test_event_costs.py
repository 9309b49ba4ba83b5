"""An event's costs from the event in the admin (issue 17): trainer fees, travel, transport, catering,
room, budgeted and paid; corrected later; totals per event and for the year's events only for those
who may see money; editors see only their own lines."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from finance.models import Cost
from tests.trainings.conftest import make_event

pytestmark = pytest.mark.django_db

YEAR = 2025


def _line(event, category, budgeted, paid=None, *, by=None, day=datetime.date(YEAR, 3, 10), **extra):
    return Cost.objects.create(
        activity="event",
        event=event,
        category=category,
        date=day,
        amount_budgeted=Decimal(budgeted),
        amount_paid=None if paid is None else Decimal(paid),
        payee_type="company",
        recorded_by=by,
        **extra,
    )


@pytest.fixture
def event(editor):
    return make_event(
        title="Pelikasvatuksen koulutus",
        start=datetime.datetime(YEAR, 3, 10, 9, tzinfo=datetime.UTC),
        created_by=editor,
    )


def test_an_admin_records_and_corrects_the_costs_from_the_event_and_sees_the_totals(
    client, admin_with_mfa, event, editor
):
    client.force_login(admin_with_mfa)
    edit = client.get(reverse("trainings_event:edit", args=[event.pk])).content.decode()
    url = reverse("finance_event_cost_record", args=[event.pk])
    assert url in edit  # the "Costs" button of the event
    page = client.get(url).content.decode()
    for label in ("kouluttajat ja puhujat", "matkat", "yhteiskuljetukset", "tarjoilut", "tilavuokra"):
        assert label in page, label
    for category, budgeted, paid, payee in (
        ("trainers", "600", "600", "Kouluttaja Oy"),
        ("room", "250", "", "Kokouskeskus"),
        ("catering", "180,50", "175,40", "Kahvila Oy"),
    ):
        response = client.post(
            url,
            {
                "category": category,
                "description": "",
                "date": "2025-03-10",
                "amount_budgeted": budgeted,
                "amount_paid": paid,
                "payee_type": "company",
                "payee": payee,
            },
        )
        assert response.status_code == 302, response.context["form"].errors
    another = make_event(title="Toinen", start=datetime.datetime(YEAR, 9, 1, 9, tzinfo=datetime.UTC))
    _line(another, "travel", "100", "90")
    _line(another, "travel", "999", day=datetime.date(YEAR + 1, 1, 5))  # next year's cost
    room = Cost.objects.get(event=event, category="room")
    # The room is paid later: the line is corrected.
    edit_url = reverse("finance_event_cost_edit", args=[event.pk, room.pk])
    assert edit_url in client.get(url).content.decode()
    response = client.post(
        edit_url,
        {
            "category": "room",
            "date": "2025-03-12",
            "amount_budgeted": "250",
            "amount_paid": "240",
            "payee_type": "company",
            "payee": "Kokouskeskus",
        },
    )
    assert response.status_code == 302
    room.refresh_from_db()
    assert (room.amount_paid, room.date) == (Decimal("240"), datetime.date(2025, 3, 12))
    page = client.get(url).content.decode()
    # Per category and in all: budgeted 1 030,50, paid 1 015,40, nothing committed any more.
    assert "Tapahtuman kulut yhteensä" in page
    assert "1\xa0030,50" in page and "1\xa0015,40" in page
    # The year's events: 1 130,50 budgeted and 1 105,40 paid over 2 events (next year's line apart).
    assert "1\xa0130,50" in page and "1\xa0105,40" in page and "(2 tapahtumaa" in page


def test_an_editor_sees_and_corrects_only_their_own_lines(client, editor, event, ake_admin):
    mine = _line(event, "trainers", "300", by=editor)
    theirs = _line(event, "catering", "150.00", "150.00", by=ake_admin)
    client.force_login(editor)
    url = reverse("finance_event_cost_record", args=[event.pk])
    assert url in client.get(reverse("trainings_event:edit", args=[event.pk])).content.decode()
    page = client.get(url).content.decode()
    assert "300,00" in page and "150,00" not in page
    assert "Tapahtuman kulut yhteensä" not in page  # no totals without the money role
    assert client.get(reverse("finance_event_cost_edit", args=[event.pk, mine.pk])).status_code == 200
    response = client.get(reverse("finance_event_cost_edit", args=[event.pk, theirs.pk]))
    assert response.status_code in (302, 403)
    response = client.post(
        reverse("finance_event_cost_edit", args=[event.pk, theirs.pk]),
        {"category": "catering", "date": "2025-03-10", "amount_budgeted": "1", "payee_type": "company"},
    )
    assert response.status_code in (302, 403)
    theirs.refresh_from_db()
    assert theirs.amount_budgeted == Decimal("150.00")
    other = make_event(title="Muiden tapahtuma")
    assert client.get(reverse("finance_event_cost_edit", args=[other.pk, mine.pk])).status_code in (
        302,
        403,
        404,
    )
    assert (
        reverse("finance_event_cost_record", args=[other.pk])
        not in client.get(reverse("trainings_event:edit", args=[other.pk])).content.decode()
    )


def test_bad_input_is_a_translated_message_by_the_field(client, editor, event):
    client.force_login(editor)
    url = reverse("finance_event_cost_record", args=[event.pk])
    response = client.post(
        url,
        {
            "category": "postage",  # not a cost of an event
            "date": "2025-02-30",
            "amount_budgeted": "-5",
            "amount_paid": "kaksi",
            "payee_type": "person",
            "payee": "FI21 1234 5600 0007 85",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"category", "date", "amount_budgeted", "amount_paid", "payee"}, errors
    page = response.content.decode()
    assert "Älä kirjoita tähän pankkitietoja" in page
    assert not Cost.objects.exists()
    # Not found (Django's LocaleMiddleware first tries the address under /fi/, which is not found either).
    missing = client.get(reverse("finance_event_cost_edit", args=[event.pk, 999999]), follow=True)
    assert missing.status_code == 404


def test_the_event_cost_page_reads_the_same_queries_at_two_sizes(client, admin_with_mfa, event):
    client.force_login(admin_with_mfa)
    url = reverse("finance_event_cost_record", args=[event.pk])
    counts = []
    for size in (3, 30):
        Cost.objects.all().delete()
        for index in range(size):
            _line(event, ["trainers", "travel", "room"][index % 3], "10", "10" if index % 2 else None)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
