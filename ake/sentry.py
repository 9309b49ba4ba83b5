"""Optional error reporting with sentry-sdk (issue #19): on only when SENTRY_DSN is set.

Personal data is scrubbed before anything leaves the process: sentry-sdk's own PII collection is off
(``send_default_pii=False``: no user, cookies, IP address or request body), its EventScrubber removes
the usual secrets plus our personal fields from every frame's variables, and ``before_send`` drops the
user and the request's body, cookies and query string and masks every email address and phone number
left in messages, exception texts and breadcrumbs.

Besides unhandled errors (Django) and failed Celery tasks (sentry-sdk's Celery integration reports a
task's exception), mails given up on are reported by ``report_mail_given_up``: the outbox calls it when
it stops retrying a row (ake/outbox.py); it sends the purpose and id of the row, never the address.
"""

import logging
import re

from django.conf import settings

logger = logging.getLogger(__name__)

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Finnish and international phone numbers ("+358 40 1234567", "040-765 4321"), not dates or ids.
PHONE = re.compile(r"(?<![\w:.-])(?:\+\d{3}|0)[ -]?\d{1,3}(?:[ -]?\d{2,4}){2,3}(?![\w-])")
MASK = "[scrubbed]"
FILTERED = "[Filtered]"
# Field and variable names whose values are personal data here.
PERSONAL_KEYS = {
    "email",
    "recipient",
    "first_name",
    "last_name",
    "name",
    "full_name",
    "phone",
    "diet",
    "accessibility",
    "emergency_contact",
    "contact_name",
    "contact_email",
    "address",
    "person",
    "user",
    "username",
}
NOT_TEXT = {"timestamp", "start_timestamp", "event_id", "trace_id", "span_id", "parent_span_id"}


def scrub_text(value, known: tuple[str, ...] = ()):
    """Masks email addresses, phone numbers and the ``known`` personal values in any nested value."""
    if isinstance(value, str):
        for secret in known:
            value = value.replace(secret, MASK)
        return PHONE.sub(MASK, EMAIL.sub(MASK, value))
    if isinstance(value, dict):
        return {key: item if key in NOT_TEXT else scrub_text(item, known) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_text(item, known) for item in value]
    return value


def _personal_values(event) -> tuple[str, ...]:
    """Values of personal variables in the stack frames (then filtered), to mask wherever else they
    appear: a name in an exception's message is found because it was the value of ``first_name``."""
    found = set()
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            variables = frame.get("vars") or {}
            for key in list(variables):
                if key.lower() in PERSONAL_KEYS:
                    value = variables[key]
                    if isinstance(value, str):
                        text = value.strip("'\"")
                        if len(text) >= 3 and text != FILTERED:
                            found.add(text)
                    variables[key] = FILTERED
    return tuple(sorted(found, key=len, reverse=True))


def before_send(event, hint=None):
    event.pop("user", None)
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {
            key: value
            for key, value in headers.items()
            if key.lower() not in ("cookie", "authorization", "x-forwarded-for", "x-real-ip")
        }
    known = _personal_values(event)
    for key in ("message", "logentry", "exception", "breadcrumbs", "extra", "tags", "contexts"):
        if key in event:
            event[key] = scrub_text(event[key], known)
    return event


def before_breadcrumb(crumb, hint=None):
    return scrub_text(crumb)


def init(dsn: str | None = None, **options) -> bool:
    """Starts sentry-sdk when a DSN is given (SENTRY_DSN); returns whether it did."""
    dsn = dsn if dsn is not None else getattr(settings, "SENTRY_DSN", "")
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        # sentry-sdk's scrubber takes the secrets (passwords, tokens, cookies); the personal variables
        # are filtered by before_send, which first reads their values to mask them in the messages too.
        event_scrubber=EventScrubber(denylist=DEFAULT_DENYLIST, recursive=True),
        include_source_context=False,  # source lines could quote test data or literals
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
        environment=getattr(settings, "SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=getattr(settings, "SENTRY_TRACES_SAMPLE_RATE", 0.0),
        max_request_body_size="never",
        **options,
    )
    return True


def report_mail_given_up(*, kind: str, row_id, reason: str = "") -> None:
    """The outbox gave up on a mail (too many failures, or a permanent refusal): logged, and reported
    to Sentry when it is on. Only the kind of mail, the row id and the scrubbed reason are sent."""
    reason = scrub_text(reason or "")
    logger.warning("outbox mail given up", extra={"mail": row_id, "purpose": kind, "reason": reason})
    try:
        import sentry_sdk
    except ImportError:  # pragma: no cover - sentry-sdk is a runtime dependency
        return
    if sentry_sdk.get_client().is_active():
        with sentry_sdk.new_scope() as scope:
            scope.set_tag("mail_kind", kind)
            scope.set_extra("mail_id", row_id)
            sentry_sdk.capture_message(f"Mail given up: {kind} #{row_id}: {reason}", level="error")
