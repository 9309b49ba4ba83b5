"""Steps that several journeys share."""

import re

PASSWORD = "Salasana-kirjasto-2024"


def log_in(page, email: str, *, language: str = "fi", password: str = PASSWORD):
    """Logs in through the real login form, as a person would."""
    page.goto(f"{page.base_url}/{language}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def main_text(page) -> str:
    return re.sub(r"\s+", " ", page.locator("main").inner_text())
