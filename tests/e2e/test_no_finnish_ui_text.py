"""No Finnish in the Swedish and English site's chrome (issue #14's proof), on the demo site in Chromium.

From ``/sv/`` and ``/en/``, anonymous and as library staff, the crawl follows the site's links and reads
the visible text of every page's header, navigation, footer, messages, forms (labels, legends,
options, help and error texts, buttons, placeholders) and table headings. A Finnish word there
(tests/e2e/finnish_text.py: the words of our catalogs' Finnish translations that no Swedish or
English text uses, and common Finnish UI words) fails the test, unless the element is marked
``lang="fi"`` (a name of a language in its own language, an untranslated Finnish title).

The check cannot pass by seeing nothing: the same crawl from ``/fi/``, over a fixed sample of the first
pages it reaches, must find Finnish in the chrome of (nearly) every page, and the Swedish and English
crawls must each read chrome text on a minimum of pages.

One test: the demo data is loaded once (``make run``'s ``demo_data`` and ``page_trees_sync``).
"""

import re
from collections import Counter, deque
from urllib.parse import urlsplit

from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError
from wagtail.signal_handlers import disable_reference_index_auto_update

from tests.e2e.finnish_text import chrome_texts, finnish_in
from tests.e2e.helpers import log_in

DEMO_PASSWORD = "demo-extranet-2024"
MAX_PAGES = 60  # per language and visitor
MIN_PAGES = 25  # pages with chrome text each crawl must read
# The Finnish crawl only proves that the check sees Finnish chrome: the first pages it reaches (the home
# page, the menus' sections, a notice, a form) are enough, and every page costs the same as the real
# checks' pages.
FINNISH_SAMPLE = 15
FINNISH_MIN_PAGES = 12
MAX_PER_SHAPE = 2  # addresses that differ only in numbers or the query (calendar months, pages)
SKIP_PREFIXES = ("/admin/", "/documents/", "/media/", "/static/", "/i18n/")
SKIP_PARTS = ("/feed/", "logout", ".ics", ".pdf", ".csv", ".xlsx", "/export", "/download")


def shape(path: str) -> str:
    parts = urlsplit(path)
    return re.sub(r"\d+", "N", parts.path) + ("?" if parts.query else "")


def crawl(page, language: str, max_pages: int = MAX_PAGES) -> tuple[dict[str, list[str]], int]:
    """Finnish found in the chrome, per page, and the number of pages whose chrome had text."""
    base = page.base_url
    queue, seen, shapes = deque([f"/{language}/"]), {f"/{language}/"}, Counter()
    found, read, visited = {}, 0, 0
    while queue and visited < max_pages:
        path = queue.popleft()
        visited += 1
        try:
            response = page.goto(base + path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or response.status != 200:
            continue
        texts = chrome_texts(page)
        if sum(len(text) for text, _lang in texts) > 40:
            read += 1
        hits = finnish_in(texts, language)
        if hits:
            found[path] = hits
        links = page.eval_on_selector_all(
            "a[href]",
            "els => els.filter(e => !e.closest('.language-switcher') && !e.hasAttribute('download'))"
            ".map(e => e.href)",
        )
        for href in links:
            parts = urlsplit(href)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if f"{parts.scheme}://{parts.netloc}" != base or not parts.path.startswith(f"/{language}/"):
                continue
            if parts.path.startswith(SKIP_PREFIXES) or any(part in parts.path for part in SKIP_PARTS):
                continue
            if target in seen or shapes[shape(target)] >= MAX_PER_SHAPE:
                continue
            seen.add(target)
            shapes[shape(target)] += 1
            queue.append(target)
    return found, read


def test_the_swedish_and_english_chrome_shows_no_finnish_and_the_finnish_one_is_caught(page, settings):
    # Wagtail's reference index (which objects use which: the admin's "usage" pages, outside this
    # crawl) is left unbuilt: it was a fifth of the loading, which is most of this test.
    with disable_reference_index_auto_update():
        call_command("demo_data", "--scale", "1", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("page_trees_sync", stdout=open("/dev/null", "w"))  # noqa: SIM115
    problems, summary = [], []
    for who in ("anonymous", "staff"):
        if who == "staff":
            log_in(page, "staff@kaarina.fi", password=DEMO_PASSWORD)
        # The same check on the Finnish site finds Finnish on (nearly) every page: it is not blind.
        finnish, finnish_read = crawl(page, "fi", max_pages=FINNISH_SAMPLE)
        summary.append(f"{who}/fi: {finnish_read} pages read, {len(finnish)} with Finnish")
        assert finnish_read >= FINNISH_MIN_PAGES and len(finnish) >= 0.9 * finnish_read, summary
        for language in ("sv", "en"):
            found, read = crawl(page, language)
            summary.append(f"{who}/{language}: {read} pages read, {len(found)} with Finnish")
            assert read >= MIN_PAGES, summary
            problems += [f"{who} {path}: {hit}" for path, hits in found.items() for hit in hits]
    print("\n".join(summary))
    assert not problems, "\n".join(problems)
