"""Wagtail's PostgreSQL search backend, made to find Finnish inflected forms.

PostgreSQL's Finnish snowball stemmer leaves consonant-gradation pairs apart: "koulutus" stems to
'koulutus' but "koulutukset" to 'koulutuks', so a plain full-text search for "koulutukset" misses a
notice that says "koulutus". Each query term is therefore stemmed with the configured language's
stemmer, shortened by the last letters where inflection changes the stem, and matched as a prefix
against the stemmed index ('koulutu:*' matches both).

Each language is indexed and searched with its own configuration (AKE_SEARCH_CONFIGS: Finnish,
Swedish, English): a page (or any object with a Wagtail ``locale``) is indexed with its locale's
configuration, and a query uses the configuration of the language being searched, that is the
``search_language()`` block around it or else the active language (the language of the address).
Objects without a locale keep the backend's SEARCH_CONFIG.
"""

import contextlib
import contextvars
import copy
import functools
import re
from collections import defaultdict

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.utils.translation import get_language
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import PlainText

_WORD = re.compile(r"[\w]+", re.UNICODE)
_search_language: contextvars.ContextVar[str | None] = contextvars.ContextVar("search_language", default=None)


def language_config(language: str | None, default: str | None = None) -> str | None:
    """The text search configuration of a language code ("sv" -> "swedish")."""
    configs = getattr(settings, "AKE_SEARCH_CONFIGS", {})
    return configs.get((language or "").split("-")[0].lower()) or default


@contextlib.contextmanager
def search_language(language: str | None):
    """Queries inside the block use the configuration of ``language`` (the searched locale)."""
    token = _search_language.set(language)
    try:
        yield
    finally:
        _search_language.reset(token)


def object_config(obj, default: str | None) -> str | None:
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is None:
        return default
    from wagtail.models import Locale

    if locale_id not in _LOCALE_CODES:  # locales are only ever added: read them again then
        _LOCALE_CODES.update(Locale.objects.values_list("pk", "language_code"))
    return language_config(_LOCALE_CODES.get(locale_id), default)


_LOCALE_CODES: dict[int, str] = {}


def stem_root(stem: str) -> str:
    if len(stem) >= 7:
        return stem[:-2]
    if len(stem) >= 5:
        return stem[:-1]
    return stem


def stem_roots(terms: list[str], config: str | None) -> list[str]:
    return list(_stem_roots(tuple(term.lower() for term in terms), config))


@functools.lru_cache(maxsize=4096)
def _stem_roots(terms: tuple[str, ...], config: str | None) -> tuple[str, ...]:
    """The stems of a search's words, in one query; kept per process (a dictionary's stems of a word
    never change, and a search compiles its query several times)."""
    if not terms:
        return ()
    dictionary = f"{config or 'finnish'}_stem"
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ts_lexize(%s::regdictionary, term)"
                " FROM unnest(%s::text[]) WITH ORDINALITY AS t(term, n) ORDER BY n",
                [dictionary, list(terms)],
            )
            found = [row[0] for row in cursor.fetchall()]
    except Exception:  # noqa: BLE001 - an unknown dictionary: fall back to the words themselves
        found = [None] * len(terms)
    roots = []
    for term, lexemes in zip(terms, found, strict=True):
        if lexemes is None:  # the dictionary does not know the word
            lexemes = [term]
        roots.extend(stem_root(lexeme) for lexeme in lexemes)  # [] for a stop word
    return tuple(roots)


class StemPrefixQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend):
        language = _search_language.get() or get_language()
        return language_config(language, backend.config)

    def build_tsquery_content(self, query, config=None, invert=False):
        if not isinstance(query, PlainText):
            return super().build_tsquery_content(query, config=config, invert=invert)
        terms = _WORD.findall(query.query_string)
        roots = stem_roots(terms, config) or [term.lower() for term in terms]
        if not roots:
            return None
        lexemes = None
        for root in roots:
            lexeme = Lexeme(root, invert=invert, prefix=True)
            if lexemes is None:
                lexemes = lexeme
            elif query.operator == "and":
                lexemes &= lexeme
            else:
                lexemes |= lexeme
        # The roots are already stemmed: parse them with "simple" so they are not stemmed twice.
        return SearchQuery(lexemes, search_type="raw", config="simple")


class PerLanguageIndex(PostgresIndex):
    """Indexes each object with the configuration of its locale's language."""

    def add_items(self, model, objs):
        groups = defaultdict(list)
        for obj in objs:
            groups[object_config(obj, self.backend.config)].append(obj)
        for config, group in groups.items():
            if config == self.backend.config:
                super().add_items(model, group)
                continue
            # The indexer reads backend.config: a copy of this index with its own backend copy.
            index = copy.copy(self)
            index.backend = copy.copy(self.backend)
            index.backend.config = config
            PostgresIndex.add_items(index, model, group)


class StemPrefixSearchBackend(PostgresSearchBackend):
    query_compiler_class = StemPrefixQueryCompiler
    index_class = PerLanguageIndex


SearchBackend = StemPrefixSearchBackend


# --------------------------------------------------------------------------- an existing database
#: Applying this migration (forwards) makes the post_migrate step below index the pages of the
#: other languages again: a database whose Swedish and English pages were indexed before each
#: language had its own configuration gets them indexed with it, by `manage.py migrate` alone.
REINDEX_MIGRATION = ("extranet", "0008_search_configs_per_language")


def pages_reindex_in_their_languages() -> int:
    """Indexes again every page whose language has a configuration other than the backend's
    (Swedish, English); returns how many. Finnish pages are indexed as they were."""
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend
    from wagtail.search.index import insert_or_update_object

    default = get_search_backend().config
    codes = [code for code, _name in settings.LANGUAGES if language_config(code, default) != default]
    count = 0
    for page in Page.objects.filter(locale__language_code__in=codes).specific(defer=False).iterator():
        insert_or_update_object(page)
        count += 1
    return count


def reindex_after_migrate(sender, plan=None, **kwargs) -> None:
    """post_migrate receiver: after the last app's migrations, when REINDEX_MIGRATION was applied
    in this run (so once per database, with the models and tables of the finished migration)."""
    import logging

    from django.apps import apps
    from django.db import DatabaseError

    if sender.label != list(apps.get_app_configs())[-1].label:
        return
    applied = {(migration.app_label, migration.name) for migration, backwards in plan or () if not backwards}
    if REINDEX_MIGRATION not in applied:
        return
    logger = logging.getLogger(__name__)
    try:
        count = pages_reindex_in_their_languages()
    except DatabaseError:
        logger.warning("pages not indexed again: the database does not match the models")
        return
    if count:
        from ake.page_cache import content_changed

        content_changed()  # cached search results were found with the old index
    logger.info("search: %s pages indexed again with their language's configuration", count)
