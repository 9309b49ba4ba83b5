"""Short-lived, salted hashes that tell one browser from another without identifying anybody.

The salt is random, lives only in the cache and changes every day, so yesterday's hashes cannot be
recomputed from an IP address and user agent; nothing of it reaches PostgreSQL.
"""

import hashlib
import secrets

from django.core.cache import cache
from django.utils import timezone

SALT_TTL = 60 * 60 * 26  # the day plus a margin for clock skew between processes


def daily_salt(day=None) -> str:
    day = day or timezone.localdate()
    key = f"extranet:salt:{day.isoformat()}"
    salt = cache.get(key)
    if salt is None:
        cache.add(key, secrets.token_hex(16), SALT_TTL)
        # Another process may have won the race; the cache has the salt everybody uses.
        salt = cache.get(key) or secrets.token_hex(16)
    return salt


def browser_hash(request, purpose: str) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    material = f"{daily_salt()}|{purpose}|{address}|{agent}"
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def rate_limited(request, purpose: str, *, limit: int, window: int) -> bool:
    """Counts an attempt for this browser; True once it exceeds ``limit`` within ``window`` seconds."""
    key = f"extranet:rate:{purpose}:{browser_hash(request, purpose)}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        count = 1
    return count > limit
