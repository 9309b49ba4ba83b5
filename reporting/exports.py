"""Table 1 (and, in XLSX, Table 2 and the drill-downs) as CSV and XLSX, and as JSON for the command."""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _

from ake.spreadsheets import cell as neutralise

from .presentation import (
    SECOND_FIGURES,
    ThemeWeekRow,
    display_status,
    format_target,
    guests_text,
    manual_note,
    no_data,
    number,
    pick,
    present,
    present_theme_weeks,
    source_label,
    status_label,
)
from .rules import Target


def _number(value: str | None):
    return None if value is None else Decimal(value)


def _figure(value: str | None):
    """A value as a number, or the words "no data": never an empty cell that reads as 0."""
    return no_data() if value is None else Decimal(value)


def _second_figures(raw: dict) -> str:
    shares = raw.get("libraries") or {}
    texts = [
        f"{label()}: {number(shares[name]['numerator'])}"
        for name, (label, _explanation) in SECOND_FIGURES.items()
        if name in shares
    ]
    if raw.get("source") == "computed" and guests_text(raw):
        texts.append(guests_text(raw))
    return "; ".join(texts)


def unit_label(unit: str) -> str:
    from .models import Unit

    return str(Unit(unit).label) if unit in Unit.values else unit


def table1_rows(data: dict) -> list[list]:
    header = [
        _("Goal"),
        _("Action"),
        _("Id"),
        _("Indicator"),
        _("Unit"),
        _("Target"),
        _("Value"),
        _("Status"),
        _("Previous year"),
        _("Source"),
        _("Scheduled"),
        _("On track"),
        _("Note"),
        _("Beside the value"),
    ]
    rows = [header]
    for goal in data["goals"]:
        for action in goal["actions"]:
            for code in action["indicators"]:
                raw = data["indicators"][code]
                running = raw.get("running") or {}
                on_track = running.get("on_track")
                rows.append(
                    [
                        f"{goal['number']}. {pick(goal['label'])}",
                        pick(action["label"]),
                        code,
                        pick(raw["label"]),
                        # The words of the export's language, not the stored codes ("count", "computed").
                        unit_label(raw["unit"]),
                        format_target(raw["unit"], Target.from_json(raw.get("target"))),
                        _figure(raw["value"]) if not raw.get("error") else None,
                        status_label(display_status(raw)),
                        _figure(raw["previous"]["value"]),
                        source_label(raw["source"]),
                        _number(running.get("scheduled")),
                        "" if not running else {True: _("yes"), False: _("no"), None: ""}[on_track],
                        manual_note(raw.get("manual")) if raw["source"] == "manual" else "",
                        _second_figures(raw),
                    ]
                )
    return rows


def _theme_week_header() -> list:
    return [
        _("Theme week"),
        _("Dates"),
        _("Preparatory AKE event"),
        _("Prepared 3–6 weeks before"),
        _("Libraries that took part"),
        _("Share of libraries"),
    ]


def _theme_week_cells(week: ThemeWeekRow) -> list:
    return [
        neutralise(week.name),
        week.dates,
        neutralise(week.preparation),
        _("yes") if week.preparation_ok else _("no"),
        week.count,
        week.share_text,
    ]


def theme_week_rows(data: dict) -> list[list]:
    """The theme weeks beside Table 1, header first ([] when the year has none)."""

    def library(pk):
        from .presentation import LibraryRef

        return LibraryRef(id=pk, name=str(pk))

    weeks, total = present_theme_weeks(data, library)
    if not weeks:
        return []
    rows = [_theme_week_header(), *(_theme_week_cells(week) for week in weeks)]
    rows.append([_("In at least one theme week"), "", "", "", "", total])
    return rows


def csv_bytes(data: dict) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream)
    for row in table1_rows(data):
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
    # The theme weeks beside Table 1, after an empty row (nothing when the year has none).
    weeks = theme_week_rows(data)
    if weeks:
        writer.writerow([])
        writer.writerows(weeks)
    # The byte-order mark makes Excel read the file as UTF-8 (ä, ö, å).
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def xlsx_bytes(data: dict) -> bytes:
    # A write-only workbook streams its rows: several times faster than a workbook kept in memory
    # for the thousands of drill-down rows of a busy year.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    presented = present(data, charts=False)
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def sheet(title: str, header: list, rows):
        created = workbook.create_sheet(title[:31])
        cells = []
        for text in header:
            cell = WriteOnlyCell(created, value=neutralise(text))
            cell.font = bold
            cells.append(cell)
        created.append(cells)
        for row in rows:
            created.append(row)

    table1 = table1_rows(data)
    sheet(_("Table 1"), table1[0], ([neutralise(cell) for cell in row] for row in table1[1:]))
    staff_rows = [
        [
            neutralise(row["position_number"]),
            neutralise(pick(row["title"])),
            Decimal(row["fte_percent"]),
            neutralise(pick(row["main_tasks"])),
        ]
        for row in data.get("staff", {}).get("rows", [])
    ]
    staff_rows.append([_("Total (person-years)"), "", Decimal(data["staff"]["total_person_years"]), ""])
    sheet(
        _("Table 2"),
        [_("Position number"), _("Job title"), _("Working time (FTE %)"), _("Main tasks")],
        staff_rows,
    )
    sheet(
        _("Items counted"),
        [_("Id"), _("Date"), _("Item"), _("Library"), _("Detail")],
        (
            [row.code, item.date, neutralise(item.label), neutralise(item.library), neutralise(item.detail)]
            for row in presented.rows
            for item in row.items
        ),
    )
    library_rows = []
    for row in presented.rows:
        library_rows += [[row.code, neutralise(ref.name), _("took part")] for ref in row.counted]
        library_rows += [[row.code, neutralise(ref.name), _("missing")] for ref in row.missing]
        library_rows += [
            [row.code, neutralise(ref.name), _("took part but not counted")] for ref in row.outside
        ]
        for second in row.second_figures:
            library_rows += [[row.code, neutralise(ref.name), second.label] for ref in second.libraries]
    sheet(_("Libraries"), [_("Id"), _("Library"), _("Counted or missing")], library_rows)
    sheet(
        _("Theme weeks"),
        [*_theme_week_header(), _("Libraries")],
        (
            [*_theme_week_cells(week), neutralise(", ".join(ref.name for ref in week.libraries))]
            for week in presented.theme_weeks
        ),
    )
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def json_figures(data: dict) -> dict:
    """One object per indicator id: value, target and status (and what explains them)."""
    figures = {}
    for code, raw in data["indicators"].items():
        target = Target.from_json(raw.get("target"))
        figures[code] = {
            "id": code,
            "label": pick(raw["label"]),
            "unit": raw["unit"],
            "value": raw["value"],
            "exact_value": raw.get("exact"),
            "target": {**raw["target"], "text": format_target(raw["unit"], target)}
            if raw.get("target")
            else None,
            "status": display_status(raw),
            "previous_year_value": raw["previous"]["value"],
            "source": raw["source"],
            "running": raw.get("running"),
        }
    return figures
