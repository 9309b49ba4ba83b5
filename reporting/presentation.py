"""Turns the report data (reporting.selectors) into rows ready for the templates and exports.

Everything here only formats: numbers in the active language, statuses and targets as words.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from .charts import monthly_chart_svg
from .models import TargetKind, Unit
from .rules import Status, Target, rounded, share

STATUS_BADGES = {
    Status.MET: "badge-ok",
    Status.EXCEEDED: "badge-ok",
    Status.NOT_MET: "badge-error",
    Status.NOT_JUDGED: "",
    Status.NO_DATA: "badge-nodata",
}
EXTRA_LABELS = {
    "distinct_persons": lambda: _("distinct persons"),
    "guests": lambda: _("guests from outside the region (not counted)"),
    "responses": lambda: _("responses"),
    "per_group": lambda: _("per group"),
    "meetings_and_events": lambda: _("meetings and organised events of the counted groups"),
    "planned": lambda: _("stand planned"),
    "page_views": lambda: _("page views"),
    "visits": lambda: _("visits"),
    "completions": lambda: _("completions"),
    "cost_eur": lambda: _("costs"),
    "counted_at": lambda: _("counted at"),
}
# Figures of a drill-down item, each in the reader's language ("12 nidettä", "155,40 €").
ITEM_FIGURES = {
    "volumes": lambda n: ngettext("%(count)s volume", "%(count)s volumes", n),
    "persons": lambda n: ngettext("%(count)s person", "%(count)s persons", n),
    "meetings": lambda n: ngettext("%(count)s meeting", "%(count)s meetings", n),
    "events": lambda n: ngettext("%(count)s organised event", "%(count)s organised events", n),
    "completions": lambda n: ngettext("%(count)s completion", "%(count)s completions", n),
}
# Lists of libraries shown beside a share (ake.indicators.IndicatorResult.extra_libraries).
SECOND_FIGURES = {
    "met_elsewhere": (
        lambda: _("met elsewhere"),
        lambda: _(
            "Libraries whose staff joined a visit held in another library and that were not visited "
            "themselves: met, not visited, so not counted in the share."
        ),
    ),
}


def guests_text(raw: dict) -> str:
    """Guests from outside the region beside a figure: "+38 guests" (never in the figure itself)."""
    count = _numeric((raw.get("extra") or {}).get("guests"))
    if not count:
        return ""
    return ngettext("+%(count)s guest", "+%(count)s guests", int(count)) % {"count": number(count)}


def no_data() -> str:
    return _("no data")


def _lang() -> str:
    language = (get_language() or "fi")[:2]
    return language if language in ("fi", "sv", "en") else "fi"


def pick(labels: dict | str | None) -> str:
    """The text of the active language (Finnish when missing). A plain string is a text that a
    snapshot frozen before it was translated kept in one language."""
    if not labels:
        return ""
    if isinstance(labels, str):
        return labels
    return labels.get(_lang()) or labels.get("fi") or ""


def detail_lang(item: dict) -> str:
    """The ``lang`` of a drill item's detail: the language its name is written in (a funder's) where
    that is not the page's, else ''. Only a detail without figures: the figures are the page's words."""
    written = item.get("detail_language") or ""
    if not written or item.get("figures") or not item.get("detail"):
        return ""
    return written if written != _lang() else ""


def picked_lang(labels: dict | str | None) -> str:
    """The language of `pick(labels)` when it is not the active one (the Finnish fallback of a text
    not translated, e.g. Table 2 in English: the plan has it in Finnish and Swedish), else '' — for a
    ``lang`` attribute (WCAG 3.1.2). A plain string from an old snapshot is Finnish."""
    if not labels:
        return ""
    language = _lang()
    if language == "fi":
        return ""
    if isinstance(labels, str):
        return "fi"
    # The report's data (and a frozen snapshot) already holds the Finnish text where a language had
    # none (reporting.selectors.report_build): the same text as the Finnish one is the Finnish one.
    shown = labels.get(language)
    return "fi" if not shown or shown == labels.get("fi") else ""


def manual_note(manual: dict | None) -> str:
    return pick((manual or {}).get("note"))


def number(value, places: int | None = None) -> str:
    if value is None:
        return "–"
    value = Decimal(str(value))
    if places is None:
        places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, places, use_l10n=True)


def euros(value) -> str:
    """An amount in euros in the reader's language: "155,40 €" in Finnish and Swedish."""
    return f"{number(value, 2)}\u00a0€"


def format_value(unit: str, value) -> str:
    """The figure as shown; no value is "no data", never "0" or a dash."""
    if value is None:
        return no_data()
    if unit == Unit.PERCENT:
        return f"{number(value, 1)} %"
    if unit == Unit.MEAN:
        return number(value, 2)
    if unit == Unit.YES_NO:
        return _("yes") if Decimal(str(value)) >= 1 else _("no")
    return number(value)


def format_target(unit: str, target: Target | None) -> str:
    if target is None:
        return _("no target")
    percent = " %" if unit == Unit.PERCENT else ""
    places = 1 if unit == Unit.MEAN else None
    if target.kind == TargetKind.RANGE:
        if target.high is None or target.high == target.low:
            return f"{number(target.low, places)}{percent}"
        return f"{number(target.low, places)}–{number(target.high, places)}{percent}"
    if target.kind == TargetKind.AT_LEAST:
        return f"≥ {number(target.low, places)}{percent}"
    if target.kind == TargetKind.AT_LEAST_PREVIOUS:
        return _("≥ previous year")
    if target.kind == TargetKind.ABOUT_PREVIOUS:
        return _("≈ previous year (±%(tolerance)s %%)") % {"tolerance": number(target.tolerance_percent)}
    if target.kind == TargetKind.DONE:
        return _("done")
    if target.kind == TargetKind.ALL_GROUPS_AT_LEAST:
        return _("all groups ≥ %(count)s") % {"count": number(target.low)}
    return ""


def _numeric(value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def format_extra(key: str, value) -> str:
    """A figure shown beside a value: euros, numbers and yes/no in the reader's language."""
    if value is None:
        return no_data()
    if isinstance(value, bool):  # before int: a bool is an int to Python (A6 "planned")
        return _("yes") if value else _("no")
    if key == "counted_at" and isinstance(value, str) and parse_datetime(value):
        return formats.date_format(timezone.localtime(parse_datetime(value)), "SHORT_DATETIME_FORMAT")
    amount = _numeric(value)
    if amount is None:
        return str(value)
    if key.endswith("_eur"):
        return euros(amount)
    return number(amount)


def format_figures(figures: dict | None) -> list[str]:
    texts = []
    for key, value in (figures or {}).items():
        amount = _numeric(value)
        if amount is None:
            continue
        if key.endswith("_eur"):
            texts.append(euros(amount))
        elif key in ITEM_FIGURES and amount == amount.to_integral_value():
            texts.append(ITEM_FIGURES[key](int(amount)) % {"count": number(amount)})
        else:
            texts.append(f"{key.replace('_', ' ')} {number(amount)}")
    return texts


def display_status(raw: dict) -> str:
    """The status shown: "no data" for a value without data, also in years frozen before "no data"
    had a status of its own (they said "not judged")."""
    status = raw["status"]
    if raw.get("error") or status in (Status.MET, Status.EXCEEDED, Status.NOT_MET):
        return status
    return Status.NO_DATA if raw["value"] is None else status


def status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


def source_label(source: str) -> str:
    return {
        "computed": _("computed"),
        "manual": _("manual"),
        "frozen": _("frozen"),
        "none": _("no data"),
    }.get(source, source)


@dataclass
class LibraryRef:
    id: int
    name: str


@dataclass
class Item:
    label: str
    date: datetime.date | None
    library: str
    url: str
    detail: str
    lang: str = ""  # the label's language where it is a Finnish fallback on a Swedish or English page
    # The detail's language where it is a name written in another language than the page's (a funder).
    detail_lang: str = ""


@dataclass
class SecondFigure:
    label: str
    text: str
    explanation: str
    libraries: list[LibraryRef]


@dataclass
class IndicatorRow:
    code: str
    label: str
    plan_wording: str
    unit: str
    target_text: str
    value_text: str
    status: str
    status_text: str
    status_badge: str
    previous_text: str
    previous_source: str
    source: str
    source_text: str
    manual: dict | None
    computed_text: str
    error: str
    registered: bool
    items: list[Item] = field(default_factory=list)
    counted: list[LibraryRef] = field(default_factory=list)
    missing: list[LibraryRef] = field(default_factory=list)
    outside: list[LibraryRef] = field(default_factory=list)
    share_text: str = ""
    extras: list[tuple[str, str]] = field(default_factory=list)
    second_figures: list[SecondFigure] = field(default_factory=list)
    has_data: bool = True
    has_computed: bool = False
    per_group: list[tuple[str, str]] = field(default_factory=list)
    # C1: the events each group organised, beside its meetings (name -> count shown).
    per_group_events: dict[str, str] = field(default_factory=dict)
    running: dict | None = None
    on_track_text: str = ""
    scheduled_text: str = ""
    chart_svg: str = ""
    manual_text: str = ""
    guests_text: str = ""


@dataclass
class ThemeWeekRow:
    """A theme week of the year, beside Table 1 (ake.indicators.register_beside, trainings)."""

    name: str
    dates: str
    url: str
    preparation: str
    preparation_ok: bool
    count: int
    share_text: str
    libraries: list[LibraryRef] = field(default_factory=list)


def _share_text(count: int, denominator: int) -> str:
    if not denominator:
        return number(count)
    percent = rounded(share(count, denominator), 1)
    return _("%(count)s of %(denominator)s libraries (%(percent)s %%)") % {
        "count": number(count),
        "denominator": number(denominator),
        "percent": number(percent, 1),
    }


def _day_text(iso: str) -> str:
    day = parse_date(iso)
    return f"{day.day}.{day.month}.{day.year}"


def present_theme_weeks(data: dict, library) -> tuple[list[ThemeWeekRow], str]:
    """The theme weeks of the report's data and the libraries in at least one of them (a report
    frozen before theme weeks were kept has none)."""
    weeks = (data.get("beside") or {}).get("theme_weeks") or []
    counted = set(data.get("counted_library_ids", []))
    rows, any_week = [], set()
    for week in weeks:
        told = set(week.get("library_ids") or [])
        any_week |= told & counted
        preparation = week.get("preparation")
        if preparation is None:
            preparation_text = _("none linked")
        else:
            preparation_text = f"{pick(preparation['title'])}, {_day_text(preparation['date'])}"
            if preparation.get("cancelled"):
                cancelled = pgettext("event", "cancelled")  # outside the f-string, for makemessages
                preparation_text += f" ({cancelled})"
        starts, ends = parse_date(week["starts"]), parse_date(week["ends"])
        rows.append(
            ThemeWeekRow(
                name=pick(week["name"]),
                dates=f"{starts.day}.{starts.month}.–{ends.day}.{ends.month}.{ends.year}",
                url=week.get("url", ""),
                preparation=preparation_text,
                preparation_ok=bool(week.get("preparation_ok")),
                count=len(told & counted),
                share_text=_share_text(len(told & counted), len(counted)),
                libraries=sorted((library(pk) for pk in told), key=lambda ref: ref.name),
            )
        )
    return rows, _share_text(len(any_week), len(counted)) if rows else ""


@dataclass
class Presented:
    year: int
    running: bool
    frozen: dict | None
    generated_at: datetime.datetime | None
    goals: list[dict]
    rows: list[IndicatorRow]
    staff_rows: list[dict]
    staff_total: str
    counted: list[LibraryRef]
    theme_weeks: list[ThemeWeekRow] = field(default_factory=list)
    theme_weeks_total: str = ""


def present(data: dict, *, charts: bool = True) -> Presented:
    names = data.get("libraries", {})

    def library(pk) -> LibraryRef:
        entry = names.get(str(pk)) or {}
        name = entry.get(_lang()) or entry.get("fi") or f"#{pk}"
        return LibraryRef(id=pk, name=name)

    rows_by_code: dict[str, IndicatorRow] = {}
    for code, raw in data["indicators"].items():
        unit = raw["unit"]
        target = Target.from_json(raw.get("target"))
        status = display_status(raw)
        has_data = status != Status.NO_DATA and raw["value"] is not None
        row = IndicatorRow(
            code=code,
            label=pick(raw["label"]),
            plan_wording=raw.get("plan_wording", ""),
            unit=unit,
            target_text=format_target(unit, target),
            value_text=format_value(unit, raw["value"]) if not raw.get("error") else "–",
            status=str(status),
            status_text=status_label(status),
            status_badge=STATUS_BADGES.get(status, ""),
            previous_text=format_value(unit, raw["previous"]["value"]),
            previous_source=source_label(raw["previous"]["source"]),
            source=raw["source"],
            source_text=source_label(raw["source"]),
            manual=raw.get("manual"),
            computed_text=format_value(unit, raw.get("computed_value")),
            error=raw.get("error", ""),
            registered=raw.get("registered", False),
            has_data=has_data,
            has_computed=raw.get("computed_value") is not None,
        )
        row.guests_text = guests_text(raw) if raw["source"] == "computed" else ""
        if row.manual:
            row.manual_text = format_value(unit, row.manual["value"])
            row.manual = {**row.manual, "note": manual_note(row.manual)}
        for item in raw.get("items", []):
            library_name = library(item["library_id"]).name if item.get("library_id") else ""
            detail = " · ".join(
                text for text in (item.get("detail", ""), *format_figures(item.get("figures"))) if text
            )
            row.items.append(
                Item(
                    # An item that is a library (B10) is named by it.
                    label=pick(item["label"]) or library_name,
                    date=parse_date(item["date"]) if item.get("date") else None,
                    library="" if not item["label"] else library_name,
                    url=item.get("url", ""),
                    detail=detail,
                    lang=picked_lang(item["label"]) if isinstance(item["label"], dict) else "",
                    detail_lang=detail_lang(item),
                )
            )
        shares = raw.get("libraries")
        if shares:
            row.counted = sorted((library(pk) for pk in shares["counted"]), key=lambda ref: ref.name)
            row.missing = sorted((library(pk) for pk in shares["missing"]), key=lambda ref: ref.name)
            row.outside = sorted((library(pk) for pk in shares["outside"]), key=lambda ref: ref.name)
            row.share_text = _("%(numerator)s of %(denominator)s libraries") % shares
            for name, (label, explanation) in SECOND_FIGURES.items():
                second = shares.get(name)
                if second is None:
                    continue
                refs = sorted(
                    (library(pk) for pk in [*second["counted"], *second["outside"]]), key=lambda ref: ref.name
                )
                row.second_figures.append(
                    SecondFigure(
                        label=label(),
                        text=number(second["numerator"]),
                        explanation=explanation(),
                        libraries=refs,
                    )
                )
        extra = raw.get("extra") or {}
        for key, value in extra.items():
            if key == "per_group" and isinstance(value, dict):
                row.per_group = [(name, number(count)) for name, count in value.items()]
            elif key == "per_group_events" and isinstance(value, dict):
                row.per_group_events = {name: number(count) for name, count in value.items()}
            elif key.startswith("scheduled_"):
                continue
            elif isinstance(value, str | int | float) or value is None:
                label = EXTRA_LABELS.get(key)
                row.extras.append((label() if label else key.replace("_", " "), format_extra(key, value)))
        if (
            target
            and target.kind == TargetKind.ALL_GROUPS_AT_LEAST
            and row.per_group
            and raw["source"] == "computed"
        ):
            ok = sum(1 for _name, count in extra["per_group"].items() if Decimal(str(count)) >= target.low)
            row.value_text = _("%(ok)s of %(all)s groups") % {"ok": ok, "all": len(row.per_group)}
        running = raw.get("running")
        if running:
            row.running = running
            row.scheduled_text = (
                format_value(unit, running.get("scheduled")) if running.get("scheduled") else "–"
            )
            row.on_track_text = {True: _("on track"), False: _("not on track"), None: _("cannot tell")}[
                running.get("on_track")
            ]
        if charts and raw.get("monthly"):
            low = target.low if target and target.kind in (TargetKind.RANGE, TargetKind.AT_LEAST) else None
            row.chart_svg = monthly_chart_svg(
                raw["monthly"],
                title=_("%(code)s month by month, cumulative") % {"code": code},
                target=low,
                last_month=datetime.date.fromisoformat(data["today"]).month if data.get("running") else 12,
            )
        rows_by_code[code] = row

    goals = []
    for goal in data["goals"]:
        goals.append(
            {
                "number": goal["number"],
                "label": pick(goal["label"]),
                "actions": [
                    {
                        "label": pick(action["label"]),
                        "rows": [rows_by_code[code] for code in action["indicators"] if code in rows_by_code],
                    }
                    for action in goal["actions"]
                ],
            }
        )
    staff = data.get("staff") or {"rows": [], "total_person_years": "0"}
    theme_weeks, theme_weeks_total = present_theme_weeks(data, library)
    frozen = data.get("frozen")
    if frozen:
        frozen = {"at": parse_datetime(frozen["at"]), "by": frozen["by"]}
    return Presented(
        year=data["year"],
        running=data.get("running", False),
        frozen=frozen,
        generated_at=parse_datetime(data["generated_at"]) if data.get("generated_at") else None,
        goals=goals,
        rows=[
            rows_by_code[code] for goal in data["goals"] for a in goal["actions"] for code in a["indicators"]
        ],
        staff_rows=[
            {
                "position_number": row["position_number"],
                "title": pick(row["title"]),
                "title_lang": picked_lang(row["title"]),
                "fte": number(row["fte_percent"]),
                "main_tasks": pick(row["main_tasks"]),
                "main_tasks_lang": picked_lang(row["main_tasks"]),
            }
            for row in staff["rows"]
        ],
        staff_total=number(staff["total_person_years"], 2),
        counted=sorted((library(pk) for pk in data.get("counted_library_ids", [])), key=lambda ref: ref.name),
        theme_weeks=theme_weeks,
        theme_weeks_total=theme_weeks_total,
    )
