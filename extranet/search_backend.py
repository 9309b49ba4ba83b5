"""Wagtail's PostgreSQL search backend, made to find Finnish inflected forms.

PostgreSQL's Finnish snowball stemmer leaves consonant-gradation pairs apart: "koulutus" stems to
'koulutus' but "koulutukset" to 'koulutuks', so a plain full-text search for "koulutukset" misses a
notice that says "koulutus". Each query term is therefore stemmed with the configured language's
stemmer, shortened by the last letters where inflection changes the stem, and matched as a prefix
against the stemmed index ('koulutu:*' matches both). Documents are indexed exactly as before.
"""

import functools
import re

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend, PostgresSearchQueryCompiler
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import PlainText

_WORD = re.compile(r"[\w]+", re.UNICODE)


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


class StemPrefixSearchBackend(PostgresSearchBackend):
    query_compiler_class = StemPrefixQueryCompiler


SearchBackend = StemPrefixSearchBackend
