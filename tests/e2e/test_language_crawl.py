"""A crawl in Chromium over the site in Finnish, Swedish and English, anonymous and as library staff
(issue #14): every link followed from each language's home page answers 200, no redirect leaves the
language, ``html lang`` is the language of the address, and every language switcher target answers
200 in its own language.

One test (each live-server test costs a database restore): a page of every type in Finnish, some of
them translated, the page trees completed by ``page_trees_sync`` as ``make run`` does.
"""

import re
from collections import Counter, deque
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError

from tests.conftest import make_user
from tests.e2e.helpers import PASSWORD, log_in
from tests.extranet.conftest import make_notice
from tests.loans.conftest import make_kit
from tests.trainings.conftest import make_event

LANGUAGES = ("fi", "sv", "en")
MAX_PAGES = 150  # per language and visitor
MAX_PER_SHAPE = 3  # addresses that differ only in numbers or the query (calendar months, pages)
SKIP_PREFIXES = ("/admin/", "/documents/", "/media/", "/static/", "/i18n/")
SKIP_PARTS = ("/feed/", "logout", ".ics", ".pdf", ".csv", ".xlsx", "/export")


def site_data():
    from extranet.models import HomePage, MaterialBankPage, NoticeIndexPage, StandardPage, TrainingArchivePage
    from extranet.page_trees import page_translate, page_trees_sync

    home = HomePage.objects.get(depth=2)

    def publish(parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    index = publish(
        home, NoticeIndexPage(title="Tiedotteet", slug="tiedotteet", introduction="AKE:n tiedotteet")
    )
    bank = publish(
        home,
        MaterialBankPage(
            title="Materiaalipankki", slug="materiaalipankki", show_kits=True, introduction="Oppaat"
        ),
    )
    publish(bank, MaterialBankPage(title="Pelikasvatus", slug="pelikasvatus", introduction="Pelit"))
    archive = publish(
        home, TrainingArchivePage(title="Koulutusarkisto", slug="koulutusarkisto", show_in_menus=True)
    )
    about = publish(
        home, StandardPage(title="Tietoa AKE:sta", slug="tietoa", show_in_menus=True, introduction="AKE")
    )
    translated = make_notice(index, "Uusi koulutuskalenteri on julkaistu")
    make_notice(index, "Kirjastopäivät alkavat")  # only in Finnish: an alias in sv and en
    page_trees_sync()
    page_translate(home, "sv", title="Extranät", introduction="Bibliotekens gemensamma kanal.")
    page_translate(home, "en", title="Extranet", introduction="The libraries' shared channel.")
    page_translate(index, "sv", title="Meddelanden", slug="meddelanden", introduction="AKE:s meddelanden.")
    page_translate(index, "en", title="Notices", slug="notices", introduction="AKE's notices.")
    page_translate(bank, "en", title="Material bank", slug="materials", introduction="Guides.")
    page_translate(archive, "sv", title="Utbildningsarkivet", slug="utbildningsarkiv")
    page_translate(about, "en", title="About AKE", slug="about", introduction="AKE")
    page_translate(translated, "sv", title="Den nya utbildningskalendern", lead="Kalendern är publicerad.")
    make_event(title="Saavutettava viestintä", seats_on_site=20)
    make_kit("Pelisalkku", name_sv="Spelväska")


def language_of(path: str) -> str:
    return path.split("/")[1] if path.count("/") >= 2 else ""


def shape(url: str) -> str:
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path) + ("?" if parts.query else "")


def crawl(page, language: str, who: str, switcher_targets: set) -> tuple[list[str], set[str]]:
    """Walks every same-site link from the language's home page; returns the problems found and the
    addresses visited. Adds the (page, target) pairs of the language switchers to `switcher_targets`."""
    base = page.base_url
    problems = []
    queue = deque([f"/{language}/"])
    seen = {f"/{language}/"}
    shapes = Counter()
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.popleft()
        where = f"{who} {path}"
        visited += 1
        try:
            response = page.goto(base + path)
        except PlaywrightError as error:
            if "Download is starting" not in str(error):
                raise
            # A file (the profile's data export): it must answer, in no other language.
            answer = page.request.get(base + path)
            if answer.status != 200:
                problems.append(f"{where}: download status {answer.status}")
            continue
        if response is None or response.status != 200:
            problems.append(f"{where}: status {response.status if response else None}")
            continue
        request, chain = response.request, []
        while request.redirected_from is not None:
            request = request.redirected_from
            chain.append(urlsplit(request.url).path)
        final = urlsplit(page.url).path
        for step in [*chain, final]:
            if language_of(step) != language:
                problems.append(f"{where}: redirected out of {language} ({chain} -> {final})")
                break
        html_lang = page.evaluate("document.documentElement.lang")
        if html_lang != language:
            problems.append(f"{where}: html lang {html_lang!r}")
        links = page.eval_on_selector_all(
            "a[href]",
            "els => els.map(e => [e.href, !!e.closest('.language-switcher'), e.hasAttribute('download')])",
        )
        for href, in_switcher, download in links:
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != base or download:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.path.startswith(SKIP_PREFIXES) or any(part in parts.path for part in SKIP_PARTS):
                continue
            if in_switcher:
                if language_of(parts.path) != language:
                    switcher_targets.add((path, target))
                continue
            if language_of(parts.path) != language:
                problems.append(f"{where}: links to {target} in another language")
                continue
            if target in seen or shapes[shape(target)] >= MAX_PER_SHAPE:
                continue
            seen.add(target)
            shapes[shape(target)] += 1
            queue.append(target)
    assert visited > 10, f"{who}: only {visited} pages reached"
    return problems, seen - set(queue)


def switchers_check(page, who: str, switcher_targets: set, crawled: set) -> list[str]:
    """The switcher leads to the same page in each language: 200, that language, no redirect out of it.

    A target that the crawl of its language (as the same visitor) already opened was checked there, at
    least as strictly (every redirect step, ``html lang``): it is not requested again."""
    problems = []
    pairs = sorted({(source, target) for source, target in switcher_targets if target not in crawled})
    print(f"{who}: {len(switcher_targets)} switcher links, {len(pairs)} to pages no crawl opened")
    for source, target in pairs[: 200 * len(LANGUAGES)]:
        answer = page.request.get(page.base_url + target)
        final = urlsplit(answer.url).path
        if answer.status != 200 or language_of(final) != language_of(target):
            problems.append(f"{who} switcher on {source} -> {target}: {answer.status} at {final}")
        elif f'<html lang="{language_of(target)}"' not in answer.text():
            problems.append(f"{who} switcher on {source} -> {target}: wrong html lang")
    return problems


def test_every_link_in_every_language_answers_in_that_language(page, libraries):
    site_data()
    make_user("staff@kaarina.fi", library=libraries["kaarina"], password=PASSWORD)
    problems = []
    for who in ("anonymous", "staff"):
        if who == "staff":
            log_in(page, "staff@kaarina.fi")
        switcher_targets, crawled = set(), set()
        for language in LANGUAGES:
            found, visited = crawl(page, language, f"{who}/{language}", switcher_targets)
            problems += found
            crawled |= visited
        problems += switchers_check(page, who, switcher_targets, crawled)
    assert not problems, "\n".join(problems)
