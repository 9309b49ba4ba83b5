"""Signed, expiring tokens for the links in subscription emails.

Each token names its purpose (a confirmation token cannot unsubscribe) and carries part of the
subscription's ``token_key``, so that replacing the key voids every link sent before.
"""

import datetime

from django.core import signing
from django.utils.crypto import constant_time_compare

MAX_AGE = {
    "confirm": datetime.timedelta(days=7),
    "manage": datetime.timedelta(days=90),
    # Old emails must still unsubscribe (RFC 8058 links live as long as the mail is kept).
    "unsubscribe": datetime.timedelta(days=400),
}
KEY_PART = 12


def _salt(purpose: str) -> str:
    return f"extranet.subscription.{purpose}"


def subscription_token(subscription, purpose: str) -> str:
    if purpose not in MAX_AGE:
        raise ValueError(purpose)
    return signing.dumps([subscription.pk, subscription.token_key[:KEY_PART]], salt=_salt(purpose))


def subscription_from_token(token: str, purpose: str):
    """The subscription the token names, or None for a bad, expired, voided or unknown token."""
    from .models import Subscription

    try:
        pk, key = signing.loads(token, salt=_salt(purpose), max_age=MAX_AGE[purpose])
    except (signing.BadSignature, ValueError, TypeError):
        return None
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is None or not constant_time_compare(subscription.token_key[:KEY_PART], str(key)):
        return None
    return subscription
