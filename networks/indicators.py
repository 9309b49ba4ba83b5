"""Table 1 indicators computed from the networks app's registers (see ake/indicators.py, DOMAIN.md).

Each provider runs a fixed number of queries whatever the amount of data. Share indicators return the
library organisations that took part (branches mapped to their organisation); the report divides.
"""

import datetime

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
