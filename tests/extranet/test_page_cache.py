"""The anonymous full-page cache: served without queries, never stale after a publish, never personal."""

import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from extranet.usage import usage_today

from .conftest import make_notice

pytestmark = [pytest.mark.django_db, pytest.mark.redis]

NONCE = re.compile(r'nonce="([^"]+)"')


def _header_nonce(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def test_second_anonymous_view_is_served_from_the_cache_without_queries(
    notice_index, django_assert_num_queries
):
    make_notice(notice_index, "Kirjastopäivät Porissa")
    client = Client()
    first = client.get(notice_index.url)
    assert first.status_code == 200 and "X-Page-Cache" not in first
    with django_assert_num_queries(0):
        second = client.get(notice_index.url)
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert "Kirjastopäivät Porissa" in second.content.decode()
    assert second["Content-Language"] == "fi"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_a_page_with_an_inline_script_gets_a_fresh_nonce_from_the_cache(rf):
    from csp.middleware import CSPMiddleware

    from ake.page_cache import AnonymousPageCacheMiddleware

    def view(request):
        page = (
            f'<html><script nonce="{request.csp_nonce}">1</script><p nonce="{request.csp_nonce}"></p></html>'
        )
        return HttpResponse(page, content_type="text/html")

    site = CSPMiddleware(AnonymousPageCacheMiddleware(view))
    first, second = (site(rf.get("/fi/inline/")) for _ in range(2))
    assert "X-Page-Cache" not in first and second["X-Page-Cache"] == "hit"
    for response in (first, second):
        # The same nonce in the header and in every tag of the page.
        assert set(NONCE.findall(response.content.decode())) == {_header_nonce(response)}
    assert _header_nonce(second) != _header_nonce(first)


def test_a_published_notice_shows_at_once_and_an_unpublished_one_disappears(notice_index):
    client = Client()
    assert "Uusi tiedote kirjastoille" not in client.get(notice_index.url).content.decode()
    client.get(notice_index.url)  # now cached
    notice = make_notice(notice_index, "Uusi tiedote kirjastoille")
    page = client.get(notice_index.url)
    assert "Uusi tiedote kirjastoille" in page.content.decode()
    client.get(notice.url)
    assert client.get(notice.url)["X-Page-Cache"] == "hit"
    notice.unpublish()
    assert client.get(notice.url).status_code == 404
    assert "Uusi tiedote kirjastoille" not in client.get(notice_index.url).content.decode()


def test_a_logged_in_user_never_gets_the_anonymous_page(notice_index, staff_user):
    anonymous = Client()
    anonymous.get("/fi/")
    assert anonymous.get("/fi/")["X-Page-Cache"] == "hit"
    member = Client()
    member.force_login(staff_user)
    page = member.get("/fi/")
    assert "X-Page-Cache" not in page
    assert "no-store" in page["Cache-Control"]
    # ...and a page rendered for the logged-in user is never stored for others.
    anonymous_after = anonymous.get("/fi/")
    assert staff_user.email not in anonymous_after.content.decode()


def test_languages_are_cached_apart(notice_index):
    client = Client()
    for _ in range(2):
        finnish, swedish = client.get("/fi/"), client.get("/sv/")
    assert finnish["X-Page-Cache"] == swedish["X-Page-Cache"] == "hit"
    assert finnish["Content-Language"] == "fi" and swedish["Content-Language"] == "sv"
    assert 'lang="sv"' in swedish.content.decode() and 'lang="fi"' in finnish.content.decode()


def test_pages_with_a_form_token_or_one_time_messages_are_not_stored(notice_index):
    client = Client()
    subscribe = reverse("extranet:subscribe")
    for _ in range(2):
        response = client.get(subscribe, follow=True)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response  # it carries a CSRF token of this visitor
    client.get("/fi/")
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get("/fi/")


def test_pages_served_from_the_cache_are_still_counted_for_a5(notice_index):
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
    before = usage_today()[0]
    for _ in range(3):
        client.get(notice_index.url)
    assert client.get(notice_index.url)["X-Page-Cache"] == "hit"
    assert usage_today()[0] == before + 4


def test_an_event_change_shows_at_once(db):
    from tests.trainings.conftest import make_event

    event = make_event(seats_on_site=20)
    client = Client()
    client.get(event.get_absolute_url())
    event.title = "Muutettu otsikko 4711"
    event.save()
    assert "Muutettu otsikko 4711" in client.get(event.get_absolute_url()).content.decode()


def test_area_versions_are_plain_integers_read_raw_and_a_missing_or_older_one_still_works(db):
    from django.core.cache import cache

    from ake.page_cache import AREA_KEYS, content_changed, read_area_versions

    versions, _nothing = read_area_versions()
    assert all(type(version) is int for version in versions.values())
    # Written by the previous release (a pickled string): an opaque version all the same.
    cache.set(AREA_KEYS["events"], "0123abcd", None)
    cache.delete(AREA_KEYS["kits"])  # e.g. Redis emptied: the area gets a new version
    older, _nothing = read_area_versions()
    assert older["events"] != versions["events"] and older["kits"] != versions["kits"]
    assert type(older["kits"]) is int and older["notices"] == versions["notices"]
    content_changed("events")
    newer, _nothing = read_area_versions()
    assert type(newer["events"]) is int and newer["events"] != older["events"]
    # The events area brings its part, the seats (ake/areas.py "Parts of an area").
    assert {area: newer[area] for area in newer if area not in ("events", "seats")} == {
        area: older[area] for area in older if area not in ("events", "seats")
    }


def test_the_site_works_without_the_cache_when_redis_is_unreachable(notice_index, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "ake.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    client = Client()
    for _ in range(2):
        response = client.get(notice_index.url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
