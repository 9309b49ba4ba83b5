"""The search's event results are built from rows, not from Event instances (issue #20): each item
is what ``_item`` gives for each of the same events read as an ``Event``, in every language, fallbacks
and places included."""

import datetime

import pytest
from django.utils import timezone, translation

from trainings import selectors
from trainings.models import Event, EventFormat, EventKind
from trainings.providers import _item, search

from .conftest import make_event

pytestmark = pytest.mark.django_db


def test_search_items_from_rows_are_the_items_of_the_events():
    now = timezone.now().replace(microsecond=0)
    make_event(title_fi="Lukupiiri Turussa", title_sv="", summary_fi="Lukupiiri kokoontuu", venue="")
    make_event(
        title_fi="Lukupiiri ja pelit",
        title_sv="Läsecirkel och spel",
        title_en="Reading circle",
        summary_fi="",
        summary_sv="Vi läser",
        venue="Pääkirjasto",
        venue_sv="Huvudbiblioteket",
        address="Linnankatu 2",
        municipality="Turku",
        municipality_sv="Åbo",
        kind=EventKind.COFFEE_HOUR,
    )
    make_event(
        title_fi="Etälukupiiri <verkossa> & 'muualla'",
        format=EventFormat.REMOTE,
        venue="",
        address="",
        municipality="",
        status=Event.Status.CANCELLED,
        start=now + datetime.timedelta(days=2),
    )
    make_event(  # past: listed after the coming ones, the latest first
        title_fi="Lukupiiri menneenä",
        venue="Turku",
        municipality="Turku",
        start=now - datetime.timedelta(days=30),
    )
    make_event(title_fi="Lukupiiri, luonnos", status=Event.Status.DRAFT)

    for language in ("fi", "sv", "en"):
        with translation.override(language):
            for word in ("lukupiiri", "läsecirkel", "ÅBO", "verkossa", "nothing at all"):
                rows = selectors.event_search_rows(query=word)
                expected = [_item(Event.objects.get(pk=row["id"])) for row in rows]
                assert search(query=word) == expected, (language, word)
            found = search(query="lukupiiri")
            assert len(found) == 4  # not the draft
            assert [item.start for item in found][-1] < now  # the past one last
    with translation.override("sv"):
        by_title = {item.title: item for item in search(query="lukupiiri")}
        assert by_title["Lukupiiri Turussa"].title_lang == "fi"
        assert by_title["Läsecirkel och spel"].place == "Huvudbiblioteket, Linnankatu 2, Åbo"
        assert by_title["Läsecirkel och spel"].summary == "Vi läser"
        remote = by_title["Etälukupiiri <verkossa> & 'muualla'"]
        assert remote.place == "På nätet" and remote.cancelled
