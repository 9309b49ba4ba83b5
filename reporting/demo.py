"""Demo data for the report: Table 2 and the targets of the demo year (copied from 2024) if missing."""

from .models import IndicatorTarget, StaffResource
from .plan2024 import seed_staff


def load(ctx) -> None:
    year = ctx.year
    if not StaffResource.objects.filter(year=year).exists():
        source = list(StaffResource.objects.filter(year=2024))
        if source:
            StaffResource.objects.bulk_create(
                StaffResource(
                    year=year,
                    order=row.order,
                    position_number=row.position_number,
                    title_fi=row.title_fi,
                    title_sv=row.title_sv,
                    title_en=row.title_en,
                    fte_percent=row.fte_percent,
                    main_tasks_fi=row.main_tasks_fi,
                    main_tasks_sv=row.main_tasks_sv,
                    main_tasks_en=row.main_tasks_en,
                )
                for row in source
            )
        else:
            seed_staff(StaffResource, year)
    existing = set(IndicatorTarget.objects.filter(year=year).values_list("indicator_id", flat=True))
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(
            indicator_id=target.indicator_id,
            year=year,
            kind=target.kind,
            low=target.low,
            high=target.high,
            tolerance_percent=target.tolerance_percent,
        )
        for target in IndicatorTarget.objects.filter(year=2024).exclude(indicator_id__in=existing)
    )
    ctx.log(f"reporting: Table 2 and targets for {year}")
