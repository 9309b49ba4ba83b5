"""Full-page cache for anonymous visitors, invalidated when content it shows changes.

Most page views come from people who are not logged in (notices, the calendar, the material bank
read from a link in an email). Their pages are the same for everyone, so the rendered page is kept in
the shared cache and served without touching the database or the templates.

Staleness is prevented by *content versions*, one cache key per content area (ake/areas.py: notices,
events, kits, registry, users, report) whose value changes whenever a row of a model of that area is
saved or deleted (Django's model signals, Wagtail's page signals). A cached page carries the versions
of the areas it shows (what its view declares plus the areas of the kept copies it used; every area
when its view declares nothing) and is served only while they are all current, so a published notice
appears at once while a registration leaves the material bank warm. Changes made without signals
(`QuerySet.update()`) are either followed by :func:`content_changed` in the service that makes them
(with the areas it changed), or show within
``PAGE_CACHE_SECONDS``, which also bounds what depends on the clock alone ("upcoming" events).

The version changes twice per write: at once, and again after the transaction commits. A request
that reads the new version before the commit and renders the old rows stores its page under a version
that the commit then retires.

Only requests without a session cookie are served from the cache (a logged-in user always has one),
and only responses that set no cookie, used no CSRF token, are not marked private, and belong to an
anonymous user are stored. The CSP nonce differs on every response: it is replaced by a placeholder
when a page is stored and by the new request's nonce when it is served.
"""

import logging
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from .areas import (
    AREAS,
    NOTICES,
    SITE,
    UNSHOWN_FIELDS,
    areas_of,
    normalize,
    page_areas,
    page_in_site_structure,
)

logger = logging.getLogger(__name__)

AREA_KEYS = {area: f"pagecache:area:{area}" for area in AREAS}
AREA_KEY_LIST = list(AREA_KEYS.values())
AREA_KEY_TUPLE = tuple(AREA_KEY_LIST)
NONCE_PLACEHOLDER = b"__ake_csp_nonce__"
# Paths that are never stored: personal, administrative or already cached elsewhere.
SKIPPED_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/", "/i18n/", "/healthz", "/readyz")
SKIPPED_PARTS = ("/accounts/", "/profile/", "/my/", "/feeds/private/")
MAX_QUERY_STRING = 200
# Headers that the outer middleware (CSP, security) or the server add to each response themselves.
UNSTORED_HEADERS = {"content-security-policy", "content-security-policy-report-only", "set-cookie", "date"}


def _new_version() -> int:
    # An integer, which Django's Redis cache stores as it is (not pickled): every request reads the
    # versions raw (read_area_versions). Random, not a counter: a Redis emptied and filled again
    # must never give an area a version that a kept copy of a process still carries.
    return secrets.randbits(62)


def _retire(areas) -> None:
    cache.set_many({AREA_KEYS[area]: _new_version() for area in areas}, None)


# One commit hook per area and transaction: each is its own object, found again in run_on_commit.
_RETIRE_AT_COMMIT = {area: (lambda area=area: _retire((area,))) for area in AREAS}


def content_changed(*areas) -> None:
    """Retire the cached pages and kept copies of these areas (all without any), now and again when
    the current transaction commits.

    Every save retires at once (the saving connection itself may render next), but a transaction
    registers the bump of an area at commit only once, however many rows it saves. The check looks
    at the pending commit hooks themselves, so a savepoint rolled back with its hook lets the next
    save register it again.
    """
    areas = normalize(areas) if areas and not settings.AKE_BENCH_RETIRE_ALL else AREAS
    _retire(areas)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        pending = {hook[1] for hook in connection.run_on_commit}
        for area in areas:
            if _RETIRE_AT_COMMIT[area] not in pending:
                transaction.on_commit(_RETIRE_AT_COMMIT[area])


def area_versions(found: dict) -> dict | None:
    """Area -> version from a get_many that read AREA_KEY_LIST; areas without a version yet get one.
    None: the cache is unreachable (nothing is cached then)."""
    if len(found) < len(AREA_KEY_LIST) or any(key not in found for key in AREA_KEY_LIST):
        for key in AREA_KEY_LIST:
            if key not in found:
                cache.add(key, _new_version(), None)
        found = cache.get_many(AREA_KEY_LIST)
        if any(key not in found for key in AREA_KEY_LIST):
            return None
    return {area: found[key] for area, key in AREA_KEYS.items()}


def _version(raw: bytes):
    # A value written by the previous release (a pickled string) stays an opaque version, as unique.
    try:
        return int(raw)
    except ValueError:
        return raw


def read_area_versions(extra_key: str | None = None) -> tuple[dict | None, object]:
    """(area -> version, or None while the cache is unreachable; the value of ``extra_key``) in one
    read of the cache: on Redis a raw MGET whose versions are plain integers (ake/cache.py
    ``read_raw``), not seven keys made, validated and unpickled on every page."""
    read_raw = getattr(cache, "read_raw", None)
    if read_raw is None:  # another cache (no REDIS_URL: the process's memory)
        found = cache.get_many([*AREA_KEY_LIST, extra_key] if extra_key else AREA_KEY_LIST)
        return area_versions(found), found.get(extra_key) if extra_key else None
    read = read_raw(AREA_KEY_TUPLE, extra_key)
    if read is None:
        return None, None
    raw, extra = read
    if None in raw:
        for key, value in zip(AREA_KEY_TUPLE, raw, strict=True):
            if value is None:
                cache.add(key, _new_version(), None)
        read = read_raw(AREA_KEY_TUPLE)
        if read is None or None in read[0]:
            return None, None
        raw = read[0]
    try:
        return dict(zip(AREAS, map(int, raw), strict=True)), extra
    except ValueError:
        return {area: _version(value) for area, value in zip(AREAS, raw, strict=True)}, extra


class AnonymousPageCacheMiddleware:
    """Serves anonymous GET requests from the shared cache; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = getattr(settings, "PAGE_CACHE_ENABLED", True)
        self.seconds = getattr(settings, "PAGE_CACHE_SECONDS", 300)
        self.language_prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)

    def __call__(self, request):
        if not self._request_is_cacheable(request):
            return self.get_response(request)
        key = self._key(request)
        versions, entry = read_area_versions(key)
        request._ake_area_versions = versions  # read again by ake/memo.py
        if versions is None:
            return self.get_response(request)
        if (
            entry
            and entry.get("versions") is not None
            and entry["expires"] > time.time()
            and all(versions.get(area) == version for area, version in entry["versions"].items())
        ):
            return self._rebuild(request, entry)
        response = self.get_response(request)
        if self._response_is_cacheable(request, response):
            shown = {area: versions[area] for area in page_areas(request)}
            self._store(request, response, key, shown)
        return response

    def _request_is_cacheable(self, request) -> bool:
        if not self.enabled or request.method not in ("GET", "HEAD"):
            return False
        if getattr(request, "is_dummy", False):  # Wagtail's preview of unsaved changes
            return False
        path = request.path
        if not path.startswith(self.language_prefixes) or path.startswith(SKIPPED_PREFIXES):
            return False
        if any(part in path for part in SKIPPED_PARTS):
            return False
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            return False
        cookies = request.COOKIES
        # A session may hold a login or one-time messages; either makes the page personal.
        return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies

    def _key(self, request) -> str:
        return f"pagecache:page:{request.get_host()}:{request.get_full_path()}"

    def _response_is_cacheable(self, request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
            return False
        cache_control = response.get("Cache-Control", "")
        if any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            return False
        user = getattr(request, "user", None)
        return user is None or not user.is_authenticated

    def _store(self, request, response, key: str, versions: dict) -> None:
        content = response.content
        nonce = getattr(request, "_csp_nonce", None)
        if isinstance(nonce, str):
            content = content.replace(nonce.encode(), NONCE_PLACEHOLDER)
        entry = {
            "versions": versions,
            "expires": time.time() + self.seconds,
            "status": response.status_code,
            "headers": [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS],
            "content": content,
            "uses_nonce": isinstance(nonce, str),
        }
        cache.set(key, entry, self.seconds)

    def _rebuild(self, request, entry) -> HttpResponse:
        content = entry["content"]
        if entry["uses_nonce"]:
            content = content.replace(NONCE_PLACEHOLDER, str(request.csp_nonce).encode())
        response = HttpResponse(content, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        patch_vary_headers(response, ("Cookie",))
        response["X-Page-Cache"] = "hit"
        return response


def _on_model_change(sender, **kwargs):
    if kwargs.get("raw"):  # fixtures being loaded
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and UNSHOWN_FIELDS.issuperset(update_fields):  # a login's last_login
        return
    if getattr(sender, "_meta", None) is None:
        return
    areas = areas_of(sender)
    if areas:
        if SITE not in areas and _is_page(sender) and page_in_site_structure(kwargs.get("instance")):
            areas = (*areas, SITE)
        content_changed(*areas)


def _is_page(model) -> bool:
    from wagtail.models import Page

    return isinstance(model, type) and issubclass(model, Page)


def _on_page_event(sender, **kwargs):
    # A move can take a page into or out of the menu's level: the structure changes too.
    moved = "url_path_after" in kwargs
    if moved or page_in_site_structure(kwargs.get("instance")):
        content_changed(NOTICES, SITE)
    else:
        content_changed(NOTICES)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_model_change, dispatch_uid=f"ake-page-cache-{id(signal)}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_on_page_event, dispatch_uid=f"ake-page-cache-page-{id(signal)}")
