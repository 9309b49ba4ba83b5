"""Free-text survey answers, shown to AKE only, keep the language their writer wrote them in (issue
#14): the invitee's profile language, or the page's for an open link answered without signing in.
AKE's results page marks a text in another language than its own with ``lang``."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from surveys.models import Response
from tests.conftest import make_user
from tests.test_written_language import migration_added_fields

from .conftest import make_survey
from .test_answering import _full_answer, _invite

pytestmark = pytest.mark.django_db


def test_a_swedish_free_answer_is_marked_on_akes_finnish_results(libraries, editor):
    survey = make_survey(open_by_link=True, threshold=2)
    swedish = make_user("stina.lind@pargas.fi", library=libraries["turku"], language="sv")
    # The invitee's profile language counts, even on the Finnish page of the link.
    Client().post(
        f"/fi/surveys/answer/{_invite(survey, swedish)}/", _full_answer(survey, q_improve="Fler kurser")
    )
    # An open link without signing in: the language of the page.
    Client().post(f"/en/surveys/open/{survey.link_key}/", _full_answer(survey, q_improve="More courses"))
    Client().post(f"/fi/surveys/open/{survey.link_key}/", _full_answer(survey, q_improve="Lisää kursseja"))
    assert sorted(Response.objects.values_list("text_language", flat=True)) == ["en", "fi", "sv"]

    client = Client()
    client.force_login(editor)
    url = reverse("surveys:results", args=[survey.pk])
    page = client.get(url).content.decode()
    assert '<li lang="sv">Fler kurser</li>' in page
    assert '<li lang="en">More courses</li>' in page
    assert "<li>Lisää kursseja</li>" in page
    editor.language = "sv"
    editor.save(update_fields=["language"])
    with translation.override("sv"):
        page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "<li>Fler kurser</li>" in page
    assert '<li lang="fi">Lisää kursseja</li>' in page


def test_the_migration_makes_the_existing_responses_finnish():
    added = migration_added_fields("surveys.migrations.0008_response_text_language")
    assert added == {("response", "text_language"): ("fi", True)}
