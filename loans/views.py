import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
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
from wagtail.images import get_image_model

from ake.areas import BOOKINGS, KITS, shows_areas
from ake.decorators import post_action
from ake.memo import kept_by_value, memoized, memoized_unstored
from networks.services import ServiceError

from .forms import (
    InterlibraryLoanRequestForm,
    KitBookingCancelForm,
    KitBookingExtendForm,
    KitBookingForm,
    MonthForm,
)
from .models import Kit, KitBooking, KitUnit
from .selectors import (
    ACTIVE_KITS,
    KIT_PAGE,
    DayAvailability,
    calendar_weeks,
    interlibrary_loan_list_for_library,
    kit_booking_get_for_user,
    kit_booking_list_for_library,
    kit_days,
    kit_documents,
    kit_month_taken,
    kit_next_free_slot,
    kit_photos,
    kit_type_rule_get,
    kit_type_rules_map,
    kit_yearly_loans,
    month_bounds,
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


@shows_areas(KITS, without=BOOKINGS)
def kit_list(request):
    """The active kits with their photos and unit counts: kept per process (and rendered per
    language) until a kit, unit or photo changes; no booked days shown, so a booking leaves it warm.
    After such a change the kits are read in one compiled query and only the cards whose rows
    changed are rendered again (``_kit_cards``)."""
    language = get_language()
    cards = memoized(
        request,
        ("kit_list_cards", language),
        lambda: _kit_cards(request, language),
        areas=KITS,
        without=BOOKINGS,
    )
    return render(request, "loans/kit_list.html", {"cards": cards})


def _kit_cards(request, language: str) -> str:
    """Each active kit's card of the kit list, kept by what it is made of (its row's shown values,
    its units' count, its first photo, the language): a kit's edit renders that kit's card alone."""
    rows = ACTIVE_KITS.rows()
    positions = ACTIVE_KITS.annotation_positions()
    shown = [ACTIVE_KITS.position(name) for name in _CARD_FIELDS]
    units, image, image_file = positions["unit_ids"], positions["photo_image_id"], positions["photo_file"]
    images = {}

    def card(row) -> str:
        kit = ACTIVE_KITS.instances([row])[0]
        kit.available_units = len(kit.unit_ids)
        if kit.photo_image_id is not None and not images:  # the photos of every kit, read once
            images.update(
                (found.pk, found)
                for found in get_image_model().objects.filter(pk__in={row[image] for row in rows} - {None})
            )
        return render_to_string("loans/_kit_card.html", {"kit": kit, "photo": images.get(kit.photo_image_id)})

    cards = []
    for row in rows:
        key = (
            "kit_card",
            language,
            *(row[position] for position in shown),
            len(row[units]),
            row[image],
            row[image_file],
        )
        cards.append(kept_by_value(request, key, lambda row=row: card(row)))
    return mark_safe("".join(cards))  # noqa: S308 - our own rendered template


def material_bank_kits(request) -> list[str]:
    """The "material_kits" provider (ake/extensions.py): the material bank's list item of each
    active kit, read by the kit list's compiled query (``ACTIVE_KITS``) and each kept by the values
    it shows (its id, name in every language, kit type; the language), so a kit's edit renders that
    kit's item alone."""
    rows = ACTIVE_KITS.rows()
    shown = [ACTIVE_KITS.position(name) for name in _BANK_ITEM_FIELDS]

    def item(row) -> str:
        kit = ACTIVE_KITS.instances([row])[0]
        return render_to_string("loans/_material_bank_kit.html", {"kit": kit})

    language = get_language()
    return [
        kept_by_value(
            request,
            ("material_bank_kit", language, *(row[position] for position in shown)),
            lambda row=row: item(row),
        )
        for row in rows
    ]


# What the material bank's item of a kit shows of its row.
_BANK_ITEM_FIELDS = ("id", "name", "name_fi", "name_sv", "name_en", "kit_type")


# What a kit's card shows of its row (the translated fields with every language's column).
_CARD_FIELDS = (
    "id",
    "name",
    "name_fi",
    "name_sv",
    "name_en",
    "kit_type",
    "target_group",
    "target_group_fi",
    "target_group_sv",
    "target_group_en",
)


@shows_areas(KITS)
def kit_calendar(request):
    """Every kit's free and booked days of one month, in one table.

    The page is the same for everyone. Its heading, the month's navigation and the legend show no
    stored row: kept per month asked for, day and language whatever is written. The table is kept
    per month and language until the next write of kits or bookings, after which only the bookings
    are read again (``_kit_calendar_table``), or after a kit's edit the kits too.
    """
    language = get_language()
    key = ("kit_calendar", request.GET.get("month", ""), timezone.localdate(), language)
    context = memoized_unstored(request, key, lambda: _month_context(request))
    start = context["month_start"]
    table = memoized(
        request,
        ("kit_calendar_table", start, language),
        lambda: _kit_calendar_table(request, start, language),
        areas=KITS,
    )
    return render(request, "loans/kit_calendar.html", {**context, "table": table, "page_key": key})


# Where each kit's day cells go in the table's frame: PostgreSQL text holds no NUL, so no kit name
# (nor anything else of the template) contains one. A kit's id and name in the frame's texts are
# marked too (an id no kit has, a character no name has), to be written in for each kit.
_CELLS = "\x00"
_KIT_ID = 987654321
_KIT_NAME = "\x01"


def _kit_calendar_texts(start: datetime.date) -> tuple[list[str], list[str], list[str]] | None:
    """The kit calendar's table without its kits, for the current language, from its template: the
    text before the first kit's cells, between two kits' cells and after the last kit's, each cut
    where a kit's id and its name go (so the assembled table is the template's to the byte). Shows
    dates and translations only. None if the template is not made as this expects."""
    from types import SimpleNamespace

    first, last = month_bounds(start.year, start.month)
    days = _availability(first, 0, [0] * last.day)  # the head shows their dates only
    mark = SimpleNamespace(pk=_KIT_ID, name=_KIT_NAME)
    html = render_to_string(
        "loans/_kit_calendar_table.html",
        {"rows": [(mark, mark_safe(_CELLS))] * 2, "days": days, "month_start": start},  # noqa: S308
    )
    texts = html.split(_CELLS)
    if len(texts) != 3:
        return None
    cut = []
    for text in texts:
        parts = text.replace(str(_KIT_ID), _KIT_NAME).split(_KIT_NAME)
        # Before a kit's cells: its id then its name, once each (the last text: none).
        if len(parts) != (1 if text is texts[-1] else 3) or text.find(str(_KIT_ID)) > text.find(_KIT_NAME):
            return None
        cut.append(parts)
    return cut[0], cut[1], cut[2]


def _kit_calendar_frame(
    request, start: datetime.date, language: str
) -> tuple[list[str], list[tuple[int, frozenset]]]:
    """The kit calendar's table without its day cells, for the current language: the texts between
    the kits' cells (the table's head, each kit's name and link) and each kit's available units.
    The kits are read in one compiled query; each kit's text is kept by its id and name, so a kit's
    edit writes that kit's text alone into the frame kept apart (its template's own text, by month
    and language). Shows kits and units, no bookings."""
    rows = ACTIVE_KITS.rows()
    kit_id, units = ACTIVE_KITS.position("id"), ACTIVE_KITS.annotation_positions()["unit_ids"]
    kits = [(row[kit_id], frozenset(row[units])) for row in rows]
    texts = memoized_unstored(
        request, ("kit_calendar_texts", start, language), lambda: _kit_calendar_texts(start)
    )
    if texts is None:  # the template changed its ways: render it as it is
        return _kit_calendar_frame_rendered(start, rows), kits
    if not rows:
        return [render_to_string("loans/_kit_calendar_table.html", {"rows": [], "month_start": start})], kits
    names = [ACTIVE_KITS.position(name) for name in ("id", "name", "name_fi", "name_sv", "name_en")]

    def text_of(row, parts) -> str:
        name = conditional_escape(ACTIVE_KITS.instances([row])[0].name)
        return "".join((parts[0], str(row[kit_id]), parts[1], name, parts[2]))

    found = []
    for index, row in enumerate(rows):
        parts = texts[0] if index == 0 else texts[1]
        key = ("kit_calendar_kit", language, start, index == 0, *(row[position] for position in names))
        found.append(kept_by_value(request, key, lambda row=row, parts=parts: text_of(row, parts)))
    found.append(texts[2][0])
    return found, kits


def _kit_calendar_frame_rendered(start: datetime.date, rows) -> list[str]:
    """The frame as the table's template renders it with a mark where each kit's cells go."""
    kits = ACTIVE_KITS.instances(rows)
    first, last = month_bounds(start.year, start.month)
    html = render_to_string(
        "loans/_kit_calendar_table.html",
        {
            "rows": [(kit, mark_safe(_CELLS)) for kit in kits],  # noqa: S308
            "days": _availability(first, 0, [0] * last.day),
            "month_start": start,
        },
    )
    return html.split(_CELLS)


def _kit_calendar_table(request, start: datetime.date, language: str) -> str:
    """The table of every kit's days: its frame kept apart from the bookings (a booking leaves it
    warm), the bookings read in one query, each kit's cells kept per language and availability (a
    booking changes one kit's: the other rows are not built again)."""
    texts, kits = memoized(
        request,
        ("kit_calendar_frame", start, language),
        lambda: _kit_calendar_frame(request, start, language),
        areas=KITS,
        without=BOOKINGS,
    )
    if not kits:
        return mark_safe(texts[0])  # noqa: S308 - our own rendered template
    length = month_bounds(start.year, start.month)[1].day
    taken = kit_month_taken(units=dict(kits), year=start.year, month=start.month)
    parts = [texts[0]]
    for (kit_id, units), text in zip(kits, texts[1:], strict=True):
        counts = taken.get(kit_id)
        # The cells are made of nothing but their key (the kit's units, the units taken on each day
        # of the month, the language): kept by value, built again only when a kit's days change.
        cells_key = ("kit_cells", language, len(units), tuple(counts) if counts else length)
        shape = (start, len(units), counts or [0] * length)
        parts.append(kept_by_value(request, cells_key, lambda shape=shape: _cells_of(*shape)))
        parts.append(text)
    return mark_safe("".join(parts))  # noqa: S308 - our own rendered template and cells


def _cells_of(start: datetime.date, total: int, taken: list[int]) -> str:
    return _day_cells(_availability(start, total, taken), _day_marks())


class _StateMark(str):
    """A day state no ``{% if day.state == … %}`` matches: the month calendar's template renders its
    fallback text ("–") for it, and the mark itself where the state's class goes."""

    __hash__ = str.__hash__

    def __eq__(self, other):
        return False

    def __ne__(self, other):
        return True


_STATE = _StateMark("\x00")
_UNKNOWN = "–"  # what the template writes for a day of no known state


def _month_calendar_frame(month_start: datetime.date, today: datetime.date) -> list[str] | None:
    """A kit page's month calendar without its days' states, for the current language: the
    template's own text between each day's state class and state text (two per day), made from
    dates and translations only. None if the template is no longer made as this expects."""
    from types import SimpleNamespace

    first, last = month_bounds(month_start.year, month_start.month)
    days = [SimpleNamespace(date=first + datetime.timedelta(days=n), state=_STATE) for n in range(last.day)]
    html = render_to_string(
        "loans/_month_calendar.html",
        {
            "weeks": calendar_weeks(days),
            "today": today,
            "month_start": month_start,
            "weekdays": [(WEEKDAYS_ABBR[day], WEEKDAYS[day]) for day in range(7)],
        },
    )
    pieces = html.split(_STATE)
    if len(pieces) != len(days) + 1:
        return None
    frame = [pieces[0]]
    for piece in pieces[1:]:
        before, found, after = piece.partition(_UNKNOWN)
        if not found or '<span class="day-state">' not in before:
            return None
        frame += [before, after]
    return frame


def _month_calendar_html(request, weeks, today: datetime.date, month_start: datetime.date) -> str:
    """The kit page's month calendar: the template's text, kept per month, day and language (it shows
    no stored row), with each day's state and its text put in. Built so rather than by the template's
    loop, whose ``{% if %}`` and ``{% translate %}`` in every cell were most of a kit page's first
    view after a booking of the kit. Byte-compared with the template in tests/loans/test_pages.py."""
    frame = memoized_unstored(
        request,
        ("kit_month_calendar", month_start, today, get_language()),
        lambda: _month_calendar_frame(month_start, today),
    )
    if frame is None:  # the template changed its ways: render it as it is
        return render_to_string(
            "loans/_month_calendar.html",
            {
                "weeks": weeks,
                "today": today,
                "month_start": month_start,
                "weekdays": [(WEEKDAYS_ABBR[day], WEEKDAYS[day]) for day in range(7)],
            },
        )
    texts = {state: conditional_escape(_(state)) for state in ("free", "booked")}
    parts = [frame[0]]
    position = 1
    for week in weeks:
        for day in week:
            if day is None:
                continue
            state = day.state
            if state == "partly":
                text = conditional_escape(
                    _("%(free)s/%(total)s free") % {"free": day.free_units, "total": day.total_units}
                )
            else:
                text = texts.get(state, _UNKNOWN)
            parts += [state, frame[position], text, frame[position + 1]]
            position += 2
    return mark_safe("".join(parts))  # noqa: S308 - the template's text, escaped texts


def _availability(start: datetime.date, total: int, taken: list[int]) -> list[DayAvailability]:
    return [
        DayAvailability(start + datetime.timedelta(days=n), total - count, total)
        for n, count in enumerate(taken)
    ]


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


def _kit_detail_context(request, kit: Kit, form, rule=None, *, units=None, about_key=None) -> dict:
    """The kit page's context. Its parts are kept per process: the kit with what its photos and
    documents show and its units (``about_key``, ``_kit_page``), its type's rule (no bookings
    shown: a booking leaves them warm), and the month's availability with the yearly loans until
    the next write of kits or bookings; after a booking these are read again (two queries compiled
    once per process) and the availability's fragment is made again only if they changed
    (``availability_key``: every value it is made of). The kit's photos and documents are read
    only when the part that shows them is rendered again (``kit_photos``, ``kit_documents``)."""
    context = _month_context(request)
    start = context["month_start"]
    rule = rule or _kit_type_rule(request, kit.kit_type)
    if units is None:
        units = frozenset(
            KitUnit.objects.filter(kit_id=kit.pk, state=KitUnit.State.AVAILABLE).values_list("pk", flat=True)
        )

    def read():
        days = kit_days(kit_id=kit.pk, units=units, year=start.year, month=start.month)
        yearly_loans = kit_yearly_loans(kit_id=kit.pk)
        shown = (tuple((day.free_units, day.total_units) for day in days), tuple(yearly_loans))
        return days, yearly_loans, shown

    days, yearly_loans, shown = memoized(request, ("kit_page_bookings", kit.pk, start), read, areas=KITS)
    context.update(
        kit=kit,
        # Called by the template only when the part that shows them is made again.
        kit_photos=lambda: kit_photos(kit_id=kit.pk),
        kit_documents=lambda: kit_documents(kit_id=kit.pk),
        about_key=about_key,
        rule=rule,
        rule_key=(rule.kit_type, rule.shortest_lead_days, rule.max_ahead_days, rule.longest_loan_days),
        weeks=calendar_weeks(days),
        # Called by the template only when the availability's fragment is made again.
        month_calendar=lambda: _month_calendar_html(request, context["weeks"], context["today"], start),
        yearly_loans=yearly_loans,
        availability_key=(start, context["today"], rule.transit_days, rule.checking_days, *shown),
        form=form,
        can_book=_can_book(request.user),
        available_units=len(units),
    )
    return context


def _kit_type_rule(request, kit_type: str):
    return memoized(
        request,
        ("kit_type_rule", kit_type),
        lambda: kit_type_rule_get(kit_type=kit_type),
        areas=KITS,
        without=BOOKINGS,
    )


def _kit_or_404(pk: int) -> Kit:
    return get_object_or_404(Kit.objects.filter(active=True), pk=pk)


def _kit_page(pk: int) -> tuple[Kit, frozenset, tuple] | None:
    """The active kit ``pk`` (None: no such kit) from one compiled query, with its available units
    and every value of its row, its photos' and its documents' (what the page's description part is
    made of: it is kept by them, so another kit's edit renders nothing of this page again)."""
    rows = KIT_PAGE.rows(pk)
    if not rows:
        return None
    kit = KIT_PAGE.instances(rows)[0]
    about = tuple(tuple(value) if isinstance(value, list) else value for value in rows[0])
    return kit, frozenset(kit.unit_ids), about


@require_http_methods(["GET", "POST"])
@shows_areas(KITS)
def kit_detail(request, pk: int):
    """The kit's page; its booking form posts back here, so a refused booking stays on this page."""
    if request.method == "POST":
        return kit_book(request, pk)
    # Kept read-only (the template only reads the kit).
    found = memoized(request, ("kit_page", pk), lambda: _kit_page(pk), areas=KITS, without=BOOKINGS)
    if found is None:
        raise Http404
    kit, units, about_key = found
    rule = _kit_type_rule(request, kit.kit_type)
    initial = {}
    if _can_book(request.user):  # the form is shown to those who can book only
        initial = {"pickup_date": request.GET.get("pickup"), "return_date": request.GET.get("return")}
        if not initial["pickup_date"]:
            initial = _first_free_dates(request, kit, rule)
    form = KitBookingForm(initial=initial)
    context = _kit_detail_context(request, kit, form, rule, units=units, about_key=about_key)
    return render(request, "loans/kit_detail.html", context)


def _first_free_dates(request, kit: Kit, rule) -> dict:
    """The first free dates of the default loan, so that "Book" as offered is not refused as taken;
    the same for every visitor who can book (kept per kit and day)."""
    today = timezone.localdate()

    def find():
        pickup = today + datetime.timedelta(days=rule.shortest_lead_days)
        free = kit_next_free_slot(
            kit=kit,
            loan_days=kit.default_loan_days,
            delivery=KitBookingForm.base_fields["delivery"].initial,
            not_before=pickup,
            rule=rule,
        )
        pickup, return_date = free or (pickup, pickup + datetime.timedelta(days=kit.default_loan_days - 1))
        return {"pickup_date": pickup, "return_date": return_date}

    return dict(memoized(request, ("kit_first_free", kit.pk, today), find, areas=KITS))


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
