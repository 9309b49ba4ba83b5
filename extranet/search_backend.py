"""Wagtail's PostgreSQL search backend, made to find Finnish inflected forms.

PostgreSQL's Finnish snowball stemmer leaves consonant-gradation pairs apart: "koulutus" stems to
'koulutus' but "koulutukset" to 'koulutuks', so a plain full-text search for "koulutukset" misses a
notice that says "koulutus". Each query term is therefore stemmed with the configured language's
stemmer, shortened by the last letters where inflection changes the stem, and matched as a prefix
against the stemmed index ('koulutu:*' matches both). Documents are indexed exactly as before.
"""

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
    dictionary = f"{config or 'finnish'}_stem"
    roots = []
    with connection.cursor() as cursor:
        for term in terms:
            try:
                cursor.execute("SELECT ts_lexize(%s::regdictionary, %s)", [dictionary, term.lower()])
                lexemes = cursor.fetchone()[0]
            except Exception:  # noqa: BLE001 - an unknown dictionary: fall back to the word itself
                lexemes = [term.lower()]
            if lexemes is None:  # the dictionary does not know the word
                lexemes = [term.lower()]
            roots.extend(stem_root(lexeme) for lexeme in lexemes)  # [] for a stop word
    return roots


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
