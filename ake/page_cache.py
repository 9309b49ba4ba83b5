"""Full-page cache for anonymous visitors, invalidated whenever content changes.

Most page views come from people who are not logged in (notices, the calendar, the material bank
read from a link in an email). Their pages are the same for everyone, so the rendered page is kept in
the shared cache and served without touching the database or the templates.

Staleness is prevented by a *content version*: one cache key whose value changes whenever a row of
any model that a page can show is saved or deleted (Django's model signals, Wagtail's page signals).
A cached page carries the version it was rendered under and is served only while that version is
current, so a published notice appears at once. Changes made without signals (`QuerySet.update()`)
are either followed by :func:`content_changed` in the service that makes them, or show within
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
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:content-version"
NONCE_PLACEHOLDER = b"__ake_csp_nonce__"
# Paths that are never stored: personal, administrative or already cached elsewhere.
SKIPPED_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/", "/i18n/", "/healthz", "/readyz")
SKIPPED_PARTS = ("/accounts/", "/profile/", "/my/", "/feeds/private/")
MAX_QUERY_STRING = 200
# Headers that the outer middleware (CSP, security) or the server add to each response themselves.
UNSTORED_HEADERS = {"content-security-policy", "content-security-policy-report-only", "set-cookie", "date"}


def _new_version() -> str:
    return uuid.uuid4().hex


def _retire_cached_pages() -> None:
    cache.set(VERSION_KEY, _new_version(), None)


def content_changed() -> None:
    """Retire every cached page, now and again when the current transaction commits.

    Every save retires at once (the saving connection itself may render next), but a transaction
    registers the bump at commit only once, however many rows it saves. The check looks at the
    pending commit hooks themselves, so a savepoint rolled back with its hook lets the next save
    register it again.
    """
    _retire_cached_pages()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        hook[1] is _retire_cached_pages for hook in connection.run_on_commit
    ):
        transaction.on_commit(_retire_cached_pages)


def content_version_for(version: str | None) -> str | None:
    """The version read from the cache, or a new one when none is set yet (None: cache unreachable)."""
    if version is None:
        cache.add(VERSION_KEY, _new_version(), None)
        version = cache.get(VERSION_KEY)  # None while the cache is unreachable: nothing is cached then
    return version


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
        found = cache.get_many([VERSION_KEY, key])
        version = content_version_for(found.get(VERSION_KEY))
        request._ake_content_version = version  # read again by ake/memo.py
        if version is None:
            return self.get_response(request)
        entry = found.get(key)
        if entry and entry["version"] == version and entry["expires"] > time.time():
            return self._rebuild(request, entry)
        response = self.get_response(request)
        if self._response_is_cacheable(request, response):
            self._store(request, response, key, version)
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

    def _store(self, request, response, key: str, version: str) -> None:
        content = response.content
        nonce = getattr(request, "_csp_nonce", None)
        if isinstance(nonce, str):
            content = content.replace(nonce.encode(), NONCE_PLACEHOLDER)
        entry = {
            "version": version,
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


# Rows that no page shows: their writes (sessions, mail delivery, counters, background bookkeeping)
# would otherwise empty the cache many times a minute.
IGNORED_APP_LABELS = {
    "sessions",
    "admin",
    "contenttypes",
    "django_celery_results",
    "django_celery_beat",
    "account",
    "mfa",
    "usersessions",
}
IGNORED_MODEL_LABELS = {
    "extranet.delivery",
    "extranet.dailyusage",
    "extranet.subscription",
    "extranet.subscriptionperiod",
    "extranet.trainingwish",
    "trainings.eventmail",
    "trainings.scheduledmailing",
    "trainings.feedbackreceipt",
    "trainings.feedbackresponse",
    "trainings.feedbackanswer",
    "trainings.calendarfeedtoken",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
}


def _on_model_change(sender, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label in IGNORED_APP_LABELS or meta.label_lower in IGNORED_MODEL_LABELS:
        return
    if kwargs.get("raw"):  # fixtures being loaded
        return
    content_changed()


def _on_page_event(sender, **kwargs):
    content_changed()


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_model_change, dispatch_uid=f"ake-page-cache-{id(signal)}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_on_page_event, dispatch_uid=f"ake-page-cache-page-{id(signal)}")
