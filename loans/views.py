import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ake.areas import KITS, shows_areas
from ake.decorators import post_action
from ake.memo import memoized
from networks.services import ServiceError

from .forms import (
    InterlibraryLoanRequestForm,
    KitBookingCancelForm,
    KitBookingExtendForm,
    KitBookingForm,
    MonthForm,
)
from .models import Kit, KitBooking, KitPhoto
from .selectors import (
    calendar_weeks,
    interlibrary_loan_list_for_library,
    kit_booking_get_for_user,
    kit_booking_list_for_library,
    kit_list_public,
    kit_month_availability,
    kit_next_free_slot,
    kit_type_rule_get,
    kit_type_rules_map,
    kit_yearly_loan_counts,
)
from .services import (
    BOOKING_NOT_OPEN,
    KitBookingConflict,
    interlibrary_loan_request_create,
    kit_booking_cancel,
    kit_booking_create,
    kit_booking_extend,
    kit_booking_update,
)


def _month_context(request) -> dict:
    today = timezone.localdate()
    start = MonthForm(request.GET).month_start(today)
    previous = (start - datetime.timedelta(days=1)).replace(day=1)
    following = (start + datetime.timedelta(days=32)).replace(day=1)
    return {
        "month_start": start,
        "previous_month": previous.strftime("%Y-%m"),
        "next_month": following.strftime("%Y-%m"),
        "today": today,
        "weekdays": [(WEEKDAYS_ABBR[day], WEEKDAYS[day]) for day in range(7)],
    }


def _can_book(user) -> bool:
    return user.is_authenticated and user.library_id is not None


def _apply_errors(form, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        form.add_error(None, str(error))


@shows_areas(KITS)
def kit_list(request):
    kits = list(kit_list_public())
    return render(request, "loans/kit_list.html", {"kits": kits})


@shows_areas(KITS)
def kit_calendar(request):
    """Every kit's free and booked days of one month, in one table.

    The page is the same for everyone: its parts are kept per process and content version, for the
    month asked for, the day (what "today" marks) and the language.
    """
    key = ("kit_calendar", request.GET.get("month", ""), timezone.localdate(), get_language())
    context = memoized(request, key, lambda: _kit_calendar_context(request), areas=KITS)
    return render(request, "loans/kit_calendar.html", {**context, "page_key": repr(key)})


def _kit_calendar_context(request) -> dict:
    context = _month_context(request)
    start = context["month_start"]

    def table() -> str:
        kits = list(kit_list_public())
        availability = kit_month_availability(
            kit_ids=[kit.pk for kit in kits], year=start.year, month=start.month
        )
        marks = _day_marks()
        rows = [(kit, _day_cells(availability[kit.pk], marks)) for kit in kits]
        days = availability[kits[0].pk] if kits else []
        return render_to_string(
            "loans/_kit_calendar_table.html", {"rows": rows, "days": days, "month_start": start}
        )

    context["table"] = mark_safe(table())  # noqa: S308 - our own rendered template
    return context


def _day_marks() -> dict[str, tuple[str, str]]:
    """Each day state's visible mark and its text for screen readers, translated once per table."""
    return {
        "free": ("✓", conditional_escape(_("free"))),
        "booked": ("✕", conditional_escape(_("booked"))),
        "none": ("–", conditional_escape(_("no units"))),
    }


def _day_cells(days, marks) -> str:
    """One kit's day cells of the month. Built here rather than in the template: the template's loop,
    with an ``{% if %}`` and a ``{% translate %}`` in each of 28–31 cells a kit, was most of what a
    kit calendar cost on its first view after a booking (issue #20: cold ≤ 3× warm)."""
    cells = []
    for day in days:
        state = day.state
        if state == "partly":
            mark = "◐"
            text = conditional_escape(
                _("%(free)s/%(total)s free") % {"free": day.free_units, "total": day.total_units}
            )
        else:
            mark, text = marks[state]
        cells.append(
            f'<td class="day-{state}"><span aria-hidden="true">{mark}</span>'
            f'<span class="visually-hidden">{text}</span></td>'
        )
    return mark_safe("".join(cells))  # noqa: S308 - fixed markup, escaped texts


def _kit_detail_context(request, kit: Kit, form, rule=None) -> dict:
    context = _month_context(request)
    start = context["month_start"]
    days = kit_month_availability(kit_ids=[kit.pk], year=start.year, month=start.month)[kit.pk]
    context.update(
        kit=kit,
        rule=rule or kit_type_rule_get(kit_type=kit.kit_type),
        weeks=calendar_weeks(days),
        yearly_loans=kit_yearly_loan_counts(kit=kit),
        form=form,
        can_book=_can_book(request.user),
        available_units=days[0].total_units,
    )
    return context


def _kit_or_404(pk: int) -> Kit:
    return get_object_or_404(
        Kit.objects.filter(active=True).prefetch_related(
            Prefetch("photos", queryset=KitPhoto.objects.select_related("image")),
            "documents__document",
        ),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@shows_areas(KITS)
def kit_detail(request, pk: int):
    """The kit's page; its booking form posts back here, so a refused booking stays on this page."""
    if request.method == "POST":
        return kit_book(request, pk)
    kit = _kit_or_404(pk)
    today = timezone.localdate()
    rule = kit_type_rule_get(kit_type=kit.kit_type)
    initial = {"pickup_date": request.GET.get("pickup"), "return_date": request.GET.get("return")}
    if not initial["pickup_date"]:
        pickup = today + datetime.timedelta(days=rule.shortest_lead_days)
        # The first free dates of the default loan, so that "Book" as offered is not refused as taken.
        free = kit_next_free_slot(
            kit=kit,
            loan_days=kit.default_loan_days,
            delivery=KitBookingForm.base_fields["delivery"].initial,
            not_before=pickup,
            rule=rule,
        )
        pickup, return_date = free or (pickup, pickup + datetime.timedelta(days=kit.default_loan_days - 1))
        initial = {"pickup_date": pickup, "return_date": return_date}
    form = KitBookingForm(initial=initial)
    return render(request, "loans/kit_detail.html", _kit_detail_context(request, kit, form, rule))


@post_action(lambda request, pk: reverse("loans:kit_detail", args=[pk]))
@login_required
def kit_book(request, pk: int):
    kit = _kit_or_404(pk)
    form = KitBookingForm(request.POST)
    if form.is_valid():
        try:
            booking = kit_booking_create(
                kit=kit, library=request.user.library, booked_by=request.user, **form.cleaned_data
            )
        except KitBookingConflict as error:
            form.add_error(None, str(error))
            if error.next_free:
                form.suggestion = error.next_free
        except (ServiceError, ValidationError) as error:
            _apply_errors(form, error)
        else:
            if booking.status == KitBooking.Status.REQUESTED:
                messages.warning(
                    request,
                    _("The booking is outside the rules of the kit type, so AKE approves it first: %(why)s")
                    % {"why": booking.rule_notes},
                )
            else:
                messages.success(request, _("The kit is booked for your library."))
            return redirect("loans:my_bookings")
    return render(request, "loans/kit_detail.html", _kit_detail_context(request, kit, form), status=400)


@login_required
def my_bookings(request):
    if request.user.library_id is None:
        return render(request, "loans/my_bookings.html", {"no_library": True})
    bookings = list(kit_booking_list_for_library(library=request.user.library))
    return render(
        request,
        "loans/my_bookings.html",
        {
            "current": [booking for booking in bookings if booking.is_current],
            "past": [booking for booking in bookings if not booking.is_current],
            "library": request.user.library,
        },
    )


def _own_booking_or_404(request, pk: int) -> KitBooking:
    booking = kit_booking_get_for_user(user=request.user, pk=pk)
    if booking is None:
        raise Http404
    return booking


@login_required
@require_http_methods(["GET", "POST"])
def booking_edit(request, pk: int):
    booking = _own_booking_or_404(request, pk)
    if not booking.is_open:
        messages.error(request, BOOKING_NOT_OPEN)
        return redirect("loans:my_bookings")
    initial = {
        "pickup_date": booking.pickup_date,
        "return_date": booking.return_date,
        "delivery": booking.delivery,
        "notes": booking.notes,
    }
    form = KitBookingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            booking = kit_booking_update(booking=booking, by=request.user, **form.cleaned_data)
        except KitBookingConflict as error:
            form.add_error(None, str(error))
        except (ServiceError, ValidationError) as error:
            _apply_errors(form, error)
        else:
            if booking.status == KitBooking.Status.REQUESTED:
                messages.warning(
                    request,
                    _("The new dates are outside the rules of the kit type, so AKE approves them first."),
                )
            else:
                messages.success(request, _("The booking was changed."))
            return redirect("loans:my_bookings")
    return render(
        request,
        "loans/booking_edit.html",
        {"booking": booking, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def booking_cancel(request, pk: int):
    booking = _own_booking_or_404(request, pk)
    form = KitBookingCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kit_booking_cancel(booking=booking, by=request.user, reason=form.cleaned_data["reason"])
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The booking was cancelled."))
        return redirect("loans:my_bookings")
    return render(request, "loans/booking_cancel.html", {"booking": booking, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def booking_extend(request, pk: int):
    booking = _own_booking_or_404(request, pk)
    form = KitBookingExtendForm(request.POST or None, initial={"return_date": booking.return_date})
    if request.method == "POST" and form.is_valid():
        try:
            decision = kit_booking_extend(
                booking=booking, by=request.user, return_date=form.cleaned_data["return_date"]
            )
        except (ServiceError, ValidationError) as error:
            _apply_errors(form, error)
        else:
            if decision.granted:
                messages.success(request, decision.message)
                return redirect("loans:my_bookings")
            form.add_error(None, decision.message)
    return render(
        request,
        "loans/booking_extend.html",
        {"booking": booking, "form": form, "rule": kit_type_rule_get(kit_type=booking.kit.kit_type)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def interlibrary_request(request):
    if request.user.library_id is None:
        return render(request, "loans/interlibrary_request.html", {"no_library": True})
    initial = {"contact_name": request.user.get_full_name(), "contact_email": request.user.email}
    form = InterlibraryLoanRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        interlibrary_loan_request_create(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your interlibrary-loan request was sent to Turku City Library."))
        return redirect("loans:my_interlibrary_loans")
    return render(
        request, "loans/interlibrary_request.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def my_interlibrary_loans(request):
    if request.user.library_id is None:
        return render(request, "loans/my_interlibrary_loans.html", {"no_library": True})
    loans = interlibrary_loan_list_for_library(library=request.user.library).order_by("-requested_on", "-pk")[
        :300
    ]
    return render(
        request, "loans/my_interlibrary_loans.html", {"loans": loans, "library": request.user.library}
    )


def kit_rules(request):
    return render(request, "loans/kit_rules.html", {"rules": kit_type_rules_map().values()})
