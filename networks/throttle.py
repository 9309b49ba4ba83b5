"""The login throttle, counted in PostgreSQL as well as in the cache (issue #15 item 23).

allauth counts failed logins in the shared cache. Our cache treats an unreachable Redis as a miss
(ake/cache.py), so during an outage allauth's counters read empty and every guess would be checked.
Each failed login is therefore also a ``LoginFailure`` row, and the same limits
(``ACCOUNT_RATE_LIMITS["login_failed"]``) are checked against those rows before a password is: the
throttle holds whatever Redis does.

The limits are per client (``…/ip``) and per (account, client) (``…/key``, the key being the login
address together with the client's address), so wrong passwords typed elsewhere never lock a
colleague out of their own account.
"""

import datetime
import hashlib

from django.utils import timezone

from .models import LoginFailure


def _rates():
    from allauth.account import app_settings
    from allauth.core.internal.ratelimit import parse_rates

    return parse_rates(app_settings.RATE_LIMITS.get("login_failed"))


def client_of(request) -> str:
    from allauth.core.internal.ratelimit import get_ip

    return get_ip(request)[:64]


def _hashed(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def login_failures_exceeded(request, *, key: str, now: datetime.datetime | None = None) -> bool:
    """Whether this client, or this (account, client), used up a ``login_failed`` rate."""
    now = now or timezone.now()
    client = client_of(request)
    for rate in _rates():
        since = now - datetime.timedelta(seconds=rate.duration)
        rows = LoginFailure.objects.filter(created_at__gt=since)
        if rate.per == "ip":
            rows = rows.filter(client=client)
        elif rate.per == "key":
            rows = rows.filter(key=_hashed(key))
        else:
            continue
        if rows.count() >= rate.amount:
            return True
    return False


def login_failure_record(request, *, key: str) -> None:
    LoginFailure.objects.create(client=client_of(request), key=_hashed(key))


def login_failures_clear(*, key: str) -> None:
    """After a password reset, as allauth clears its own counter for the address."""
    LoginFailure.objects.filter(key=_hashed(key)).delete()


def login_failures_purge(*, now, keep) -> int:
    """Retention: failed-login rows (a client address each) outlive every rate by far after a day."""
    return LoginFailure.objects.filter(created_at__lt=now - keep).delete()[0]
