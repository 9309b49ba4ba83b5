"""Floors for bench/pages.py: what this machine serves with (almost) no application work, and
the writes of its busy-hour mix (a registration, a kit booking, through the real services).

Mounted only when AKE_BENCH_FLOORS is set, so production never exposes them.
"""

from django.http import HttpResponse
from django.shortcuts import render

THIRTY_KB = ("<p>" + "x" * 96 + "</p>\n") * 300


def floor_string(request):
    return HttpResponse(THIRTY_KB)


def floor_template(request):
    items = [{"title": f"Item {n}", "text": "y" * 1400} for n in range(20)]
    return render(request, "bench/floor.html", {"items": items})


def write_registration(request):
    """A registration through the real service, as the busy-hour mix of bench/pages.py makes them:
    the next upcoming published event, a new address each time (seat or waiting list)."""
    import uuid

    from django.utils import timezone

    from networks.models import Library
    from trainings import services
    from trainings.models import Event

    events = list(
        Event.objects.filter(status=Event.Status.PUBLISHED, start__gt=timezone.now()).order_by("start")[:10]
    )
    library = Library.objects.organisations().order_by("?").first()
    if not events:
        return HttpResponse("no event", status=409)
    event = events[uuid.uuid4().int % len(events)]
    try:
        services.registration_create(
            event=event,
            email=f"bench-{uuid.uuid4().hex[:12]}@example.fi",
            first_name="Kuorma",
            last_name="Testi",
            library=library,
        )
    except Exception as error:  # noqa: BLE001 - a refusal (closed, full) is an answer, not a failure
        return HttpResponse(f"refused: {type(error).__name__}", status=200)
    return HttpResponse("registered")


def write_booking(request):
    """A kit booking through the real service: a random active kit, a pickup day in the coming
    year; a refusal (no free unit) is answered like a booking."""
    import datetime
    import random

    from django.utils import timezone

    from loans import services
    from loans.models import Kit
    from networks.models import Library, User

    kit = Kit.objects.filter(active=True).order_by("?").first()
    library = Library.objects.organisations().order_by("?").first()
    booked_by = User.objects.filter(library__isnull=False).order_by("pk").first()
    if kit is None:
        return HttpResponse("no kit", status=409)
    pickup = timezone.localdate() + datetime.timedelta(days=random.randint(14, 360))  # noqa: S311
    try:
        services.kit_booking_create(
            kit=kit,
            library=library,
            booked_by=booked_by,
            pickup_date=pickup,
            return_date=pickup + datetime.timedelta(days=7),
            delivery="collected",
        )
    except Exception as error:  # noqa: BLE001
        return HttpResponse(f"refused: {type(error).__name__}", status=200)
    return HttpResponse("booked")
