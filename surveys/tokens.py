"""Invitation links: ``<invitation id>.<HMAC of id and nonce>``.

Nothing stored equals the token (the invitation keeps only a random nonce, the HMAC needs the secret
key too), so a copy of the database gives no working links and no table holds what a link carries.
"""

from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "surveys.invitation"


def invitation_token(invitation) -> str:
    digest = salted_hmac(SALT, f"{invitation.pk}:{invitation.nonce}", algorithm="sha256").hexdigest()[:32]
    return f"{invitation.pk}.{digest}"


def invitation_id_from_token(token: str) -> int | None:
    head, _sep, _digest = (token or "").partition(".")
    return int(head) if head.isdigit() and len(head) < 19 else None


def token_matches(invitation, token: str) -> bool:
    return constant_time_compare(invitation_token(invitation), token or "")
