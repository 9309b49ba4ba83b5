"""The contract between the apps that own the data and the yearly indicator report.

Each Table 1 indicator (A1-A7, B1-B10, C1-C7, see DOMAIN.md) is computed in the app that owns its
data and registered here from that app's AppConfig.ready(). Indicators that read the same tables are
computed together as a *family*, for all the years the report needs at once (the year and the year
before), so that the report runs one query per table family whatever the amount of data (as pretix
does for its statistics):

    from ake.indicators import IndicatorResult, register_family

    @register_family("trainings.events", codes=("B1", "B5", "C2"))
    def events(*, years: list[int], today: datetime.date, context: IndicatorContext):
        ...  # a fixed number of queries
        return {"B1": {year: IndicatorResult(...) for year in years}, ...}

A family with a single indicator may be registered per year with ``@register("A6")``; it is then
called once per year (fine for tests and for indicators nobody reads often).

Rules for a provider:
- a fixed number of SQL queries, whatever the amount of data (the report asserts it);
- count indicators return ``value``: a Decimal, or a Fraction where the exact value has no finite
  decimal (a mean): the report judges the exact value and shows it rounded;
- ``value=None`` (and ``library_ids=None``) means "no data": shown as such, never as 0 and never
  judged. A year before the first record the extranet holds of a kind has no data
  (``IndicatorContext.covers``), nor has a year without the records an indicator reads;
- share indicators (A7, B2, B8, B10, C3, C4) return ``library_ids``: the library *organisations*
  (a branch mapped to its organisation, ``IndicatorContext.organisation_of``) that took part in the
  year, and leave ``value`` None: the report divides by the year's counted libraries and lists the
  missing ones;
- ``items`` is the drill-down: what was counted. Figures in an item go into ``figures`` (formatted
  in the reader's language by the report), not into its text;
- for the running year (``year == today.year``) ``value`` is the value so far (up to today) and
  ``scheduled`` what is already planned for the rest of the year (count indicators), so that the
  report can tell whether the target is still reachable;
- ``extra`` carries figures shown beside the value (e.g. {"distinct_persons": 37},
  {"responses": 120}, {"per_group": {"Digityöryhmä": 2, ...}} for C1); ``extra_libraries`` carries
  further lists of library organisations shown beside a share (C4's libraries met elsewhere).
"""

import datetime
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from ake.prepared import prepared

logger = logging.getLogger(__name__)


@dataclass
class DrillItem:
    # A name that has its own text in each language (a library, a group) is a dict {"fi", "sv", "en"}:
    # the report shows the reader's and marks a Finnish fallback with lang (issue #14). A plain string
    # is shown as it is.
    label: str | dict
    date: datetime.date | None = None
    library_id: int | None = None
    url: str = ""
    detail: str = ""
    # The language `detail` is written in when it is a name in a language of its own (a funder's,
    # issue #14): the report marks it with lang where it is not the reader's. '' for the site's words.
    detail_language: str = ""
    # Numbers shown with the item, formatted by the report: {"volumes": 12, "cost_eur": Decimal("155.40")}.
    figures: dict = field(default_factory=dict)


def names(fi: str, sv: str | None, en: str | None) -> dict:
    """A drill item's label with a text per language, Finnish where the name has no other."""
    return {"fi": fi, "sv": sv or fi, "en": en or fi}


@dataclass
class IndicatorResult:
    value: Decimal | Fraction | None = None
    items: list[DrillItem] = field(default_factory=list)
    library_ids: set[int] | None = None
    scheduled: Decimal | None = None
    extra: dict = field(default_factory=dict)
    extra_libraries: dict[str, set[int]] = field(default_factory=dict)


FamilyCompute = Callable[..., dict[str, dict[int, IndicatorResult]]]


@dataclass(frozen=True)
class Family:
    name: str
    codes: tuple[str, ...]
    compute: FamilyCompute


# code -> the family that computes it (a family of several codes is registered under each).
_registry: dict[str, Family] = {}
# name -> a queryset of one row and one column: the date of the first record of a kind.
_first_records: dict[str, Callable[[], object]] = {}


def register_family(name: str, *, codes: Sequence[str]) -> Callable[[FamilyCompute], FamilyCompute]:
    def decorator(compute: FamilyCompute) -> FamilyCompute:
        family = Family(name=name, codes=tuple(codes), compute=compute)
        for code in family.codes:
            _registry[code] = family
        return compute

    return decorator


def register(code: str) -> Callable:
    """A provider of one indicator for one year: ``provider(*, year, today) -> IndicatorResult``."""

    def decorator(provider: Callable[..., IndicatorResult]) -> Callable[..., IndicatorResult]:
        def compute(*, years, today, context):
            return {code: {year: provider(year=year, today=today) for year in years}}

        _registry[code] = Family(name=code, codes=(code,), compute=compute)
        return provider

    return decorator


def register_first_record(name: str, queryset: Callable[[], object]) -> None:
    """``queryset()`` gives the date (or time) of the first record of a kind, e.g.
    ``Event.objects.order_by("start").values("start")[:1]``; years before it have no data."""
    _first_records[name] = queryset


# name -> figures the report shows beside Table 1 (not indicators of the plan: no target, not judged).
_beside: dict[str, Callable[..., object]] = {}


def register_beside(name: str) -> Callable:
    """Figures shown beside Table 1, e.g. the libraries that took part in the year's theme weeks:
    ``compute(*, year, today, context)`` returns JSON-ready data with a fixed number of queries. Rows
    (dicts) with ``library_ids`` name library organisations, which the report names in its languages."""

    def decorator(compute: Callable[..., object]) -> Callable[..., object]:
        _beside[name] = compute
        return compute

    return decorator


def compute_beside(*, year: int, today: datetime.date, context: "IndicatorContext") -> dict:
    """Every registered figure beside Table 1 for ``year``; a failing one is None (logged), not a 500."""
    figures: dict = {}
    for name, compute in _beside.items():
        try:
            figures[name] = compute(year=year, today=today, context=context)
        except Exception:  # noqa: BLE001 - a failure leaves the report whole
            logger.exception("figures beside Table 1 failed", extra={"figures": name, "year": year})
            figures[name] = None
    return figures


def registered_codes() -> list[str]:
    return sorted(_registry)


def family_for(code: str) -> Family | None:
    return _registry.get(code)


def provider_for(code: str) -> Callable[..., IndicatorResult] | None:
    """The indicator of one year alone: ``provider_for("B1")(year=2024, today=...)``."""
    family = _registry.get(code)
    if family is None:
        return None

    def provider(*, year: int, today: datetime.date) -> IndicatorResult:
        results = family.compute(years=[year], today=today, context=IndicatorContext(today=today))
        return results[code][year]

    return provider


class IndicatorContext:
    """What the families of one report share, each read once: the library registry's organisation
    of every library, and the first record of every kind (one query for all kinds)."""

    def __init__(self, *, today: datetime.date, organisation_of: dict[int, int] | None = None):
        self.today = today
        self._organisation_of = organisation_of
        self._first_dates: dict[str, datetime.date | None] | None = None

    @property
    def organisation_of(self) -> dict[int, int]:
        if self._organisation_of is None:
            from networks.selectors import library_organisation_map

            self._organisation_of = library_organisation_map()
        return self._organisation_of

    def read_registry(self) -> dict[int, int]:
        """The organisation map, read now (a family calls it first, so that reading it does not
        depend on whether the family's rows name a library)."""
        return self.organisation_of

    def organisation(self, library_id: int) -> int:
        return self.organisation_of.get(library_id, library_id)

    def first_date(self, name: str) -> datetime.date | None:
        if self._first_dates is None:
            self._first_dates = first_record_dates()
        return self._first_dates.get(name)

    def covers(self, name: str, year: int) -> bool:
        """Whether the extranet holds records of this kind for ``year``: from the year of the first one."""
        first = self.first_date(name)
        return first is not None and first.year <= year

    def until(self, year: int) -> datetime.date:
        """The last day counted: today for the running year, 31 December otherwise."""
        year_end = datetime.date(year, 12, 31)
        return min(year_end, self.today) if self.today.year == year else year_end

    def is_running(self, year: int) -> bool:
        return year == self.today.year


def first_record_dates(names: Iterable[str] | None = None) -> dict[str, datetime.date | None]:
    """The first record of every registered kind, in one query (one scalar subquery per kind)."""
    from django.db import connection
    from django.utils import timezone

    names = tuple(sorted(_first_records if names is None else names))
    if not names:
        return {}
    # The statement depends on the registered kinds alone (querysets of constants), so it is compiled
    # once per process: building and compiling a dozen querysets was a few ms of every report (issue #20).
    sql, params = prepared(
        ("ake.indicators.first_record_dates", names), lambda: _first_records_statement(names)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    dates = {}
    for name, value in zip(names, row, strict=True):
        if isinstance(value, int):  # a year (e.g. a campaign's)
            value = datetime.date(value, 1, 1)
        elif isinstance(value, datetime.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        dates[name] = value
    return dates


def _first_records_statement(names: tuple[str, ...]) -> tuple[str, tuple]:
    """One SELECT of the first record of each kind in ``names`` (one scalar subquery per kind)."""
    parts, params = [], []
    for name in names:
        sql, query_params = _first_records[name]().query.sql_with_params()
        parts.append(f"({sql})")
        params.extend(query_params)
    return "SELECT " + ", ".join(parts), tuple(params)


@dataclass
class Computed:
    result: IndicatorResult | None
    error: str = ""


def compute(
    codes: Iterable[str], *, years: Sequence[int], today: datetime.date, context: IndicatorContext
) -> dict[str, dict[int, Computed]]:
    """Every family that computes one of ``codes``, once, for ``years``. A failing family leaves the
    others: its indicators carry the error instead of a result."""
    families: dict[str, Family] = {}
    for code in codes:
        family = _registry.get(code)
        if family is not None:
            families.setdefault(family.name, family)
    computed: dict[str, dict[int, Computed]] = {}
    for family in families.values():
        try:
            results = family.compute(years=list(years), today=today, context=context)
        except Exception as error:  # noqa: BLE001 - a failure is shown in the report, not a 500
            logger.exception("indicator family failed", extra={"family": family.name, "years": list(years)})
            text = f"{type(error).__name__}: {error}"
            for code in family.codes:
                computed[code] = {year: Computed(None, text) for year in years}
            continue
        for code in family.codes:
            per_year = results.get(code, {})
            computed[code] = {year: Computed(per_year.get(year)) for year in years}
    return computed
