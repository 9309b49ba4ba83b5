"""Demo data of the money (issue #18): the year's budget by category and source, and costs of events,
a working group, a campaign, the running development projects and interlibrary loans' postage, so
that the follow-up page and a project plan's "Money by source" show a realistic year in `make run`.
The rotation and partnership costs come with their records (networks.demo_cooperation)."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from .models import Activity, BudgetLine, Category, ClaimStatus, Cost, PayeeType, Source

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


# The running projects' costs of the demo year (by the project's Finnish name): category, source,
# (month, day), amount budgeted, amount paid (None: committed, not yet paid), payee type, payee and
# description. Fixed figures, not drawn: the shared generator's sequence stays what it was, and each
# category stays within the year's budget beside the other activities' costs. A project is paid
# mostly from its own funding, with the city's share and some of AKE's grant.
# fmt: off
PROJECT_COSTS = {
    "Faksista Jodeliin: mediataitoja toiselle asteelle": [
        (Category.TRAINERS, Source.PROJECT, (2, 12), "1200", "1200", PayeeType.COMPANY,
         "Mediakasvatusseura ry", "Työpajat ammattiopistossa"),
        (Category.DESIGN, Source.PROJECT, (4, 20), "800", "760", PayeeType.COMPANY,
         "Mainostoimisto Kuvio Oy", "Opettajan oppaan taitto"),
        (Category.TRAVEL, Source.GRANT, (5, 15), "420", "398.60", PayeeType.PUBLIC,
         "Kankaanpään kaupunki", "Pilottikirjaston matkat työpajoihin"),
        (Category.CATERING, Source.CITY, (11, 26), "650", None, PayeeType.COMPANY,
         "Kahvila Aura", "Loppuseminaarin tarjoilu"),
        (Category.TRANSLATION, Source.PROJECT, (12, 15), "900", None, PayeeType.COMPANY,
         "Käännöstoimisto Lingua Oy", "Loppuraportin ruotsinnos"),
    ],
    "Kestävä kehitys Lounais-Suomen kirjastoissa – Missä ollaan, minne mennään": [
        (Category.TRANSPORT, Source.PROJECT, (1, 20), "350", "350", PayeeType.COMPANY,
         "Tilausajo Vainio Oy", "Yhteiskuljetus pilottikirjastojen tapaamiseen"),
        (Category.TRAINERS, Source.PROJECT, (3, 10), "800", "800", PayeeType.PERSON,
         "", "Kestävän kehityksen työpaja"),
        (Category.ROOM, Source.CITY, (9, 17), "240", "240", PayeeType.PUBLIC,
         "Turun kaupunki", "Seminaaritila"),
    ],
}
# fmt: on
# A pilot library's claim for its staff's substitutes on a project workshop day, still waiting for
# AKE's approval: shown as waiting, counted nowhere (finance.models.UNCOUNTED_CLAIMS).
PROJECT_CLAIM = (
    "Faksista Jodeliin: mediataitoja toiselle asteelle",
    Category.SUBSTITUTES,
    (10, 8),
    Decimal("312.50"),
    "Laitilan kaupunki",
    "Sijaiset työpajapäivälle",
)


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
    costs += _project_costs(year, editor)
    Cost.objects.bulk_create(costs, batch_size=1000)
    ctx.log(f"  the year's budget ({len(BUDGET)} lines), {len(costs)} costs")


def _project_costs(year: int, editor) -> list[Cost]:
    """The running projects' costs: paid ones, committed ones (an invoice not yet paid, whatever the
    day the demo is loaded) and a claim waiting for approval, so that "Money by source" shows every
    column."""
    from networks.models import DevelopmentProject

    projects = {
        project.name_fi: project for project in DevelopmentProject.objects.filter(name_fi__in=PROJECT_COSTS)
    }
    costs = []
    for name, rows in PROJECT_COSTS.items():
        project = projects.get(name)
        if project is None:
            continue
        for category, source, (month, day), budgeted, paid, payee_type, payee, description in rows:
            costs.append(
                Cost(
                    activity=Activity.PROJECT,
                    project=project,
                    category=category,
                    source=source,
                    date=datetime.date(year, month, day),
                    amount_budgeted=Decimal(budgeted),
                    amount_paid=None if paid is None else Decimal(paid),
                    payee_type=payee_type,
                    payee=payee,
                    description=description,
                    recorded_by=editor,
                )
            )
    name, category, (month, day), claimed, payee, description = PROJECT_CLAIM
    if name in projects:
        costs.append(
            Cost(
                activity=Activity.PROJECT,
                project=projects[name],
                category=category,
                date=datetime.date(year, month, day),
                claimed_amount=claimed,
                claim_status=ClaimStatus.PENDING,
                amount_budgeted=Decimal("0"),
                payee_type=PayeeType.PUBLIC,
                payee=payee,
                description=description,
            )
        )
    return costs
