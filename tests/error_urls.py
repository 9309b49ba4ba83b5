"""The project's URLconf plus a view that fails, for the 500 page's test."""

from django.urls import path

from ake.urls import handler403, handler500
from ake.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fi/boom/", boom), path("sv/boom/", boom), *project_urlpatterns]

__all__ = ["handler403", "handler500", "urlpatterns"]
