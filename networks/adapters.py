import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Account mails (verification, password reset, "you already have an account") go out in the
        language the person uses the site in, through the outbox (ake/outbox.py): rendered here,
        stored with the write that caused them, sent by a task that retries a busy or dropped mail
        server. The request never waits on SMTP, and a failing server never turns it into a 500."""
        from ake.outbox import outbox_enqueue

        with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
            message = self.render_mail(template_prefix, email, context)
        outbox_enqueue(message, purpose="account." + template_prefix.rsplit("/", 1)[-1])

    # ------------------------------------------------------------------ login throttle (issue #15 item 23)
    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed logins count per (account, client), not per account alone: wrong passwords typed
        elsewhere never lock a colleague out of their own account (``…/key`` in ACCOUNT_RATE_LIMITS)."""
        from .throttle import client_of

        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{client_of(request)}"

    def pre_authenticate(self, request, **credentials):
        # allauth's counters live in the cache, which reads empty while Redis is down; the same limits
        # are also checked against the failures counted in PostgreSQL (networks/throttle.py).
        from .throttle import login_failures_exceeded

        super().pre_authenticate(request, **credentials)
        key = self._get_login_attempts_cache_key(request, **credentials)
        if login_failures_exceeded(request, key=key):
            raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request, **credentials):
        from .throttle import login_failure_record

        super().authentication_failed(request, **credentials)
        login_failure_record(request, key=self._get_login_attempts_cache_key(request, **credentials))

    def _delete_login_attempts_cached_email(self, request, **credentials):
        from .throttle import login_failures_clear

        super()._delete_login_attempts_cached_email(request, **credentials)
        login_failures_clear(key=self._get_login_attempts_cache_key(request, **credentials))

    def get_login_redirect_url(self, request):
        # The front page in the person's own language (unless a ?next= was given, which allauth honours);
        # the planning group lands on the report's running year, what they follow during the year
        # (issue #18). By URL name: the registry does not import the report.
        from django.urls import NoReverseMatch, reverse
        from django.utils import timezone

        from .roles import PLANNING_GROUP, user_has_role

        language = (
            getattr(request.user, "language", None) or translation.get_language() or settings.LANGUAGE_CODE
        )
        if user_has_role(request.user, PLANNING_GROUP) and request.user.has_perm(
            "reporting.view_indicator_report"
        ):
            with translation.override(language):
                try:
                    return reverse("reporting:report_year", args=[timezone.localdate().year])
                except NoReverseMatch:
                    pass
        return f"/{language}/"
