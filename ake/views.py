import sys

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.views import defaults
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access

from .uploads import validate_spreadsheet


@never_cache
def healthz(request):
    """For the load balancer and docker health checks: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


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
    """The 500 handler; a database outage (a restart, a failover) answers 503 in the user's language.

    The page is rendered without the request's context processors, which could need the database.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request)
