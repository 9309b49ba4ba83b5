import sys

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from wagtail.admin.auth import require_admin_access

from .uploads import validate_spreadsheet


@require_admin_access
def redirect_import(request):
    """Wagtail's redirect import, after the checks every uploaded file passes (Wagtail's own view
    takes a file of any size and hands it to the spreadsheet reader, zip bombs included)."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.redirects.views import start_import
    from wagtail.permissions import policy_registry

    permission_policy = policy_registry.get_by_type(Redirect)

    upload = request.FILES.get("import_file")
    if request.method == "POST" and upload is not None:
        if not permission_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        try:
            validate_spreadsheet(upload, extensions=("csv", "tsv", "xlsx"))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("wagtailredirects:start_import")
    return start_import(request)


def server_error(request):
    """The 500 handler; a database outage (a restart, a failover) answers 503. Both in the language of
    the address, with the site's look and a way on.

    The page is rendered without the request's context processors, which could need the database
    or the cache (either may be what failed).
    """
    from django.conf import settings
    from django.utils import translation

    from .context_processors import site_name

    error = sys.exc_info()[1]
    outage = isinstance(error, OperationalError | InterfaceError)
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    context = {"site_name": site_name(language), "contact_email": settings.AKE_CONTACT_EMAIL}
    with translation.override(language):
        html = render_to_string("503.html" if outage else "500.html", context)
    response = HttpResponse(html, status=503 if outage else 500)
    if outage:
        response["Retry-After"] = "30"
    return response


def permission_denied(request, exception):
    """The 403 page in the site's look; a reason given with PermissionDenied is shown to the person
    (e.g. which role the report needs and whom to ask)."""
    from django.shortcuts import render

    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, "403.html", {"reason": reason}, status=403)


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
