"""Demo data of the money (issue #18): the year's budget by category and source, and costs of events,
a working group, a campaign and interlibrary loans' postage, so that the follow-up page shows a
realistic year in `make run`. The rotation and partnership costs come with their records
(networks.demo_cooperation)."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from .models import Activity, BudgetLine, Category, Cost, PayeeType, Source

# The year's budget (EUR): most from the state grant, a share from the city, trainers also from a
# project's own funding.
BUDGET = [
    (Category.TRAVEL, Source.GRANT, 6000),
    (Category.TRAVEL, Source.CITY, 1000),
    (Category.LODGING, Source.GRANT, 1500),
    (Category.SUBSTITUTES, Source.GRANT, 4000),
    (Category.TRANSPORT, Source.GRANT, 1500),
    (Category.CATERING, Source.GRANT, 3000),
    (Category.CATERING, Source.CITY, 500),
    (Category.TRANSLATION, Source.GRANT, 2500),
    (Category.DESIGN, Source.GRANT, 2000),
    (Category.TRAINERS, Source.GRANT, 9000),
    (Category.TRAINERS, Source.PROJECT, 5000),
    (Category.ROOM, Source.GRANT, 1000),
    (Category.POSTAGE, Source.GRANT, 3500),
]


def _events_over_the_year(event_model, year: int, count: int) -> list:
    """Up to ``count`` events of the year taken from each month in turn (the first of each month, then
    the second, …), so that their costs spread over the months as the events do: the year's first
    events alone would put every event cost in January."""
    by_month = defaultdict(list)
    for event in event_model.objects.filter(start__year=year).order_by("start", "pk"):
        by_month[timezone.localdate(event.start).month].append(event)
    months = [by_month[month] for month in sorted(by_month)]
    chosen = []
    for turn in range(max((len(events) for events in months), default=0)):
        chosen += [events[turn] for events in months if turn < len(events)]
    return sorted(chosen[:count], key=lambda event: (event.start, event.pk))


def load(ctx) -> None:
    from networks.models import Campaign, User, WorkingGroup
    from trainings.models import Event

    rng, year, scale = ctx.rng, ctx.year, ctx.scale
    today = timezone.localdate()
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(year=year, category=category, source=source, amount=Decimal(amount * scale))
            for category, source, amount in BUDGET
        ]
    )
    editor = User.objects.filter(email="editor@turku.fi").first()
    costs = []

    def cost(activity, category, day, budgeted, *, paid=None, payee_type=PayeeType.COMPANY, **target):
        costs.append(
            Cost(
                activity=activity,
                category=category,
                date=day,
                amount_budgeted=Decimal(budgeted),
                # A cost falling due later in the year is committed, not yet paid.
                amount_paid=Decimal(paid if paid is not None else budgeted) if day <= today else None,
                payee_type=payee_type,
                recorded_by=editor,
                **target,
            )
        )

    for index, event in enumerate(_events_over_the_year(Event, year, 8 * scale)):
        day = timezone.localdate(event.start)
        fee = rng.choice([300, 450, 600, 800])
        cost(Activity.EVENT, Category.TRAINERS, day, fee, payee_type=PayeeType.PERSON, event=event)
        if index % 2 == 0:
            catering = rng.randint(80, 240)
            cost(
                Activity.EVENT,
                Category.CATERING,
                day,
                catering,
                paid=catering - rng.randint(0, 20),
                event=event,
            )
        if index % 3 == 0:
            cost(Activity.EVENT, Category.ROOM, day, 150, payee_type=PayeeType.PUBLIC, event=event)
    group = WorkingGroup.objects.order_by("pk").first()
    if group is not None:
        for month in (3, 9):
            cost(
                Activity.GROUP,
                Category.TRAVEL,
                datetime.date(year, month, 15),
                rng.randint(120, 300),
                group=group,
            )
    campaign = Campaign.objects.filter(year=year).order_by("pk").first()
    if campaign is not None:
        cost(Activity.CAMPAIGN, Category.DESIGN, datetime.date(year, 2, 10), 900, campaign=campaign)
        cost(Activity.CAMPAIGN, Category.TRANSLATION, datetime.date(year, 2, 12), 240, campaign=campaign)
    for month in range(1, 13):
        cost(
            Activity.POSTAGE,
            Category.POSTAGE,
            datetime.date(year, month, 28),
            180 + rng.randint(0, 120) * scale,
        )
    Cost.objects.bulk_create(costs, batch_size=1000)
    ctx.log(f"  the year's budget ({len(BUDGET)} lines), {len(costs)} costs")
