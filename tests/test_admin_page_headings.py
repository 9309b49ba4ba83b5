"""Every admin page built on Wagtail's generic base template names itself in its <h1> (WCAG 2.4.6,
found on a walk of the admin: the rotation-match page's <h1> was empty). That template takes the h1
from ``page_title``; a view that set only ``header_title`` (the browser tab's title) had an empty one,
which a screen reader announces as a heading with nothing in it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from networks.models import RotationWish

from .trainings.conftest import make_event

pytestmark = pytest.mark.django_db


def _h1(html: str) -> str:
    headings = re.findall(r"<h1\b[^>]*>(.*?)</h1>", html, flags=re.S)
    assert len(headings) == 1, headings
    return " ".join(re.sub(r"<[^>]+>", " ", headings[0]).split())


@pytest.fixture
def pages(staff_user, editor):
    wish = RotationWish.objects.create(
        person=staff_user, home_library=staff_user.library, interests="Musiikki", timing="Kevät"
    )
    event = make_event(start=datetime.datetime(2030, 3, 2, 10, tzinfo=datetime.UTC), created_by=editor)
    return {
        "Match a rotation wish": reverse("rotation_wishes:match", args=[wish.pk]),
        "Import Liboppi completions": reverse("liboppi_completions:import"),
        "Costs of my events": reverse("finance_event_costs"),
        "Costs of the event %(event)s": reverse("finance_event_cost_record", args=[event.pk]),
    }


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_generic_admin_pages_have_their_title_in_the_h1(client, editor, pages, language):
    editor.language = language
    editor.save(update_fields=["language"])
    client.force_login(editor)
    for title, url in pages.items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        with translation.override(language):
            expected = translation.gettext(title) % {"event": "Saavutettava viestintä"}
        assert _h1(response.content.decode()) == expected, url
