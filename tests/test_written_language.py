"""Free text read as written (issue #14): a library visit's summary, an interlibrary loan's notes and
reason, a kit booking's notes and decision. Each such text keeps the language its writer wrote it in
(their profile language at the time of writing), and a page in another language marks it with
``lang`` so that a screen reader reads a Finnish reason on a Swedish page in Finnish (WCAG 3.1.2)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from loans.models import InterlibraryLoan, KitBooking
from loans.services import (
    interlibrary_loan_not_supplied,
    kit_booking_cancel,
    kit_booking_create,
    kit_booking_refuse,
)
from networks.models import LibraryVisit

from .conftest import make_user
from .loans.conftest import COLLECTED, days, ensure_game_rule, make_kit

pytestmark = pytest.mark.django_db


def _url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


def _lang_of(html: str, text: str) -> str | None:
    """The ``lang`` of the innermost element whose own text contains `text` (None: no lang there)."""
    match = re.search(r"<(\w+)([^>]*)>[^<]*" + re.escape(text), html)
    assert match, f"{text!r} not on the page"
    lang = re.search(r'\blang="(\w+)"', match.group(2))
    return lang.group(1) if lang else None


def migration_added_fields(module: str) -> dict:
    """``{(model, field): (default, preserve_default)}`` of a migration's AddFields: a default kept
    is what AddField writes into every row that exists when the migration runs."""
    from importlib import import_module

    from django.db import migrations

    migration = import_module(module).Migration
    return {
        (operation.model_name, operation.name): (operation.field.default, operation.preserve_default)
        for operation in migration.operations
        if isinstance(operation, migrations.AddField)
    }


@pytest.fixture
def swedish_staff(libraries):
    return make_user("anna.lind@kaarina.fi", library=libraries["kaarina"], language="sv")


def test_a_visit_summary_is_marked_with_the_language_it_was_written_in(client, libraries, swedish_staff):
    finnish = LibraryVisit.objects.create(
        date=datetime.date(timezone.localdate().year, 1, 15),
        place=libraries["kaarina"],
        summary="Keskustelimme lukudiplomista.",
    )
    swedish = LibraryVisit.objects.create(
        date=datetime.date(timezone.localdate().year, 1, 16),
        place=libraries["pori"],
        summary="Vi talade om läsdiplomet.",
        text_language="sv",
    )
    assert finnish.text_language == "fi"  # the default, as for every visit written before the field
    client.force_login(swedish_staff)
    swedish_page = client.get(_url("visits", "sv")).content.decode()
    assert _lang_of(swedish_page, "Keskustelimme lukudiplomista.") == "fi"
    assert _lang_of(swedish_page, "Vi talade om läsdiplomet.") is None
    finnish_page = client.get(_url("visits", "fi")).content.decode()
    assert _lang_of(finnish_page, "Keskustelimme lukudiplomista.") is None
    assert _lang_of(finnish_page, "Vi talade om läsdiplomet.") == "sv"
    assert swedish.text_language == "sv"


def test_the_admin_starts_a_new_visit_in_the_writers_language(client, libraries, editor):
    editor.language = "sv"
    editor.save(update_fields=["language"])
    client.force_login(editor)
    response = client.get(reverse("library_visits:add"))
    assert response.context["form"]["text_language"].value() == "sv"
    # Each language named in its own language, and marked so (WCAG 3.1.2).
    assert '<option value="fi" lang="fi">Suomi</option>' in response.content.decode()
    editor.language = "en"
    editor.save(update_fields=["language"])
    assert client.get(reverse("library_visits:add")).context["form"]["text_language"].value() == "en"


def test_an_interlibrary_loan_keeps_the_language_of_each_writer(client, swedish_staff, editor):
    client.force_login(swedish_staff)
    response = client.post(
        _url("loans:interlibrary_request", "sv"),
        {
            "title": "Fänrik Ståls sägner",
            "contact_name": "Anna Lind",
            "contact_email": swedish_staff.email,
            "notes": "Behövs till bokcirkeln.",
        },
    )
    assert response.status_code == 302
    loan = InterlibraryLoan.objects.get()
    assert loan.notes_language == "sv"
    # Turku's lending staff (Finnish profile) answer in Finnish.
    interlibrary_loan_not_supplied(loan=loan, reason="Lainassa, varauksia jonossa", by=editor)
    loan.refresh_from_db()
    assert (loan.reason_language, loan.notes_language) == ("fi", "sv")
    page = client.get(_url("loans:my_interlibrary_loans", "sv")).content.decode()
    assert _lang_of(page, "Lainassa, varauksia jonossa") == "fi"
    page = client.get(_url("loans:my_interlibrary_loans", "fi")).content.decode()
    assert _lang_of(page, "Lainassa, varauksia jonossa") is None


def test_a_refusal_and_a_cancellation_carry_their_writers_language(client, swedish_staff, editor):
    ensure_game_rule()
    kit = make_kit()
    today = timezone.localdate()

    def book(start):
        return kit_booking_create(
            kit=kit,
            library=swedish_staff.library,
            booked_by=swedish_staff,
            pickup_date=days(today, start),
            return_date=days(today, start + 4),
            delivery=COLLECTED,
            notes="Till sagostunden.",
        )

    refused = book(400)  # beyond the year ahead: waits for AKE
    assert refused.notes_language == "sv"
    kit_booking_refuse(booking=refused, by=editor, reason="Salkku on silloin huollossa.")
    cancelled = book(30)
    kit_booking_cancel(booking=cancelled, by=swedish_staff, reason="Evenemanget ställdes in.")
    refused.refresh_from_db()
    cancelled.refresh_from_db()
    assert (refused.decision_language, cancelled.decision_language) == ("fi", "sv")
    assert KitBooking.objects.count() == 2
    client.force_login(swedish_staff)
    page = client.get(_url("loans:my_bookings", "sv")).content.decode()
    assert _lang_of(page, "Salkku on silloin huollossa.") == "fi"
    assert _lang_of(page, "Evenemanget ställdes in.") is None
    page = client.get(_url("loans:my_bookings", "en")).content.decode()
    assert _lang_of(page, "Salkku on silloin huollossa.") == "fi"
    assert _lang_of(page, "Evenemanget ställdes in.") == "sv"
