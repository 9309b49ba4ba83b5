"""What an AKE informatician meets on opening the Wagtail admin (found walking the demo site)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _admin_home(client, user, accept_language="en-US,en;q=0.9"):
    client.force_login(user)
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()
    return html, re.search(r'<html[^>]* lang="([^"]+)"', html).group(1)


def test_the_admin_shows_no_broken_avatar_from_gravatar(client, editor):
    # The avatar pointed at gravatar.com: the CSP (img-src 'self') blocks it, so every editor saw a
    # broken image, and the hash of their address went to a third party.
    html, _lang = _admin_home(client, editor)
    assert "gravatar" not in html


def test_the_admin_speaks_the_language_of_the_persons_profile_not_the_browsers(client, editor):
    # A Finnish informatician whose browser asks for English got the whole admin in English.
    assert editor.language == "fi"
    assert _admin_home(client, editor)[1] == "fi"
    editor.language = "sv"
    editor.save()
    assert _admin_home(client, editor)[1] == "sv"


def test_a_language_chosen_in_the_admin_account_still_wins(client, editor):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    assert _admin_home(client, editor, accept_language="fi")[1] == "en"
