"""Costs of an event, recorded from the event in the admin (issue 17; issue #18 part 2).

Editors record and correct the lines of their own events and see only the lines they recorded;
those who may see money (``finance.view_money``: AKE admins, the planning group) see every line, the
event's totals per category and the totals of all the year's events.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from trainings.models import Event

from .forms import EventCostForm
from .models import Category, Cost
from .selectors import Totals
from .services import NOT_YOUR_EVENT, receipt_attach

ZERO = Decimal("0.00")


def _can_record(user) -> bool:
    return user.has_perm("finance.record_event_cost") or user.has_perm("finance.add_cost")


def _may_record_for(user, event) -> bool:
    return user.has_perm("finance.add_cost") or event.created_by_id == user.pk


def _may_change(user, cost) -> bool:
    return user.has_perm("finance.change_cost") or cost.recorded_by_id == user.pk


def event_cost_list(request):
    if not _can_record(request.user):
        raise PermissionDenied
    events = Event.objects.order_by("-start")
    if not request.user.has_perm("finance.add_cost"):
        events = events.filter(created_by=request.user)
    return render(
        request,
        "finance/admin/event_cost_list.html",
        {
            "events": events[:200],
            # page_title is the h1 (header_title only the <title>).
            "page_title": _("Costs of my events"),
            "header_title": _("Costs of my events"),
            "today": timezone.localdate(),
        },
    )


def _year_of_events(year: int) -> dict:
    """The costs of all the events of a year (by the date of each cost): one query."""
    unpaid = Q(amount_paid__isnull=True)
    totals = (
        Cost.objects.counted()
        .filter(activity="event", date__year=year)
        .aggregate(
            budgeted=Sum("amount_budgeted", default=ZERO),
            paid=Sum("amount_paid", default=ZERO),
            committed=Sum("amount_budgeted", filter=unpaid, default=ZERO),
            events=Count("event", distinct=True),
        )
    )
    return {"year": year, **totals}


def _event_totals(lines: list[Cost]) -> tuple[list[tuple[str, Totals]], Totals]:
    labels = dict(Category.choices)
    by_category: dict[str, Totals] = {}
    total = Totals()
    for cost in lines:
        by_category.setdefault(cost.category, Totals()).add(cost)
        total.add(cost)
    order = [value for value, _label in Category.choices]
    rows = [
        (str(labels[category]), by_category[category]) for category in sorted(by_category, key=order.index)
    ]
    return rows, total


def event_cost_record(request, event_id: int, cost_id: int | None = None):
    if not _can_record(request.user):
        raise PermissionDenied
    event = get_object_or_404(Event, pk=event_id)
    if not _may_record_for(request.user, event):
        raise PermissionDenied(NOT_YOUR_EVENT)
    editing = None
    if cost_id is not None:
        editing = get_object_or_404(Cost, pk=cost_id, event=event)
        if not _may_change(request.user, editing):
            raise PermissionDenied
    form = EventCostForm(request.POST or None, request.FILES or None, event=event, instance=editing)
    if request.method == "POST" and form.is_valid():
        cost = form.save(commit=False)
        if editing is None:
            cost.recorded_by = request.user
        with transaction.atomic():
            if form.cleaned_data.get("receipt_file"):
                receipt_attach(cost=cost, upload=form.cleaned_data["receipt_file"], uploaded_by=request.user)
            cost.save()
        messages.success(request, _("The cost was saved.") if editing else _("The cost was recorded."))
        return redirect("finance_event_cost_record", event.pk)
    sees_money = request.user.has_perm("finance.view_money")
    # An editor sees the lines they recorded themselves, never the event's totals or others' lines.
    recorded = Cost.objects.filter(event=event).select_related("recorded_by", "receipt")
    if not sees_money:
        recorded = recorded.filter(recorded_by=request.user)
    lines = list(recorded.order_by("-date", "-pk"))
    for line in lines:
        line.can_change = _may_change(request.user, line)
    context = {
        "event": event,
        "form": form,
        "editing": editing,
        "recorded": lines,
        "sees_money": sees_money,
        "header_title": _("Costs of the event %(event)s") % {"event": event.title},
    }
    context["page_title"] = context["header_title"]  # the h1 (header_title is only the <title>)
    if sees_money:
        context["by_category"], context["event_total"] = _event_totals(lines)
        context["year_of_events"] = _year_of_events(timezone.localdate(event.start).year)
    return render(request, "finance/admin/event_cost_record.html", context)
