from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from networks.roles import user_requires_two_factor

# Account, registration and booking pages show personal data: no shared or browser cache may keep them.
NO_STORE_PATH_PARTS = ("/accounts/", "/profile/", "/admin/", "/my/")


class AdminRequiresTwoFactorMiddleware:
    """AKE admins must have TOTP set up before they may use the Wagtail admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.path.startswith("/admin/")
            and user is not None
            and user.is_authenticated
            and user_requires_two_factor(user)
        ):
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                messages.warning(
                    request, _("AKE administrators must set up two-factor authentication first.")
                )
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class AdminLanguageMiddleware:
    """The Wagtail admin (no language in its URLs) speaks the person's own language from their profile.

    Otherwise it followed the browser's Accept-Language: a Finnish informatician on an English browser
    got an English admin. A language chosen in the admin's own account settings still wins (Wagtail
    applies it around each admin view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.path.startswith("/admin/") and user is not None and user.is_authenticated:
            language = getattr(user, "language", "") or ""
            if language in dict(settings.WAGTAILADMIN_PERMITTED_LANGUAGES):
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


class PrivatePagesNoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if any(part in request.path for part in NO_STORE_PATH_PARTS) or (
            getattr(request, "user", None) is not None and request.user.is_authenticated
        ):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, " + response.get("Cache-Control", "")
        return response
