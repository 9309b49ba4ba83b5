"""No page a visitor can land on answers 405 to a GET (issue #15, item 5).

A form that re-renders on a POST-only URL leaves that URL in the address bar: reloading it or
switching the language there would answer "405 Method Not Allowed". Every route of the URLconf
(our own admin views included) is walked with placeholder parameters: a 404 or a redirect is fine,
a 405 is not.
"""

import pytest
from django.urls import resolve

from tests.security.urlwalk import routes

pytestmark = pytest.mark.django_db

OUR_APPS = ("ake", "networks", "extranet", "trainings", "loans", "reporting", "finance", "surveys")
PLACEHOLDERS = {"int": "999999", "slug": "x", "str": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def _ours(path: str) -> bool:
    """Routes served by the project's own views (Wagtail's and allauth's are theirs to keep)."""
    try:
        match = resolve(path)
    except Exception:  # noqa: BLE001 - a placeholder that does not resolve is simply not walked
        return False
    module = getattr(match.func, "__module__", "") or ""
    view_class = getattr(match.func, "view_class", None)
    if view_class is not None:
        module = view_class.__module__
    return module.split(".")[0] in OUR_APPS


def _paths() -> list[str]:
    found = []
    for language in ("fi", "sv"):
        for route in routes(language, include_excluded=True):
            if route.template.startswith(("/static/", "/media/", "/bench/")):
                continue
            values = {p.name: PLACEHOLDERS.get(p.converter, "x") for p in route.params}
            path = route.fill(values)
            if _ours(path):
                found.append(path)
    return found


def test_no_route_of_ours_answers_a_get_with_405(client, editor):
    # AKE editors open the admin without the two-factor step that AKE admins are asked for first.
    client.force_login(editor)
    paths = _paths()
    assert len(paths) > 50
    not_allowed = [path for path in paths if client.get(path).status_code == 405]
    assert not_allowed == []
