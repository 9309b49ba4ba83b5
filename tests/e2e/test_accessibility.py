"""axe-core on every page type, in Finnish and Swedish: no serious or critical violation."""

import pytest

from tests.conftest import make_user
from tests.e2e.conftest import axe_violations, describe

PUBLIC_PATHS = {
    "home": "/{lang}/",
    "login": "/{lang}/accounts/login/",
    "signup": "/{lang}/accounts/signup/",
    "password reset": "/{lang}/accounts/password/reset/",
}
LOGGED_IN_PATHS = {
    "profile": "/{lang}/profile/",
}


def check(page, url, label, capsys):
    response = page.goto(url)
    assert response.status == 200, f"{label}: {response.status}"
    serious, minor = axe_violations(page)
    with capsys.disabled():
        if minor:
            print(f"\n[axe minor] {label}: {describe(minor)}")
    assert not serious, f"{label}:\n{describe(serious)}"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_public_pages_have_no_serious_accessibility_violations(page, language, capsys):
    for label, path in PUBLIC_PATHS.items():
        check(page, page.base_url + path.format(lang=language), f"{label} ({language})", capsys)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_logged_in_pages_have_no_serious_accessibility_violations(page, language, capsys, libraries):
    make_user("aino.aalto@kaarina.fi", library=libraries["kaarina"], password="Salasana-123456")
    page.goto(f"{page.base_url}/{language}/accounts/login/")
    page.fill("#id_login", "aino.aalto@kaarina.fi")
    page.fill("#id_password", "Salasana-123456")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    for label, path in LOGGED_IN_PATHS.items():
        check(page, page.base_url + path.format(lang=language), f"{label} ({language})", capsys)
