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


def test_ake_adds_a_wish_received_another_way_with_its_text_and_language(client, editor):
    """Found on a walk: "Add a training wish" offered only "handled" and saved a wish without text.
    AKE adds a wish it received by phone with its text and language (starting at AKE's own); an
    anonymous wish's text is not edited afterwards, only marked handled."""
    editor.language = "sv"
    editor.save(update_fields=["language"])
    client.force_login(editor)
    form = client.get(reverse("training_wishes:add")).content.decode()
    assert 'name="text"' in form and '<option value="sv" selected lang="sv">' in form
    response = client.post(
        reverse("training_wishes:add"), {"text": "Utbildning om e-böcker", "text_language": "sv"}
    )
    assert response.status_code == 302
    wish = TrainingWish.objects.get()
    assert (wish.text, wish.text_language, wish.handled) == ("Utbildning om e-böcker", "sv", False)
    assert client.post(reverse("training_wishes:add"), {"text": "", "text_language": "sv"}).status_code == 200
    assert TrainingWish.objects.count() == 1
    edit = client.get(reverse("training_wishes:edit", args=[wish.pk])).content.decode()
    assert 'name="handled"' in edit and 'name="text"' not in edit
    # The wish is shown above the form, marked with its language where the admin's is another.
    assert _lang_of(edit, "Utbildning om e-böcker") is None
    editor.language = "fi"
    editor.save(update_fields=["language"])
    edit = client.get(reverse("training_wishes:edit", args=[wish.pk])).content.decode()
    assert _lang_of(edit, "Utbildning om e-böcker") == "sv"
