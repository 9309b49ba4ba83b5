"""A notice published in Finnish is dated in Swedish and English too (found walking the demo site).

An editor published a Finnish notice; its Swedish and English places (aliases until translated) had
no first publication date: the notice showed no date on /sv/ and /en/ (home, list, page), its Swedish
and English mails had none, the list's year filter left it out and "newest first" put it above
newer notices."""

import pytest
from django.utils import formats, timezone
from wagtail.models import Page

from extranet.models import NoticePage
from extranet.page_trees import page_trees_sync
from tests.extranet.conftest import make_notice

pytestmark = pytest.mark.django_db


def _shown(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j.n.Y")


def _aliases(notice):
    return {
        page.locale.language_code: page
        for page in Page.objects.filter(
            translation_key=notice.translation_key, alias_of=notice
        ).select_related("locale")
    }


@pytest.fixture
def trees(notice_index):
    page_trees_sync()  # the Swedish and English notice lists


def test_a_notice_published_after_its_aliases_were_made_has_its_date_in_every_language(
    client, trees, notice_index
):
    # As in the admin: the draft gets its Swedish and English places, then the editor publishes.
    notice = make_notice(notice_index, "Kirjastopäivät alkavat", publish=False)
    page_trees_sync()
    assert set(_aliases(notice)) == {"sv", "en"}
    notice.get_latest_revision().publish()
    notice.refresh_from_db()
    assert notice.first_published_at is not None
    for code, alias in _aliases(notice).items():
        assert alias.live, code
        assert alias.first_published_at == notice.first_published_at, code
        html = client.get(alias.url).content.decode()
        assert _shown(notice.first_published_at) in html, code
        listing = client.get(
            alias.get_parent().url + f"?year={notice.first_published_at.year}"
        ).content.decode()
        assert "Kirjastopäivät alkavat" in listing, code


def test_aliases_made_of_a_published_notice_and_republished_keep_its_date(trees, notice_index):
    notice = make_notice(notice_index, "Lukupiiri kokoontuu")
    page_trees_sync()
    for code, alias in _aliases(notice).items():
        assert alias.first_published_at == notice.first_published_at, code
    notice.lead = "Uusi ingressi."
    notice.save_revision().publish()
    for code, alias in _aliases(notice).items():
        assert NoticePage.objects.get(pk=alias.pk).first_published_at == notice.first_published_at, code
