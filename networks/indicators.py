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


# --------------------------------------------------------------------------- A1, A2: development projects
@register("A1")
def funding_applications(*, year: int, today: datetime.date) -> IndicatorResult:
    """Funding applications submitted in the year, whatever their outcome."""
    from .models import DevelopmentProject

    projects = DevelopmentProject.objects.filter(
        application_submitted_on__gte=datetime.date(year, 1, 1),
        application_submitted_on__lte=_until(year, today),
    ).order_by("application_submitted_on")
    items = [
        DrillItem(label=project.name, date=project.application_submitted_on, detail=project.funder)
        for project in projects
    ]
    return IndicatorResult(value=Decimal(len(items)), items=items)


@register("A2")
def regional_projects_running(*, year: int, today: datetime.date) -> IndicatorResult:
    """Regional projects whose running period overlaps the year (so far, for the running year)."""
    from django.db.models import Q

    from .models import DevelopmentProject

    until = _until(year, today)
    projects = (
        DevelopmentProject.objects.filter(
            scope=DevelopmentProject.Scope.REGIONAL,
            status__in=[DevelopmentProject.Status.RUNNING, DevelopmentProject.Status.ENDED],
            starts_on__lte=datetime.date(year, 12, 31),
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=datetime.date(year, 1, 1)))
        .order_by("starts_on")
    )
    items, scheduled = [], 0
    for project in projects:
        if project.starts_on <= until:
            items.append(
                DrillItem(label=project.name, date=project.starts_on, detail=project.get_status_display())
            )
        else:
            scheduled += 1
    return IndicatorResult(
        value=Decimal(len(items)), items=items, scheduled=Decimal(scheduled) if today.year == year else None
    )


# --------------------------------------------------------------------------- A6, A7: visibility
@register("A6")
def book_fair_done(*, year: int, today: datetime.date) -> IndicatorResult:
    """1 when the year's book-fair stand is marked done, 0 when not, None when there is no record."""
    from .models import BookFair

    fair = BookFair.objects.filter(year=year).first()
    if fair is None:
        return IndicatorResult(value=None)
    return IndicatorResult(value=Decimal(1 if fair.done else 0), extra={"planned": fair.planned})


@register("A7")
def campaign_libraries(*, year: int, today: datetime.date) -> IndicatorResult:
    """Library organisations taking part in at least one of the year's campaigns."""
    from .models import CampaignParticipation

    organisation_of = library_organisation_map()
    participations = CampaignParticipation.objects.filter(campaign__year=year).select_related(
        "campaign", "library"
    )
    library_ids, items = set(), []
    for participation in participations:
        organisation_id = organisation_of.get(participation.library_id, participation.library_id)
        library_ids.add(organisation_id)
        items.append(
            DrillItem(
                label=str(participation.library),
                library_id=organisation_id,
                detail=participation.campaign.theme,
            )
        )
    return IndicatorResult(library_ids=library_ids, items=items)


# --------------------------------------------------------------------------- B9, B10: Liboppi
@register("B9")
def liboppi_new_modules(*, year: int, today: datetime.date) -> IndicatorResult:
    from .models import LiboppiModule

    modules = LiboppiModule.objects.filter(first_offered_on__year=year).order_by("first_offered_on")
    until = _until(year, today)
    items = [
        DrillItem(label=module.title, date=module.first_offered_on, detail=module.get_scope_display())
        for module in modules
        if module.first_offered_on <= until
    ]
    scheduled = sum(1 for module in modules if module.first_offered_on > until)
    return IndicatorResult(
        value=Decimal(len(items)), items=items, scheduled=Decimal(scheduled) if today.year == year else None
    )


@register("B10")
def liboppi_libraries(*, year: int, today: datetime.date) -> IndicatorResult:
    """Library organisations with at least one course completion in the year."""
    from django.db.models import Sum

    from .models import LiboppiCompletion

    organisation_of = library_organisation_map()
    rows = (
        LiboppiCompletion.objects.filter(
            completed_on__gte=datetime.date(year, 1, 1), completed_on__lte=_until(year, today)
        )
        .values("library_id")
        .annotate(total=Sum("count"))
        .order_by("library_id")
    )
    per_organisation: dict[int, int] = {}
    for row in rows:
        organisation_id = organisation_of.get(row["library_id"], row["library_id"])
        per_organisation[organisation_id] = per_organisation.get(organisation_id, 0) + row["total"]
    items = [
        DrillItem(label=str(total), library_id=organisation_id)
        for organisation_id, total in per_organisation.items()
    ]
    return IndicatorResult(
        library_ids=set(per_organisation),
        items=items,
        extra={"completions": sum(per_organisation.values())},
    )


# --------------------------------------------------------------------------- C3: partner libraries
@register("C3")
def partner_libraries(*, year: int, today: datetime.date) -> IndicatorResult:
    """Library organisations in a partnership active (overlapping) in the year."""
    from .selectors import partnership_list_active

    organisation_of = library_organisation_map()
    until = _until(year, today)
    library_ids, items = set(), []
    for partnership in partnership_list_active(year=year):
        if partnership.starts_on > until:
            continue
        members = {organisation_of.get(library.pk, library.pk) for library in partnership.libraries.all()}
        library_ids |= members
        items.append(DrillItem(label=partnership.theme, date=partnership.starts_on))
    return IndicatorResult(library_ids=library_ids, items=items)
