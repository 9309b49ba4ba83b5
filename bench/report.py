"""Times the yearly report on the current database: figures, HTML, exports and the PDF.

    DATABASE_URL=... .venv/bin/python bench/report.py [YEAR] [--repeat N] [--no-pdf] [--sql]

Load the demo data first (`manage.py demo_data`, or `--scale 10` for ten times the activity), and let
PostgreSQL gather its statistics (`ANALYZE`, or a minute of autovacuum): just after a bulk load its
plans are those of empty tables.
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
    """(median seconds, best seconds, queries of the last run, result)."""
    times, result, queries = [], None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - start)
        queries = len(captured)
    return statistics.median(times), min(times), queries, result


def main() -> None:
    parser = argparse.ArgumentParser()
    # The demo data is of this year (manage.py demo_data), so that is the default.
    parser.add_argument("year", type=int, nargs="?", default=timezone.localdate().year)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--no-pdf", action="store_true", help="leave out the PDF (slow)")
    parser.add_argument(
        "--synthetic-items",
        type=int,
        default=0,
        help="give every indicator without a provider one that lists this many items (one query each)",
    )
    parser.add_argument("--sql", action="store_true", help="print the SQL of the figures")
    args = parser.parse_args()
    if args.synthetic_items:
        _register_synthetic(args.synthetic_items)
    translation.activate("fi")

    report_build(year=args.year)  # warm: the first call reads the registry of providers
    build, build_best, build_queries, data = timed(lambda: report_build(year=args.year), args.repeat)
    items = sum(len(row["items"]) for row in data["indicators"].values())
    html, html_best, html_queries, page = timed(
        lambda: render_to_string(
            "reporting/report_year.html", {"report": present(data), "notes": report_notes(), "languages": ()}
        ),
        args.repeat,
    )
    # An export is the figures and the file: both are timed together, and the file alone.
    csv_total, csv_best, csv_queries, _ = timed(lambda: csv_bytes(report_build(year=args.year)), args.repeat)
    csv_file, csv_file_best, _, _csv = timed(lambda: csv_bytes(data), args.repeat)
    xlsx_total, xlsx_best, xlsx_queries, _ = timed(
        lambda: xlsx_bytes(report_build(year=args.year)), args.repeat
    )
    xlsx_file, xlsx_file_best, _, xlsx = timed(lambda: xlsx_bytes(data), args.repeat)

    computed = len(registered_codes())
    print(f"Report {args.year}: {computed} of 24 indicators have a provider, {items} drill-down items")
    print(f"{'step':<34}{'median ms':>10}{'best ms':>9}{'queries':>9}{'size':>10}")
    rows = [
        ("figures (24 indicators)", build, build_best, build_queries, ""),
        ("HTML page (rendering the figures)", html, html_best, html_queries, f"{len(page) // 1024} KiB"),
        ("CSV: figures + file", csv_total, csv_best, csv_queries, ""),
        ("  the file alone", csv_file, csv_file_best, 0, f"{len(_csv) // 1024} KiB"),
        ("XLSX: figures + file", xlsx_total, xlsx_best, xlsx_queries, ""),
        ("  the file alone", xlsx_file, xlsx_file_best, 0, f"{len(xlsx) // 1024} KiB"),
    ]
    if not args.no_pdf:
        pdf, pdf_best, _, content = timed(lambda: render_report_pdf(data, language="fi"), 1)
        rows.append(("PDF (fi)", pdf, pdf_best, 0, f"{len(content) // 1024} KiB"))
    for name, median, best, queries, size in rows:
        print(f"{name:<34}{median * 1000:>10.1f}{best * 1000:>9.1f}{queries!s:>9}{size:>10}")
    if args.sql:
        with CaptureQueriesContext(connection) as captured:
            report_build(year=args.year)
        for query in captured:
            print(f"{query['time']:>7} {query['sql'][:160]}")


if __name__ == "__main__":
    main()
