"""Browser journeys in Debian's Chromium, driven by Playwright, against pytest-django's live server."""

import os
import re
import shutil
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("AKE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ALLOW_ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test file, stopped at the file's end.

    Between its calls, Playwright's sync API marks its event loop as running in this thread
    (playwright/_impl/_greenlets.py, wait_for_future). Until ``playwright.stop()`` every later test
    in the same process sees a running loop: Django's test client then refuses an async view
    (/healthz: "You cannot use AsyncToSync in the same thread as an async event loop") and the ORM
    raises SynchronousOnlyOperation. A session-wide browser left that loop to the rest of the
    session, which with `--dist loadfile` were other files' tests on the same worker.
    """
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.exit(message + " (CI: a missing browser is a failure)", returncode=3)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # The ORM calls of the browser tests themselves are synchronous and safe under that loop; the
    # permission ends with the file, so that the other tests keep Django's check.
    previous = os.environ.get(ALLOW_ASYNC_UNSAFE)
    os.environ[ALLOW_ASYNC_UNSAFE] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop(ALLOW_ASYNC_UNSAFE, None)
        else:
            os.environ[ALLOW_ASYNC_UNSAFE] = previous


@pytest.fixture
def page(browser, live_server, request, settings):
    # Links in mail point at the live server.
    settings.SITE_URL = live_server.url
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text)


class Journey:
    """Names the steps of a journey; a failing step leaves a screenshot in test-artifacts/."""

    def __init__(self, page, test_name):
        self.page = page
        self.folder = ARTIFACTS / safe_name(test_name)
        self.number = 0

    @contextmanager
    def step(self, name: str):
        self.number += 1
        try:
            yield
        except BaseException:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{self.number:02d}-{safe_name(name)}.png"
            # A failed screenshot must not hide the real failure.
            with suppress(Exception):
                self.page.screenshot(path=str(path), full_page=True)
            raise


@pytest.fixture
def journey(page, request):
    return Journey(page, request.node.name)


def axe_violations(page) -> tuple[list, list]:
    """Runs axe-core in the page: (serious or critical violations, the other ones)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    violations = results.response["violations"]
    serious = [v for v in violations if v.get("impact") in ("serious", "critical")]
    minor = [v for v in violations if v.get("impact") not in ("serious", "critical")]
    return serious, minor


def describe(violations) -> str:
    return "\n".join(
        f"{v['id']} ({v.get('impact')}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )
