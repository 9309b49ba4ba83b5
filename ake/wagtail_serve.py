"""Wagtail's page view with the route and view restrictions kept per process (ake/memo.py).

Wagtail finds a page by walking the tree from the site root, one query per level plus one for the
locale, and then reads the page's and its ancestors' view restrictions: four to six queries before
the page's own work starts, for rows that change a few times a year. Here the route is found in one
query (``route_in_one_query``: every page along the path with its specific row) and its result for
(site, language, path) is kept while the content version is unchanged (any page publish, move or
restriction change bumps it), and so is the page's list of restrictions, which stays on the kept
page object. Whether a visitor passes a restriction is still decided per request
by Wagtail's own hook.

Routing must not depend on the visitor for this to hold: Wagtail's Page.route and our overrides
look only at the path and at live/published state.
"""

from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from .areas import NOTICES, declare_view_areas
from .memo import from_rows, memoized
from .prepared import PreparedQuery, prepared
from .site_top import site_top


def site_root_paths(request) -> list:
    """Wagtail's ``Site.get_site_root_paths()`` for this request: kept per process while the site's
    structure holds (SITE: sites, locales, the site roots), and left on the request where Wagtail's
    own ``pageurl`` looks for it, instead of one read of the shared cache per caller (three on a
    cold page: the route, the translations' addresses, the links)."""
    if request is None:
        return Site.get_site_root_paths()
    try:
        return request._wagtail_cached_site_root_paths
    except AttributeError:
        # Made from the top of the page tree, read once per change of the site's structure
        # (ake/site_top.py) instead of a read of Wagtail's copy in the shared cache.
        paths = site_top(request).root_paths
        request._wagtail_cached_site_root_paths = paths
        return paths


def view_restrictions(page) -> list:
    """Wagtail's ``page.get_view_restrictions()`` in one query instead of two: the restrictions of
    the page and its ancestors, an alias's taken from its source page. The query is compiled once
    per depth of page, and the restrictions are built again only when its rows change (a cold view
    after another page's publication reads them and finds them as they were)."""
    steps = range(page.steplen, len(page.path) + 1, page.steplen)
    paths = [page.path[:end] for end in steps]
    # The restrictions' query per depth of page (ake/prepared.py: the SQL made from sample paths).
    depth = len(paths)
    query = prepared(("ake.view_restrictions", depth), lambda: _restriction_query(depth))
    rows = query.rows(*paths)
    return from_rows(("view_restrictions", page.path), rows, query.instances)[0]


def _restriction_query(depth: int):
    from django.db.models import Subquery
    from django.db.models.functions import Coalesce
    from wagtail.models import PageViewRestriction

    def build(*paths):
        pages = Page.objects.filter(path__in=paths)
        sources = pages.annotate(source=Coalesce("alias_of_id", "id")).values("source")
        return PageViewRestriction.objects.filter(page_id__in=Subquery(sources)).order_by("pk")

    return PreparedQuery(build, *(f"ake-restriction-path-{index}" for index in range(depth)))


_UNROUTED = object()


def _specific_relations() -> list[str]:
    """The one-to-one relations from Page to each page type made directly from Page: selected in
    the route's query, they give the specific page without a query per level."""
    from wagtail.models import get_page_models

    return [model._meta.model_name for model in get_page_models() if model._meta.get_parent_list() == [Page]]


def _specific(row):
    """The specific page of a row read with ``_specific_relations()``; a deeper type on its own."""
    wanted = row.specific_class
    if wanted is None or wanted is Page:
        return row
    name = wanted._meta.model_name
    if wanted._meta.get_parent_list() == [Page] and name in row._state.fields_cache:
        found = row._state.fields_cache[name]
        if found is not None:
            return found
    return row.specific


def _route_query(slug_count: int, prefix_count: int):
    sample_slugs = [f"ake-route-slug-{index}" for index in range(slug_count)]
    sample_prefixes = [f"/ake-route-prefix-{index}/" for index in range(prefix_count)]

    def build(*values):
        return (
            Page.objects.filter(slug__in=values[:slug_count], url_path__in=values[slug_count:])
            .select_related(*_specific_relations())
            .annotate(ake_restricted=_restricted())
        )

    return PreparedQuery(build, *sample_slugs, *sample_prefixes)


def _route_rows(slugs: list, prefixes: list) -> list:
    # The route's query compiled once per process for each number of slugs and prefixes (a path's
    # depth): with every page type's specific row selected, building and compiling it was a fifth
    # of a cold page's routing and rendering (issue #20). Only the SQL and column positions are
    # kept (ake/prepared.py), never a row.
    counts = (len(slugs), len(prefixes))
    query = prepared(("ake.route", *counts), lambda: _route_query(*counts))
    # Read on every cold view; each page is built again only when its own row changed: with every
    # page type's row, building them was most of the route's time, and another notice's
    # publication leaves them as they were (a new notice changes its index's row, numchild, not
    # its siblings'). The page's id is the key, nothing of the visitor.
    rows = query.rows(*slugs, *prefixes)
    at = query.position("id")
    pages = []
    for row in rows:
        (page,), stamp = from_rows(("route_row", row[at]), (row,), query.instances)
        # What a page's row made (its rendered parts) may be kept by this number (rows_stamp).
        page._ake_rows_stamp = stamp
        for specific in page._state.fields_cache.values():
            if specific is not None:
                specific._ake_rows_stamp = stamp
                specific.ake_restricted = page.ake_restricted
        pages.append(page)
    return pages


def _restricted():
    """Whether a view restriction applies to the row's page: one on the page or an ancestor (by
    tree path, the whole tree above the site root included), an alias's on its source, as
    ``view_restrictions`` reads them. Part of the route's query, so that the common page without
    any reads no restrictions at all."""
    from django.db.models import Exists, OuterRef, Subquery
    from django.db.models.functions import Coalesce, Left, Length
    from wagtail.models import PageViewRestriction

    above = (
        Page.objects.filter(path=Left(OuterRef(OuterRef("path")), Length("path")))
        .annotate(source=Coalesce("alias_of_id", "id"))
        .values("source")
    )
    return Exists(PageViewRestriction.objects.filter(page_id__in=Subquery(above)))


def rows_stamp(page) -> int | None:
    """A number that changes whenever the route read this page's rows (every page type's columns)
    changed, made in this request's routing; None for a page routed otherwise (Wagtail's own
    routing, a preview). A part of the page rendered from its own fields can be kept by it
    (ake/memo.py ``kept_by_value``) across writes of other pages."""
    return getattr(page, "_ake_rows_stamp", None)


def route_in_one_query(request, path):
    """What Wagtail's ``Page.route_for_request`` finds, in one query instead of one or two per level
    of the tree plus the site root, its locale and its translation: every page along the path (by
    ``url_path`` below the language's site root, from Wagtail's cached site root paths) with its
    specific row. Each page type's own ``route()`` still decides where it overrides Wagtail's.
    Anything unusual (no root in the language, a draft root, two pages at one address) returns
    ``_UNROUTED`` and Wagtail routes as before."""
    from django.http import Http404
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.url_routing import RouteResult

    site = Site.find_for_request(request)
    if site is None:
        return None
    try:
        language = get_supported_content_language_variant(get_language())
    except LookupError:
        return _UNROUTED
    roots_here = [
        root.root_path
        for root in site_root_paths(request)
        if root.site_id == site.pk and root.language_code == language
    ]
    if len(roots_here) != 1:
        return _UNROUTED
    root_path = roots_here[0]
    components = [component for component in path.split("/") if component]
    prefixes = [
        root_path + "".join(f"{part}/" for part in components[:end]) for end in range(len(components) + 1)
    ]
    # The slugs narrow the search to their index; the address decides.
    slugs = {url_path.rstrip("/").rsplit("/", 1)[-1] for url_path in prefixes}
    rows: dict[str, list] = {}
    for row in _route_rows(sorted(slugs), prefixes):
        rows.setdefault(row.url_path, []).append(row)
    chain = []
    for url_path in prefixes:
        found = rows.get(url_path, [])
        if len(found) > 1:
            return _UNROUTED
        if not found:
            break
        row = found[0]
        if chain and not (row.depth == chain[-1].depth + 1 and row.path.startswith(chain[-1].path)):
            return _UNROUTED
        chain.append(row)
    if not chain or not chain[0].live:  # Wagtail routes from the default language's root then
        return _UNROUTED
    page = _specific(chain[0])
    try:
        for level in range(len(components) + 1):
            remaining = components[level:]
            if type(page).route is not Page.route:  # a page type that routes on its own
                return page.route(request, remaining)
            if not remaining:
                if page.live:
                    return RouteResult(page)
                raise Http404
            if level + 1 >= len(chain):
                raise Http404
            child = _specific(chain[level + 1])
            child._cached_parent_obj = page
            page = child
    except Http404:
        return None
    return None


def _route(request, path):
    route = route_in_one_query(request, path)
    if route is _UNROUTED:
        route = Page.route_for_request(request, path)
    if route is not None:
        page = route[0]
        # None on the page or above it (the route's query says so): no query for them.
        restrictions = view_restrictions(page) if getattr(page, "ake_restricted", True) else []
        # Wagtail's check_view_restrictions hook calls this method; the list lives as long as the
        # kept page object, that is until the content version changes.
        page.get_view_restrictions = lambda: restrictions
    return route


def serve(request, path):
    site = Site.find_for_request(request)
    if site is not None and not hasattr(request, "_wagtail_route_for_request"):
        key = ("wagtail_route", site.pk, get_language(), path)
        request._wagtail_route_for_request = memoized(
            request, key, lambda: _route(request, path), areas=NOTICES
        )
        route = request._wagtail_route_for_request
        # What the page type reads outside kept copies (ake/areas.py); none declared: every area.
        shows = getattr(route[0], "shows_areas", None) if route is not None else None
        if shows is not None:
            declare_view_areas(request, shows, getattr(route[0], "shows_areas_without", ()))
    return wagtail_views.serve(request, path)
