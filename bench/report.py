"""Times the yearly report on the current database: figures, HTML, exports and the PDF.

    DATABASE_URL=... .venv/bin/python bench/report.py [YEAR] [--repeat N]

Load the demo data first (`manage.py demo_data`, or `--scale 10` for ten times the activity).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ake.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from ake.indicators import registered_codes  # noqa: E402
from reporting.exports import csv_bytes, xlsx_bytes  # noqa: E402
from reporting.notes import report_notes  # noqa: E402
from reporting.pdf import render_report_pdf  # noqa: E402
from reporting.presentation import present  # noqa: E402
from reporting.selectors import report_build  # noqa: E402


def _register_synthetic(count: int) -> None:
    import datetime
    from decimal import Decimal

    from ake.indicators import DrillItem, IndicatorResult, provider_for, register
    from networks.models import Library
    from reporting.models import IndicatorDefinition, Unit

    for definition in IndicatorDefinition.objects.all():
        if provider_for(definition.code) is not None:
            continue

        def provider(*, year, today, _share=definition.unit == Unit.PERCENT):
            ids = list(Library.objects.organisations().values_list("pk", flat=True))
            if _share:
                return IndicatorResult(library_ids=set(ids[: len(ids) * 2 // 3]))
            items = [
                DrillItem(
                    label=f"Synthetic item {index}",
                    date=datetime.date(year, index % 12 + 1, 1),
                    library_id=ids[index % len(ids)],
                )
                for index in range(count)
            ]
            return IndicatorResult(value=Decimal(count), items=items)

        register(definition.code)(provider)


def timed(function, repeat: int):
    times, result, queries = [], None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - start)
        queries = len(captured)
    return statistics.median(times), queries, result


def main() -> None:
    parser = argparse.ArgumentParser()
    # The demo data is of this year (manage.py demo_data), so that is the default.
    parser.add_argument("year", type=int, nargs="?", default=timezone.localdate().year)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--synthetic-items",
        type=int,
        default=0,
        help="give every indicator without a provider one that lists this many items (one query each)",
    )
    args = parser.parse_args()
    if args.synthetic_items:
        _register_synthetic(args.synthetic_items)
    translation.activate("fi")

    build_time, build_queries, data = timed(lambda: report_build(year=args.year), args.repeat)
    items = sum(len(row["items"]) for row in data["indicators"].values())
    html_time, html_queries, html = timed(
        lambda: render_to_string(
            "reporting/report_year.html", {"report": present(data), "notes": report_notes(), "languages": ()}
        ),
        args.repeat,
    )
    csv_time, _, _csv = timed(lambda: csv_bytes(data), args.repeat)
    xlsx_time, _, xlsx = timed(lambda: xlsx_bytes(data), args.repeat)
    pdf_time, _, pdf = timed(lambda: render_report_pdf(data, language="fi"), max(1, args.repeat // 3))

    computed = len(registered_codes())
    print(f"Report {args.year}: {computed} of 24 indicators have a provider, {items} drill-down items")
    print(f"{'step':<28}{'median s':>10}{'queries':>9}{'size':>12}")
    rows = [
        ("figures (24 indicators)", build_time, build_queries, ""),
        ("HTML page", html_time, html_queries, f"{len(html) // 1024} KiB"),
        ("CSV", csv_time, "", ""),
        ("XLSX", xlsx_time, "", f"{len(xlsx) // 1024} KiB"),
        ("PDF (fi)", pdf_time, "", f"{len(pdf) // 1024} KiB"),
    ]
    for name, seconds, queries, size in rows:
        print(f"{name:<28}{seconds:>10.3f}{queries!s:>9}{size:>12}")


if __name__ == "__main__":
    main()
