"""Table 1 indicators owned by the loans app."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from ake.indicators import DrillItem, IndicatorResult, register

from .selectors import interlibrary_year_figures


@register("C7")
def interlibrary_volumes_sent(*, year: int, today: datetime.date) -> IndicatorResult:
    """C7: volumes sent as interlibrary loans in the year (sent date in the year).

    Per-loan rows and AKE's monthly totals are added with the rule of InterlibraryMonthlyTotal (a
    month's total for a library replaces that library's rows of the month); not-supplied and
    not-yet-sent requests never count. A year with neither rows nor totals has no data (None), so
    that "≈ previous year" is not judged against nothing. Two queries.
    """
    until = today if year == today.year else None
    figures = interlibrary_year_figures(year=year, until=until)
    has_data = any(month.loans or month.totals for month in figures["months"])
    items = [
        DrillItem(
            label=f"{month.month:02d}/{year}",
            date=datetime.date(year, month.month, 1),
            detail=_("%(volumes)s volumes, %(cost)s €") % {"volumes": month.volumes, "cost": month.cost},
        )
        for month in figures["months"]
        if month.loans or month.totals
    ]
    return IndicatorResult(
        value=Decimal(figures["volumes"]) if has_data else None,
        items=items,
        extra={"cost_eur": figures["cost"]},
    )
