"""Catalog completeness (issue #14): every text the site shows is in our catalogs, translated.

- Every message of our Finnish and Swedish catalogs has a translation (not empty, not fuzzy). English
  is the source language of the messages: an English catalog's empty translation shows the English
  message itself, so only the English translations that are written must not be fuzzy.
- No template of ours shows text outside gettext: what is left of a template once the template
  language ({% … %}, {{ … }}, comments, {% blocktranslate %} blocks), scripts, styles and tags are
  taken away must hold no words, and neither may the visible attributes (title, alt, placeholder,
  aria-label) written into the HTML.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
OUR_CATALOGS = sorted(
    path
    for path in ROOT.glob("*/locale/*/LC_MESSAGES/django.po")
    if not path.parts[len(ROOT.parts)].startswith(".")
)
# bench/'s page is a load-test stub served only to the bench (ake/bench_views.py), never to a visitor.
NOT_SHOWN = {"templates/bench/floor.html"}
OUR_TEMPLATES = sorted(
    path
    for path in ROOT.glob("**/templates/**/*.html")
    if not path.relative_to(ROOT).parts[0].startswith((".", "bench"))
    and str(path.relative_to(ROOT)) not in NOT_SHOWN
)

_TEMPLATE_LANGUAGE = [
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S),
    # A class name given through a block ({% block body_class %}account-page{% endblock %}).
    re.compile(r"{%\s*block\s+\w*class\w*\s*%}.*?{%\s*endblock\s*%}", re.S),
    re.compile(r"{%.*?%}", re.S),
    re.compile(r"{{.*?}}", re.S),
    re.compile(r"&[a-z]+;|&#\d+;"),
]
_VISIBLE_ATTRIBUTE = re.compile(r'\b(?:title|alt|placeholder|aria-label)="([^"]*)"')
_TAG = re.compile(r"<[^>]*>", re.S)
_WORD = re.compile(r"[^\W\d_]{2,}")


def words_outside_gettext(source: str) -> list[str]:
    for pattern in _TEMPLATE_LANGUAGE:
        source = pattern.sub(" ", source)
    attributes = " ".join(_VISIBLE_ATTRIBUTE.findall(source))
    return _WORD.findall(_TAG.sub(" ", source)) + _WORD.findall(attributes)


def test_the_template_check_sees_text_outside_gettext():
    assert words_outside_gettext('<p>{% translate "Hello" %}</p><p>{{ name }}</p>') == []
    assert words_outside_gettext("<p>Ilmoittaudu</p>") == ["Ilmoittaudu"]
    assert words_outside_gettext('<img alt="Kuva" src="{{ url }}">') == ["Kuva"]
    assert words_outside_gettext("{% blocktranslate %}Hi {{ n }}{% endblocktranslate %} &nbsp;") == []
    assert len(OUR_TEMPLATES) > 100 and len(OUR_CATALOGS) >= 21


@pytest.mark.parametrize("path", OUR_TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_template_shows_text_outside_gettext(path):
    assert words_outside_gettext(path.read_text()) == []


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_message_of_our_catalogs_is_translated(language):
    missing = []
    for path in OUR_CATALOGS:
        if path.parts[-3] != language:
            continue
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            where = f"{path.relative_to(ROOT).parts[0]}: {entry.msgid[:60]!r}"
            if "fuzzy" in entry.flags:
                missing.append(where + " (fuzzy)")
            elif language != "en":
                texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
                if not texts or not all(texts):
                    missing.append(where)
    assert missing == []
