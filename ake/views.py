from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
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
