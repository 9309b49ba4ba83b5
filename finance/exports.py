"""The follow-up as CSV, XLSX and a PDF for the planning group."""

import csv
import io
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ake.spreadsheets import cell

from .selectors import FollowUp, table_rows


def _titles() -> dict:
    return {
        "categories": _("By category"),
        "activities": _("By activity"),
        "months": _("Month by month"),
    }


def csv_bytes(data: FollowUp) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream)
    titles = _titles()
    for key, rows in table_rows(data).items():
        writer.writerow([cell(f"{titles[key]} {data.year}")])
        for row in rows:
            writer.writerow([cell(value) for value in row])
        writer.writerow([])
    # The byte-order mark makes Excel read the file as UTF-8 (ä, ö, å).
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def xlsx_bytes(data: FollowUp) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    titles = _titles()
    for key, rows in table_rows(data).items():
        sheet = workbook.create_sheet(titles[key][:31])
        header = []
        for text in rows[0]:
            header_cell = WriteOnlyCell(sheet, value=cell(text))
            header_cell.font = bold
            header.append(header_cell)
        sheet.append(header)
        for row in rows[1:]:
            sheet.append([cell(value) for value in row])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def render_follow_up_html(data: FollowUp, *, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "finance/pdf/follow_up.html",
            {
                "data": data,
                "language": language,
                "printed_at": timezone.localtime(),
                "site_name": settings.WAGTAIL_SITE_NAME,
                "stylesheet": Path(finders.find("reporting/print.css")).read_text(encoding="utf-8"),
            },
        )


def pdf_bytes(data: FollowUp, *, language: str) -> bytes:
    import weasyprint

    html = render_follow_up_html(data, language=language)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
