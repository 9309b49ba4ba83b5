"""The year's follow-up: budgeted vs paid vs committed, per category, per activity and per month.

Definitions (the same on the page, in the exports and in the PDF):
- budget: the year's budget lines (by category and source) entered by AKE admins;
- budgeted: the sum of the costs' budgeted amounts;
- paid: the sum of the amounts paid;
- committed: the budgeted amount of each cost not yet paid (a paid cost commits nothing more);
- left: budget − paid − committed.
A cost belongs to the year and the month of its date. A reimbursement claim counts only once AKE has
approved it (its approved amount is the budgeted one); claims waiting for approval are listed apart
with what was claimed, and claims not approved count nowhere.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ACTIVITY_FIELDS, Activity, BudgetLine, Category, ClaimStatus, Cost, Source

ZERO = Decimal("0.00")


@dataclass
class Totals:
    budgeted: Decimal = ZERO
    paid: Decimal = ZERO
    committed: Decimal = ZERO

    def add(self, cost: Cost) -> None:
        if not cost.counts:
            return
        self.budgeted += cost.amount_budgeted
        self.paid += cost.amount_paid or ZERO
        self.committed += cost.committed


@dataclass
class CategoryRow:
    category: str
    label: str
    budget_by_source: dict = field(default_factory=dict)  # source value -> Decimal
    totals: Totals = field(default_factory=Totals)

    @property
    def budget(self) -> Decimal:
        return sum(self.budget_by_source.values(), ZERO)

    @property
    def left(self) -> Decimal:
        return self.budget - self.totals.paid - self.totals.committed


@dataclass
class ActivityRow:
    activity: str
    kind: str
    label: str
    totals: Totals = field(default_factory=Totals)
    by_category: dict = field(default_factory=dict)  # category value -> Totals


@dataclass
class MonthRow:
    month: int
    label: str
    totals: Totals = field(default_factory=Totals)
    paid_by_category: dict = field(default_factory=dict)  # category value -> Decimal


@dataclass
class FollowUp:
    year: int
    sources: list
    categories: list
    activities: list
    months: list
    total: Totals
    budget_total: Decimal
    budget_by_source: dict
    cost_count: int
    pending_claims: int = 0
    pending_claimed: Decimal = ZERO

    @property
    def left(self) -> Decimal:
        return self.budget_total - self.total.paid - self.total.committed


def _month_label(month: int) -> str:
    from django.utils.dates import MONTHS

    return str(MONTHS[month])


def follow_up(year: int) -> FollowUp:
    costs = list(
        Cost.objects.filter(date__year=year)
        .select_related(*[f for f in ACTIVITY_FIELDS.values() if f])
        .order_by("date", "pk")
    )
    lines = list(BudgetLine.objects.filter(year=year))

    categories = {value: CategoryRow(value, str(label)) for value, label in Category.choices}
    budget_by_source = {value: ZERO for value, _label in Source.choices}
    for line in lines:
        row = categories[line.category]
        row.budget_by_source[line.source] = row.budget_by_source.get(line.source, ZERO) + line.amount
        budget_by_source[line.source] += line.amount

    months = [MonthRow(month, _month_label(month)) for month in range(1, 13)]
    activities: dict = {}
    total = Totals()
    pending_claims, pending_claimed = 0, ZERO
    for cost in costs:
        if cost.claim_status == ClaimStatus.PENDING:
            pending_claims += 1
            pending_claimed += cost.claimed_amount or ZERO
        if not cost.counts:
            continue
        total.add(cost)
        categories[cost.category].totals.add(cost)
        month = months[cost.date.month - 1]
        month.totals.add(cost)
        month.paid_by_category[cost.category] = month.paid_by_category.get(cost.category, ZERO) + (
            cost.amount_paid or ZERO
        )
        field_name = ACTIVITY_FIELDS[Activity(cost.activity)]
        key = (cost.activity, getattr(cost, f"{field_name}_id") if field_name else None)
        if key not in activities:
            activities[key] = ActivityRow(cost.activity, cost.get_activity_display(), cost.target_label)
        row = activities[key]
        row.totals.add(cost)
        row.by_category.setdefault(cost.category, Totals()).add(cost)

    order = [value for value, _label in Activity.choices]
    activity_rows = sorted(activities.values(), key=lambda row: (order.index(row.activity), row.label))
    category_rows = [
        row for row in categories.values() if row.budget_by_source or row.totals.budgeted or row.totals.paid
    ]
    return FollowUp(
        year=year,
        sources=[(value, str(label)) for value, label in Source.choices],
        categories=category_rows,
        activities=activity_rows,
        months=months,
        total=total,
        budget_total=sum(budget_by_source.values(), ZERO),
        budget_by_source=budget_by_source,
        cost_count=len(costs),
        pending_claims=pending_claims,
        pending_claimed=pending_claimed,
    )


def cost_years() -> list[int]:
    years = {date.year for date in Cost.objects.dates("date", "year")}
    years |= set(BudgetLine.objects.values_list("year", flat=True))
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def table_rows(data: FollowUp) -> dict[str, list[list]]:
    """The follow-up as plain rows (header first) for CSV, XLSX and tests: one list per table."""
    source_labels = [label for _value, label in data.sources]
    categories = [
        [
            _("Cost category"),
            *[_("Budget: %(source)s") % {"source": s} for s in source_labels],
            _("Budget"),
            _("Budgeted"),
            _("Paid"),
            _("Committed"),
            _("Left"),
        ]
    ]
    for row in data.categories:
        categories.append(
            [
                row.label,
                *[row.budget_by_source.get(value, ZERO) for value, _label in data.sources],
                row.budget,
                row.totals.budgeted,
                row.totals.paid,
                row.totals.committed,
                row.left,
            ]
        )
    categories.append(
        [
            _("Total"),
            *[data.budget_by_source[value] for value, _label in data.sources],
            data.budget_total,
            data.total.budgeted,
            data.total.paid,
            data.total.committed,
            data.left,
        ]
    )
    activities = [[_("Activity"), _("Record"), _("Cost category"), _("Budgeted"), _("Paid"), _("Committed")]]
    labels = dict(Category.choices)
    for row in data.activities:
        for category, totals in row.by_category.items():
            activities.append(
                [row.kind, row.label, str(labels[category]), totals.budgeted, totals.paid, totals.committed]
            )
        activities.append(
            [row.kind, row.label, _("Total"), row.totals.budgeted, row.totals.paid, row.totals.committed]
        )
    months = [[_("Month"), _("Budgeted"), _("Paid"), _("Committed"), _("Paid so far")]]
    running = ZERO
    for row in data.months:
        running += row.totals.paid
        months.append([row.label, row.totals.budgeted, row.totals.paid, row.totals.committed, running])
    return {"categories": categories, "activities": activities, "months": months}


@dataclass
class SourceRow:
    source: str
    label: str
    totals: Totals = field(default_factory=Totals)


@dataclass
class PendingClaims:
    count: int = 0
    claimed: Decimal = ZERO


def pending_claims(**activity) -> PendingClaims:
    """One activity's reimbursement claims still waiting for approval (e.g. ``project=project``): they
    count in no sum until approved, and are shown apart with what was claimed."""
    totals = Cost.objects.filter(claim_status=ClaimStatus.PENDING, **activity).aggregate(
        count=Count("pk"), claimed=Sum("claimed_amount")
    )
    return PendingClaims(totals["count"], totals["claimed"] or ZERO)


def money_by_source(**activity) -> tuple[list[SourceRow], Totals]:
    """One activity's money by source over all its years (e.g. ``project=project``): a project plan's
    resources in money are the costs recorded for it, so the plan and the follow-up never disagree."""
    rows = {source.value: SourceRow(source.value, str(source.label)) for source in Source}
    total = Totals()
    for cost in Cost.objects.filter(**activity).counted():
        rows[cost.source].totals.add(cost)
        total.add(cost)
    return [row for row in rows.values() if row.totals.budgeted or row.totals.paid], total
