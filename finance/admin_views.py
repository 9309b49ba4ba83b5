"""Costs of one's own events, recorded by AKE editors (who see no totals)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from trainings.models import Event

from .forms import EventCostForm
from .models import Cost
from .services import NOT_YOUR_EVENT


def _can_record(user) -> bool:
    return user.has_perm("finance.record_event_cost") or user.has_perm("finance.add_cost")


def _may_record_for(user, event) -> bool:
    return user.has_perm("finance.add_cost") or event.created_by_id == user.pk


def event_cost_list(request):
    if not _can_record(request.user):
        raise PermissionDenied
    events = Event.objects.order_by("-start")
    if not request.user.has_perm("finance.add_cost"):
        events = events.filter(created_by=request.user)
    return render(
        request,
        "finance/admin/event_cost_list.html",
        {"events": events[:200], "header_title": _("Costs of my events"), "today": timezone.localdate()},
    )


def event_cost_record(request, event_id: int):
    if not _can_record(request.user):
        raise PermissionDenied
    event = get_object_or_404(Event, pk=event_id)
    if not _may_record_for(request.user, event):
        raise PermissionDenied(NOT_YOUR_EVENT)
    form = EventCostForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        cost = form.save(commit=False)
        cost.recorded_by = request.user
        cost.save()
        messages.success(request, _("The cost was recorded."))
        return redirect("finance_event_cost_record", event.pk)
    # An editor sees the lines they recorded themselves, never the event's totals or others' lines.
    recorded = Cost.objects.filter(event=event)
    if not request.user.has_perm("finance.view_money"):
        recorded = recorded.filter(recorded_by=request.user)
    return render(
        request,
        "finance/admin/event_cost_record.html",
        {
            "event": event,
            "form": form,
            "recorded": recorded.order_by("-date", "-pk"),
            "header_title": _("Costs of the event %(event)s") % {"event": event.title},
        },
    )
