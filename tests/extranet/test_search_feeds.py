import feedparser
import pytest

from ake import extensions

from .conftest import make_notice

pytestmark = pytest.mark.django_db


def test_finnish_search_finds_inflected_forms(client, notice_index):
    make_notice(notice_index, "Syksyn ohjelma", lead="Uusi koulutus alkaa lokakuussa.")
    make_notice(notice_index, "Pelisalkku", lead="Lainattava salkku kirjastoille.")
    html = client.get("/fi/search/?q=koulutukset").content.decode()
    assert "Syksyn ohjelma" in html and "Pelisalkku" not in html
    html = client.get("/fi/search/?q=kirjastoissa").content.decode()
    assert "Pelisalkku" in html
    assert "Syksyn ohjelma" in client.get("/fi/search/?q=koulutuksen+lokakuussa").content.decode()


def test_search_includes_results_of_other_apps_and_handles_empty_queries(client, notice_index, monkeypatch):
    class Event:
        title = "Digitaitoviikon koulutus"
        url = "/fi/events/3/"
        summary = "Etäkoulutus"
        kind_label = "Koulutus"

    monkeypatch.setitem(extensions._providers, "search", [lambda *, query, user: [Event()] if query else []])
    html = client.get("/fi/search/?q=digitaito").content.decode()
    assert "Digitaitoviikon koulutus" in html and "/fi/events/3/" in html
    assert client.get("/fi/search/?q=").status_code == 200
    assert client.get("/fi/search/?q=%27%22%3A*%26%7C!").status_code == 200  # tsquery syntax is not parsed


def test_rss_and_atom_feeds_parse_overall_and_per_category(client, notice_index, categories):
    make_notice(notice_index, "Koulutuskalenteri julkaistu", categories=[categories["trainings"]])
    make_notice(notice_index, "Työryhmän kokous", categories=[categories["groups"]])
    for path, expected in [
        ("/fi/notices/feed/rss/", {"Koulutuskalenteri julkaistu", "Työryhmän kokous"}),
        ("/fi/notices/feed/atom/", {"Koulutuskalenteri julkaistu", "Työryhmän kokous"}),
        ("/fi/notices/feed/trainings/rss/", {"Koulutuskalenteri julkaistu"}),
        ("/fi/notices/feed/groups/atom/", {"Työryhmän kokous"}),
    ]:
        response = client.get(path)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (path, feed.bozo_exception)
        assert {entry.title for entry in feed.entries} == expected
        assert all(entry.link.startswith("http://testserver/fi/tiedotteet/") for entry in feed.entries)
    assert client.get("/fi/notices/feed/unknown/rss/").status_code == 404


def test_translations_get_hreflang_links_and_the_report_lists_pages_without_swedish(
    client, notice_index, editor
):
    from wagtail.models import Locale

    sv = Locale.objects.get_or_create(language_code="sv")[0]
    translated = make_notice(notice_index, "Käännetty tiedote")
    swedish = translated.copy_for_translation(sv, copy_parents=True, alias=False)
    swedish.title = "Översatt meddelande"
    swedish.save_revision().publish()
    make_notice(notice_index, "Vain suomeksi")

    html = client.get(translated.url).content.decode()
    assert 'hreflang="sv"' in html and 'hreflang="fi"' in html and swedish.url in html
    assert "Översatt meddelande" in client.get(swedish.url).content.decode()

    client.force_login(editor)
    report = client.get("/admin/reports/translation-gaps/?language=sv").content.decode()
    assert "Vain suomeksi" in report and "Käännetty tiedote" not in report


# The result list as the template wrote it before its rows were written in Python (extranet/views.py
# _search_result_rows): the page must be the same to the byte.
# noqa below: the template's lines as they were.
TEMPLATE_ROWS = """{% for result in results %}
        <li><h3><a href="{{ result.url }}">{{ result.title }}</a></h3>
          <p class="meta">{{ result.kind_label }}{% if result.date %} · {{ result.date|date:"j.n.Y" }}{% endif %}</p>
          {% if result.summary %}<p>{{ result.summary|truncatewords:30 }}</p>{% endif %}</li>
      {% endfor %}
      {% for result in extra_results %}
        <li><h3><a href="{{ result.url }}">{{ result.title }}</a></h3>
          <p class="meta">{{ result.kind_label }}</p>{% if result.summary %}<p>{{ result.summary|truncatewords:30 }}</p>{% endif %}</li>
      {% endfor %}"""  # noqa: E501


def test_the_result_rows_written_in_python_are_the_templates_to_the_byte():
    import datetime

    from django.template import engines
    from django.utils.translation import gettext_lazy, override

    from extranet.selectors import PageHit
    from extranet.views import _search_result_rows
    from trainings.providers import EventItem

    # Late on 1 March in UTC is 2 March in Helsinki: the date is the local one, as in the template.
    late = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    long_text = " ".join(f"sana{n}" for n in range(40)) + " <b>&"
    pages = [
        PageHit(
            pk=1,
            title='Kirjasto <&> "ohjelma"',
            url="/fi/a/?x=1&y='2'",
            kind_label=gettext_lazy("page"),
            date=late,
            summary=long_text,
        ),
        PageHit(pk=2, title="Ilman päivää", url="/fi/b/", kind_label="Tiedote", date=None, summary=""),
    ]
    events = [
        EventItem(
            title="Tapahtuma & <i>",
            url="/fi/events/1/",
            start=late,
            place="",
            kind_label="Koulutus",
            summary=long_text,
        ),
        EventItem(title="Ilman tiivistelmää", url="/fi/events/2/", start=late, place="", kind_label="Kokous"),
    ]
    template = engines["django"].from_string(TEMPLATE_ROWS)
    for language in ("fi", "sv", "en"):
        for results, extra in [(pages, events), (pages, []), ([], events), ([], [])]:
            with override(language):
                expected = "\n      " + template.render({"results": results, "extra_results": extra})
                assert _search_result_rows(results, extra) == expected, (language, len(results), len(extra))
