"""An existing database gets its Swedish and English pages indexed with their own search configuration
by `manage.py migrate` alone (issue #14): applying extranet 0008 makes the post_migrate step index the
pages of those languages again, once, with the finished schema.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from extranet.search_backend import REINDEX_MIGRATION, reindex_after_migrate
from tests.extranet.conftest import make_notice

pytestmark = pytest.mark.django_db

TEXTS = {
    "sv": ("Utbildningarna börjar", "'utbildning'", "'utbildningar'"),
    "en": ("The trainings begin", "'train'", "'trainings'"),
}


def _indexed(page) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(title::text || ' ' || body::text, ' ') FROM wagtailsearch_indexentry"
            " WHERE object_id = %s",
            [str(page.pk)],
        )
        return cursor.fetchone()[0] or ""


def _index_as_before(page, text: str) -> None:
    """The index entry as a database indexed before each language had its configuration."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE wagtailsearch_indexentry SET title = to_tsvector('finnish', %s),"
            " body = to_tsvector('finnish', %s) WHERE object_id = %s",
            [text, text, str(page.pk)],
        )


def _migrate_signal(*, applied: bool) -> None:
    migration = MigrationLoader(connection).get_migration(*REINDEX_MIGRATION)
    plan = [(migration, False)] if applied else []
    for config in apps.get_app_configs():  # post_migrate is sent for every app in turn
        reindex_after_migrate(config, plan=plan)


def test_migrate_indexes_swedish_and_english_pages_again_with_their_configuration(notice_index):
    from extranet.page_trees import page_translate, page_trees_sync

    notice = make_notice(notice_index, "Koulutukset alkavat", lead="Koulutukset alkavat.")
    page_trees_sync()
    translations = {}
    for language, (text, own_stem, finnish_stem) in TEXTS.items():
        translations[language] = page_translate(notice, language, title=text, lead=text)
        assert own_stem in _indexed(translations[language]), "a new page is indexed in its language"
        _index_as_before(translations[language], text)
        assert own_stem not in _indexed(translations[language])
        assert finnish_stem in _indexed(translations[language])
    finnish_before = _indexed(notice)

    _migrate_signal(applied=False)  # a migrate that did not apply 0008 leaves the index alone
    for language, (_text, own_stem, _finnish_stem) in TEXTS.items():
        assert own_stem not in _indexed(translations[language])

    _migrate_signal(applied=True)
    for language, (_text, own_stem, finnish_stem) in TEXTS.items():
        indexed = _indexed(translations[language])
        assert own_stem in indexed and finnish_stem not in indexed, language
    assert _indexed(notice) == finnish_before  # Finnish pages stay as they were


def test_a_swedish_search_finds_the_reindexed_page(client, notice_index):
    from extranet.page_trees import page_translate, page_trees_sync

    notice = make_notice(notice_index, "Koulutukset alkavat", lead="Koulutukset alkavat.")
    page_trees_sync()
    swedish = page_translate(notice, "sv", title="Utbildningarna börjar", lead="Utbildningarna börjar")
    _index_as_before(swedish, "Kurser")  # an entry that no Swedish query would find
    assert "Utbildningarna börjar" not in client.get("/sv/search/", {"q": "utbildningar"}).content.decode()
    _migrate_signal(applied=True)
    assert "Utbildningarna börjar" in client.get("/sv/search/", {"q": "utbildningar"}).content.decode()
