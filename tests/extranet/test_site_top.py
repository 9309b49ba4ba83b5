"""The chrome of every page from one read of the top of the page tree (ake/site_top.py): the site
lookup finds what Wagtail finds, the menu's and the footer's links and a top page's translations are
what their former queries gave, and the menu and footer written in Python are the templates' to the
byte."""

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django.utils.encoding import iri_to_uri

from ake import site_top
from ake.templatetags.ake_tags import _query_translation_urls, link_items_html

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def _query_site_links(language: str) -> dict:
    """The oracle: the menu's and footer's pages as ake_tags read them before the top of the tree
    was read once (one query of their own, the default site's home page)."""
    from django.apps import apps
    from django.db.models import F, Q
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Page, Site, get_page_models

    links: dict = {"sections": [], "about": [], "footer": []}
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page
    default_language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    footer_types = Q(pk__in=[])
    for model in get_page_models():
        if getattr(model, "footer_link", False):
            footer_types |= Q(
                content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
            )
    in_menu = Q(depth=home.depth + 1, path__startswith=home.path, show_in_menus=True)
    wanted = in_menu | (footer_types & Q(locale__language_code__in={language, default_language}))
    if language != default_language:
        menu_keys = Page.objects.filter(in_menu).values("translation_key")
        wanted |= Q(translation_key__in=menu_keys, locale__language_code=language)
    pages = list(
        Page.objects.live()
        .filter(wanted)
        .annotate(
            code=F("locale__language_code"), app=F("content_type__app_label"), model=F("content_type__model")
        )
        .order_by("path")
    )

    def link(page) -> dict:
        below_home = page.url_path.strip("/").split("/")[home.depth - 1 :]
        url = iri_to_uri("/".join(["", page.code, *below_home, ""]))
        return {"title": page.title, "url": url, "lang": page.code if page.code != language else ""}

    translated = {page.translation_key: page for page in pages if page.code == language}
    footer: dict = {}
    for page in pages:
        model = apps.get_model(page.app, page.model)
        if page.depth == home.depth + 1 and page.path.startswith(home.path) and page.show_in_menus:
            shown = translated.get(page.translation_key, page)
            links["about" if getattr(model, "menu_last", False) else "sections"].append(link(shown))
        if getattr(model, "footer_link", False) and (model not in footer or page.code == language):
            footer[model] = page
    links["footer"] = [link(page) for page in sorted(footer.values(), key=lambda page: page.content_type_id)]
    return links


@pytest.fixture
def structure(home, notice_index):
    """Sections in the menu (translated, untranslated, a "last" one, one with markup in its title),
    one outside the menu, one unpublished, a page below a section, the footer's pages, and the
    Swedish and English trees (aliases, extranet/page_trees.py)."""
    from extranet.models import MaterialBankPage, PrivacyNoticePage, StandardPage
    from extranet.page_trees import page_translate, page_trees_sync

    def child(parent, page, *, publish=True):
        parent.add_child(instance=page)
        if publish:
            page.save_revision().publish()
        return page

    bank = child(home, MaterialBankPage(title='Pankki <&> "A"', slug="pankki", show_in_menus=True))
    child(home, StandardPage(title="Yhteystiedot", slug="yhteystiedot", show_in_menus=True))
    child(home, StandardPage(title="Piilossa", slug="piilossa"))
    child(home, StandardPage(title="Luonnos", slug="luonnos", show_in_menus=True), publish=False)
    child(bank, StandardPage(title="Alasivu", slug="alasivu", show_in_menus=True))
    notice_index.show_in_menus = True
    notice_index.save_revision().publish()
    if not PrivacyNoticePage.objects.live().exists():
        child(home, PrivacyNoticePage(title="Tietosuoja", slug="tietosuoja"))
    page_trees_sync()
    page_translate(notice_index, "sv", title="Meddelanden", slug="meddelanden")
    page_translate(bank, "en", title="Bank <b>", slug="bank")
    return {"bank": bank, "index": notice_index}


def test_the_menu_and_footer_are_what_their_own_query_gave(structure):
    from wagtail.models import Site

    top = site_top.read()
    site = Site.objects.get(is_default_site=True)
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            assert top.links(top.site_for(site.hostname, site.port), language) == _query_site_links(language)
    sections = top.links(top.default_site, "sv")["sections"]
    assert {"title": "Meddelanden", "url": "/sv/meddelanden/", "lang": ""} in sections
    assert top.links(top.default_site, "sv")["footer"]


def test_a_top_pages_translations_are_what_their_own_query_gave(structure):
    from wagtail.models import Page

    top = site_top.read()
    tops = [page for page in Page.objects.filter(depth__in=(2, 3)) if top.has(page.translation_key)]
    assert len(tops) > 10
    for page in tops:
        assert list(top.translation_urls(page.translation_key).items()) == list(
            _query_translation_urls(page).items()
        ), page.url_path
    below = Page.objects.get(slug="alasivu", locale__language_code="fi")
    assert not top.has(below.translation_key)


def test_the_site_lookup_finds_what_wagtail_finds(home):
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    def wagtail(hostname, port):
        try:
            return get_site_for_hostname(hostname, port).pk
        except Site.DoesNotExist:
            return None

    def compare():
        top = site_top.read()
        hostnames = ("a.example", "b.example", "c.example", default.hostname, "A.example", "")
        for hostname in hostnames:
            for port in ("80", "8080", "443", "8000", "81"):
                found = top.site_for(hostname, port)
                assert (found.pk if found else None) == wagtail(hostname, port), (hostname, port)
        assert top.site_for("a.example", "x") is site_top.UNDECIDED

    default = Site.objects.get(is_default_site=True)
    Site.objects.create(hostname="a.example", port=80, root_page=home)
    Site.objects.create(hostname="a.example", port=8080, root_page=home)
    Site.objects.create(hostname="b.example", port=443, root_page=home)
    Site.objects.create(hostname=default.hostname, port=8000, root_page=home)
    compare()
    Site.objects.create(hostname="c.example", port=8080, root_page=home)
    compare()
    default.is_default_site = False
    default.save()
    compare()
    site = site_top.read().site_for("a.example", "8080")
    assert site.root_page.pk == home.pk and site.root_page.url_path == home.url_path


def test_the_site_root_paths_are_wagtails(structure):
    """ake/wagtail_serve.py site_root_paths gives these to the routes, the translations' addresses
    and Wagtail's pageurl: the same list as Wagtail's Site.get_site_root_paths, in its order."""
    from wagtail.models import Page, Site

    home = structure["index"].get_parent()
    other_root = Page.get_first_root_node().add_child(title="Muu", slug="muu")
    for hostname, port, root in (
        ("b.example", 80, home),
        ("a.example", 8080, home),
        ("c.example", 80, other_root),
    ):
        Site.objects.create(hostname=hostname, port=port, root_page=root)
    Site.clear_site_root_paths_cache()
    assert site_top.read().root_paths == Site.get_site_root_paths()
    assert len(Site.get_site_root_paths()) >= 7


def test_the_middleware_gives_each_request_wagtails_site(home):
    from wagtail.models import Site

    from ake.memo import SiteLookupMiddleware

    other = Site.objects.create(hostname="muu.example", port=80, root_page=home)
    middleware = SiteLookupMiddleware(lambda request: request)
    factory = RequestFactory()
    for host in ("muu.example", "muu.example:8080", "x.example", "MUU.example"):
        request = middleware(factory.get("/fi/", HTTP_HOST=host))
        assert request._wagtail_site.pk == Site._find_for_request(request).pk, host
    assert middleware(factory.get("/fi/", HTTP_HOST="muu.example"))._wagtail_site.pk == other.pk


# The loops the Python replaced (templates/includes/main_nav.html and the footer of base.html).
ITEM = (
    '<li><a href="{{ item.url }}"{% if item.lang %} lang="{{ item.lang }}"{% endif %}>'
    "{{ item.title }}</a></li>"
)
MENU_LOOP = "{% for item in items %}" + ITEM + "\n{% endfor %}"
FOOTER_LOOP = "{% for item in items %}" + ITEM + "{% endfor %}"
# The menu and the footer as templates/includes/main_nav.html and base.html wrote them before.
MAIN_NAV_TEMPLATE = """{% load i18n ake_tags %}{% get_current_language as LANGUAGE_CODE %}
{% comment %}before{% endcomment %}

{% optional_url "trainings:calendar" as calendar_url %}
{% optional_url "loans:kit_list" as kits_url %}
{% optional_url "loans:my_interlibrary_loans" as interlibrary_url %}
{% optional_url "group_list" as groups_url %}
{% optional_url "reporting:report_index" as report_url %}
<li><a href="/{{ LANGUAGE_CODE }}/">{% translate "Home" %}</a></li>
{% for item in menu.0 %}ITEM
{% endfor %}
{% if calendar_url %}<li><a href="{{ calendar_url }}">{% translate "Calendar" %}</a></li>{% endif %}
{% if kits_url %}<li><a href="{{ kits_url }}">{% translate "Kits" %}</a></li>{% endif %}
{% if interlibrary_url %}<li><a href="{{ interlibrary_url }}">{% translate "Interlibrary loans" %}</a></li>\
{% endif %}
{% if groups_url %}<li><a href="{{ groups_url }}">{% translate "Networks" %}</a></li>{% endif %}
{% if report_url and can_see_report %}<li><a href="{{ report_url }}">{% translate "Report" %}</a></li>\
{% endif %}
{% for item in menu.1 %}ITEM
{% endfor %}
""".replace("ITEM", ITEM)
FOOTER_TEMPLATE = """{% load i18n %}<div class="container">
      <p>{% translate "TEXT" %}</p>
      <p><a href="mailto:{{ AKE_CONTACT_EMAIL }}">{{ AKE_CONTACT_EMAIL }}</a></p>
      {% if legal_pages %}
      <ul class="footer-links">{% for item in legal_pages %}ITEM{% endfor %}</ul>
      {% endif %}
    </div>""".replace("ITEM", ITEM).replace(
    "TEXT",
    "Turku City Library – regional development task (AKE) for the public libraries of Varsinais-Suomi "
    "and Satakunta.",
)


def test_the_link_items_written_in_python_are_the_templates_to_the_byte():
    items = [
        {"title": 'Pankki <&> "A"', "url": "/fi/pankki/?a=1&b=<2>", "lang": ""},
        {"title": "Ålands 'sida'", "url": "/sv/%C3%A5land/", "lang": "fi"},
        {"title": "", "url": "", "lang": '"x"'},
    ]
    for loop, separator in ((MENU_LOOP, "\n"), (FOOTER_LOOP, "")):
        assert link_items_html(items, separator) == Template(loop).render(Context({"items": items}))
    assert link_items_html([], "\n") == ""


def test_the_menu_and_footer_are_the_former_templates_to_the_byte(structure):
    nav = Template("{% load ake_tags %}{% main_nav can_see_report %}")
    footer = Template("{% load ake_tags %}{% site_footer %}")
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            links = _query_site_links(language)
            for can_see_report in (False, True):
                expected = Template(MAIN_NAV_TEMPLATE).render(
                    Context({"menu": (links["sections"], links["about"]), "can_see_report": can_see_report})
                )
                assert nav.render(Context({"can_see_report": can_see_report})) == expected, language
            expected = Template(FOOTER_TEMPLATE).render(
                Context({"legal_pages": links["footer"], "AKE_CONTACT_EMAIL": settings.AKE_CONTACT_EMAIL})
            )
            assert footer.render(Context({})) == expected, language
            assert "&lt;&amp;&gt;" in nav.render(Context({})) or language == "en"


# templates/includes/language_switcher.html as it was, its loop now written in Python.
SWITCHER_TEMPLATE = """{% load i18n %}<nav class="language-switcher" aria-label="{% translate 'Language' %}">
  <ul>
    {% for link in links %}
      <li><a href="{{ link.url }}" lang="{{ link.code }}" hreflang="{{ link.code }}"\
{% if link.current %} aria-current="true"{% endif %}>{{ link.name }}</a></li>
    {% endfor %}
  </ul>
</nav>
"""


def test_the_language_switcher_written_in_python_is_the_templates_to_the_byte():
    from ake.templatetags.ake_tags import _frame, switcher_items_html

    links = [
        {"code": "fi", "name": "Suomi", "url": "/fi/a/?q=x&y=<1>", "current": False},
        {"code": "sv", "name": 'Svenska "&"', "url": "/sv/%C3%A5/", "current": True},
        {"code": "en", "name": "English", "url": "/en/", "current": False},
    ]
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            frame = _frame(None, "includes/language_switcher.html", (language,), {"items": "MARK"})
            expected = Template(SWITCHER_TEMPLATE).render(Context({"links": links}))
            assert frame.replace("MARK", switcher_items_html(links)) == expected, language


def test_the_active_locale_is_wagtails_as_locales_come_and_go(home):
    """The search's locale (extranet/views.py) comes from the locales read with the sites."""
    from wagtail.models import Locale

    def compare():
        top = site_top.read()
        for language in ("fi", "sv", "en", "de", "sv-fi"):
            with translation.override(language):
                assert top.active_locale().pk == Locale.get_active().pk, language

    compare()
    Locale.objects.filter(language_code="en").delete()
    compare()
    Locale.objects.create(language_code="en")
    compare()


def test_the_roots_key_changes_with_the_roots_only(structure):
    """Parts whose links follow the site roots (the home page's notices, the notice index's items,
    the material bank's text) are kept by the roots' paths and addresses: a section renamed keeps
    them, a root's new address or a site's new hostname does not."""
    from wagtail.models import Site

    before = site_top.read().roots_key
    bank = structure["bank"]
    bank.title = "Pankki uusi"
    bank.save_revision().publish()
    assert site_top.read().roots_key == before
    site = Site.objects.get(is_default_site=True)
    site.hostname = "uusi.example"
    site.save()
    assert site_top.read().roots_key != before
    renamed = site_top.read().roots_key
    home = site.root_page.specific
    home.slug = "koti-uusi"
    home.save_revision().publish()
    assert site_top.read().roots_key != renamed


def test_a_section_renamed_keeps_the_sites_and_a_top_pages_translation_links(structure, client, monkeypatch):
    """A section renamed changes the menu, not the sites, their root pages or a top page's
    translations: the sites come back as they were made (ake/memo.py from_rows, by their rows), and
    the home page's language switcher and hreflang links are not written again (kept by their URLs);
    the page shows the new title. A site's new hostname makes the sites again."""
    from wagtail.models import Site

    from ake.templatetags import ake_tags
    from extranet.templatetags import extranet_tags

    before = site_top.read().sites
    bank = structure["bank"]
    bank.title = "Pankki 7704"
    bank.save_revision().publish()
    assert site_top.read().sites[0] is before[0]
    assert client.get("/fi/").status_code == 200  # the copies filled
    written = []
    switcher, hreflang = ake_tags.switcher_items_html, extranet_tags._hreflang_html

    def counted_switcher(links):
        written.append("switcher")
        return switcher(links)

    def counted_hreflang(found, root):
        written.append("hreflang")
        return hreflang(found, root)

    monkeypatch.setattr(ake_tags, "switcher_items_html", counted_switcher)
    monkeypatch.setattr(extranet_tags, "_hreflang_html", counted_hreflang)
    bank.title = "Pankki 7705"
    bank.save_revision().publish()
    html = client.get("/fi/").content.decode()
    assert "Pankki 7705" in html and 'hreflang="sv"' in html
    assert written == []
    site = Site.objects.get(is_default_site=True)
    site.hostname = "uusi7704.example"
    site.save()
    assert site_top.read().sites[0] is not before[0]
