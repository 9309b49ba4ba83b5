"""Every account form a site user can submit (allauth's and the profile's), fuzzed with hypothesis
through the real view; and two server errors the fuzzing found.

The forms, the world and the checks: tests/security/fuzzing.py (its docstring says what is asserted).
"""

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.security import fuzzing

world = fuzzing.world  # the fixture, for this file's tests
PASSWORD = fuzzing.PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("case", fuzzing.ACCOUNT_CASES, ids=lambda case: case.name)
def test_form_fuzzing(case, world):
    fuzzing.fuzz_case(case, world)


@pytest.fixture(scope="module", autouse=True)
def _figure(request):
    yield
    fuzzing.print_figure(request, fuzzing.ACCOUNT_CASES)


def test_wagtail_front_end_login_does_not_bypass_allauth(libraries):
    """Django's bare LoginView under /_util/login/ let an unverified address in (no email
    verification, no two-factor step, no throttling); it now hands over to allauth's login."""
    from allauth.account.models import EmailAddress
    from django.test import Client

    user = make_user("vahvistamaton@kaarina.fi", library=libraries["kaarina"])
    EmailAddress.objects.filter(user=user).update(verified=False)
    client = Client()
    response = client.post(reverse("wagtailcore_login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("profile")).status_code == 302  # still signed out


def test_page_password_with_a_return_url_that_is_no_path(world):
    """Wagtail redirected to the posted return_url, and a value without a slash or a dot was looked up
    as a view name: a server error. It now leads back to the unlocked page."""
    from django.test import Client

    restriction = world.restriction
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, restriction.page_id])
    client = Client()
    for return_url in ("' OR 1=1 --", "profile", "javascript:alert(1)", "https://evil.example/"):
        response = client.post(url, {"password": "sivun-salasana-7", "return_url": return_url})
        assert response.status_code == 302, (return_url, response.status_code)
        assert response["Location"] == restriction.page.url
    assert client.get(restriction.page.url).status_code == 200  # the page is open to this browser now
    # The same form of a protected document collection.
    url = reverse("wagtaildocs_authenticate_with_password", args=[world.document_restriction.pk])
    for return_url in ("' OR 1=1 --", "profile"):
        response = client.post(url, {"password": "kansion-salasana-3", "return_url": return_url})
        assert response.status_code == 302, (return_url, response.status_code)
        assert response["Location"] == "/"
