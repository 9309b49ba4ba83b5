"""Table 1 indicators computed from the networks app's registers (see ake/indicators.py, DOMAIN.md).

One family per register, each computing every year the report asks for in one query whatever the
amount of data. Share indicators return the library organisations that took part (branches mapped
to their organisation); the report divides. A year before a register's first record has no data.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Min, Q, Sum
from django.db.models.functions import ExtractYear, Least

from ake.indicators import (
    DrillItem,
    IndicatorContext,
    IndicatorResult,
    names,
    register_family,
    register_first_record,
)

from .models import (
    BookFair,
    CampaignParticipation,
    DevelopmentProject,
    FundingApplication,
    LiboppiCompletion,
    LiboppiModule,
    LibraryVisit,
    Partnership,
    RotationPeriod,
)

VISITS = "networks.visits"
ROTATION = "networks.rotation"
PROJECTS = "networks.projects"
CAMPAIGNS = "networks.campaigns"
LIBOPPI_MODULES = "networks.liboppi_modules"
LIBOPPI_COMPLETIONS = "networks.liboppi_completions"
PARTNERSHIPS = "networks.partnerships"

register_first_record(VISITS, lambda: LibraryVisit.objects.order_by("date").values("date")[:1])
register_first_record(ROTATION, lambda: RotationPeriod.objects.order_by("starts_on").values("starts_on")[:1])
register_first_record(
    PROJECTS,
    lambda: (
        DevelopmentProject.objects.annotate(first=Least(Min("applications__submitted_on"), "starts_on"))
        .filter(first__isnull=False)
        .order_by("first")
        .values("first")[:1]
    ),
)
register_first_record(
    CAMPAIGNS, lambda: CampaignParticipation.objects.order_by("campaign__year").values("campaign__year")[:1]
)
register_first_record(
    LIBOPPI_MODULES, lambda: LiboppiModule.objects.order_by("first_offered_on").values("first_offered_on")[:1]
)
register_first_record(
    LIBOPPI_COMPLETIONS, lambda: LiboppiCompletion.objects.order_by("completed_on").values("completed_on")[:1]
)
register_first_record(PARTNERSHIPS, lambda: Partnership.objects.order_by("starts_on").values("starts_on")[:1])


def _span(years) -> tuple[datetime.date, datetime.date]:
    return datetime.date(min(years), 1, 1), datetime.date(max(years), 12, 31)


def _no_data(codes, years) -> dict[str, dict[int, IndicatorResult]]:
    return {code: {year: IndicatorResult() for year in years} for code in codes}


# --------------------------------------------------------------------------- C4: AKE visits
@register_family(VISITS, codes=("C4",))
def libraries_visited(*, years, today, context: IndicatorContext):
    """Libraries where an AKE visit took place in the year. A library whose staff only joined a visit
    held in another library was met, not visited: it is listed beside the share, never counted in it."""
    context.read_registry()  # whatever the data, so that the number of queries is fixed
    first, last = _span(years)
    visits = list(
        LibraryVisit.objects.filter(date__gte=first, date__lte=min(last, context.until(max(years))))
        .order_by("date", "pk")
        .values_list("pk", "date", "place_id", "place__name_fi", "place__name_sv", "place__name_en", "kind")
        .annotate(joined=ArrayAgg("participating_libraries", distinct=True, default=[]))
    )
    kinds = dict(LibraryVisit.Kind.choices)
    results = {}
    for year in years:
        if not context.covers(VISITS, year):
            results[year] = IndicatorResult()
            continue
        visited: set[int] = set()
        joined: set[int] = set()
        items = []
        for _pk, date, place_id, name_fi, name_sv, name_en, kind, participants in visits:
            if date.year != year or date > context.until(year):
                continue
            place = context.organisation(place_id)
            visited.add(place)
            joined |= {context.organisation(pk) for pk in participants if pk is not None}
            items.append(
                DrillItem(
                    label=names(name_fi, name_sv, name_en),
                    date=date,
                    library_id=place,
                    detail=str(kinds.get(kind, kind)),
                )
            )
        results[year] = IndicatorResult(
            library_ids=visited,
            items=items,
            extra={"visits": len(items)},
            extra_libraries={"met_elsewhere": joined - visited},
        )
    return {"C4": results}


# --------------------------------------------------------------------------- B7, B8: job rotation
@register_family(ROTATION, codes=("B7", "B8"))
def job_rotation(*, years, today, context: IndicatorContext):
    """B7: periods starting in the year; each person's period counts once, so an exchange counts two.
    B8: the library organisations that sent or hosted such a period."""
    context.read_registry()  # whatever the data, so that the number of queries is fixed
    first, last = _span(years)
    periods = list(
        RotationPeriod.objects.filter(starts_on__gte=first, starts_on__lte=last)
        .exclude(status=RotationPeriod.Status.CANCELLED)
        .order_by("starts_on", "pk")
        .values_list(
            "starts_on",
            "status",
            "home_library_id",
            "home_library__name_fi",
            "host_library_id",
            "host_library__name_fi",
        )
    )
    statuses = dict(RotationPeriod.Status.choices)
    results: dict[str, dict[int, IndicatorResult]] = defaultdict(dict)
    for year in years:
        if not context.covers(ROTATION, year):
            results["B7"][year] = results["B8"][year] = IndicatorResult()
            continue
        until = context.until(year)
        items, libraries, b8_items, scheduled = [], set(), [], 0
        for starts_on, status, home_id, home_name, host_id, host_name in periods:
            if starts_on.year != year:
                continue
            if starts_on > until:
                scheduled += 1
                continue
            label = f"{home_name} → {host_name}"
            items.append(
                DrillItem(
                    label=label, date=starts_on, library_id=home_id, detail=str(statuses.get(status, status))
                )
            )
            b8_items.append(DrillItem(label=label, date=starts_on))
            libraries |= {context.organisation(home_id), context.organisation(host_id)}
        results["B7"][year] = IndicatorResult(
            value=Decimal(len(items)),
            items=items,
            scheduled=Decimal(scheduled) if context.is_running(year) else None,
        )
        results["B8"][year] = IndicatorResult(library_ids=libraries, items=b8_items)
    return results


# --------------------------------------------------------------------------- A1, A2: development projects
@register_family(PROJECTS, codes=("A1", "A2"))
def development_projects(*, years, today, context: IndicatorContext):
    """A1: funding applications submitted in the year, whatever their outcome. A2: regional projects
    whose running period overlaps the year (so far, for the running year)."""
    first, last = _span(years)
    running_statuses = (DevelopmentProject.Status.RUNNING, DevelopmentProject.Status.ENDED)
    # Every application counts in the year it was submitted, whatever its outcome; a re-application
    # is another application (issue #18).
    submitted = list(
        FundingApplication.objects.filter(submitted_on__gte=first, submitted_on__lte=last)
        .order_by("submitted_on", "pk")
        .values_list(
            "project__name_fi",
            "project__name_sv",
            "project__name_en",
            "funder",
            "funder_language",
            "submitted_on",
        )
    )
    projects = list(
        DevelopmentProject.objects.filter(
            Q(scope=DevelopmentProject.Scope.REGIONAL, status__in=running_statuses, starts_on__lte=last)
            & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        )
        .order_by("starts_on", "pk")
        .values_list("name_fi", "name_sv", "name_en", "status", "scope", "starts_on", "ends_on")
    )
    statuses = dict(DevelopmentProject.Status.choices)
    results: dict[str, dict[int, IndicatorResult]] = defaultdict(dict)
    for year in years:
        if not context.covers(PROJECTS, year):
            results["A1"][year] = results["A2"][year] = IndicatorResult()
            continue
        until = context.until(year)
        year_start = datetime.date(year, 1, 1)
        applications = [
            (day, names(fi, sv, en), funder, funder_language)
            for fi, sv, en, funder, funder_language, day in submitted
            if year_start <= day <= until
        ]
        results["A1"][year] = IndicatorResult(
            value=Decimal(len(applications)),
            items=[
                # The funder's name is in its own language (Svenska kulturfonden), marked where it differs.
                DrillItem(label=name, date=submitted, detail=funder, detail_language=funder_language)
                for submitted, name, funder, funder_language in applications
            ],
        )
        items, scheduled = [], 0
        for name_fi, name_sv, name_en, status, scope, starts_on, ends_on in projects:
            if (
                scope != DevelopmentProject.Scope.REGIONAL
                or status not in running_statuses
                or starts_on is None
                or starts_on > datetime.date(year, 12, 31)
                or (ends_on is not None and ends_on < year_start)
            ):
                continue
            if starts_on <= until:
                items.append(
                    DrillItem(
                        label=names(name_fi, name_sv, name_en),
                        date=starts_on,
                        detail=str(statuses.get(status, status)),
                    )
                )
            else:
                scheduled += 1
        results["A2"][year] = IndicatorResult(
            value=Decimal(len(items)),
            items=items,
            scheduled=Decimal(scheduled) if context.is_running(year) else None,
        )
    return results


# --------------------------------------------------------------------------- A6, A7: visibility
@register_family("networks.book_fair", codes=("A6",))
def book_fair_done(*, years, today, context: IndicatorContext):
    """1 when the year's book-fair stand is marked done, 0 when not, no data when there is no record."""
    fairs = {fair.year: fair for fair in BookFair.objects.filter(year__in=list(years))}
    results = {}
    for year in years:
        fair = fairs.get(year)
        if fair is None:
            results[year] = IndicatorResult(value=None)
        else:
            results[year] = IndicatorResult(
                value=Decimal(1 if fair.done else 0), extra={"planned": fair.planned}
            )
    return {"A6": results}


@register_family(CAMPAIGNS, codes=("A7",))
def campaign_libraries(*, years, today, context: IndicatorContext):
    """Library organisations taking part in at least one of the year's campaigns."""
    context.read_registry()  # whatever the data, so that the number of queries is fixed
    participations = list(
        CampaignParticipation.objects.filter(campaign__year__in=list(years))
        .order_by("campaign__theme", "library__name_fi")
        .values_list(
            "campaign__year",
            "campaign__theme",
            "library_id",
            "library__name_fi",
            "library__name_sv",
            "library__name_en",
        )
    )
    results = {}
    for year in years:
        if not context.covers(CAMPAIGNS, year):
            results[year] = IndicatorResult()
            continue
        library_ids, items = set(), []
        for campaign_year, theme, library_id, name_fi, name_sv, name_en in participations:
            if campaign_year != year:
                continue
            organisation_id = context.organisation(library_id)
            library_ids.add(organisation_id)
            items.append(
                DrillItem(label=names(name_fi, name_sv, name_en), library_id=organisation_id, detail=theme)
            )
        results[year] = IndicatorResult(library_ids=library_ids, items=items)
    return {"A7": results}


# --------------------------------------------------------------------------- B9, B10: Liboppi
@register_family(LIBOPPI_MODULES, codes=("B9",))
def liboppi_new_modules(*, years, today, context: IndicatorContext):
    first, last = _span(years)
    modules = list(
        LiboppiModule.objects.filter(first_offered_on__gte=first, first_offered_on__lte=last)
        .order_by("first_offered_on", "pk")
        .values_list("title", "first_offered_on", "scope")
    )
    scopes = dict(LiboppiModule.Scope.choices)
    results = {}
    for year in years:
        if not context.covers(LIBOPPI_MODULES, year):
            results[year] = IndicatorResult()
            continue
        until = context.until(year)
        in_year = [row for row in modules if row[1].year == year]
        items = [
            DrillItem(label=title, date=offered, detail=str(scopes.get(scope, scope)))
            for title, offered, scope in in_year
            if offered <= until
        ]
        results[year] = IndicatorResult(
            value=Decimal(len(items)),
            items=items,
            scheduled=Decimal(len(in_year) - len(items)) if context.is_running(year) else None,
        )
    return {"B9": results}


@register_family(LIBOPPI_COMPLETIONS, codes=("B10",))
def liboppi_libraries(*, years, today, context: IndicatorContext):
    """Library organisations with at least one course completion in the year."""
    context.read_registry()  # whatever the data, so that the number of queries is fixed
    first, last = _span(years)
    rows = (
        LiboppiCompletion.objects.filter(
            completed_on__gte=first, completed_on__lte=min(last, context.until(max(years)))
        )
        .annotate(year=ExtractYear("completed_on"))
        .values("year", "library_id")
        .annotate(total=Sum("count"))
        .order_by("year", "library_id")
    )
    per_year: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        per_year[row["year"]][context.organisation(row["library_id"])] += row["total"]
    results = {}
    for year in years:
        if not context.covers(LIBOPPI_COMPLETIONS, year):
            results[year] = IndicatorResult()
            continue
        per_organisation = per_year.get(year, {})
        results[year] = IndicatorResult(
            library_ids=set(per_organisation),
            items=[
                DrillItem(label="", library_id=organisation_id, figures={"completions": total})
                for organisation_id, total in per_organisation.items()
            ],
            extra={"completions": sum(per_organisation.values())},
        )
    return {"B10": results}


# --------------------------------------------------------------------------- C3: partner libraries
@register_family(PARTNERSHIPS, codes=("C3",))
def partner_libraries(*, years, today, context: IndicatorContext):
    """Library organisations in a partnership active (overlapping) in the year."""
    context.read_registry()  # whatever the data, so that the number of queries is fixed
    first, last = _span(years)
    partnerships = list(
        Partnership.objects.filter(starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        # The Finnish column by name: modeltranslation's rewriting must not reach an aggregate query.
        .order_by("theme_fi", "pk")
        .values_list("pk", "theme_fi", "starts_on", "ends_on")
        .annotate(members=ArrayAgg("libraries", distinct=True, default=[]))
    )
    results = {}
    for year in years:
        if not context.covers(PARTNERSHIPS, year):
            results[year] = IndicatorResult()
            continue
        until = context.until(year)
        library_ids, items = set(), []
        for _pk, theme, starts_on, ends_on, members in partnerships:
            if starts_on > until or (ends_on is not None and ends_on < datetime.date(year, 1, 1)):
                continue
            library_ids |= {context.organisation(pk) for pk in members if pk is not None}
            items.append(DrillItem(label=theme, date=starts_on))
        results[year] = IndicatorResult(library_ids=library_ids, items=items)
    return {"C3": results}
