import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from reporting.exports import csv_bytes, json_figures
from reporting.selectors import report_for_year


class Command(BaseCommand):
    help = "Prints or writes a year's indicator report: JSON, CSV or PDF (a frozen year as frozen)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--format", choices=["json", "csv", "pdf"], default="json")
        parser.add_argument("--output", help="file to write; standard output when left out")
        parser.add_argument("--language", choices=["fi", "sv"], default="fi")

    def handle(self, *args, year, format, output, language, **options):
        if not 2000 <= year <= timezone.localdate().year:
            raise CommandError(f"No report for {year}: give a year from 2000 to this year.")
        with translation.override(language):
            data = report_for_year(year=year)
            if format == "json":
                content = json.dumps(json_figures(data), ensure_ascii=False, indent=2).encode() + b"\n"
            elif format == "csv":
                content = csv_bytes(data)
            else:
                from reporting.pdf import render_report_pdf

                content = render_report_pdf(data, language=language)
        if output:
            with open(output, "wb") as stream:
                stream.write(content)
            self.stdout.write(f"Wrote {output} ({len(content)} bytes)")
        elif format == "pdf":
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            self.stdout.write(content.decode("utf-8-sig"), ending="")
