"""The anonymous answers of a survey as CSV and XLSX (formulas neutralised: ake.spreadsheets.cell)."""

import csv
import io

from ake.spreadsheets import cell

from .models import Survey
from .selectors import export_rows


def csv_bytes(survey: Survey) -> bytes:
    header, rows = export_rows(survey)
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow([cell(value) for value in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def xlsx_bytes(survey: Survey) -> bytes:
    from openpyxl import Workbook

    header, rows = export_rows(survey)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(survey.year))
    sheet.append([cell(value) for value in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
