"""The cost follow-up's "By category" table fits a 1,280 px screen (found on a walk of `make run`: it
scrolled sideways, each source's budget column headed "Budget: kaupungin omarahoitus" on one line).
The sources are now named once under one "Budget by source" heading, headings wrap, and the table
has room for six-figure sums in every column, in fi, sv and en."""

from decimal import Decimal

from django.utils import timezone

from finance.models import BudgetLine, Category, Source
from networks.roles import PLANNING_GROUP
from tests.conftest import make_user
from tests.e2e.helpers import PASSWORD, log_in


def test_the_by_category_table_fits_1280_px_in_every_language(page, journey, libraries):
    year = timezone.localdate().year
    for number, category in enumerate(Category.values):
        for source in Source.values:
            BudgetLine.objects.create(
                year=year, category=category, source=source, amount=Decimal("123456.78") + number
            )
    member = make_user(
        "suunnittelija@pori.fi", library=libraries["pori"], role=PLANNING_GROUP, password=PASSWORD
    )
    log_in(page, member.email)
    page.set_viewport_size({"width": 1280, "height": 800})
    for language in ("fi", "sv", "en"):
        with journey.step(f"the follow-up at 1280 px in {language}"):
            page.goto(f"{page.base_url}/{language}/costs/{year}/")
            widths = page.evaluate(
                "() => { const box = document.querySelector('#by-category + .table-scroll');"
                " return [box.scrollWidth, box.clientWidth, document.documentElement.scrollWidth]; }"
            )
            assert widths[0] <= widths[1] and widths[2] <= 1280, widths
            headers = page.locator("#by-category + .table-scroll thead th[scope=col]").all_inner_texts()
            assert len(headers) == 1 + len(Source.values) + 5, headers
