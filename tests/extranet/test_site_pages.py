"""The legally required pages and the navigation (issue #15, items 10 and 11).

* The accessibility statement (Act 306/2019) and the privacy notice (GDPR art. 13) exist after
  ``migrate``, as Wagtail pages AKE edits, in fi/sv/en translations, linked from every footer in the
  visitor's language; the privacy notice shows the retention periods of the settings.
* The main navigation follows the page tree: the sections shown in menus, the apps' pages (the
  interlibrary loans too) and the plain pages about the AKE and its contacts.
"""

import re

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page

from extranet.legal import ACCESSIBILITY, PRIVACY, legal_pages_ensure
from extranet.models import AccessibilityStatementPage, PrivacyNoticePage, StandardPage, TrainingArchivePage

pytestmark = pytest.mark.django_db


def _footer(response) -> str:
    return response.content.decode().split('<footer class="site-footer">', 1)[1]


def _nav(response) -> str:
    html = response.content.decode()
    return html.split('id="main-menu"', 1)[1].split("</nav>", 1)[0]


def _sv_home(home):
    sv, _ = Locale.objects.get_or_create(language_code="sv")
    swedish = home.get_translation_or_none(sv)
    if swedish is None:
        swedish = home.copy_for_translation(sv)
        swedish.title = "Extranät"
        swedish.save_revision().publish()
    return swedish


def test_migrate_creates_both_pages_and_every_footer_links_to_them(client, home):
    statement = AccessibilityStatementPage.objects.child_of(home).live().get()
    notice = PrivacyNoticePage.objects.child_of(home).live().get()
    assert statement.title == "Saavutettavuusseloste" and notice.title == "Tietosuojaseloste"
    for url in ("/fi/", reverse("trainings:calendar"), reverse("loans:kit_list"), "/fi/ei-ole/"):
        footer = _footer(client.get(url))
        assert f'href="{statement.url}"' in footer and f'href="{notice.url}"' in footer, url


def test_the_pages_are_real_translations_in_swedish_and_english(client, home):
    _sv_home(home)
    en, _ = Locale.objects.get_or_create(language_code="en")
    english_home = home.copy_for_translation(en)
    english_home.save_revision().publish()
    created = legal_pages_ensure()
    assert len(created) == 4
    for model, texts in ((AccessibilityStatementPage, ACCESSIBILITY), (PrivacyNoticePage, PRIVACY)):
        finnish = model.objects.get(locale__language_code="fi")
        for language in ("sv", "en"):
            page = model.objects.get(locale__language_code=language)
            assert page.translation_key == finnish.translation_key and page.live
            assert page.alias_of_id is None and page.title == texts[language]["title"]
            assert page.introduction == texts[language]["introduction"]
    # The footer of the Swedish site links to the Swedish pages.
    footer = _footer(client.get("/sv/"))
    assert "Tillgänglighetsutlåtande" in footer and "Dataskyddsbeskrivning" in footer
    assert legal_pages_ensure() == []


def test_ake_s_edits_are_kept_and_an_alias_becomes_a_translation(home):
    swedish_home = _sv_home(home)
    statement = AccessibilityStatementPage.objects.get(locale=home.locale)
    statement.introduction = "AKE:n oma teksti."
    statement.save_revision().publish()
    alias = statement.copy_for_translation(swedish_home.locale, alias=True)
    legal_pages_ensure()
    statement.refresh_from_db()
    assert statement.introduction == "AKE:n oma teksti."
    converted = AccessibilityStatementPage.objects.get(pk=alias.pk)
    assert converted.alias_of_id is None and converted.title == "Tillgänglighetsutlåtande"


def test_the_privacy_notice_shows_the_retention_periods_of_the_settings(client, home, settings):
    settings.AKE_RETENTION_DAYS = {**settings.AKE_RETENTION_DAYS, "access_requests": 77}
    page = PrivacyNoticePage.objects.get(locale=home.locale)
    html = client.get(page.url).content.decode()
    assert re.search(r"\b77\b", html)
    assert str(settings.AKE_RETENTION_DAYS["interlibrary_contacts"]) in html


def test_the_accessibility_statement_names_the_feedback_address_and_the_authority(client, home, settings):
    settings.AKE_CONTACT_EMAIL = "saavutettavuus@ake.example.fi"
    page = AccessibilityStatementPage.objects.get(locale=home.locale)
    html = client.get(page.url).content.decode()
    assert 'href="mailto:saavutettavuus@ake.example.fi"' in html
    assert "Traficom" in html and "306/2019" in html
    assert page.reviewed_on.strftime("%-d.%-m.%Y") in html


# --------------------------------------------------------------------------- navigation
def _menu_page(home, model, title, slug, *, in_menus=True, **fields):
    page = model(title=title, slug=slug, show_in_menus=in_menus, **fields)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_menu_follows_the_page_tree_and_reaches_every_section(client, home, staff_user):
    archive = _menu_page(home, TrainingArchivePage, "Koulutusarkisto", "koulutusarkisto")
    about = _menu_page(home, StandardPage, "Tietoa AKE:sta", "tietoa")
    contacts = _menu_page(home, StandardPage, "Yhteystiedot", "yhteystiedot")
    hidden = _menu_page(home, StandardPage, "Toteutussuunnitelma", "suunnitelma", in_menus=False)
    client.force_login(staff_user)
    for url in ("/fi/", reverse("trainings:calendar")):
        nav = _nav(client.get(url))
        for page in (archive, about, contacts):
            assert f'href="{page.url}"' in nav, (url, page.title)
        assert f'href="{hidden.url}"' not in nav
        assert f'href="{reverse("loans:my_interlibrary_loans")}"' in nav
    # Sections first, then the apps' pages, then the pages about the AKE.
    nav = _nav(client.get("/fi/"))
    assert nav.index(archive.url) < nav.index(reverse("trainings:calendar")) < nav.index(about.url)
    assert nav.index(about.url) < nav.index(contacts.url)


def test_a_page_published_into_the_menu_shows_on_the_next_request(client, home):
    assert "Yhteystiedot" not in _nav(client.get("/fi/"))
    _menu_page(home, StandardPage, "Yhteystiedot", "yhteystiedot")
    assert "Yhteystiedot" in _nav(client.get("/fi/"))


def test_the_swedish_menu_shows_translations_and_marks_finnish_fallbacks(client, home):
    swedish_home = _sv_home(home)
    archive = _menu_page(home, TrainingArchivePage, "Koulutusarkisto", "koulutusarkisto")
    about = _menu_page(home, StandardPage, "Tietoa AKE:sta", "tietoa")
    translated = about.copy_for_translation(swedish_home.locale)
    translated.title = "Om AKE"
    translated.save_revision().publish()
    nav = _nav(client.get("/sv/"))
    assert f'href="{Page.objects.get(pk=translated.pk).url}">Om AKE<' in nav
    assert f'href="{archive.url}" lang="fi">Koulutusarkisto<' in nav


def test_the_menu_button_is_in_the_page_and_its_script_is_served(client):
    html = client.get("/fi/").content.decode()
    assert 'aria-controls="main-menu"' in html and 'aria-expanded="false"' in html
    assert re.search(r'<script src="/static/js/nav[^"]*\.js" defer>', html)
