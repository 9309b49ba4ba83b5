"""Indicators A3, A4 and A5 of Table 1 (DOMAIN.md), computed from the extranet's data."""

import datetime
from decimal import Decimal

from django.db.models import Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from ake.indicators import DrillItem, IndicatorResult, register


def _year_bounds(year: int):
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=tz)


@register("A3")
def notices_published(*, year: int, today: datetime.date) -> IndicatorResult:
    """Notices first published in the year; a translation is the same notice, counted once."""
    from .models import NoticePage

    start, end = _year_bounds(year)
    first_by_key = (
        NoticePage.objects.filter(first_published_at__isnull=False)
        .values("translation_key")
        .annotate(first=Min("first_published_at"))
        .filter(first__gte=start, first__lt=end)
        .values("translation_key")
    )
    earliest = NoticePage.objects.filter(translation_key=OuterRef("translation_key")).order_by(
        "first_published_at", "pk"
    )
    rows = (
        NoticePage.objects.filter(translation_key__in=first_by_key)
        .filter(pk=Subquery(earliest.values("pk")[:1]))
        .order_by("first_published_at", "pk")
        .values_list("title", "first_published_at", "url_path")
    )
    items = [
        DrillItem(label=title, date=timezone.localtime(first).date()) for title, first, _url_path in rows
    ]
    scheduled = None
    if year == today.year:
        scheduled = Decimal(
            NoticePage.objects.filter(
                first_published_at__isnull=True, go_live_at__gte=timezone.now(), go_live_at__lt=end
            )
            .values("translation_key")
            .distinct()
            .count()
        )
    return IndicatorResult(value=Decimal(len(items)), items=items, scheduled=scheduled)


def subscribed_address_count(*, at: datetime.datetime) -> int:
    from .models import SubscriptionPeriod

    return (
        SubscriptionPeriod.objects.filter(confirmed_at__lt=at)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=at))
        .values("subscription_id")
        .distinct()
        .count()
    )


@register("A4")
def subscribed_addresses(*, year: int, today: datetime.date) -> IndicatorResult:
    """Distinct confirmed, not unsubscribed addresses at the end of 31 December (now, in the running year)."""
    _start, end = _year_bounds(year)
    at = min(end, timezone.now()) if year >= today.year else end
    return IndicatorResult(
        value=Decimal(subscribed_address_count(at=at)), extra={"counted_at": at.isoformat()}
    )


@register("A5")
def extranet_visits(*, year: int, today: datetime.date) -> IndicatorResult:
    """Visits in the year from the daily aggregates (page views shown beside them)."""
    from .models import DailyUsage

    totals = DailyUsage.objects.filter(day__year=year).aggregate(
        visits=Sum("visits"), views=Sum("page_views")
    )
    if totals["visits"] is None:
        return IndicatorResult(value=None)
    return IndicatorResult(value=Decimal(totals["visits"]), extra={"page_views": totals["views"] or 0})
