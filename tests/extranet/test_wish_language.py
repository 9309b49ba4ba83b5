"""An anonymous training wish keeps the language it was written in (issue #14): the sender is not
known, so the language is the page's the wish was sent from; AKE's list of wishes and a wish's own
page mark a wish in another language than the admin's with ``lang`` (WCAG 3.1.2)."""

import pytest
from django.urls import reverse

from extranet.models import TrainingWish
from tests.test_written_language import _lang_of, migration_added_fields

pytestmark = pytest.mark.django_db


def test_a_wish_is_in_the_language_of_its_page(client):
    for prefix, text in (("sv", "Utbildning i lättläst svenska"), ("fi", "Koulutusta pelikasvatuksesta")):
        response = client.post(f"/{prefix}/training-wish/", {"text": text, "website": ""})
        assert response.status_code == 302
    assert dict(TrainingWish.objects.values_list("text", "text_language")) == {
        "Utbildning i lättläst svenska": "sv",
        "Koulutusta pelikasvatuksesta": "fi",
    }


def test_akes_list_and_wish_page_mark_a_wish_in_another_language(client, editor):
    swedish = TrainingWish.objects.create(text="Utbildning i lättläst svenska", text_language="sv")
    TrainingWish.objects.create(text="Koulutusta pelikasvatuksesta", text_language="fi")
    client.force_login(editor)
    listing = client.get(reverse("training_wishes:index")).content.decode()
    assert _lang_of(listing, "Utbildning i lättläst svenska") == "sv"
    assert _lang_of(listing, "Koulutusta pelikasvatuksesta") is None
    page = client.get(reverse("training_wishes:inspect", args=[swedish.pk])).content.decode()
    assert _lang_of(page, "Utbildning i lättläst svenska") == "sv"


def test_the_wishes_of_before_are_finnish():
    added = migration_added_fields("extranet.migrations.0011_training_wish_language")
    assert added[("trainingwish", "text_language")] == ("fi", True)
