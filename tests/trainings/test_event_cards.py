"""The calendar's event cards are written in Python (trainings.views.event_cards_html, issue #20:
the template's cards were most of a cold calendar's rendering): they are the template loop's output
to the byte, in every language, for each kind of card."""

import datetime

import pytest
from django.template import engines
from django.utils import timezone
from django.utils.translation import override

from trainings import selectors, services
from trainings.models import Event, EventFormat, EventKind, Participation
from trainings.views import event_cards_html

from .conftest import make_event

pytestmark = pytest.mark.django_db

# The calendar's loop the Python replaced (trainings/templates/trainings/calendar.html).
TEMPLATE_LOOP = """{% for event in events %}
    {% include "trainings/includes/event_card.html" %}
  {% endfor %}"""


def _events_of_every_kind(libraries) -> None:
    # 23:30 UTC is the next day in Helsinki: the dates are the local ones, as in the template.
    start = (timezone.now() + datetime.timedelta(days=10)).replace(
        hour=23, minute=30, second=0, microsecond=0
    )
    make_event(
        title='Koulutus <b>&</b> "lainaus"',
        summary="Tiivistelmä & <i>'lainaus'</i>",
        start=start,
        seats_on_site=1,
    )
    full = make_event(
        title="Täysi hybridi",
        format=EventFormat.HYBRID,
        seats_on_site=1,
        seats_remote=5,
        start=start + datetime.timedelta(hours=1),
    )
    services.registration_create(
        event=full,
        email="osallistuja@kaarina.fi",
        first_name="O",
        last_name="S",
        library=libraries["kaarina"],
        participation=Participation.ON_SITE,
    )
    make_event(
        title="Monipäiväinen opintomatka",
        kind=EventKind.STUDY_TRIP,
        start=start + datetime.timedelta(hours=2),
        end=start + datetime.timedelta(days=2),
    )
    make_event(
        title="Etäkahvit",
        kind=EventKind.COFFEE_HOUR,
        format=EventFormat.REMOTE,
        venue="",
        municipality="",
        seats_remote=3,
        start=start + datetime.timedelta(hours=3),
    )
    make_event(title="Peruttu", status=Event.Status.CANCELLED, start=start + datetime.timedelta(hours=4))
    # Hybrid with a free on-site seat and a full desk pool (one remote seat taken); in person without
    # a seat limit (no badge at all).
    hybrid = make_event(
        title="Hybridi",
        format=EventFormat.HYBRID,
        seats_on_site=4,
        seats_remote=1,
        start=start + datetime.timedelta(hours=5),
    )
    services.registration_create(
        event=hybrid,
        email="etana@kaarina.fi",
        first_name="E",
        last_name="T",
        library=libraries["kaarina"],
        participation=Participation.REMOTE,
    )
    make_event(title="Rajaton", start=start + datetime.timedelta(hours=6))


def test_the_event_cards_written_in_python_are_the_templates_to_the_byte(libraries):
    _events_of_every_kind(libraries)
    events = list(selectors.event_list_public())
    assert len(events) == 7
    template = engines["django"].from_string(TEMPLATE_LOOP)
    for language in ("fi", "sv", "en"):
        with override(language):
            expected = template.render({"events": events})
            assert event_cards_html(events) == expected, language
    assert "badge-warn" in expected and "badge-ok" in expected and "badge-error" in expected
    assert " – <time" in expected and "&lt;b&gt;" in expected


def test_the_cards_kept_without_seats_and_their_badges_put_in_are_the_templates_to_the_byte(libraries):
    """The calendar keeps its cards across registrations with a mark where the seat badges go, and
    the badges apart (one query for every card): put together they are the template's cards, and
    the calendar page's list is what the template loop gives, in every language."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from trainings.views import (
        SEATS_MARK,
        calendar_seat_badges,
        calendar_seat_limits,
        fill_seat_badges,
    )

    _events_of_every_kind(libraries)
    annotated = list(selectors.event_list_public())
    plain = list(selectors.event_list_public(seats=False))
    assert [event.pk for event in plain] == [event.pk for event in annotated]
    template = engines["django"].from_string(TEMPLATE_LOOP)
    client = Client()
    for language in ("fi", "sv", "en"):
        with override(language):
            expected = template.render({"events": annotated})
            chunks = event_cards_html(plain, seats_apart=True).split(SEATS_MARK)
            limits = calendar_seat_limits(plain)
            assert len(chunks) == len(limits) + 1 == 5  # the four events with a seat limit
            with CaptureQueriesContext(connection) as queries:
                badges = calendar_seat_badges(limits)
            assert len(queries) == 1
            assert fill_seat_badges(chunks, badges) == expected, language
            page = client.get(reverse("trainings:calendar")).content.decode()
        assert '<ul class="event-list">\n  ' + expected + "\n</ul>" in page, language
        assert SEATS_MARK not in page


def test_the_calendar_pages_from_rows_are_the_orms_to_the_byte(libraries, rf, monkeypatch):
    """The unfiltered calendar's pages from the rows of one compiled statement, each card kept by its
    row and the frame by its page (trainings.views._calendar_listing_from_rows), are the ORM's
    listing to the byte, with the same count and seat limits, in every language, made or kept; a
    renamed event writes its own card again and no other; a page past the end goes to the ORM."""
    from trainings import views

    _events_of_every_kind(libraries)
    start = timezone.now() + datetime.timedelta(days=20)
    for number in range(20):  # two pages
        make_event(title=f"Lisäkoulutus {number}", start=start + datetime.timedelta(hours=number))

    def both(page: str):
        request = rf.get("/", {"page": page})
        return views._calendar_listing_from_rows(request, int(page), ""), views._calendar_listing_orm(
            request, {}, ""
        )

    for language in ("fi", "sv", "en"):
        with override(language):
            for _made_then_kept in range(2):
                for page in ("1", "2"):
                    from_rows, orm = both(page)
                    assert from_rows == orm, (language, page)
                    assert from_rows[0] == 27
            assert views._calendar_listing_from_rows(rf.get("/", {"page": "3"}), 3, "") is None
    built = []
    card = views._card
    monkeypatch.setattr(views, "_card", lambda query, row: built.append(row[0]) or card(query, row))
    event = Event.objects.get(title_fi="Etäkahvit")
    event.title_fi = "Etäkahvit & <uusi>"
    event.save()
    with override("fi"):
        from_rows, orm = both("1")
    assert from_rows == orm and "Etäkahvit &amp; &lt;uusi&gt;" in "".join(from_rows[1])
    assert built == [event.pk]
