"""Indicators A3, A4 and A5 of Table 1 (DOMAIN.md), computed from the extranet's data.

One family per table (notices, subscription periods, daily usage), each computing every year the
report asks for in one query.
"""

import datetime
from decimal import Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import CharField, Count, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Concat, TruncDate
from django.utils import timezone

from ake.indicators import (
    DrillItem,
    IndicatorContext,
    IndicatorResult,
    names,
    register_family,
    register_first_record,
)
from ake.prepared import PreparedRows

NOTICES = "extranet.notices"
SUBSCRIPTIONS = "extranet.subscriptions"


def _titles(titles: list[str]) -> dict:
    """A notice's title per language: its page's in that language, else the Finnish page's (an alias
    in another tree has the Finnish title), else the first published. ``titles``: each page's
    "language:title" in the order of publication (``notices_published``)."""
    by_language = {}
    for title in titles:
        language, _colon, text = title.partition(":")
        by_language.setdefault(language, text)
    finnish = by_language.get("fi") or titles[0].partition(":")[2]
    return names(finnish, by_language.get("sv"), by_language.get("en"))


def _notices_first():
    from .models import NoticePage

    return (
        NoticePage.objects.filter(first_published_at__isnull=False)
        .order_by("first_published_at")
        .values("first_published_at")[:1]
    )


def _subscriptions_first():
    from .models import SubscriptionPeriod

    return SubscriptionPeriod.objects.order_by("subscribed_at").values("subscribed_at")[:1]


register_first_record(NOTICES, _notices_first)
register_first_record(SUBSCRIPTIONS, _subscriptions_first)


def _year_bounds(year: int):
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=tz)


def _notice_keys(start, end, now, end_day):
    """The notices by translation key first published in [start, end), or to go live before end_day."""
    from .models import NoticePage

    # A plain QuerySet: PreparedRows takes values_list() rows read the ORM's way (no page-type
    # manager of its own).
    return (
        QuerySet(model=NoticePage)
        .values("translation_key")
        .annotate(
            first=Min("first_published_at"),
            # Days in Finnish time, from the database: no time zone arithmetic per notice here.
            first_day=Min(TruncDate("first_published_at")),
            go_live_day=Min(
                TruncDate("go_live_at"), filter=Q(first_published_at__isnull=True, go_live_at__gte=now)
            ),
            # Each page's title with its language ("sv:Rubrik"), in the order of publication: the report
            # names a notice in its reader's language where the notice has a page in it (issue #14).
            # One ordered aggregate, not a second one for the languages: each sorts every notice's
            # pages, about half of the query's time at scale 10 (issue #20).
            titles=ArrayAgg(
                Concat("locale__language_code", Value(":"), "title", output_field=CharField()),
                order_by=("first_published_at", "pk"),
            ),
        )
        .filter(Q(first__gte=start, first__lt=end) | Q(first__isnull=True, go_live_day__lt=end_day))
        .order_by("first", "translation_key")
        .values_list("first_day", "go_live_day", "titles")
    )


# The statement's shape is fixed, only its four values vary: compiled once per process
# (ake/prepared.py), not built and compiled by the ORM on every report (issue #20). Its days are in
# the project's time zone, which no request changes (timezone.activate is never called).
_NOTICE_KEYS = PreparedRows(
    _notice_keys,
    datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
    datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC),
    datetime.datetime(2002, 1, 1, tzinfo=datetime.UTC),
    datetime.date(2003, 1, 1),
)


@register_family(NOTICES, codes=("A3",))
def notices_published(*, years, today, context: IndicatorContext):
    """Notices first published in the year; a translation is the same notice, counted once (under
    the title of its first publication). For the running year, notices set to go live later in the
    year and never published yet are scheduled."""
    start, end = _year_bounds(min(years))[0], _year_bounds(max(years))[1]
    now = timezone.now()
    keys = _NOTICE_KEYS.rows(start, end, now, end.date())
    results = {}
    for year in years:
        if not context.covers(NOTICES, year):
            results[year] = IndicatorResult()
            continue
        items = [
            DrillItem(label=_titles(titles), date=first_day)
            for first_day, _go_live, titles in keys
            if first_day is not None and first_day.year == year
        ]
        scheduled = None
        if context.is_running(year):
            scheduled = Decimal(
                sum(
                    1
                    for first_day, go_live, _titles in keys
                    if first_day is None and go_live and go_live.year == year
                )
            )
        results[year] = IndicatorResult(value=Decimal(len(items)), items=items, scheduled=scheduled)
    return {"A3": results}


def _counted_at(year: int, today: datetime.date) -> datetime.datetime:
    """The end of 31 December; now, for the running year."""
    end = _year_bounds(year)[1]
    return min(end, timezone.now()) if year >= today.year else end


def subscribed_address_count(*, at: datetime.datetime) -> int:
    from .models import SubscriptionPeriod

    return (
        SubscriptionPeriod.objects.filter(confirmed_at__lt=at)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=at))
        .values("subscription_id")
        .distinct()
        .count()
    )


@register_family(SUBSCRIPTIONS, codes=("A4",))
def subscribed_addresses(*, years, today, context: IndicatorContext):
    """Distinct confirmed, not unsubscribed addresses at the end of 31 December (now, in the running year)."""
    from .models import SubscriptionPeriod

    moments = {year: _counted_at(year, today) for year in years}
    counts = SubscriptionPeriod.objects.aggregate(
        **{
            f"y{year}": Count(
                "subscription_id",
                distinct=True,
                filter=Q(confirmed_at__lt=at) & (Q(ended_at__isnull=True) | Q(ended_at__gte=at)),
            )
            for year, at in moments.items()
        }
    )
    results = {}
    for year, at in moments.items():
        if not context.covers(SUBSCRIPTIONS, year):
            results[year] = IndicatorResult()
        else:
            results[year] = IndicatorResult(
                value=Decimal(counts[f"y{year}"]), extra={"counted_at": at.isoformat()}
            )
    return {"A4": results}


@register_family("extranet.usage", codes=("A5",))
def extranet_visits(*, years, today, context: IndicatorContext):
    """Visits in the year from the daily aggregates (page views shown beside them); no rows, no data."""
    from .models import DailyUsage

    totals = DailyUsage.objects.aggregate(
        **{
            f"{name}_{year}": Sum(field, filter=Q(day__year=year))
            for year in years
            for name, field in (("visits", "visits"), ("views", "page_views"))
        }
    )
    results = {}
    for year in years:
        visits = totals[f"visits_{year}"]
        if visits is None:
            results[year] = IndicatorResult(value=None)
        else:
            results[year] = IndicatorResult(
                value=Decimal(visits), extra={"page_views": totals[f"views_{year}"] or 0}
            )
    return {"A5": results}
