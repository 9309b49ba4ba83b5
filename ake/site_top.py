"""The top of the page tree in one read: the sites, their root pages in every language, the roots'
children, and the pages the footer links to. It feeds the chrome of every page: the site lookup
(ake/memo.py SiteLookupMiddleware), the menu and the footer, the language switcher and the hreflang
links of the pages at the top (ake/templatetags/ake_tags.py).

Every page of the site shows its chrome, and every change of the site's structure (ake/areas.py
SITE) retires it; each piece read its own rows in its own query (Wagtail's site lookup, the menu's
and footer's pages, a top page's translations), built and compiled by the ORM on each first view.
Here one statement (its SQL made once per process from the models' tables and columns, like
ake/prepared.py) reads all of them, kept per process while SITE holds, and each piece is worked out
from it in Python. A page below the top (a notice, a sub-bank) still reads its own translations.

What is kept is the same for every visitor: rows of the page tree and the sites, nothing of a request.

The read covers every page whose translation key is a top page's (a site root or a child of one, in
any language): Wagtail makes a page's translations under the translations of its parent
(``copy_for_translation``), so they are top pages too and their writes retire SITE
(ake/areas.py ``page_in_site_structure``); a page moved away retires SITE as a move.
"""

from operator import attrgetter
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.utils.encoding import iri_to_uri
from wagtail.models.sites import SiteRootPath

from .areas import SITE

# Wagtail's site lookup (wagtail.models.sites.get_site_for_hostname), in its order of preference.
_HOSTNAME_PORT, _HOSTNAME_DEFAULT, _DEFAULT, _HOSTNAME = range(4)
# The request's port is no number: Wagtail's own lookup decides (and fails as it does).
UNDECIDED = object()


# What the chrome reads of each page, in the statement's order; the root pages of the sites get
# every column (Wagtail's site lookup gives the site with its root page).
_TOP_COLUMNS = (
    "id",
    "path",
    "depth",
    "url_path",
    "title",
    "live",
    "show_in_menus",
    "translation_key",
    "alias_of_id",
    "locale_id",
    "content_type_id",
)
_SITE_COLUMNS = ("id", "hostname", "port", "site_name", "is_default_site")


class TopPage(NamedTuple):
    id: int
    path: str
    depth: int
    url_path: str
    title: str
    live: bool
    show_in_menus: bool
    translation_key: object
    alias_of_id: int | None
    locale_id: int
    content_type_id: int
    language_code: str
    model: type | None  # the page type (None: a content type without a model)


_LANGUAGE = len(_TOP_COLUMNS)  # the page's language code, then the site's columns (a root's)
_SITE = _LANGUAGE + 1
_LOCALES = _SITE + len(_SITE_COLUMNS)  # a root's row: the ids and language codes of every locale
_REST = _LOCALES + 2
_sql: str | None = None
# Where each of the Page model's fields is in a row (Model.from_db takes them in the model's order).
_page_positions: list[int] = []


def _statement() -> str:
    """The one statement, made from the models' tables and columns on first use."""
    global _sql, _page_positions
    if _sql is None:
        from wagtail.models import Locale, Page, Site

        fields = {field.attname: field for field in Page._meta.concrete_fields}
        rest = [name for name in fields if name not in _TOP_COLUMNS]
        order = [*_TOP_COLUMNS, *rest]
        top_columns = ", ".join(f'p."{fields[name].column}"' for name in _TOP_COLUMNS)
        site_columns = ", ".join(f's."{Site._meta.get_field(name).column}"' for name in _SITE_COLUMNS)
        # The other columns of a site's root page only: NULL, read as nothing, on every other row.
        rest_columns = ", ".join(
            f'CASE WHEN s.id IS NOT NULL THEN p."{fields[name].column}" END' for name in rest
        )
        page, site, locale = Page._meta.db_table, Site._meta.db_table, Locale._meta.db_table
        # The roots: each site's root page and its translations; the top: the roots, their children
        # (by the tree's path: one level below), every translation of either, and the footer's pages.
        sql = f"""
            WITH roots AS (
                SELECT r.path, r.depth, r.translation_key FROM {page} r
                WHERE r.translation_key IN (
                    SELECT sr.translation_key FROM {page} sr JOIN {site} s ON s.root_page_id = sr.id)
            ), top_keys AS (
                SELECT translation_key FROM roots
                UNION
                SELECT c.translation_key FROM {page} c JOIN roots ON c.depth = roots.depth + 1
                    AND substr(c.path, 1, length(roots.path)) = roots.path
            )
            SELECT {top_columns}, l.language_code, {site_columns},
                CASE WHEN s.id IS NOT NULL THEN (SELECT array_agg(lo.id ORDER BY lo.id) FROM {locale} lo) END,
                CASE WHEN s.id IS NOT NULL THEN
                    (SELECT array_agg(lo.language_code ORDER BY lo.id) FROM {locale} lo) END,
                {rest_columns}
            FROM {page} p
            JOIN {locale} l ON l.id = p.locale_id
            LEFT JOIN {site} s ON s.root_page_id = p.id
            WHERE p.translation_key IN (SELECT translation_key FROM top_keys)
               OR p.content_type_id = ANY(%s)
            ORDER BY p.path, s.id
        """
        positions = {name: (i if i < _LANGUAGE else i + _REST - _LANGUAGE) for i, name in enumerate(order)}
        _page_positions = [positions[name] for name in fields]
        _sql = sql
    return _sql


def _footer_models() -> list:
    from wagtail.models import get_page_models

    return [model for model in get_page_models() if getattr(model, "footer_link", False)]


class SiteTop:
    """The rows of one read; read-only once made (shared by the requests of a process)."""

    def __init__(self, rows):
        from django.contrib.contenttypes.models import ContentType

        from .memo import from_rows

        pages: list[TopPage] = []
        models: dict = {}
        # The sites with their root pages and the locales, made again only when the sites' rows
        # changed (ake/memo.py from_rows): a section renamed or added leaves them as they were, and
        # making a root page (Wagtail's Page.__init__) was a third of this.
        site_rows = tuple(tuple(row) for row in rows if row[_SITE] is not None)
        (sites, self.locales), _stamp = from_rows(("site_top_sites",), site_rows, _sites_and_locales)
        for row in rows:
            if row[_SITE] is not None and pages and pages[-1].id == row[0]:
                continue  # the root of two sites: one row per site
            content_type_id = row[_LANGUAGE - 1]
            model = models.get(content_type_id, models)
            if model is models:
                model = models[content_type_id] = ContentType.objects.get_for_id(
                    content_type_id
                ).model_class()
            pages.append(TopPage(*row[:_SITE], model))
        self.sites = sites
        self.pages = pages
        self.by_key: dict = {}
        for page in pages:
            self.by_key.setdefault(page.translation_key, []).append(page)
        # Wagtail's Site.get_site_root_paths() (ake/wagtail_serve.py site_root_paths gives these), most
        # specific first: the sites by their root's url_path (descending), the default first, then
        # by hostname; each site's root in every language in the tree's order.
        ordered = sorted(sites, key=lambda site: site.hostname)
        ordered.sort(key=lambda site: site.is_default_site, reverse=True)
        ordered.sort(key=lambda site: site.root_page.url_path, reverse=True)
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            roots = [(site, self.by_key.get(site.root_page.translation_key, ())) for site in ordered]
        else:
            roots = [(site, [page for page in pages if page.id == site.root_page.pk]) for site in ordered]
        self.root_paths = [
            SiteRootPath(site.id, page.url_path, site.root_url, page.language_code)
            for site, pages in roots
            for page in pages
        ]
        # What a page's address is made of besides its own row (Wagtail's pageurl): kept parts whose
        # links follow the roots are keyed by it, so a change of the structure that leaves every
        # root where it was (a section renamed) leaves them kept.
        self.roots_key = tuple(self.root_paths)
        self.default_site = next((site for site in sites if site.is_default_site), None)
        self._links: dict = {}
        self._urls: dict = {}

    # ----------------------------------------------------------------------- the site lookup
    def site_for(self, hostname: str, port):
        """What Wagtail's ``get_site_for_hostname`` finds (None where it finds nothing), or
        UNDECIDED where the port is not a number."""
        try:
            port = int(port)
        except (TypeError, ValueError):
            return UNDECIDED
        ranked = []
        for site in self.sites:
            if site.hostname == hostname:
                if site.port == port:
                    rank = _HOSTNAME_PORT
                elif site.is_default_site:
                    rank = _HOSTNAME_DEFAULT
                else:
                    rank = _HOSTNAME
            elif site.is_default_site:
                rank = _DEFAULT
            else:
                continue
            ranked.append((rank, site))
        if not ranked:
            return None
        ranked.sort(key=lambda pair: pair[0])
        if len(ranked) == 1 or ranked[0][0] in (_HOSTNAME_PORT, _HOSTNAME_DEFAULT):
            return ranked[0][1]
        if ranked[0][0] == _DEFAULT:
            # One other site of the hostname (on another port) wins over the default; several do not.
            return ranked[len(ranked) == 2][1]
        return None

    # ----------------------------------------------------------------------- locales
    def active_locale(self):
        """What Wagtail's ``Locale.get_active()`` gives: the locale of the active language, else the
        default language's (raising as Wagtail does without it); UNDECIDED where no locale was read
        (no site)."""
        from django.utils.translation import get_language
        from wagtail.coreutils import get_supported_content_language_variant
        from wagtail.models import Locale

        if self.locales is None:
            return UNDECIDED
        try:
            found = self.locales.get(get_supported_content_language_variant(get_language()))
        except LookupError:
            found = None
        if found is None:
            found = self.locales.get(get_supported_content_language_variant(settings.LANGUAGE_CODE))
            if found is None:
                raise Locale.DoesNotExist("Locale matching query does not exist.")
        return found

    # ----------------------------------------------------------------------- translations
    def has(self, translation_key) -> bool:
        return translation_key in self.by_key

    def translation_urls(self, translation_key) -> dict[str, tuple[str, bool]]:
        """Language code -> (URL, is an alias) of the live pages of a top page's translation set, as
        ake_tags._query_translation_urls gives them (the switcher and hreflang both ask)."""
        urls = self._urls.get(translation_key)
        if urls is None:
            urls = self._urls[translation_key] = self._translation_urls(translation_key)
        return urls

    def _translation_urls(self, translation_key) -> dict[str, tuple[str, bool]]:
        urls = {}
        # In the order of the pages' ids, as ake_tags._translations_query reads them.
        for page in sorted(self.by_key.get(translation_key, ()), key=attrgetter("id")):
            if not page.live:
                continue
            code, url_path = page.language_code, page.url_path
            for root in self.root_paths:
                if url_path.startswith(root.root_path) and (root.language_code or code) == code:
                    url = iri_to_uri(f"/{code}/{url_path[len(root.root_path) :]}")
                    urls[code] = (url, page.alias_of_id is not None)
                    break
        return urls

    # ----------------------------------------------------------------------- menu and footer
    def links(self, site, language: str) -> dict:
        """The menu's sections, its last pages ("about", contacts) and the footer's pages of a site in
        a language: each page in the language where it has a live translation, else in the default
        language (``lang`` says so)."""
        key = (site.pk if site is not None else None, language)
        found = self._links.get(key)
        if found is None:
            found = self._links[key] = self._make_links(site, language)
        return found

    def _make_links(self, site, language: str) -> dict:
        from wagtail.coreutils import get_supported_content_language_variant

        links: dict = {"sections": [], "about": [], "footer": []}
        if site is None:
            return links
        home = site.root_page
        default_language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        home_depth, home_path = home.depth, home.path

        def link(page) -> dict:
            # The URL as Wagtail routes it under i18n_patterns: the language, then the path below the
            # language's home page.
            below_home = page.url_path.strip("/").split("/")[home_depth - 1 :]
            url = iri_to_uri("/".join(["", page.language_code, *below_home, ""]))
            # A page shown in the default language because it has no translation yet says so.
            code = page.language_code
            return {"title": page.title, "url": url, "lang": code if code != language else ""}

        live = [page for page in self.pages if page.live]
        translated = {page.translation_key: page for page in live if page.language_code == language}
        footer: dict = {}
        for page in live:
            model = page.model
            if page.depth == home_depth + 1 and page.path.startswith(home_path) and page.show_in_menus:
                shown = translated.get(page.translation_key, page)
                links["about" if getattr(model, "menu_last", False) else "sections"].append(link(shown))
            if (
                getattr(model, "footer_link", False)
                and page.language_code in (language, default_language)
                and (model not in footer or page.language_code == language)
            ):
                footer[model] = page
        links["footer"] = [link(page) for page in sorted(footer.values(), key=attrgetter("content_type_id"))]
        return links


def _sites_and_locales(site_rows) -> tuple[list, dict | None]:
    """The sites of the rows of their root pages, each with its root page, and every locale by its
    language code (read on the sites' rows: none without a site)."""
    from wagtail.models import Locale, Page, Site

    alias = connection.alias
    sites = []
    locales = None
    for row in site_rows:
        site_id, hostname, port, site_name, is_default_site = row[_SITE:_LOCALES]
        locales = row[_LOCALES : _LOCALES + 2]
        # In the model's order of fields (Site.from_db).
        site = Site.from_db(alias, None, [site_id, hostname, port, site_name, row[0], is_default_site])
        site.root_page = Page.from_db(alias, None, [row[i] for i in _page_positions])
        sites.append(site)
    if locales is None:
        return sites, None
    return sites, {code: Locale.from_db(alias, None, [pk, code]) for pk, code in zip(*locales, strict=True)}


def read() -> SiteTop:
    """The top of the page tree, in one query."""
    from django.contrib.contenttypes.models import ContentType

    footer_types = ContentType.objects.get_for_models(*_footer_models(), for_concrete_models=False)
    sql = _statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, [[content_type.pk for content_type in footer_types.values()]])
        rows = cursor.fetchall()
    return SiteTop(rows)


def site_top(request) -> SiteTop:
    """The top of the page tree, kept per process while the site's structure holds (read once per
    request without a cache)."""
    from .memo import memoized

    if request is None:
        return read()
    found = getattr(request, "_ake_site_top", None)
    if found is None:
        found = request._ake_site_top = memoized(request, ("site_top",), read, areas=SITE)
    return found
