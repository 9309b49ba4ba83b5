"""Table 1 indicators owned by the loans app."""

import datetime
from decimal import Decimal

from ake.indicators import DrillItem, IndicatorContext, IndicatorResult, register_family

from .selectors import interlibrary_years_figures


@register_family("loans.interlibrary", codes=("C7",))
def interlibrary_volumes_sent(*, years, today, context: IndicatorContext):
    """C7: volumes sent as interlibrary loans in the year (sent date in the year).

    Per-loan rows and AKE's monthly totals are added with the rule of InterlibraryMonthlyTotal (a
    month's total for a library replaces that library's rows of the month); not-supplied and
    not-yet-sent requests never count. A year with neither rows nor totals has no data (None), so
    that "≈ previous year" is not judged against nothing. Two queries for all the years.
    """
    until = today if today.year in years else None
    per_year = interlibrary_years_figures(years=years, until=until)
    results = {}
    for year in years:
        figures = per_year[year]
        months = [month for month in figures["months"] if month.loans or month.totals]
        items = [
            DrillItem(
                label=f"{month.month:02d}/{year}",
                date=datetime.date(year, month.month, 1),
                figures={"volumes": month.volumes, "cost_eur": month.cost},
            )
            for month in months
        ]
        results[year] = IndicatorResult(
            value=Decimal(figures["volumes"]) if months else None,
            items=items,
            extra={"cost_eur": figures["cost"]},
        )
    return {"C7": results}
