from django.conf import settings
from django.utils.translation import get_language


def site_name(language: str | None = None) -> str:
    """The site's name in ``language`` (default: the active language), from AKE_SITE_NAMES."""
    names = getattr(settings, "AKE_SITE_NAMES", {})
    return (
        names.get(language or get_language())
        or names.get(settings.LANGUAGE_CODE)
        or settings.WAGTAIL_SITE_NAME
    )


def site(request):
    return {
        # The site's name in the visitor's language (never the Finnish name on Swedish or English pages).
        "SITE_NAME": site_name(),
        "AKE_CONTACT_EMAIL": settings.AKE_CONTACT_EMAIL,
    }
