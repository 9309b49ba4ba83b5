"""A registration's free answers (diet, accessibility, emergency contact, the event's free-text
questions) keep the language of whoever filled in the form (issue #14), and AKE's participant list
in another language marks them with ``lang``; a yes/no or a choice is the site's own words, unmarked."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import make_user
from tests.test_written_language import _lang_of, migration_added_fields
from trainings import services
from trainings.models import Registration, RegistrationQuestion

from .conftest import make_event

pytestmark = pytest.mark.django_db


def test_a_swedish_registrants_answers_are_marked_on_akes_finnish_list(client, libraries, editor):
    event = make_event(seats_on_site=10)
    wish = RegistrationQuestion.objects.create(
        event=event, text_fi="Toiveita kouluttajalle", type="text", sort_order=1
    )
    sauna = RegistrationQuestion.objects.create(
        event=event, text_fi="Saunailta?", type="yes_no", sort_order=2
    )
    swedish = make_user("sara@turku.fi", library=libraries["turku"], language="sv")
    client.force_login(swedish)
    with translation.override("sv"):
        url = reverse("trainings:register", args=[event.pk])
    data = {"diet": "Glutenfri kost", f"q{wish.pk}": "Mer om e-böcker", f"q{sauna.pk}": "yes"}
    assert client.post(url, data).status_code == 302
    assert Registration.objects.get(email=swedish.email).answers_language == "sv"
    # AKE registering someone writes the answers itself, in its own language.
    by_ake = services.registration_create(
        event=event,
        email="a@turku.fi",
        first_name="A",
        last_name="Aalto",
        library=libraries["turku"],
        diet="Laktoositon",
        language="sv",
        source="ake",
        registered_by=editor,
    )
    assert by_ake.answers_language == "fi"

    participants = reverse("trainings_event:participants", args=[event.pk])
    client.force_login(editor)
    finnish = client.get(participants).content.decode()
    assert _lang_of(finnish, "Glutenfri kost") == "sv"
    assert _lang_of(finnish, "Mer om e-böcker") == "sv"
    assert _lang_of(finnish, "Laktoositon") is None
    assert "Saunailta?: kyllä" in finnish  # a yes/no is the site's word, not the registrant's
    editor.language = "sv"
    editor.save(update_fields=["language"])
    swedish_page = client.get(participants).content.decode()
    assert _lang_of(swedish_page, "Glutenfri kost") is None
    assert _lang_of(swedish_page, "Laktoositon") == "fi"


def test_the_migration_makes_the_existing_answers_finnish():
    added = migration_added_fields("trainings.migrations.0020_registration_answers_language")
    assert added == {("registration", "answers_language"): ("fi", True)}
