from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For the load balancer and docker health checks: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's password form of a protected page, with a return address that is always a path.

    Wagtail passes the posted ``return_url`` to ``redirect()``, which looks a string without a slash or
    a dot up as a view name and fails with a server error; such a value now leads back to the page.
    """
    from wagtail.models import Page
    from wagtail.views import authenticate_with_password as wagtail_authenticate_with_password

    if request.method == "POST" and not return_url_is_path(request.POST.get("return_url", "")):
        page = Page.objects.filter(pk=page_id).first()
        data = request.POST.copy()
        data["return_url"] = (page.get_url(request) if page else None) or "/"
        request.POST = data
    return wagtail_authenticate_with_password(request, page_view_restriction_id, page_id)


def return_url_is_path(value: str) -> bool:
    """Empty (the form says it is missing) or a path; Wagtail itself refuses paths to other hosts."""
    return not value or value.startswith("/")
