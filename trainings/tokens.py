"""Signed links in mails: a waitlist offer and a feedback form, usable without logging in."""

from django.core import signing

OFFER_SALT = "trainings.offer"
FEEDBACK_SALT = "trainings.feedback"
FEEDBACK_MAX_AGE = 60 * 60 * 24 * 90


def offer_token(registration) -> str:
    # Bound to this offer's expiry, so a link from an earlier offer never accepts a later one.
    expires = int(registration.offer_expires_at.timestamp()) if registration.offer_expires_at else 0
    return signing.dumps({"r": registration.pk, "e": expires}, salt=OFFER_SALT)


def offer_from_token(token: str) -> tuple[int, int] | None:
    try:
        data = signing.loads(token, salt=OFFER_SALT)
    except signing.BadSignature:
        return None
    return data.get("r"), data.get("e")


def feedback_token(attendance) -> str:
    return signing.dumps({"a": attendance.pk}, salt=FEEDBACK_SALT)


def feedback_from_token(token: str) -> int | None:
    try:
        return signing.loads(token, salt=FEEDBACK_SALT, max_age=FEEDBACK_MAX_AGE).get("a")
    except signing.BadSignature:
        return None
