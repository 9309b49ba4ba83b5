from importlib import import_module

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, include, path, re_path, reverse_lazy
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import health, views, wagtail_serve


def by_first_segment(module_name: str):
    """``include(module_name)`` with the app's patterns grouped under their first path segment
    ("events/", "my/", "costs/"): the same addresses, names and views. Django tries a list's
    patterns one by one, and Wagtail's pages are found by the catch-all after every app's list: so
    a page's address is tried against one pattern per segment instead of each of ~90 app patterns."""
    module = import_module(module_name)
    groups: dict[str, list] = {}
    for pattern in module.urlpatterns:
        first, slash, rest = str(pattern.pattern).partition("/")
        if not isinstance(pattern, URLPattern) or not slash or "<" in first or "^" in first:
            raise ImproperlyConfigured(f"{module_name}: {pattern.pattern} has no plain first segment")
        groups.setdefault(f"{first}/", []).append(
            path(rest, pattern.callback, pattern.default_args, name=pattern.name)
        )
    grouped = [path(prefix, include(patterns)) for prefix, patterns in groups.items()]
    return include((grouped, getattr(module, "app_name", None)))


# The pages under /fi/, /sv/ and /en/ first: the addresses below start with none of them, and a page
# is then not tried against the admin's, the documents' and the health checks' patterns first.
urlpatterns = i18n_patterns(
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("allauth.urls")),
    path("", by_first_segment("networks.urls")),
    path("", by_first_segment("trainings.urls")),
    path("", by_first_segment("loans.urls")),
    path("", by_first_segment("reporting.urls")),
    path("", by_first_segment("finance.urls")),
    path("", by_first_segment("surveys.urls")),
    path("", by_first_segment("extranet.urls")),
    # Wagtail's front-end login is Django's bare LoginView: it would let people in without allauth's
    # email verification, two-factor step and throttling. Restricted pages use allauth's login too.
    path(
        "_util/login/",
        RedirectView.as_view(url=reverse_lazy("account_login"), query_string=True),
        name="wagtailcore_login",
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Wagtail's serve view, with the route and view restrictions kept per process (ake/wagtail_serve.py).
    re_path(wagtail_urls.serve_pattern, wagtail_serve.serve, name="wagtail_serve"),
    prefix_default_language=True,
)

urlpatterns += [
    # Liveness and readiness (ake/health.py, django-health-check).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # The Wagtail admin signs in through allauth, which throttles failed logins (RELIABILITY.md #3).
    path(
        "admin/login/",
        RedirectView.as_view(url=reverse_lazy("account_login"), query_string=True),
        name="wagtailadmin_login",
    ),
    path("admin/redirects/import/", views.redirect_import, name="redirect_import"),
    path("admin/", include(wagtailadmin_urls)),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        views.document_authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler403 = "ake.views.permission_denied"
handler500 = "ake.views.server_error"

if settings.AKE_BENCH_FLOORS:
    from . import bench_views

    urlpatterns += [
        path("bench/floor/string", bench_views.floor_string),
        path("bench/floor/template", bench_views.floor_template),
        path("bench/write/registration", bench_views.write_registration),
        path("bench/write/booking", bench_views.write_booking),
    ]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
