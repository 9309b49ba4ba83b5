"""Retention jobs of the accounts register (registered in networks.privacy; periods in settings)."""

from django.db.models import Q

from .models import AccessRequest
from .privacy import register_retention_job


def sessions_expired(*, now, keep) -> int:
    """Expired sessions (Django never deletes them by itself): a session names its user."""
    from django.contrib.sessions.models import Session

    removed, _ = Session.objects.filter(expire_date__lt=now - keep).delete()
    return removed


def access_requests_decided(*, now, keep) -> int:
    """A decided request is no longer needed: an approved one became an account, a rejected one is
    a stranger's name, address and reason kept for no purpose."""
    removed, _ = (
        AccessRequest.objects.exclude(status=AccessRequest.Status.PENDING)
        .filter(Q(decided_at__lt=now - keep) | Q(decided_at__isnull=True, created_at__lt=now - keep))
        .delete()
    )
    return removed


register_retention_job("sessions", sessions_expired)
register_retention_job("access_requests", access_requests_decided)


def _outbox_purge(*, now, keep) -> int:
    from ake.outbox import outbox_purge_finished

    return outbox_purge_finished(now=now, keep=keep)


# The mail outbox (ake/outbox.py) holds addresses and texts: gone after a month (and with the
# person: networks.services.user_erase, after every other eraser, which may still queue a mail).
register_retention_job("outbox", _outbox_purge)


def _login_failures_purge(*, now, keep) -> int:
    from .throttle import login_failures_purge

    return login_failures_purge(now=now, keep=keep)


register_retention_job("login_failures", _login_failures_purge)
