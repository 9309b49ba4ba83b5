import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For the load balancer and docker health checks: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


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
