"""Per-process copies of rarely changing rows, valid while the versions of their content areas hold.

The site that serves a host, the notice index of a language and similar lookups cost a query on
every page although they change a few times a year. Each web process keeps the result together with
the versions of the content areas it shows (``areas=``, required; ake/areas.py) as they were when it
was read; one cache read per request (shared with the page cache) tells whether anything in those
areas changed since, in any process. Without a reachable cache nothing is kept and every lookup
queries as before.

Values kept here are shared by the requests of the process: they must be treated as read-only.
Like a cached page, an entry lives at most PAGE_CACHE_SECONDS, which bounds what a write that sends
no signal (``QuerySet.update()`` without ``content_changed()``) leaves behind.

Nothing visitor-specific is kept: a copy is filled by whichever visitor comes first and served to
every later one, so neither its key nor its value may hold a user, a user's id, name or email, a
visitor's own rows (a registration, a join request) or anything per request (CSRF tokens, messages,
nonces). What is kept, and keyed by what (README, "Per-process copies", has the full list):

- Wagtail's route and view restrictions per site, language and path (ake/wagtail_serve.py); whom a
  restriction admits is decided per request;
- what rows read in the same request make (``from_rows``, ``kept_by_value``, ``{% kept %}``): kept
  by those rows or values, not by an area's version, so the first view after a write rebuilds
  only what the write changed; the same rules (nothing of the visitor in keys, rows or values);
- rendered fragments (``{% memo %}``, ake/templatetags/ake_tags.py) per name, language and the
  values named in the tag: a path, a query string, a day or minute, a page or event id, yes/no
  answers that are the same for many visitors (``can_see_report``, ``show_online_url``), the set of
  documents shown;
- the top of the page tree (ake/site_top.py: sites, root pages, sections, the footer's pages) and
  lookups per language, page, event, group or kit month (site links, notices, an event with its
  seats, a group with its meetings and members);
- the Wagtail admin's sidebar per permission set and language (ake/admin_sidebar.py): the key is a
  hash of the permission codenames, role names and superuser flag, and the account block (name,
  avatar) is cut out before keeping and written per request.

What is read per request instead: the session's user (two queries: the session row, the user row
with the groups whose join request of the user's waits, networks.User.for_session; their
statements, not their rows, are compiled once per process, ake/prepared.py), its permissions and
roles (one Redis entry per user, shared, ake/auth_backends.py), a visitor's own registration on an
event page.

Removed on 7 Dec 2026 because they held the visitor: ``ake/auth_middleware.py`` (the session's user
with its permissions and groups, per user id), the sidebar kept per user id (with the user's name
and avatar in it), ``registration_for`` (a visitor's registration per event and user id) and
``group_join_pending`` (a visitor's join request per group and user id).
``tests/extranet/test_kept_copies.py`` (``test_the_kept_copies_hold_nothing_of_the_visitor``) scans
every kept copy and module-level store after a member and two editors browse, and fails on any of
them.
"""

import itertools
import time
from collections import OrderedDict

from django.conf import settings
from django.http.request import split_domain_port

from .areas import SITE, normalize, note_shown
from .page_cache import read_area_versions

# Least recently used entries go first: the pages of few visitors (a rare query string, an old
# month) must not push out the pages everyone reads.
_MAX_ENTRIES = 2000
_values: OrderedDict = OrderedDict()


def request_area_versions(request) -> dict | None:
    versions = getattr(request, "_ake_area_versions", False)
    if versions is False:
        versions = request._ake_area_versions = read_area_versions()[0]
    return versions


def current_minute() -> int:
    """A key part for values that also move with the clock ("upcoming" events)."""
    return int(time.time() // 60)


def memoized(request, key, compute, *, areas, without=()):
    """compute(), kept per process while the versions of ``areas`` (what the value shows, with their
    parts but those ``without``: ake/areas.py) hold."""
    areas = normalize(areas, without)
    # A preview (Wagtail's editor, moderation) renders unsaved changes: never from or into the copies.
    if request is None or getattr(request, "is_preview", False) or getattr(request, "is_dummy", False):
        return compute()
    versions = request_area_versions(request)
    if versions is None:
        return compute()
    note_shown(request, areas)
    return _kept_or_computed(key, tuple(map(versions.__getitem__, areas)), compute)


def _kept_or_computed(key, version, compute):
    """The copy kept under ``key`` if it was made at ``version`` and has not expired, else a new one."""
    now = time.monotonic()
    found = _values.get(key)
    if found is not None and found[0] == version and found[2] > now:
        _values.move_to_end(key)
        return found[1]
    value = compute()
    # Kept no longer than a cached page: bounds what a write without signals leaves behind.
    _values[key] = (version, value, now + settings.PAGE_CACHE_SECONDS)
    _values.move_to_end(key)
    while len(_values) > _MAX_ENTRIES:
        _values.popitem(last=False)
    return value


def memoized_unstored(request, key, compute):
    """compute(), kept per process for a value that shows no stored rows at all (a form of fixed
    choices rendered for a query string, language and day): no write retires it, so the first view
    after one does not build it again; it lives PAGE_CACHE_SECONDS like every copy. Anything that
    reads the database belongs in ``memoized`` with its areas."""
    if request is None or getattr(request, "is_preview", False) or getattr(request, "is_dummy", False):
        return compute()
    return _kept_or_computed(("unstored", key), None, compute)


def kept_by_value(request, key, compute):
    """compute(), kept per process under a key that holds every value it is made of: rows read in
    this very request, the language, the site and the SITE version it was made under; so no write
    can leave it stale, and the first view after a write makes again only what the write changed
    (one notice's list item, not the other nineteen). Lives PAGE_CACHE_SECONDS like every copy.
    Nothing of the visitor in the key or the value."""
    if request is None or getattr(request, "is_preview", False) or getattr(request, "is_dummy", False):
        return compute()
    return _kept_or_computed(("by_value", key), None, compute)


# What was made from rows read anew on each cold view: key -> (rows, value, stamp).
_from_rows: OrderedDict = OrderedDict()
_stamps = itertools.count(1)


def from_rows(key, rows, build) -> tuple:
    """``(build(rows), stamp)``, the value kept per process while the rows just read are equal to the
    rows it was made from: a write elsewhere in the value's content area (another notice published)
    makes its first view read the rows again, but builds nothing again when they did not change.

    For the part of a cold view that is not the query: model instances of a Wagtail page with every
    page type's row, a list's items, a rendered fragment. ``rows`` must have been read in this very
    request (ake/prepared.py ``PreparedQuery.rows``), so what is returned is what the database holds
    now; and ``build`` may read nothing else. ``stamp`` is a number of this process that changes
    whenever the value is made again: a value made from the kept one can be kept by it
    (``memoized_unstored`` with the stamp in its key). The rules of kept copies hold: nothing of
    the visitor in the key, the rows or the value.
    """
    found = _from_rows.get(key)
    if found is not None and found[0] == rows:
        _from_rows.move_to_end(key)
        return found[1], found[2]
    value = build(rows)
    stamp = next(_stamps)
    _from_rows[key] = (rows, value, stamp)
    _from_rows.move_to_end(key)
    while len(_from_rows) > _MAX_ENTRIES:
        _from_rows.popitem(last=False)
    return value, stamp


class SiteLookupMiddleware:
    """Sets Wagtail's per-request site from the process copy (Site.find_for_request reads it), found
    as Wagtail finds it among the sites read with the top of the page tree (ake/site_top.py)."""

    def __init__(self, get_response):
        from wagtail.models import Site

        self.get_response = get_response
        self.site_model = Site

    def __call__(self, request):
        if not request.path.startswith("/admin/"):
            key = ("site", split_domain_port(request._get_raw_host())[0], request.get_port())
            request._wagtail_site = memoized(request, key, lambda: self._find(request, *key[1:]), areas=SITE)
        return self.get_response(request)

    def _find(self, request, hostname, port):
        from .site_top import UNDECIDED, site_top

        found = site_top(request).site_for(hostname, port)
        return self.site_model._find_for_request(request) if found is UNDECIDED else found
