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


def test_the_event_cards_written_in_python_are_the_templates_to_the_byte(libraries):
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
    events = list(selectors.event_list_public())
    assert len(events) == 5
    template = engines["django"].from_string(TEMPLATE_LOOP)
    for language in ("fi", "sv", "en"):
        with override(language):
            expected = template.render({"events": events})
            assert event_cards_html(events) == expected, language
    assert "badge-warn" in expected and "badge-ok" in expected and "badge-error" in expected
    assert " – <time" in expected and "&lt;b&gt;" in expected
