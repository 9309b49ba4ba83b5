"""403, 404 and 500 in the site's look and the visitor's language, each with a way on (issue #15,
item 9); Django's bare English defaults said "Not Found" or "403 Forbidden" and nothing else."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _says(response, language, msgid) -> bool:
    with translation.override(language):
        return translation.gettext(msgid) in _text(response)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_missing_page_answers_404_in_the_visitors_language_with_the_sites_look(client, language):
    response = client.get(f"/{language}/ei-tallaista-sivua/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html and 'class="site-header"' in html
    assert _says(response, language, "Page not found")
    assert f'href="/{language}/"' in html  # the way on: the front page, search, AKE's address
    assert reverse("extranet:search") in html and "mailto:" in html


def test_a_staff_member_opening_the_report_is_told_which_role_it_needs(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("reporting:report_index"))
    assert response.status_code == 403
    assert 'class="site-header"' in response.content.decode()
    assert _says(response, "fi", "No access to this page")
    from reporting.views import NEEDS_PLANNING_GROUP

    with translation.override("fi"):
        finnish = str(NEEDS_PLANNING_GROUP)
    assert finnish in _text(response)
    with translation.override("en"):
        assert finnish != str(NEEDS_PLANNING_GROUP)  # not the English source text


def test_the_report_403_is_swedish_on_the_swedish_site(client, staff_user):
    client.force_login(staff_user)
    with translation.override("sv"):
        url = reverse("reporting:report_index")
    response = client.get(url)
    assert response.status_code == 403 and '<html lang="sv">' in response.content.decode()
    with translation.override("sv"):
        from reporting.views import NEEDS_PLANNING_GROUP

        assert str(NEEDS_PLANNING_GROUP) in _text(response)


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_server_error_answers_500_in_the_language_of_the_address(client, language):
    client.raise_request_exception = False
    response = client.get(f"/{language}/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html and 'class="site-header"' in html
    assert _says(response, language, "Something went wrong")
    assert f'href="/{language}/"' in html and "mailto:" in html


def test_the_500_page_itself_needs_neither_the_database_nor_the_cache(rf, django_assert_num_queries):
    from ake.views import server_error

    request = rf.get("/sv/boom/")
    with django_assert_num_queries(0):
        try:
            raise RuntimeError("a bug")
        except RuntimeError:
            response = server_error(request)
    assert response.status_code == 500 and '<html lang="sv">' in response.content.decode()
