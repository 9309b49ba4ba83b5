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

    def get_login_redirect_url(self, request):
        # The front page in the person's own language (unless a ?next= was given, which allauth honours).
        language = (
            getattr(request.user, "language", None) or translation.get_language() or settings.LANGUAGE_CODE
        )
        return f"/{language}/"
