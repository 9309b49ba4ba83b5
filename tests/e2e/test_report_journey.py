"""Journey 6: a planning-group member opens the year's report and downloads its PDF."""

import io
import re
from pathlib import Path

from django.utils import timezone
from pypdf import PdfReader

from networks.roles import PLANNING_GROUP
from reporting.models import IndicatorDefinition
from tests.conftest import make_user
from tests.e2e.helpers import PASSWORD, log_in, main_text

# The headings in which a line ends inside a word: a line break between two letters of one word.
SPLIT_WORDS = """(selector) => {
  const split = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let lastTop = null, lastChar = ' ';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        const char = node.data[i];
        if (!rect || /\\s/.test(char)) { lastChar = char; continue; }
        if (lastTop !== null && rect.top - lastTop > 2 && !/[\\s\\-(\\/]/.test(lastChar)) {
          split.push(cell.innerText.replace(/\\n/g, '|'));
        }
        lastTop = rect.top;
        lastChar = char;
      }
    }
  }
  return split;
}"""


def test_planning_member_opens_the_report_and_downloads_the_pdf(page, journey, libraries):
    year = timezone.localdate().year - 1
    member = make_user(
        "suunnittelija@pori.fi", library=libraries["pori"], role=PLANNING_GROUP, password=PASSWORD
    )
    codes = list(IndicatorDefinition.objects.order_by("code").values_list("code", flat=True))
    assert len(codes) >= 10
    with journey.step("log in and open the report of the year from the report list"):
        log_in(page, member.email)
        page.goto(f"{page.base_url}/fi/reports/")
        page.locator(f"main a[href$='/reports/{year}/']").first.click()
        page.wait_for_url(re.compile(rf"/fi/reports/{year}/$"))
        text = main_text(page)
        assert str(year) in page.locator("h1").inner_text()
        for code in codes:
            assert re.search(rf"\b{code}\b", text), code
    with journey.step("ask for the Finnish PDF and follow the status page to the file"):
        page.locator(f"a[href$='/reports/{year}/pdf/fi/']").click()
        page.wait_for_url(re.compile(r"/fi/reports/pdf/\d+/$"))
        # Celery runs eagerly in tests: the render is finished when the status page shows.
        with page.expect_download() as download_info:
            page.locator("main a[href$='/file/']").click()
        download = download_info.value
        assert download.suggested_filename == f"ake-report-{year}-fi.pdf"
        content = Path(download.path()).read_bytes()
    with journey.step("the PDF has every indicator of Table 1"):
        assert content.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(content))
        pdf_text = "\n".join(page.extract_text() for page in reader.pages)
        missing = [code for code in codes if not re.search(rf"\b{code}\b", pdf_text)]
        assert not missing, missing
        assert str(year) in pdf_text


def test_table_1_of_the_running_year_is_whole_at_1366_px_and_scrolls_in_its_box_on_a_phone(
    page, journey, libraries
):
    """Issue #15 item 18: at 1366 px the running year's Table 1 was clipped (its last column behind
    a scroll bar); on a phone, Table 2 widened the whole page."""
    from tests.reporting.test_query_budget import _activity

    this_year = timezone.localdate().year
    _activity(3, years=(this_year - 1, this_year))
    member = make_user(
        "suunnittelija@pori.fi", library=libraries["pori"], role=PLANNING_GROUP, password=PASSWORD
    )
    log_in(page, member.email)
    for language in ("fi", "sv", "en"):
        for width in (1366, 1280):
            with journey.step(f"the running year at {width} px in {language}"):
                page.set_viewport_size({"width": width, "height": 768})
                page.goto(f"{page.base_url}/{language}/reports/{this_year}/")
                widths = page.evaluate(
                    "() => { const box = document.querySelector('.report-table1').closest('.table-scroll');"
                    " return [box.scrollWidth, box.clientWidth, document.documentElement.scrollWidth]; }"
                )
                assert widths[0] <= widths[1] and widths[2] <= width, widths
                # Issue #14: no heading word split across lines ("Tunn|us", "Schedul|ed" at 1280 px).
                assert page.evaluate(SPLIT_WORDS, ".report-table1 thead th") == []
        with journey.step(f"the running year on a phone in {language}"):
            page.set_viewport_size({"width": 390, "height": 844})
            page.reload()
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
