import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from ake.smtp import smtp_failure

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def render_mail(self, *args, **kwargs):
        message = super().render_mail(*args, **kwargs)
        self._rendered_message = message  # kept for a retry if sending fails
        return message

    def send_mail(self, template_prefix, email, context):
        # Account mails go out in the language the person uses the site in.
        with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
            try:
                super().send_mail(template_prefix, email, context)
            except (smtplib.SMTPException, OSError) as error:
                # Sign-up, password reset and address verification send within the request: a busy
                # (4xx) or dropped mail server must not turn the page into a 500, and the mail must
                # still go out. Hand it to a task that retries; a 5xx refusal is only logged.
                self._retry_later(error)

    def _retry_later(self, error: Exception) -> None:
        from .tasks import account_mail_send

        failure = smtp_failure(error)
        message = getattr(self, "_rendered_message", None)
        if message is None or not failure.temporary:
            logger.warning("account mail not delivered", extra={"error": failure.text})
            return
        logger.warning("account mail failed; retrying from a task", extra={"error": failure.text})
        try:
            account_mail_send.delay(message.from_email, message.recipients(), message.message().as_string())
        except Exception:  # noqa: BLE001 - broker down as well: the person can ask for the mail again
            logger.warning("account mail retry could not be queued")

    def get_login_redirect_url(self, request):
        # The front page in the person's own language (unless a ?next= was given, which allauth honours).
        language = (
            getattr(request.user, "language", None) or translation.get_language() or settings.LANGUAGE_CODE
        )
        return f"/{language}/"
