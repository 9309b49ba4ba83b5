from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For the load balancer and docker health checks: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _return_url_as_path(request, fallback: str) -> None:
    """Wagtail's password forms pass the posted ``return_url`` to ``redirect()``, which looks a string
    without a slash or a dot up as a view name and fails with a server error: such a value is replaced
    by ``fallback``."""
    if request.method == "POST" and not return_url_is_path(request.POST.get("return_url", "")):
        data = request.POST.copy()
        data["return_url"] = fallback
        request.POST = data


def return_url_is_path(value: str) -> bool:
    """Empty (the form says it is missing) or a path; Wagtail itself refuses paths to other hosts."""
    return not value or value.startswith("/")


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """The password form of a protected page; a return address that is no path leads to the page."""
    from wagtail.models import Page
    from wagtail.views import authenticate_with_password as wagtail_view

    if request.method == "POST":
        page = Page.objects.filter(pk=page_id).first()
        _return_url_as_path(request, (page.get_url(request) if page else None) or "/")
    return wagtail_view(request, page_view_restriction_id, page_id)


def document_authenticate_with_password(request, restriction_id):
    """The password form of a protected document collection, with the same care for return_url."""
    from django.conf import settings
    from django.shortcuts import resolve_url
    from wagtail.documents.views.serve import authenticate_with_password as wagtail_view

    _return_url_as_path(request, resolve_url(settings.LOGIN_REDIRECT_URL))
    return wagtail_view(request, restriction_id)
