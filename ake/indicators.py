"""The contract between the apps that own the data and the yearly indicator report.

Each Table 1 indicator (A1-A7, B1-B10, C1-C7, see DOMAIN.md) is computed by a selector in the app
that owns its data and registered here under its id from that app's AppConfig.ready():

    from ake.indicators import IndicatorResult, register

    @register("B1")
    def trainings_held(*, year: int, today: datetime.date) -> IndicatorResult: ...

Rules for a provider:
- a fixed number of SQL queries, whatever the amount of data (the report asserts it);
- count indicators return ``value`` (a Decimal); ``value=None`` means "no data" (not judged);
- share indicators (A7, B2, B8, B10, C3, C4) return ``library_ids``: the library *organisations*
  (a branch mapped to its organisation, see networks.selectors.library_organisation_map) that took
  part in the year, and leave ``value`` None: the report divides by the year's counted libraries
  and lists the missing ones;
- ``items`` is the drill-down: what was counted;
- for the running year (``year == today.year``) ``value`` is the value so far (up to today) and
  ``scheduled`` what is already planned for the rest of the year (count indicators), so that the
  report can tell whether the target is still reachable;
- ``extra`` carries figures shown beside the value (e.g. {"distinct_persons": 37},
  {"responses": 120}, {"per_group": {"Digityöryhmä": 2, ...}} for C1).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class DrillItem:
    label: str
    date: datetime.date | None = None
    library_id: int | None = None
    url: str = ""
    detail: str = ""


@dataclass
class IndicatorResult:
    value: Decimal | None = None
    items: list[DrillItem] = field(default_factory=list)
    library_ids: set[int] | None = None
    scheduled: Decimal | None = None
    extra: dict = field(default_factory=dict)


IndicatorProvider = Callable[..., IndicatorResult]
_registry: dict[str, IndicatorProvider] = {}


def register(code: str) -> Callable[[IndicatorProvider], IndicatorProvider]:
    def decorator(provider: IndicatorProvider) -> IndicatorProvider:
        _registry[code] = provider
        return provider

    return decorator


def provider_for(code: str) -> IndicatorProvider | None:
    return _registry.get(code)


def registered_codes() -> list[str]:
    return sorted(_registry)
