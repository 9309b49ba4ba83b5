"""Municipalities in the page's (or the reader's) language: Pomarkku is Påmark on a Swedish page.

An event's and a library's municipality are translated fields; their Swedish and English names are
filled from the Finnish one (networks/municipalities.py): the official Swedish name where there is one,
the Finnish name otherwise and in English.
"""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation

from networks.models import DevelopmentProject, Library
from networks.municipalities import municipality_name
from tests.conftest import make_user, message_text
from trainings import services

from .conftest import make_event

pytestmark = pytest.mark.django_db


def _pomarkku_event(**fields):
    library = Library.objects.get(name_fi="Pomarkun kunnankirjasto")
    return make_event(
        title="Satutuokioiden ideapaja",
        venue=library.name_fi,
        venue_sv=library.name_sv,
        municipality="Pomarkku",
        host_library=library,
        **fields,
    )


def test_the_swedish_event_page_says_pamark_and_the_finnish_and_english_pomarkku(client):
    event = _pomarkku_event()
    assert (event.municipality_fi, event.municipality_sv, event.municipality_en) == (
        "Pomarkku",
        "Påmark",
        "Pomarkku",
    )
    pages = {}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            pages[language] = client.get(event.get_absolute_url()).content.decode()
    assert "Påmark" in pages["sv"] and "Pomarkku" not in pages["sv"]
    assert "Pomarkku" in pages["fi"] and "Påmark" not in pages["fi"]
    # English uses the Finnish name as English text: not marked as a Finnish fallback.
    assert "Pomarkku" in pages["en"] and 'lang="fi">Pomarkku' not in pages["en"]


def test_the_swedish_event_list_and_calendar_say_pamark(client):
    event = _pomarkku_event()
    with translation.override("sv"):
        listing = client.get(reverse("trainings:calendar")).content.decode()
        calendar = icalendar.Calendar.from_ical(
            client.get(reverse("trainings:event_ics", args=[event.pk])).content
        )
    assert "Påmark" in listing and "Pomarkku" not in listing
    (vevent,) = calendar.walk("VEVENT")
    assert "Påmark" in str(vevent["LOCATION"])


def test_a_swedish_reader_gets_pamark_in_the_confirmation_mail(
    libraries, mailbox, django_capture_on_commit_callbacks
):
    event = _pomarkku_event(seats_on_site=5)
    anna = make_user("anna@kaarina.fi", library=libraries["kaarina"], language="sv", first_name="Anna")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            event=event,
            user=anna,
            email=anna.email,
            first_name=anna.first_name,
            last_name=anna.last_name,
            library=anna.library,
            language="sv",
        )
    (mail,) = mailbox.wait_for(1)
    text = message_text(mail)
    assert "Påmark" in text and "Pomarkku" not in text


def test_swedish_search_finds_an_event_by_the_swedish_municipality(client):
    _pomarkku_event()
    with translation.override("sv"):
        found = client.get(reverse("trainings:calendar"), {"q": "Påmark"}).content.decode()
    assert "Satutuokioiden ideapaja" in found


def test_a_changed_municipality_changes_its_translations_but_an_editors_own_name_stays():
    event = make_event(municipality="Pori")
    assert event.municipality_sv == "Björneborg"
    event.municipality_fi = "Rauma"
    event.save()
    event.refresh_from_db()
    assert (event.municipality_sv, event.municipality_en) == ("Raumo", "Rauma")

    # A place the list does not know falls back to the Finnish text; a name an editor writes stays.
    other = make_event(municipality="Kuusamo")
    assert (other.municipality_sv, other.municipality_en) == (None, None)
    with translation.override("sv"):
        assert other.municipality == "Kuusamo"
    other.municipality_sv = "Kuusamo kommun"
    other.save()
    other.refresh_from_db()
    assert other.municipality_sv == "Kuusamo kommun"


def test_every_library_has_its_municipality_in_swedish_and_english():
    libraries = Library.objects.all()
    assert libraries.count() > 43
    for library in libraries:
        assert library.municipality_sv == municipality_name(library.municipality_fi, "sv"), library.name_fi
        assert library.municipality_en == library.municipality_fi, library.name_fi
    pori = Library.objects.get(name_fi="Porin kaupunginkirjasto")
    assert (pori.municipality_sv, pori.municipality_en) == ("Björneborg", "Pori")


def test_the_swedish_project_register_lists_swedish_municipality_names(client, editor):
    DevelopmentProject.objects.create(
        name="Lukuintoa pieniin kirjastoihin",
        status=DevelopmentProject.Status.RUNNING,
        starts_on=datetime.date(2025, 1, 1),
        sign_up_opened_on=datetime.date(2025, 1, 15),
    )
    client.force_login(editor)
    with translation.override("sv"):
        page = client.get(reverse("project_register")).content.decode()
    assert "Påmark" in page and "Björneborg" in page and ">Pomarkku<" not in page


def test_the_swedish_site_search_finds_an_event_by_the_swedish_municipality(client):
    _pomarkku_event()
    with translation.override("sv"):
        found = client.get(reverse("extranet:search"), {"q": "Påmark"}).content.decode()
    assert "Satutuokioiden ideapaja" in found
