import pytest
from django.urls import reverse

from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PRODUCTION_LIKE = {
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SESSION_COOKIE_NAME": "__Host-sessionid",
    "CSRF_COOKIE_NAME": "__Host-csrftoken",
}


@pytest.fixture
def production_like(settings):
    for name, value in PRODUCTION_LIKE.items():
        setattr(settings, name, value)
    return settings


@pytest.mark.parametrize("path", ["/fi/", "/sv/", "/fi/accounts/login/", "/fi/accounts/signup/"])
def test_public_pages_send_the_security_headers(client, production_like, path):
    response = client.get(path, secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "path", ["/fi/accounts/login/", "/fi/accounts/signup/", "/fi/accounts/password/reset/"]
)
def test_account_pages_are_never_stored(client, path):
    assert "no-store" in client.get(path)["Cache-Control"]


def test_cookies_are_secure_httponly_and_samesite(client, production_like, libraries):
    make_user("cookie.test@kaarina.fi", library=libraries["kaarina"], password="Salasana-123456")
    client.get("/fi/accounts/login/", secure=True)
    response = client.post(
        "/fi/accounts/login/", {"login": "cookie.test@kaarina.fi", "password": "Salasana-123456"}, secure=True
    )
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    csrf = client.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["samesite"]


def test_login_answers_alike_for_known_and_unknown_addresses(client, staff_user):
    known = client.post(reverse("account_login"), {"login": staff_user.email, "password": "wrong-password"})
    unknown = client.post(
        reverse("account_login"), {"login": "nobody@kaarina.fi", "password": "wrong-password"}
    )
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def test_signup_is_throttled_per_address_of_origin(client):
    statuses = []
    for number in range(22):
        response = client.post(
            reverse("account_signup"),
            {
                "email": f"bot{number}@gmail.com",
                "first_name": "B",
                "last_name": "O",
                "password1": "Salasana-123456",
                "password2": "Salasana-123456",
            },
        )
        statuses.append(response.status_code)
    assert statuses[0] == 302
    assert statuses[-1] == 429


def test_password_reset_is_throttled_per_address(client, staff_user):
    statuses = [
        client.post(reverse("account_reset_password"), {"email": staff_user.email}).status_code
        for _ in range(7)
    ]
    assert statuses[0] == 302
    assert statuses[-1] == 429


def test_admin_login_cannot_be_brute_forced_around_allauth(client, editor):
    """/admin/login/ only redirects to the throttled allauth login; it takes no passwords itself."""
    response = client.post("/admin/login/", {"username": editor.email, "password": "x"})
    assert response.status_code in (302, 405)
    assert "_auth_user_id" not in client.session
    for _ in range(6):
        client.post(reverse("account_login") + "?next=/admin/", {"login": editor.email, "password": "wrong"})
    client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": editor.email, "password": "correct-horse-battery"},
    )
    assert "_auth_user_id" not in client.session
