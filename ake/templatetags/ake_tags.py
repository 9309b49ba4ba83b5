from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language

register = template.Library()


# Stands for the query string in a language switcher kept per path (no path or query holds it).
_QUERY_MARK = "ake-query-string-0a7f"
# Where the links go in the switcher's frame (no template text holds it).
_SWITCHER_MARK = "ake-switcher-links-7c2d"


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """Links to the current page in each language: the page's translation where one exists.

    The same for everyone on the same path: rendered once per process and content version, per path
    without its query string (a search or a filter is a new query string each time: issue #20's first
    search re-resolved the path in each language); the query string is put in per request where
    the links carry it.
    """
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from ake.memo import kept_by_value, memoized, memoized_unstored

    request = context.get("request")
    page = context.get("page")
    if not hasattr(page, "get_translations"):
        page = None
    path, has_query, query = (request.get_full_path() if request is not None else "").partition("?")
    key = (
        "language_switcher",
        get_language(),
        path,
        bool(has_query),
        page.translation_key if page is not None else None,
    )

    def render(links=None):
        if links is None:
            links = _switcher_links(request, page, path + ("?" + _QUERY_MARK if has_query else ""))
        frame = _frame(request, "includes/language_switcher.html", (key[1],), {"items": _SWITCHER_MARK})
        return frame.replace(_SWITCHER_MARK, switcher_items_html(links))

    if page is None:
        # Any other view links only to its own path in each language: the URLconf's answer, which no
        # stored row changes.
        html = memoized_unstored(request, key, render)
    else:
        # A Wagtail page links to its translations (those of a top page are the site's structure).
        areas = translation_areas(page, request)
        make = render
        if areas == "site":
            # A top page's translations come with the top of the page tree (ake/site_top.py, no
            # query): when the site's structure changes, its links are made again from them but
            # written again only if their URLs changed (not for a section renamed).
            def make():
                links = _switcher_links(request, page, path + ("?" + _QUERY_MARK if has_query else ""))
                urls = tuple((link["code"], link["url"], link["current"]) for link in links)
                return kept_by_value(request, ("language_switcher", key[1], urls), lambda: render(links))

        html = memoized(request, key, make, areas=areas)
    if has_query:
        # As the template would escape the whole link (escaping is per character).
        html = html.replace(_QUERY_MARK, escape(query))
    return mark_safe(html)  # noqa: S308 - our own rendered template, the query string escaped


def switcher_items_html(links) -> str:
    """The switcher's links as includes/language_switcher.html's loop wrote them (its lines'
    whitespace included; tests/extranet/test_site_top.py compares them to the byte)."""
    from django.utils.html import conditional_escape as esc

    return "".join(
        f'\n      <li><a href="{esc(link["url"])}" lang="{esc(link["code"])}" hreflang="{esc(link["code"])}"'
        + (' aria-current="true"' if link["current"] else "")
        + f">{esc(link['name'])}</a></li>\n    "
        for link in links
    )


def _switcher_links(request, page, full_path: str) -> list[dict]:
    current = get_language()
    translations = _translation_urls(page, request) if page is not None else {}
    links = []
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = translations[code]
        elif request is not None:
            url = translate_url(full_path, code)
        else:
            url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


def _translation_urls(page, request, *, real_only: bool = False) -> dict[str, str]:
    """Language code -> URL of the page's live translations, in one light query per content version.

    Builds URLs from url_path and the (cached) site root paths instead of loading every translation
    as a page object, which took most of a page's rendering time. The language switcher uses every
    page of the translation set, page-tree aliases included (extranet/page_trees.py: every page exists
    in every language); hreflang lists only real translations (``real_only``).
    """
    from ake.memo import memoized
    from ake.site_top import site_top

    top = site_top(request)
    if top.has(page.translation_key):  # a site root or a section: read with the top of the tree
        rows = top.translation_urls(page.translation_key)
    else:
        rows = memoized(
            request,
            ("translation_urls", page.translation_key),
            lambda: _query_translation_urls(page, request),
            areas="notices",
        )
    return {code: url for code, (url, alias) in rows.items() if not (real_only and alias)}


def translation_areas(page, request) -> str:
    """The content area of a page's translations: the site's structure for the pages at the top of
    the tree (ake/site_top.py), the notices for every other page."""
    from ake.site_top import site_top

    return "site" if site_top(request).has(page.translation_key) else "notices"


def _query_translation_urls(page, request=None) -> dict[str, tuple[str, bool]]:
    from ake.wagtail_serve import site_root_paths

    query = _translations_query()
    positions = query.annotation_positions()
    code, url_path, alias = positions["code"], positions["url"], positions["alias"]
    root_paths = site_root_paths(request)
    urls = {}
    for row in query.rows(page.translation_key):
        language_code = row[code]
        for root in root_paths:
            if (
                row[url_path].startswith(root.root_path)
                and (root.language_code or language_code) == language_code
            ):
                url = iri_to_uri(f"/{language_code}/{row[url_path][len(root.root_path) :]}")
                urls[language_code] = (url, row[alias] is not None)
                break
    return urls


def _translations_query():
    """The live pages of a translation key, their language, address and alias (the statement
    compiled once per process, ake/prepared.py: building it was a tenth of a cold notice page)."""
    from ake.prepared import prepared

    return prepared("ake.page_translations", _make_translations_query)


def _make_translations_query():
    import uuid

    from django.db.models import F
    from wagtail.models import Page

    from ake.prepared import PreparedQuery

    return PreparedQuery(
        lambda key: (
            Page.objects.filter(translation_key=key, live=True)
            .annotate(code=F("locale__language_code"), url=F("url_path"), alias=F("alias_of_id"))
            .only("id")
            .order_by("pk")
        ),
        uuid.UUID(int=0),
    )


@register.filter
def days(value):
    """``{{ n|days }}``: "1 dag", "3 dagar" (ngettext), for sentences that hold several numbers."""
    from ake.wording import days_text

    try:
        return days_text(int(value))
    except (TypeError, ValueError):
        return value


@register.simple_tag(takes_context=True)
def page_content_lang(context):
    """The language of the page's text when it is not the page's own (an alias of a Finnish page in
    the Swedish or English tree, extranet/page_trees.py): templates mark that text with ``lang``.

    Reads ``page`` from the context instead of taking it as an argument: on pages that are not
    Wagtail pages a missing argument would be logged with the whole context, the user included."""
    page = context.get("page")
    if not hasattr(page, "alias_of_id"):
        return ""
    from extranet.page_trees import untranslated_language

    return untranslated_language(page)


@register.filter
def alias_lang(page):
    """For a page in a list: the language of the page's text when the page is an alias of a page in
    another language than the one shown, else ''. The source's language comes with the list
    (``alias_language``, annotated by the notice lists: a notice made from a Swedish rotation story is
    a Swedish page the Finnish tree shows as an alias); without it, the default language's (every
    other alias follows a Finnish page). No query."""
    if getattr(page, "alias_of_id", None) is None:
        return ""
    source = getattr(page, "alias_language", None) or settings.LANGUAGE_CODE
    return source if source != (get_language() or settings.LANGUAGE_CODE).split("-")[0] else ""


@register.simple_tag(takes_context=True)
def document_lang(context, document):
    """``{% document_lang value.document as doc_lang %}``: the document's language when it is not the
    language of the text around it (the page's, or the Finnish of an untranslated alias), else ''.
    Reads the prefetched extranet.DocumentLanguage (DocumentBlock.bulk_to_python): no query."""
    if document is None:
        return ""
    from ake.languages import active_language
    from extranet.models import document_language

    around = page_content_lang(context) or active_language()
    language = document_language(document)
    return language if language != around else ""


@register.filter
def language_label(code):
    """'sv' → "Swedish" in the reader's language (the names the material bank's table uses)."""
    from ake.languages import LANGUAGE_NAMES

    return LANGUAGE_NAMES.get(code, code)


@register.filter
def fallback_lang(obj, field):
    """``{{ event|fallback_lang:"title" }}``: 'fi' when the event's title is shown in Finnish on a page
    in another language (no translation), else '' — for a ``lang`` attribute (WCAG 3.1.2)."""
    from ake.languages import fallback_lang as _fallback_lang

    return _fallback_lang(obj, field) if obj is not None else ""


# Where the pages' items go in the frames of the menu and the footer (no template text holds them).
_SECTIONS_MARK = "ake-menu-sections-7c2d"
_ABOUT_MARK = "ake-menu-about-7c2d"
_LEGAL_MARK = "ake-footer-links-7c2d"


@register.simple_tag(takes_context=True)
def main_nav(context, can_see_report):
    """The main navigation: the home page, the site's sections (the live children of the site's home
    page marked "show in menus", Wagtail's Promote tab, in the order of the page tree), the apps'
    pages, then the pages whose type sets ``menu_last`` (plain pages such as "about the AKE" and
    contacts); each page in the current language where it has a live translation and otherwise in
    the default language (``lang`` says which).

    Kept per process, language and report permission while the site's structure holds. After a
    change, only the pages' items are written again (from the kept top of the page tree,
    ake/site_top.py): the rest, includes/main_nav.html, shows no stored rows and is rendered once
    per process (its translated texts and the apps' addresses)."""
    from django.utils.safestring import mark_safe

    from ake.memo import memoized

    request = context.get("request")
    can_see_report = bool(can_see_report)
    language = get_language()
    site = _request_site(request)

    def build() -> str:
        frame = _frame(
            request,
            "includes/main_nav.html",
            (language, can_see_report),
            {"sections": _SECTIONS_MARK, "about": _ABOUT_MARK, "can_see_report": can_see_report},
        )
        links = _site_links(request)
        return frame.replace(_SECTIONS_MARK, link_items_html(links["sections"], "\n")).replace(
            _ABOUT_MARK, link_items_html(links["about"], "\n")
        )

    key = ("main_nav", site.pk if site is not None else None, language, can_see_report)
    html = memoized(request, key, build, areas="site")
    return mark_safe(html)  # noqa: S308 - our own template, the pages' texts escaped


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer, with links to the pages every footer links to (page types with ``footer_link =
    True``: the accessibility statement and the privacy notice), each in the current language where
    it is translated and otherwise in the default language. Kept per process and language while the
    site's structure holds; includes/site_footer.html is rendered once per process (no stored rows)."""
    from django.utils.safestring import mark_safe

    from ake.memo import memoized

    request = context.get("request")
    language = get_language()
    site = _request_site(request)

    def build() -> str:
        frame = _frame(
            request,
            "includes/site_footer.html",
            (language,),
            {"legal_links": _LEGAL_MARK, "AKE_CONTACT_EMAIL": settings.AKE_CONTACT_EMAIL},
        )
        pages = _site_links(request)["footer"]
        links = f'\n      <ul class="footer-links">{link_items_html(pages, "")}</ul>\n      ' if pages else ""
        return frame.replace(_LEGAL_MARK, links)

    key = ("site_footer", site.pk if site is not None else None, language)
    return mark_safe(memoized(request, key, build, areas="site"))  # noqa: S308


def _frame(request, name: str, key: tuple, values: dict) -> str:
    """A template of the page's chrome rendered with ``values`` only (nothing of the request or the
    visitor), kept per process: it shows no stored rows (its texts, the apps' addresses)."""
    from django.template import Context
    from django.template.loader import get_template

    from ake.memo import memoized_unstored

    return memoized_unstored(
        request, ("frame", name, *key), lambda: get_template(name).template.render(Context(values))
    )


def link_items_html(items, separator: str) -> str:
    """``<li>`` links to pages (``_site_links``' items), as the menu's and the footer's loops wrote
    them: ``{% for item in items %}<li><a href="{{ item.url }}"{% if item.lang %} lang="{{ item.lang
    }}"{% endif %}>{{ item.title }}</a></li>{separator}{% endfor %}`` (tests/extranet/test_site_top.py
    compares them to the byte)."""
    from django.utils.html import conditional_escape as esc

    return "".join(
        f'<li><a href="{esc(item["url"])}"'
        + (f' lang="{esc(item["lang"])}"' if item["lang"] else "")
        + f">{esc(item['title'])}</a></li>{separator}"
        for item in items
    )


def _site_links(request) -> dict:
    """The menu's and the footer's pages, worked out from the top of the page tree (ake/site_top.py:
    one read, kept per process while the site's structure, ake/areas.py SITE, is unchanged; a
    published notice leaves it kept). The same for every visitor."""
    from ake.site_top import site_top

    top = site_top(request)
    return top.links(_request_site(request) or top.default_site, get_language())


def _request_site(request):
    """Wagtail's site of the request (ake/memo.py SiteLookupMiddleware has found it), if any."""
    from wagtail.models import Site

    return Site.find_for_request(request) if request is not None else None


@register.simple_tag(takes_context=True)
def optional_url(context, name, *args):
    """The URL of a named route, or '' while the app that provides it has none yet."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.filter
def sanitized_richtext(value):
    """Wagtail rich text, expanded and then cleaned: for fields that code or imports may also write."""
    from django.utils.safestring import mark_safe
    from wagtail.rich_text import expand_db_html

    from ake.sanitize import clean_html

    return mark_safe(clean_html(expand_db_html(value or "")))  # noqa: S308 - cleaned by nh3 just above


@register.filter
def safe_url(value):
    """A stored link for an href: only web, mail and phone links, or links within the site.

    URL fields are validated in forms, but a value written by code, a data migration or the ORM is not;
    a javascript: or data: link would run script in the reader's session when clicked.
    """
    from ake.sanitize import is_safe_url

    text = str(value or "").strip()
    return text if is_safe_url(text) else ""


class MemoNode(template.Node):
    def __init__(self, nodelist, name, vary_on, areas, without):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        # As written in the tag: memoized() adds each area's parts but those ``without``.
        self.areas = areas
        self.without = without

    def render(self, context):
        from ake.memo import memoized

        request = context.get("request")
        key = ("fragment", self.name, get_language(), *(str(var.resolve(context)) for var in self.vary_on))
        return memoized(
            request, key, lambda: self.nodelist.render(context), areas=self.areas, without=self.without
        )


@register.tag
def memo(parser, token):
    """``{% memo "name" var ... areas="events,registry" [without="seats"] %}…{% endmemo %}``: the
    block rendered once per process while nothing in its content areas changes (``without``: parts
    of those areas the block does not show, ake/areas.py "Parts of an area").

    Like Django's ``{% cache %}`` but kept in the process and valid exactly as long as nothing in the
    block's content areas (ake/areas.py: notices, events, kits, registry, users, report) has changed
    (ake/memo.py), so there is no expiry to wait for after an edit. ``areas=`` is required: every
    area whose rows the block shows, nested blocks' included. The language is always part of the
    key; add everything else the block depends on as ``var``. Never put anything that depends on the
    visitor inside (the user, CSRF tokens, messages, CSP nonces).
    """
    from ake.areas import AREAS, normalize

    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% memo %} needs a name")
    areas_bits = [bit for bit in bits[2:] if bit.startswith("areas=")]
    if len(areas_bits) != 1:
        raise template.TemplateSyntaxError(
            f'{{% memo {bits[1]} %}} needs areas="..." with the content areas it shows (some of '
            f"{', '.join(AREAS)}; see ake/areas.py)"
        )
    without_bits = [bit for bit in bits[2:] if bit.startswith("without=")]
    areas = areas_bits[0][len("areas=") :].strip("\"'")
    without = without_bits[0][len("without=") :].strip("\"'") if without_bits else ()
    try:
        normalize(areas, without)
    except ValueError as error:
        raise template.TemplateSyntaxError(f"{{% memo {bits[1]} %}}: {error}") from error
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    vary_on = [parser.compile_filter(bit) for bit in bits[2:] if not bit.startswith(("areas=", "without="))]
    return MemoNode(nodelist, bits[1].strip("\"'"), vary_on, areas, without)


class KeptNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context):
        from ake.memo import kept_by_value

        values = tuple(value.resolve(context) for value in self.values)
        if any(value is None for value in values):  # not made from rows read in this request
            return self.nodelist.render(context)
        key = ("fragment", self.name, get_language(), *values)
        return kept_by_value(context.get("request"), key, lambda: self.nodelist.render(context))


@register.tag
def kept(parser, token):
    """``{% kept "name" value ... %}…{% endkept %}``: the block rendered once per process for these
    values (ake/memo.py ``kept_by_value``), which must be every value the block is made of: stamps of
    rows read in this request (ake/wagtail_serve.py ``rows_stamp``, ``from_rows``), the values
    themselves otherwise. Unlike ``{% memo %}`` no write retires it, since a write changes a value;
    another notice's publication leaves a notice's text kept. The language is always part of the
    key; a value that is None renders the block without keeping it."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("{% kept %} needs a name and the values the block is made of")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]])
