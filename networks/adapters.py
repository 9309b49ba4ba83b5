from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        # Account mails go out in the language the person uses the site in.
        with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
            super().send_mail(template_prefix, email, context)

    def get_login_redirect_url(self, request):
        # The front page in the person's own language (unless a ?next= was given, which allauth honours).
        language = (
            getattr(request.user, "language", None) or translation.get_language() or settings.LANGUAGE_CODE
        )
        return f"/{language}/"
