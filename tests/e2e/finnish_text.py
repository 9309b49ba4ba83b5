"""Finds Finnish in what a page shows in another language (issue #14).

A word counts as Finnish when our own catalogs use it in a Finnish translation and in no Swedish or
English text (msgid or msgstr) of any catalog, plus a short list of common Finnish UI words; words of
three letters or fewer are left out ("ja" is also Swedish). So the check knows every word our apps
could put into a page in Finnish, and no place name or word the three languages share.

Text counts only where the page claims its own language: inside an element marked ``lang="fi"`` (an
untranslated fallback, WCAG 3.1.2) Finnish is allowed.
"""

import re
from functools import cache
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdf]|\{[^}]*\}|%[sdf]|<[^>]+>")

# Common Finnish words of a site's chrome, in case a text comes from outside our catalogs (Django,
# allauth, Wagtail, a hard-coded template string).
COMMON_FINNISH = {
    "kirjaudu",
    "kirjautuminen",
    "uloskirjautuminen",
    "rekisteröidy",
    "tallenna",
    "lähetä",
    "peruuta",
    "poista",
    "muokkaa",
    "etusivu",
    "tiedotteet",
    "koulutukset",
    "koulutuskalenteri",
    "materiaalipankki",
    "salkut",
    "haku",
    "hae",
    "seuraava",
    "edellinen",
    "sivu",
    "ilmoittaudu",
    "ilmoittautuminen",
    "tilaa",
    "varaa",
    "palaute",
    "yhteystiedot",
    "saavutettavuusseloste",
    "tietosuojaseloste",
    "omat",
    "tiedot",
    "sähköposti",
    "salasana",
    "kirjasto",
    "kirjastot",
    "valitse",
    "kaikki",
    "takaisin",
    "vahvista",
    "ryhmät",
    "verkostot",
}

# What the page shows as its chrome: header, navigation, footer, messages, forms, table headings.
CHROME = (
    "header, nav, footer, .messages, .untranslated-note, form, thead th, th[scope=col], [role=alert], "
    ".errorlist, button, caption, legend, label"
)

# Visible text nodes (and the labels of controls) inside the chrome, with the language the page claims
# for them: the nearest ancestor's lang attribute.
COLLECT = """
(selector) => {
  const out = [];
  const visible = (el) => {
    if (!el) return false;
    if (el.closest('[hidden], [aria-hidden=true], script, style, template, noscript')) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 || el.tagName === 'OPTION';
  };
  const langOf = (el) => { const c = el.closest('[lang]'); return c ? c.getAttribute('lang') : ''; };
  const roots = Array.from(document.querySelectorAll(selector));
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || !roots.some((root) => root.contains(el))) continue;
    if (!visible(el.tagName === 'OPTION' ? el.closest('select') : el)) continue;
    out.push([text, langOf(el)]);
  }
  for (const root of roots) {
    const labelled = '[placeholder], [aria-label], [title], input[type=submit], img[alt]';
    for (const el of root.querySelectorAll(labelled)) {
      if (!visible(el)) continue;
      for (const attr of ['placeholder', 'aria-label', 'title', 'alt']) {
        if (el.getAttribute(attr)) out.push([el.getAttribute(attr), langOf(el)]);
      }
      if (el.matches('input[type=submit]') && el.value) out.push([el.value, langOf(el)]);
    }
    if (root.matches('[aria-label]')) out.push([root.getAttribute('aria-label'), langOf(root)]);
  }
  return out;
}
"""


def words(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(PLACEHOLDER.sub(" ", text))}


@cache
def finnish_words() -> frozenset[str]:
    finnish, other = set(), set()
    for path in sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po")):
        language = path.parts[-3]
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            other |= words(entry.msgid) | words(entry.msgid_plural or "")
            for shown in [entry.msgstr, *entry.msgstr_plural.values()]:
                (finnish if language == "fi" else other).update(words(shown))
    return frozenset({word for word in finnish - other if len(word) >= 4} | COMMON_FINNISH)


def chrome_texts(page) -> list[tuple[str, str]]:
    """(text, the language the page claims for it) of every visible piece of the page's chrome."""
    return [(text, lang) for text, lang in page.evaluate(COLLECT, CHROME)]


def finnish_in(texts: list[tuple[str, str]], language: str) -> list[str]:
    """The texts, claimed to be in `language`, that hold a Finnish word (the word in brackets)."""
    vocabulary = finnish_words()
    found = []
    for text, lang in texts:
        if (lang or language).split("-")[0] != language:
            continue
        hits = sorted(words(text) & vocabulary)
        if hits:
            found.append(f"{text[:80]!r} [{', '.join(hits)}]")
    return found
