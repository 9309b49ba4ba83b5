"""Wagtail's page view with the route and view restrictions kept per process (ake/memo.py).

Wagtail finds a page by walking the tree from the site root, one query per level plus one for the
locale, and then reads the page's and its ancestors' view restrictions: four to six queries before
the page's own work starts, on every request, for rows that change a few times a year. Here the
route result for (site, language, path) is kept while the content version is unchanged (any page
publish, move or restriction change bumps it), and so is the page's list of restrictions, which
stays on the kept page object. Whether a visitor passes a restriction is still decided per request
by Wagtail's own hook.

Routing must not depend on the visitor for this to hold: Wagtail's Page.route and our overrides
look only at the path and at live/published state.
"""

from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from .areas import NOTICES, declare_view_areas
from .memo import memoized


def view_restrictions(page) -> list:
    """Wagtail's ``page.get_view_restrictions()`` in one query instead of two: the restrictions of
    the page and its ancestors, an alias's taken from its source page."""
    from django.db.models import Subquery
    from django.db.models.functions import Coalesce
    from wagtail.models import PageViewRestriction

    steps = range(page.steplen, len(page.path) + 1, page.steplen)
    pages = Page.objects.filter(path__in=[page.path[:end] for end in steps])
    sources = pages.annotate(source=Coalesce("alias_of_id", "id")).values("source")
    return list(PageViewRestriction.objects.filter(page_id__in=Subquery(sources)))


def _route(request, path):
    route = Page.route_for_request(request, path)
    if route is not None:
        page = route[0]
        restrictions = view_restrictions(page)
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
            declare_view_areas(request, shows)
    return wagtail_views.serve(request, path)
