"""Table 1 indicators computed from the networks app's registers (see ake/indicators.py, DOMAIN.md).

Each provider runs a fixed number of queries whatever the amount of data. Share indicators return the
library organisations that took part (branches mapped to their organisation); the report divides.
"""

import datetime
from decimal import Decimal

from ake.indicators import DrillItem, IndicatorResult, register

from .selectors import library_organisation_map


def _until(year: int, today: datetime.date) -> datetime.date:
    """The last day counted: today for the running year, 31 December otherwise."""
    year_end = datetime.date(year, 12, 31)
    return min(year_end, today) if today.year == year else year_end


# --------------------------------------------------------------------------- C4: AKE visits
@register("C4")
def libraries_visited(*, year: int, today: datetime.date) -> IndicatorResult:
    """Libraries visited by AKE in the year: the library visited and those whose staff took part."""
    from .models import LibraryVisit

    organisation_of = library_organisation_map()
    visits = (
        LibraryVisit.objects.filter(date__gte=datetime.date(year, 1, 1), date__lte=_until(year, today))
        .select_related("place")
        .prefetch_related("participating_libraries")
        .defer("internal_notes")
        .order_by("date")
    )
    library_ids: set[int] = set()
    items = []
    for visit in visits:
        reached = {visit.place_id} | {library.pk for library in visit.participating_libraries.all()}
        library_ids |= {organisation_of.get(pk, pk) for pk in reached}
        items.append(
            DrillItem(
                label=str(visit.place),
                date=visit.date,
                library_id=organisation_of.get(visit.place_id, visit.place_id),
                detail=visit.get_kind_display(),
            )
        )
    return IndicatorResult(library_ids=library_ids, items=items, extra={"visits": len(items)})


# --------------------------------------------------------------------------- B7, B8: job rotation
def _rotation_periods(year: int, today: datetime.date):
    from .models import RotationPeriod

    return (
        RotationPeriod.objects.filter(starts_on__year=year)
        .exclude(status=RotationPeriod.Status.CANCELLED)
        .select_related("home_library", "host_library")
        .order_by("starts_on", "pk")
    )


@register("B7")
def rotation_periods_started(*, year: int, today: datetime.date) -> IndicatorResult:
    """Periods starting in the year; each person's period counts once, so an exchange counts two."""
    until = _until(year, today)
    items, done, scheduled = [], 0, 0
    for period in _rotation_periods(year, today):
        if period.starts_on <= until:
            done += 1
            items.append(
                DrillItem(
                    label=f"{period.home_library} → {period.host_library}",
                    date=period.starts_on,
                    library_id=period.home_library_id,
                    detail=period.get_status_display(),
                )
            )
        else:
            scheduled += 1
    return IndicatorResult(
        value=Decimal(done), items=items, scheduled=Decimal(scheduled) if today.year == year else None
    )


@register("B8")
def rotation_libraries(*, year: int, today: datetime.date) -> IndicatorResult:
    """Library organisations that sent or hosted a period starting in the year."""
    organisation_of = library_organisation_map()
    until = _until(year, today)
    library_ids: set[int] = set()
    items = []
    for period in _rotation_periods(year, today):
        if period.starts_on > until:
            continue
        for library_id in (period.home_library_id, period.host_library_id):
            library_ids.add(organisation_of.get(library_id, library_id))
        items.append(DrillItem(label=f"{period.home_library} → {period.host_library}", date=period.starts_on))
    return IndicatorResult(library_ids=library_ids, items=items)
