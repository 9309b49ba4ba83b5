"""Journey 1 (and its Swedish half of journey 8): sign up, verify by email, log in."""

import re

import pytest

from networks.models import User
from tests.conftest import message_text

PASSWORD = "Lainaa-kirjoja-2024!"

TEXTS = {
    "fi": {"signup": "Rekisteröidy", "first": "Etunimi", "last": "Sukunimi"},
    "sv": {"signup": "Registrera dig", "first": "Förnamn", "last": "Efternamn"},
}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_sign_up_verify_and_log_in(page, journey, mailbox, language):
    email = f"liisa.laine.{language}@kaarina.fi"
    with journey.step("open sign-up from the front page"):
        page.goto(f"{page.base_url}/{language}/")
        page.get_by_role("link", name=TEXTS[language]["signup"]).first.click()
        page.wait_for_url(re.compile(rf"/{language}/accounts/signup/"))
    with journey.step("fill in the sign-up form"):
        page.fill("#id_first_name", "Liisa")
        page.fill("#id_last_name", "Laine")
        page.fill("#id_email", email)
        page.fill("#id_password1", PASSWORD)
        page.fill("#id_password2", PASSWORD)
        page.locator("form button[type=submit]").last.click()
        page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    with journey.step("the verification email arrives at the SMTP server"):
        messages = mailbox.wait_for(1)
        assert [m["To"] for m in messages] == [email]
        link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message_text(messages[0])).group(0)
        assert f"/{language}/accounts/confirm-email/" in link
    with journey.step("confirm the address"):
        page.goto(link)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/accounts/login/"))
    with journey.step("log in"):
        page.fill("#id_login", email)
        page.fill("#id_password", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == language
    with journey.step("the profile shows the library of the address"):
        page.goto(f"{page.base_url}/{language}/profile/")
        # The library by its name in the page's language (Swedish: S:t Karins stadsbibliotek).
        expected = {"fi": "Kaarinan", "sv": "S:t Karins"}[language]
        assert page.locator("#id_library option:checked").inner_text().startswith(expected)
    user = User.objects.get(email=email)
    assert user.library.name_fi == "Kaarinan kaupunginkirjasto"
    assert user.emailaddress_set.get().verified
