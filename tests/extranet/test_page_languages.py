"""Every page in Finnish, Swedish and English (issue #14, pages).

* ``page_trees_sync`` gives every page of the Finnish tree a page in the Swedish and English trees:
  an alias where no translation exists, never touching a real translation; running it again adds
  nothing.
* The language switcher on every page leads to the same page in the other language (its translation
  or alias): 200, the right ``html lang``, no redirect; an alias marks the Finnish text ``lang="fi"``
  and says in the visitor's language that the page is not yet translated. hreflang lists only real
  translations.
* ``/en/notices/`` and ``/en/materials/`` serve the English pages; the site's name in the header is
  in the visitor's language.
* Search: each language's pages are indexed and searched with that language's configuration.
"""

import re

import pytest
from django.db import connection
from wagtail.models import Locale, Page

from extranet.models import (
    AccessibilityStatementPage,
    HomePage,
    MaterialBankPage,
    NoticeIndexPage,
    NoticePage,
    PrivacyNoticePage,
    StandardPage,
    TrainingArchivePage,
)
from extranet.page_trees import page_translate, page_trees_sync
from tests.extranet.conftest import make_notice

pytestmark = pytest.mark.django_db

LANGUAGES = ("fi", "sv", "en")
PAGE_TYPES = (
    HomePage,
    NoticeIndexPage,
    NoticePage,
    MaterialBankPage,
    TrainingArchivePage,
    StandardPage,
    AccessibilityStatementPage,
    PrivacyNoticePage,
)
SWITCHER = re.compile(r'<nav class="language-switcher".*?</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)" lang="(\w+)"')
HTML_LANG = re.compile(r'<html lang="([\w-]+)">')


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def site_pages(home, notice_index):
    """One page of every type in Finnish, and the page trees completed."""
    bank = _publish(
        home, MaterialBankPage(title="Materiaalipankki", slug="materiaalipankki", introduction="Oppaat")
    )
    _publish(bank, MaterialBankPage(title="Pelikasvatus", slug="pelikasvatus", introduction="Pelit"))
    _publish(home, TrainingArchivePage(title="Koulutusarkisto", slug="koulutusarkisto"))
    _publish(home, StandardPage(title="Yhteystiedot", slug="yhteystiedot", introduction="AKE-tiimi"))
    make_notice(notice_index, "Kirjastopäivät alkavat", lead="Tervetuloa kirjastopäiville.")
    created = page_trees_sync()
    assert created, "the Swedish and English trees were built"
    return home


def _switcher_links(html: str) -> dict[str, str]:
    return {lang: url for url, lang in LINK.findall(SWITCHER.search(html).group(0))}


def test_every_page_type_exists_in_all_three_locales(site_pages):
    for model in PAGE_TYPES:
        finnish = model.objects.filter(locale__language_code="fi")
        assert finnish.exists(), model
        for page in finnish:
            for language in ("sv", "en"):
                translation = Page.objects.filter(
                    translation_key=page.translation_key, locale__language_code=language
                ).first()
                assert translation is not None, (model.__name__, page.title, language)
                assert translation.live == page.live
    assert page_trees_sync() == [], "a second run adds nothing"


def test_the_sync_keeps_real_translations_and_builds_under_them(site_pages, notice_index):
    swedish_index = page_translate(notice_index, "sv", title="Meddelanden", slug="meddelanden")
    assert swedish_index.alias_of_id is None and swedish_index.title == "Meddelanden"
    later = make_notice(notice_index, "Uusi tiedote")
    page_trees_sync()
    swedish = Page.objects.get(translation_key=later.translation_key, locale__language_code="sv")
    assert swedish.alias_of_id == later.pk
    assert swedish.get_parent().pk == swedish_index.pk
    assert swedish.url_path.endswith("/meddelanden/" + later.slug + "/")
    assert Page.objects.get(pk=swedish_index.pk).title == "Meddelanden"


def test_the_switcher_on_every_page_leads_to_the_same_page_in_each_language(client, site_pages):
    pages = Page.objects.live().filter(depth__gte=2).order_by("path")
    checked = 0
    for page in pages:
        language = page.locale.language_code
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert HTML_LANG.search(html).group(1) == language, page.url
        links = _switcher_links(html)
        assert set(links) == set(LANGUAGES), page.url
        for code, url in links.items():
            assert url.startswith(f"/{code}/"), (page.url, url)
            target = client.get(url)
            assert target.status_code == 200, (page.url, code, url)
            assert HTML_LANG.search(target.content.decode()).group(1) == code
            same = Page.objects.filter(translation_key=page.translation_key, locale__language_code=code).get()
            assert url == same.url, (page.url, code)
            checked += 1
    assert checked >= 3 * 3 * 8


def test_an_alias_marks_the_finnish_text_and_says_it_is_not_translated(client, site_pages):
    notice = NoticePage.objects.get(locale__language_code="fi")
    swedish = Page.objects.get(translation_key=notice.translation_key, locale__language_code="sv")
    html = client.get(swedish.url).content.decode()
    assert '<html lang="sv">' in html
    assert '<h1 lang="fi">Kirjastopäivät alkavat</h1>' in html
    assert 'lang="fi">\n  <p class="lead">Tervetuloa kirjastopäiville.' in html
    assert "Sidan är inte översatt ännu. Den visas på finska." in html
    english = Page.objects.get(translation_key=notice.translation_key, locale__language_code="en")
    html = client.get(english.url).content.decode()
    assert "This page is not yet translated. It is shown in Finnish." in html
    # The Swedish notice list marks the alias's title and lead too.
    index = Page.objects.get(translation_key=notice.get_parent().translation_key, locale__language_code="sv")
    listing = client.get(index.url).content.decode()
    assert '<h2 lang="fi"><a href="' + swedish.url + '">Kirjastopäivät alkavat</a></h2>' in listing
    # A real page in its own language carries no note.
    assert "untranslated-note" not in client.get(notice.url).content.decode()


def test_hreflang_lists_only_real_translations(client, site_pages):
    bank = MaterialBankPage.objects.get(slug="materiaalipankki", locale__language_code="fi")
    html = client.get(bank.url).content.decode()
    assert 'hreflang="sv"' not in html.split("<body", 1)[0], "an alias is no alternate"
    page_translate(bank, "sv", title="Materialbanken", slug="materialbanken", introduction="Guider")
    html = client.get(bank.url).content.decode().split("<body", 1)[0]
    assert 'rel="alternate" hreflang="sv" href="http://testserver/sv/materialbanken/"' in html
    assert 'hreflang="en"' not in html


def test_english_sections_are_served_at_their_own_addresses(client, site_pages, notice_index):
    bank = MaterialBankPage.objects.get(slug="materiaalipankki", locale__language_code="fi")
    page_translate(notice_index, "en", title="Notices", slug="notices", introduction="AKE's notices.")
    page_translate(bank, "en", title="Material bank", slug="materials", introduction="Guides and kits.")
    for url, heading in (("/en/notices/", "Notices"), ("/en/materials/", "Material bank")):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="en">' in html and f"<h1>{heading}</h1>" in html
        assert "untranslated-note" not in html
    # Swedish: the section's own address redirects to the Swedish page, never into Finnish.
    response = client.get("/sv/notices/")
    assert response.status_code == 302 and response["Location"].startswith("/sv/")


def test_the_site_name_is_in_the_visitors_language(client, site_pages):
    names = {
        "fi": "Lounais-Suomen kirjastojen extranet",
        "sv": "Extranät för biblioteken i sydvästra Finland",
        "en": "Extranet of the libraries of Southwest Finland",
    }
    for language, name in names.items():
        html = client.get(f"/{language}/").content.decode()
        header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
        assert f'<span class="brand-text">{name}</span>' in header, language
        for other, other_name in names.items():
            if other != language:
                assert other_name not in header


def _index_lexemes(page) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT body::text FROM wagtailsearch_indexentry WHERE object_id = %s AND content_type_id = %s",
            [str(page.pk), page.content_type_id],
        )
        row = cursor.fetchone()
    return row[0] if row else ""


def test_each_language_is_indexed_and_searched_with_its_own_configuration(client, site_pages, notice_index):
    from extranet.selectors import search_pages

    notice = make_notice(notice_index, "Lukupiirit kirjastoissa", lead="Lukupiirit kokoontuvat.")
    swedish = page_translate(
        notice, "sv", title="Läsecirklar", lead="Utbildningarna för biblioteken i regionen börjar."
    )
    english = page_translate(
        notice, "en", title="Reading circles", lead="The libraries are running trainings."
    )
    assert "'utbildning'" in _index_lexemes(swedish)  # Swedish stemming: utbildningarna -> utbildning
    assert "'librari'" in _index_lexemes(english) and "'run'" in _index_lexemes(english)
    sv, en, fi = (Locale.objects.get(language_code=code) for code in ("sv", "en", "fi"))
    assert [page.pk for page in search_pages(query="utbildningar", locale=sv)] == [swedish.pk]
    assert [page.pk for page in search_pages(query="library", locale=en)] == [english.pk]
    assert notice.pk in [page.pk for page in search_pages(query="lukupiiri", locale=fi)]
    response = client.get("/sv/search/", {"q": "utbildningen"})
    assert response.status_code == 200 and "Läsecirklar" in response.content.decode()


def test_the_translation_gap_report_counts_pages_per_language(client, site_pages, editor, notice_index):
    page_translate(notice_index, "sv", title="Meddelanden", slug="meddelanden")
    client.force_login(editor)
    response = client.get("/admin/reports/translation-gaps/")
    assert response.status_code == 200
    html = response.content.decode()
    finnish = Page.objects.filter(locale__language_code="fi", depth__gt=1)
    # The legal pages have real translations; every other Finnish page lacks English, and Swedish
    # lacks all but the notice index.
    missing_en = finnish.exclude(
        translation_key__in=Page.objects.filter(locale__language_code="en", alias_of__isnull=True).values(
            "translation_key"
        )
    ).count()
    assert f'<a href="?language=en&amp;kind=pages">{missing_en}</a>' in html
    assert f'<a href="?language=sv&amp;kind=pages" aria-current="true">{missing_en - 1}</a>' in html
    assert "Yhteystiedot" in html and ">Tiedotteet<" not in html.split('id="gap-pages"', 1)[1]
    english = client.get("/admin/reports/translation-gaps/?language=en").content.decode()
    assert ">Tiedotteet<" in english.split('id="gap-pages"', 1)[1]
    assert client.get("/admin/reports/missing-swedish/")["Location"].endswith("?language=sv")
    client.force_login(make_staff())
    assert client.get("/admin/reports/translation-gaps/").status_code in (302, 403)


def make_staff():
    from tests.conftest import make_user

    return make_user("maija@kaarina.fi")
