"""Notice tags in the notice's language, and Swedish and English texts without Finnish phrases (issue #14).

A notice's tags belong to its page, and Wagtail keeps one page per language: a Swedish translation has
Swedish tags, and the Swedish notice index filters by them. A page not yet translated (an alias of the
Finnish notice) shows the Finnish tags marked ``lang="fi"``, like the rest of its Finnish text.
"""

import pytest
from django.utils import translation
from wagtail.models import Page

from extranet.demo import TAG_TRANSLATIONS
from extranet.page_trees import page_translate, page_trees_sync
from networks.models import WorkingGroup
from tests.extranet.conftest import make_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices(notice_index):
    translated = make_notice(notice_index, "Saavutettavuuskoulutus", tags=["saavutettavuus"])
    untranslated = make_notice(notice_index, "Pelikerho alkaa", tags=["pelit"])
    page_translate(notice_index, "sv", title="Meddelanden", slug="meddelanden")
    swedish = page_translate(
        translated,
        "sv",
        title="Utbildning i tillgänglighet",
        lead="Välkommen.",
        tags=[TAG_TRANSLATIONS["saavutettavuus"][0]],
    )
    page_trees_sync()
    alias = Page.objects.get(translation_key=untranslated.translation_key, locale__language_code="sv")
    return {"swedish": swedish, "alias": alias.specific}


def test_a_swedish_notice_shows_its_swedish_tags_and_the_swedish_index_filters_by_them(client, notices):
    swedish = notices["swedish"]
    page = client.get(swedish.url).content.decode()
    assert ">tillgänglighet</a>" in page and ">saavutettavuus</a>" not in page

    index = swedish.get_parent().url
    found = client.get(index, {"tag": "tillgänglighet"}).content.decode()
    assert "Utbildning i tillgänglighet" in found and "Pelikerho alkaa" not in found
    # The Finnish tag names Finnish notices only: the Swedish index has none with it.
    assert "Utbildning i tillgänglighet" not in client.get(index, {"tag": "saavutettavuus"}).content.decode()


def test_a_notice_not_yet_translated_marks_its_finnish_tags_as_finnish(client, notices):
    page = client.get(notices["alias"].url).content.decode()
    assert 'lang="fi">pelit</a>' in page


def test_the_events_network_is_described_without_finnish_project_names():
    group = WorkingGroup.objects.get(slug="tapahtumaverkosto")
    assert "Uudet ilmiöt" in group.description_fi  # the Finnish text names the projects as they are
    for language, project in (("sv", "Nya fenomen bekanta i biblioteket"), ("en", "Now it's happening")):
        with translation.override(language):
            assert project in group.description and "Uudet ilmiöt" not in group.description
            assert "Nyt tapahtuu" not in group.description
