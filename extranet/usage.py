"""Usage counting for indicator A5, without cookies and without storing personal data.

A page view of an HTML page increments today's counter in Redis. A visit is one browser's views with
gaps under 30 minutes: the browser is recognised by a salted hash of its address and user agent
(see anonymity.py: the salt changes daily and lives only in Redis), kept in Redis with a 30-minute
expiry that every view renews. PostgreSQL receives only the daily totals (usage_flush_to_database).
A visit that spans midnight counts once on each day, since the salt changes.
"""

import datetime
import logging

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from redis.exceptions import RedisError

from .anonymity import browser_hash

logger = logging.getLogger(__name__)

VISIT_WINDOW = 30 * 60
COUNTER_TTL = 60 * 60 * 24 * 3
SKIPPED_PREFIXES = (
    "/admin/",
    "/static/",
    "/media/",
    "/documents/",
    "/healthz",
    "/readyz",
    "/i18n/",
    "/favicon",
)
BOT_MARKERS = ("bot", "spider", "crawl", "slurp", "monitor", "curl", "wget", "python-requests", "headless")


def _key(kind: str, day: datetime.date) -> str:
    return f"extranet:usage:{kind}:{day.isoformat()}"


def _countable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if request.path.startswith(SKIPPED_PREFIXES):
        return False
    if (
        request.headers.get("Sec-Purpose", "").startswith("prefetch")
        or request.headers.get("Purpose") == "prefetch"
    ):
        return False
    agent = request.META.get("HTTP_USER_AGENT", "").lower()
    return bool(agent) and not any(marker in agent for marker in BOT_MARKERS)


def usage_record_view(request) -> None:
    day = timezone.localdate()
    views_key, visits_key = _key("views", day), _key("visits", day)
    browser_key = f"extranet:usage:browser:{browser_hash(request, 'usage')}"
    cache.add(views_key, 0, COUNTER_TTL)
    cache.incr(views_key)
    if cache.add(browser_key, 1, VISIT_WINDOW):
        cache.add(visits_key, 0, COUNTER_TTL)
        cache.incr(visits_key)
    else:
        cache.touch(browser_key, VISIT_WINDOW)  # the gap is measured from the latest view


class UsageCountingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            if _countable(request, response):
                usage_record_view(request)
        except (RedisError, OSError, ValueError) as error:
            # Counting must never break a page; a Redis outage loses only its own minutes of counts.
            logger.warning("usage counting skipped", extra={"error": repr(error)})
        return response


def usage_today(day: datetime.date | None = None) -> tuple[int, int]:
    day = day or timezone.localdate()
    return int(cache.get(_key("views", day)) or 0), int(cache.get(_key("visits", day)) or 0)


@transaction.atomic
def usage_flush_to_database(*, days: int = 2) -> int:
    """Copy the Redis counters of today and yesterday into DailyUsage (absolute values, idempotent)."""
    from .models import DailyUsage

    today = timezone.localdate()
    written = 0
    for offset in range(days):
        day = today - datetime.timedelta(days=offset)
        views, visits = usage_today(day)
        if not views and not visits:
            continue
        row, _created = DailyUsage.objects.select_for_update().get_or_create(day=day)
        # Never lower a stored total: after a Redis restart the new counters start from zero.
        if views >= row.page_views or visits >= row.visits:
            row.page_views = max(row.page_views, views)
            row.visits = max(row.visits, visits)
            row.save(update_fields=["page_views", "visits"])
        written += 1
    return written
