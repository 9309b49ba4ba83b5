"""Table 1 (and, in XLSX, Table 2 and the drill-downs) as CSV and XLSX, and as JSON for the command."""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _

from .presentation import (
    SECOND_FIGURES,
    display_status,
    format_target,
    no_data,
    number,
    pick,
    present,
    status_label,
)
from .rules import Target

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell):
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
        return "'" + cell
    return cell


def _number(value: str | None):
    return None if value is None else Decimal(value)


def _figure(value: str | None):
    """A value as a number, or the words "no data": never an empty cell that reads as 0."""
    return no_data() if value is None else Decimal(value)


def _second_figures(raw: dict) -> str:
    shares = raw.get("libraries") or {}
    return "; ".join(
        f"{label()}: {number(shares[name]['numerator'])}"
        for name, (label, _explanation) in SECOND_FIGURES.items()
        if name in shares
    )


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
                        raw["unit"],
                        format_target(raw["unit"], Target.from_json(raw.get("target"))),
                        _figure(raw["value"]) if not raw.get("error") else None,
                        status_label(display_status(raw)),
                        _figure(raw["previous"]["value"]),
                        raw["source"],
                        _number(running.get("scheduled")),
                        "" if not running else {True: _("yes"), False: _("no"), None: ""}[on_track],
                        (raw.get("manual") or {}).get("note", "") if raw["source"] == "manual" else "",
                        _second_figures(raw),
                    ]
                )
    return rows


def csv_bytes(data: dict) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream)
    for row in table1_rows(data):
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
    # The byte-order mark makes Excel read the file as UTF-8 (ä, ö, å).
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def xlsx_bytes(data: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    presented = present(data, charts=False)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Table 1")[:31]
    for row in table1_rows(data):
        sheet.append([neutralise(cell) for cell in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)

    staff = workbook.create_sheet(_("Table 2")[:31])
    staff.append([_("Position number"), _("Title"), _("Working time (FTE %)"), _("Main tasks")])
    for row in data.get("staff", {}).get("rows", []):
        staff.append(
            [
                neutralise(row["position_number"]),
                neutralise(pick(row["title"])),
                Decimal(row["fte_percent"]),
                neutralise(pick(row["main_tasks"])),
            ]
        )
    staff.append([_("Total (person-years)"), "", Decimal(data["staff"]["total_person_years"]), ""])

    items = workbook.create_sheet(_("Items counted")[:31])
    items.append([_("Id"), _("Date"), _("Item"), _("Library"), _("Detail")])
    for row in presented.rows:
        for item in row.items:
            items.append(
                [
                    row.code,
                    item.date,
                    neutralise(item.label),
                    neutralise(item.library),
                    neutralise(item.detail),
                ]
            )

    libraries = workbook.create_sheet(_("Libraries")[:31])
    libraries.append([_("Id"), _("Library"), _("Counted or missing")])
    for row in presented.rows:
        for ref in row.counted:
            libraries.append([row.code, neutralise(ref.name), _("took part")])
        for ref in row.missing:
            libraries.append([row.code, neutralise(ref.name), _("missing")])
        for ref in row.outside:
            libraries.append([row.code, neutralise(ref.name), _("took part but not counted")])
        for second in row.second_figures:
            for ref in second.libraries:
                libraries.append([row.code, neutralise(ref.name), second.label])
    for extra_sheet in (staff, items, libraries):
        for cell in extra_sheet[1]:
            cell.font = Font(bold=True)
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
