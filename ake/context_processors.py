from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "AKE_CONTACT_EMAIL": settings.AKE_CONTACT_EMAIL,
    }
