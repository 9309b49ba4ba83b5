"""The notice index's list items are written in Python (extranet.models.notice_list_items_html,
issue #20: the template's loop was a third of a cold notice index): they are the loop's output to
the byte, in every language, for aliases, categories, a series and a notice without a date."""

import datetime

import pytest
from django.template import RequestContext, engines
from django.test import RequestFactory
from django.utils.translation import override

from extranet.models import NoticeIndexPage, NoticeSeries, notice_list_items_html

from .conftest import make_notice

pytestmark = pytest.mark.django_db

# The loop the Python replaced (extranet/templates/extranet/includes/notice_listing.html).
TEMPLATE_LOOP = """{% load wagtailcore_tags ake_tags %}{% for notice in notices %}
      <li>
        <article>
          <h2{% if notice|alias_lang %} lang="{{ notice|alias_lang }}"{% endif %}><a href="{% pageurl notice %}">{{ notice.title }}</a></h2>
          <p class="meta">
            {% if notice.first_published_at %}<time datetime="{{ notice.first_published_at|date:'c' }}">{{ notice.first_published_at|date:"j.n.Y" }}</time>{% endif %}
            {% for category in notice.category_list %}<span class="badge">{{ category.name }}</span> {% endfor %}
            {% if notice.series %}<span class="badge">{{ notice.series.name }}</span>{% endif %}
          </p>
          <p{% if notice|alias_lang %} lang="{{ notice|alias_lang }}"{% endif %}>{{ notice.lead }}</p>
        </article>
      </li>
    {% endfor %}"""  # noqa: E501


def test_the_notice_items_written_in_python_are_the_templates_to_the_byte(notice_index, categories):
    series = NoticeSeries.objects.create(name_fi="Kirjastojen <kuulumiset> & muut", slug="kuulumiset")
    # Late on 1 March in UTC is 2 March in Helsinki: the date is the local one, as in the template.
    late = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    make_notice(
        notice_index,
        'Tiedote <b>&</b> "lainaus"',
        lead="Ingressi & <i>'lainaus'</i>",
        categories=[categories["trainings"], categories["groups"]],
        series=series,
        published_at=late,
    )
    make_notice(notice_index, "Ilman luokkia", lead="Ingressi.")
    make_notice(notice_index, "Kolmas", categories=[categories["general"]])
    index = NoticeIndexPage.objects.get(pk=notice_index.pk)
    notices = list(index.get_notices())
    for notice in notices:
        notice.category_list = list(notice.categories.all())
    notices[1].first_published_at = None  # a list may hold one: the template leaves the date out
    notices[2].alias_of_id = notices[0].pk  # an alias shows the Finnish text with lang="fi" elsewhere
    template = engines["django"].from_string(TEMPLATE_LOOP)
    request = RequestFactory().get("/fi/tiedotteet/")
    for language in ("fi", "sv", "en"):
        with override(language):
            expected = template.template.render(RequestContext(request, {"notices": notices}))
            assert notice_list_items_html(notices, request) == expected, language
    assert notices and 'lang="fi"' in expected and "&lt;kuulumiset&gt;" in expected
