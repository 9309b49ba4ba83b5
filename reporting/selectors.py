"""Reads: the year's report as plain, JSON-ready data.

``report_build`` asks every registered indicator provider (ake.indicators) for the year and the year
before, applies the targets and manual values, and returns a dict that the HTML page, the PDF, the
exports and a frozen snapshot all share. The framework's own queries are a fixed handful; each
provider adds its own fixed number (asserted in tests/reporting/test_query_budget.py).
"""

import datetime
import hashlib
import json
import logging
from collections import Counter
from decimal import Decimal
from fractions import Fraction

from django.db.models import Sum
from django.utils import timezone

from ake import indicators as registry
from networks.selectors import library_registry_for_years

from .models import IndicatorDefinition, IndicatorTarget, ManualValue, ReportSnapshot, StaffResource, Unit
from .rules import Status, Target, judge, on_track, rounded, share

logger = logging.getLogger(__name__)

# Bump when the PDF layout changes, so that cached PDFs of unchanged figures are rendered anew.
PDF_LAYOUT_VERSION = "3"
# Fields that say when the data was read, not what it says: left out of the content hash.
VOLATILE_KEYS = ("generated_at",)


def _dec_str(value) -> str | None:
    if value is None:
        return None
    value = value if isinstance(value, Decimal) else Decimal(str(value))
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return str(value.normalize())


def _json_safe(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Fraction):
        return str(rounded(value, 2))
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return [_json_safe(v) for v in sorted(value, key=str)]
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return value


def _has_data(result: registry.IndicatorResult | None) -> bool:
    if result is None:
        return False
    return result.value is not None or result.library_ids is not None or bool(result.extra.get("per_group"))


def _exact_str(value: Fraction | None) -> str | None:
    """The exact value as JSON keeps it ("5993/1500"), so that a frozen year is judged as it was."""
    if value is None:
        return None
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def _exact_from_json(raw: dict | None) -> Fraction | None:
    """A frozen indicator's exact value (snapshots frozen before it was kept: the value shown)."""
    if not raw:
        return None
    if raw.get("exact") is not None:
        return Fraction(raw["exact"])
    return Fraction(Decimal(raw["value"])) if raw.get("value") is not None else None


def _shown(definition: IndicatorDefinition, exact: Fraction | None) -> Decimal | None:
    """The figure shown: a share with one decimal, a mean with two, a count as it is."""
    if exact is None:
        return None
    if definition.unit == Unit.PERCENT:
        return rounded(exact, 1)
    if exact.denominator == 1:
        return Decimal(exact.numerator)
    return rounded(exact, 2)


def _computed_value(
    definition: IndicatorDefinition, result: registry.IndicatorResult, counted_ids: set[int]
) -> tuple[Fraction | None, dict | None]:
    """(exact value, share details) of a provider's result."""
    if definition.unit == Unit.PERCENT:
        if result.library_ids is None:
            return None, None
        took_part = set(result.library_ids)
        numerator = len(took_part & counted_ids)
        details = {
            "numerator": numerator,
            "denominator": len(counted_ids),
            "counted": sorted(took_part & counted_ids),
            "missing": sorted(counted_ids - took_part),
            "outside": sorted(took_part - counted_ids),
        }
        for name, ids in result.extra_libraries.items():
            ids = set(ids)
            details[name] = {
                "numerator": len(ids & counted_ids),
                "counted": sorted(ids & counted_ids),
                "outside": sorted(ids - counted_ids),
            }
        return share(numerator, len(counted_ids)), details
    if result.value is None:
        return None, None
    value = result.value
    return (value if isinstance(value, Fraction) else Fraction(Decimal(str(value)))), None


def _day(value) -> datetime.date | None:
    """A provider may give a datetime where a date is meant: the local calendar day counts."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _monthly(items: list[registry.DrillItem], year: int, value: Decimal | None) -> list[int] | None:
    """Cumulative count of dated items per month, drawn only when the items add up to the value."""
    if value is None or not items:
        return None
    days = [_day(item.date) for item in items if item.date is not None]
    dates = [day for day in days if day.year == year]
    if not dates or len(dates) != len(items) or Decimal(len(dates)) != value:
        return None
    per_month = Counter(day.month for day in dates)
    running, cumulative = 0, []
    for month in range(1, 13):
        running += per_month.get(month, 0)
        cumulative.append(running)
    return cumulative


def _item_json(item: registry.DrillItem) -> dict:
    entry = {
        "label": item.label,
        "date": _day(item.date).isoformat() if item.date else None,
        "library_id": item.library_id,
        "url": item.url,
        "detail": item.detail,
    }
    if item.detail_language:
        entry["detail_language"] = item.detail_language
    if item.figures:
        entry["figures"] = {key: _json_safe(value) for key, value in item.figures.items()}
    return entry


def report_build(*, year: int, today: datetime.date | None = None) -> dict:
    """The year's figures, computed now from the data (a frozen year: see report_for_year).

    A fixed number of queries whatever the amount of data: the plan's definitions, targets and
    manual values, the previous year's snapshot, the registry (two), Table 2, the first record of
    every kind (one), and one or a few per family of indicators (ake.indicators), each family
    computing this year and the year before together.
    """
    today = today or timezone.localdate()
    previous_year = year - 1
    definitions = list(IndicatorDefinition.objects.select_related("action__goal").order_by("order"))
    targets = {
        (t.indicator_id, t.year): t for t in IndicatorTarget.objects.filter(year__in=[year, previous_year])
    }
    manual_values = {
        (m.indicator_id, m.year): m for m in ManualValue.objects.filter(year__in=[year, previous_year])
    }
    previous_snapshot = ReportSnapshot.objects.filter(year=previous_year).first()
    years = [year] if previous_snapshot is not None else [year, previous_year]
    libraries, counted_by_year = library_registry_for_years(years=years)
    counted_ids = counted_by_year[year]
    previous_counted_ids = counted_by_year.get(previous_year, set())
    context = registry.IndicatorContext(
        today=today, organisation_of={pk: row.organisation_id for pk, row in libraries.items()}
    )
    computed = registry.compute((d.code for d in definitions), years=years, today=today, context=context)

    running = year == today.year
    referenced_ids: set[int] = set(counted_ids)
    indicators: dict[str, dict] = {}
    goals: list[dict] = []
    for definition in definitions:
        action = definition.action
        goal = action.goal
        if not goals or goals[-1]["number"] != goal.number:
            goals.append(
                {
                    "number": goal.number,
                    "label": {"fi": goal.label_fi, "sv": goal.label_sv, "en": goal.label_en},
                    "actions": [],
                }
            )
        actions = goals[-1]["actions"]
        if not actions or actions[-1]["id"] != action.pk:
            actions.append(
                {
                    "id": action.pk,
                    "label": {"fi": action.label_fi, "sv": action.label_sv, "en": action.label_en},
                    "indicators": [],
                }
            )
        actions[-1]["indicators"].append(definition.code)

        target_row = targets.get((definition.pk, year))
        target = (
            Target(target_row.kind, target_row.low, target_row.high, target_row.tolerance_percent)
            if target_row
            else None
        )
        this_year = computed.get(definition.code, {}).get(year)
        result, error = (this_year.result, this_year.error) if this_year else (None, "")
        exact, share_details = (None, None)
        if _has_data(result):
            exact, share_details = _computed_value(definition, result, counted_ids)
        computed_exact = exact
        source = "computed" if _has_data(result) else "none"
        manual = manual_values.get((definition.pk, year))
        manual_json = None
        if manual is not None:
            manual_json = {
                "value": _dec_str(manual.value),
                # All three languages, like the labels: a frozen year shows the note in each.
                "note": {"fi": manual.note_fi or "", "sv": manual.note_sv or "", "en": manual.note_en or ""},
                "by": manual.entered_by_name,
                "at": manual.entered_at.isoformat(),
                "override": manual.override,
            }
            if manual.override or source == "none":
                source = "manual"
                exact = Fraction(manual.value)

        # The previous year: its frozen figure when frozen, else computed (or entered) now.
        previous_exact, previous_source = None, "none"
        if previous_snapshot is not None:
            frozen = previous_snapshot.data.get("indicators", {}).get(definition.code)
            previous_exact = _exact_from_json(frozen)
            if previous_exact is not None:
                previous_source = "frozen"
        else:
            before = computed.get(definition.code, {}).get(previous_year)
            previous_result = before.result if before else None
            if _has_data(previous_result):
                previous_exact = _computed_value(definition, previous_result, previous_counted_ids)[0]
                previous_source = "computed" if previous_exact is not None else "none"
            previous_manual = manual_values.get((definition.pk, previous_year))
            if previous_manual is not None and (previous_manual.override or previous_exact is None):
                previous_exact, previous_source = Fraction(previous_manual.value), "manual"

        extra = dict(result.extra) if result is not None else {}
        per_group = extra.get("per_group") if source == "computed" else None
        status = judge(
            target,
            exact,
            previous=previous_exact,
            per_group={k: Fraction(Decimal(str(v))) for k, v in per_group.items()} if per_group else None,
        )
        if error and source == "none":
            status = Status.NOT_JUDGED  # the computation failed: the data may well exist

        running_json = None
        if running:
            scheduled = result.scheduled if result is not None else None
            projected: Fraction | None = exact
            per_group_projected = None
            if definition.unit == Unit.PERCENT and share_details is not None:
                planned = set(extra.get("scheduled_library_ids") or ())
                if planned:
                    reachable = share_details["numerator"] + len(
                        (planned & counted_ids) - set(share_details["counted"])
                    )
                    projected = share(reachable, share_details["denominator"])
                elif status in (Status.MET, Status.EXCEEDED):
                    projected = exact
                else:
                    projected = None  # nothing known of what is planned: cannot tell
            elif exact is not None and scheduled is not None and definition.unit != Unit.MEAN:
                projected = exact + Fraction(Decimal(str(scheduled)))
            if per_group:
                with_scheduled = extra.get("per_group_with_scheduled")
                scheduled_per_group = extra.get("scheduled_per_group") or {}
                per_group_projected = {
                    name: Decimal(str(with_scheduled[name]))
                    if with_scheduled and name in with_scheduled
                    else Decimal(str(count)) + Decimal(str(scheduled_per_group.get(name, 0)))
                    for name, count in per_group.items()
                }
            running_json = {
                "scheduled": _dec_str(scheduled),
                "projected": _dec_str(rounded(projected, 2)) if projected is not None else None,
                "on_track": on_track(
                    target, projected, previous=previous_exact, per_group_projected=per_group_projected
                )
                if status != Status.NO_DATA
                else None,
            }

        items = [_item_json(item) for item in result.items] if result is not None else []
        referenced_ids.update(item["library_id"] for item in items if item["library_id"])
        if share_details:
            referenced_ids.update(share_details["outside"])
            for name in result.extra_libraries if result is not None else {}:
                referenced_ids.update(share_details[name]["counted"])
                referenced_ids.update(share_details[name]["outside"])

        shown = _shown(definition, exact)
        indicators[definition.code] = {
            "code": definition.code,
            "label": {"fi": definition.label_fi, "sv": definition.label_sv, "en": definition.label_en},
            "plan_wording": definition.plan_wording,
            "unit": definition.unit,
            "goal": goal.number,
            "target": target.to_json() if target else None,
            "value": _dec_str(shown),
            "exact": _exact_str(exact),
            "computed_value": _dec_str(_shown(definition, computed_exact)),
            "source": source,
            "manual": manual_json,
            "status": str(status),
            "previous": {"value": _dec_str(_shown(definition, previous_exact)), "source": previous_source},
            "previous_exact": _exact_str(previous_exact),
            "running": running_json,
            "extra": _json_safe(extra),
            "items": items,
            "libraries": share_details,
            "monthly": _monthly(result.items, year, _shown(definition, computed_exact))
            if result is not None
            else None,
            "error": error,
            "registered": registry.family_for(definition.code) is not None,
        }

    # Figures beside Table 1 (the theme weeks' libraries): the libraries they name are named too.
    beside = _json_safe(registry.compute_beside(year=year, today=today, context=context))
    for rows in beside.values():
        for row in rows if isinstance(rows, list) else ():
            if isinstance(row, dict):
                referenced_ids.update(row.get("library_ids") or ())

    staff_rows = list(StaffResource.objects.filter(year=year).order_by("order", "position_number"))
    total_fte = sum((row.fte_percent for row in staff_rows), Decimal(0))
    return {
        "year": year,
        "today": today.isoformat(),
        "running": running,
        "generated_at": timezone.now().isoformat(),
        "goals": goals,
        "indicators": indicators,
        "counted_library_ids": sorted(counted_ids),
        "libraries": {
            str(pk): {"fi": libraries[pk].name_fi, "sv": libraries[pk].name_sv, "en": libraries[pk].name_en}
            for pk in sorted(referenced_ids)
            if pk in libraries
        },
        "beside": beside,
        "staff": {
            "rows": [
                {
                    "position_number": row.position_number,
                    "title": {
                        "fi": row.title_fi,
                        "sv": row.title_sv or row.title_fi,
                        "en": row.title_en or row.title_fi,
                    },
                    "fte_percent": _dec_str(row.fte_percent),
                    "main_tasks": {
                        "fi": row.main_tasks_fi,
                        "sv": row.main_tasks_sv or row.main_tasks_fi,
                        "en": row.main_tasks_en or row.main_tasks_fi,
                    },
                }
                for row in staff_rows
            ],
            "total_person_years": str(rounded(total_fte / 100, 2)),
        },
        "frozen": None,
    }


def report_for_year(*, year: int, today: datetime.date | None = None) -> dict:
    """A frozen year's snapshot as it was frozen; any other year computed now."""
    snapshot = ReportSnapshot.objects.filter(year=year).first()
    if snapshot is not None:
        return snapshot_data(snapshot)
    return report_build(year=year, today=today)


def snapshot_data(snapshot: ReportSnapshot) -> dict:
    data = dict(snapshot.data)
    data["frozen"] = {"at": snapshot.frozen_at.isoformat(), "by": snapshot.frozen_by_name}
    return data


def content_hash(data: dict, *, language: str = "") -> str:
    """A hash of the figures (not of when they were read): the PDF cache key."""
    stable = {key: value for key, value in data.items() if key not in VOLATILE_KEYS}
    payload = json.dumps(stable, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{PDF_LAYOUT_VERSION}|{language}|{payload}".encode()).hexdigest()


def report_years(*, today: datetime.date | None = None) -> list[dict]:
    """The years the report can show, newest first: from the first year with targets to this year."""
    today = today or timezone.localdate()
    target_years = set(IndicatorTarget.objects.values_list("year", flat=True).distinct())
    recorded_years = set(ManualValue.objects.values_list("year", flat=True).distinct()) | set(
        StaffResource.objects.values_list("year", flat=True).distinct()
    )
    frozen = {s.year: s for s in ReportSnapshot.objects.all()}
    first = min(target_years | recorded_years | set(frozen) | {today.year})
    years = []
    for year in range(today.year, first - 1, -1):
        snapshot = frozen.get(year)
        years.append(
            {
                "year": year,
                "running": year == today.year,
                "has_targets": year in target_years,
                "frozen_at": snapshot.frozen_at if snapshot else None,
                "frozen_by": snapshot.frozen_by_name if snapshot else "",
            }
        )
    return years


def staff_total_person_years(*, year: int) -> Decimal:
    total = StaffResource.objects.filter(year=year).aggregate(total=Sum("fte_percent"))["total"] or Decimal(0)
    return rounded(total / 100, 2)
