"""The route's query is compiled once per process for each depth of path (ake/wagtail_serve.py,
issue #20): it finds the page Wagtail's own routing finds, at every depth, and what it keeps is the
SQL made from sample values, never an address a visitor asked for."""

import pytest
from django.test import RequestFactory
from django.utils.translation import override
from wagtail.models import Page

from ake import prepared, wagtail_serve

from .conftest import make_notice

pytestmark = pytest.mark.django_db


def _page(route):
    if route is None:
        return None
    return route.page if hasattr(route, "page") else route[0]


def test_the_route_compiled_once_finds_what_wagtail_finds(notice_index, home):
    from extranet.models import StandardPage

    notice = make_notice(notice_index, "Reittitiedote 7701")
    guide = StandardPage(title="Ohjeet 7702", slug="ohjeet-7702", introduction="Ohjeita.")
    home.add_child(instance=guide)
    guide.save_revision().publish()
    paths = [
        "",
        "tiedotteet/",
        f"tiedotteet/{notice.slug}/",
        "ohjeet-7702/",
        "ohjeet-7702/ei-ole/",
        "ei-ole/",
        "ei/ole/olemassa/",
    ]
    with override("fi"):
        for path in paths:
            request = RequestFactory().get(f"/fi/{path}")  # Wagtail keeps its route on the request
            ours = wagtail_serve.route_in_one_query(request, path)
            assert ours is not wagtail_serve._UNROUTED, path
            try:
                theirs = Page.route_for_request(request, path)
            except Exception:  # noqa: BLE001 - Wagtail answers 404 by raising
                theirs = None
            assert _page(ours) == _page(theirs), path
            if _page(ours) is not None:
                assert type(_page(ours)) is type(_page(theirs).specific), path
    routes = [query for key, query in prepared._registry.items() if key[0] == "ake.route"]
    kept = repr([query._ready for query in routes])
    assert "ohjeet-7702" not in kept and notice.slug not in kept and "ei-ole" not in kept
    assert len(routes) >= 3  # one per depth seen


def test_the_first_live_page_compiled_once_is_the_orms(notice_index):
    """extranet.selectors.page_first_live's query is compiled once per page type (issue #20): it
    gives the page the ORM gives, per locale, and falls back to the default locale's."""
    from wagtail.models import Locale

    from extranet.models import MaterialBankPage, NoticeIndexPage
    from extranet.selectors import page_first_live

    for locale in Locale.objects.all():
        for model in (NoticeIndexPage, MaterialBankPage):
            expected = model.objects.live().filter(locale=locale).order_by("path").first()
            if expected is None:
                expected = model.objects.live().filter(locale=Locale.get_default()).order_by("path").first()
            for value in (locale, locale.pk):
                found = page_first_live(model, locale=value)
                assert found == expected and type(found) is type(expected), (locale, model)
                if found is not None:
                    assert found.url == expected.url and found.title == expected.title


def test_the_home_links_read_in_one_query_are_page_first_lives(notice_index, home, django_assert_num_queries):
    """extranet.selectors.pages_first_live: the home page's notice index and material bank in one
    query (two before, issue #20), the pages ``page_first_live`` gives for each type and locale
    (the default locale's where a locale has none), with their fields and addresses."""
    from wagtail.models import Locale

    from extranet.models import MaterialBankPage, NoticeIndexPage
    from extranet.selectors import page_first_live, pages_first_live

    bank = MaterialBankPage(title="Materiaalipankki 7703", slug="materiaalit-7703", introduction="Oppaita.")
    home.add_child(instance=bank)
    bank.save_revision().publish()
    models = (NoticeIndexPage, MaterialBankPage)
    for locale in Locale.objects.all():
        pages_first_live(models, locale=locale.pk)  # compiled on first use
        with django_assert_num_queries(1) if locale == Locale.get_default() else _any_queries():
            found = pages_first_live(models, locale=locale.pk)
        for model in models:
            expected = page_first_live(model, locale=locale.pk)
            assert found[model] == expected and type(found[model]) is type(expected), (locale, model)
            if expected is not None:
                assert found[model].url == expected.url and found[model].title == expected.title
                assert found[model].introduction == expected.introduction
    assert pages_first_live(models, locale=Locale.get_default().pk)[MaterialBankPage] == bank


def _any_queries():
    from contextlib import nullcontext

    return nullcontext()
