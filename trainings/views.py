import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ake.areas import EVENTS, REGISTRY, SEATS, shows_areas
from ake.decorators import post_action
from ake.memo import current_minute, kept_by_value, memoized, memoized_unstored
from networks.services import ServiceError

from . import learning, selectors, services
from .forms import CalendarFilterForm, RegistrationForm
from .ical import calendar_bytes
from .models import Attendance, CalendarFeedToken, Event, FeedbackReceipt, Registration, event_url_maker
from .tokens import feedback_token, offer_from_token

CALENDAR_PAGE_SIZE = 20
FEED_LIMIT = 500
FEED_PAST = datetime.timedelta(days=180)


def _calendar_filters(request) -> tuple[dict, str]:
    """The selector arguments of the query string and the filter form as HTML."""
    form = CalendarFilterForm(request.GET or None)
    return form.selector_kwargs(), render_to_string("trainings/_calendar_filters.html", {"form": form})


# Where an event card's seat badges go in the calendar's kept list: the badges are kept apart and
# put in per request (``calendar``). A comment, which no escaped text of an event can contain.
SEATS_MARK = "<!--seats-->"


def _seat_limits(event) -> tuple[int | None, int | None]:
    """The seats of each mode a card shows a badge for (None: that mode shows none)."""
    return (
        event.seats_on_site if event.has_on_site else None,
        event.seats_remote if event.has_remote else None,
    )


def seat_badge_texts() -> tuple[str, str, str, str]:
    """The seat badges' texts in the current language, escaped as ``{% translate %}`` escapes them:
    on site full and free, remote full and free."""
    from django.utils.html import conditional_escape as esc

    return (
        esc(_("On site: full, waitlist open")),
        esc(_("On site: seats available")),
        esc(_("Remote: full, waitlist open")),
        esc(_("Remote: seats available")),
    )


def seat_badges_html(limits, taken_on_site: int, taken_remote: int, texts) -> str:
    """A card's seat badges (``_seat_limits``, the seats taken in each mode, ``seat_badge_texts``):
    the template's two ``{% if %}`` blocks in trainings/includes/event_card.html, each with its
    lines' whitespace."""
    parts = []
    for seats, taken, full, free in (
        (limits[0], taken_on_site, texts[0], texts[1]),
        (limits[1], taken_remote, texts[2], texts[3]),
    ):
        part = ""
        if seats is not None:
            if taken >= seats:
                part = f'\n        <span class="badge badge-warn">{full}</span>\n        \n      '
            else:
                part = f'\n        <span class="badge badge-ok">{free}</span>\n      '
        parts.append(part)
    return f"\n      {parts[0]}\n      {parts[1]}\n    "


def event_cards_html(events, *, seats_apart: bool = False) -> str:
    """The calendar's event cards, written in Python with the markup, filters and escaping of
    trainings/includes/event_card.html in the calendar's loop (``{{ x }}``: conditional_escape;
    ``date`` in the current time zone; ``{% translate %}``): 20 cards through the template were
    most of a cold calendar's rendering (issue #20). ``tests/trainings/test_event_cards.py``
    compares them with the template loop to the byte.

    ``seats_apart``: a card whose badges show seats taken gets ``SEATS_MARK`` in their place (the
    events need no seat annotations then), for the calendar to keep the cards across registrations
    and put in the badges (``seat_badges_html``) kept apart."""
    from django.template.defaultfilters import date as date_filter
    from django.utils.html import conditional_escape as esc
    from django.utils.timezone import template_localtime

    event_url = event_url_maker()
    labels = {
        name: {value: str(label) for value, label in Event._meta.get_field(name).flatchoices}
        for name in ("kind", "format", "language")
    }

    def when(value) -> str:
        local = template_localtime(value)
        iso, shown = esc(date_filter(local, "c")), esc(date_filter(local, "D j.n.Y H:i"))
        return f'<time datetime="{iso}">{shown}</time>'

    # Translated once per listing, outside the f-strings (makemessages does not read gettext in them).
    cancelled = esc(_("Cancelled"))
    cancelled = f'<span class="badge badge-error">{cancelled}</span>\n    '
    texts = seat_badge_texts()
    no_badges = seat_badges_html((None, None), 0, 0, texts)
    cards = []
    for event in events:
        url = event_url(event.pk)
        times = when(event.start)
        if event.is_multi_day:
            times += f" – {when(event.end)}"
        kinds = " · ".join(
            esc(labels[name].get(getattr(event, name), getattr(event, name)))
            for name in ("kind", "format", "language")
        )
        place, summary = event.place, event.summary
        if event.is_cancelled:
            badges = cancelled
        else:
            limits = _seat_limits(event)
            if limits == (None, None):
                badges = no_badges
            elif seats_apart:
                badges = SEATS_MARK
            else:
                badges = seat_badges_html(limits, event.taken_on_site, event.taken_remote, texts)
        cards.append(
            f'\n    \n<li class="card event-card">\n  <h2><a href="{esc(url)}">{esc(event.title)}</a></h2>'
            f'\n  <p class="meta">\n    {times}\n    · {kinds}\n  </p>'
            f"\n  {f'<p>{esc(place)}</p>' if place else ''}"
            f"\n  {f'<p>{esc(summary)}</p>' if summary else ''}"
            f"\n  <p>\n    {badges}\n  </p>\n</li>\n\n  "
        )
    return mark_safe("".join(cards))  # noqa: S308 - every value escaped above


def calendar_seat_badges(limits: tuple) -> list[str]:
    """The seat badges of the cards marked ``SEATS_MARK`` (``limits``: each card's event id and
    ``_seat_limits``), in their order: one query for all of them (``selectors.seats_taken``)."""
    taken = selectors.seats_taken(event_id for event_id, _on_site, _remote in limits)
    none, texts = selectors.TakenSeats(), seat_badge_texts()
    badges = []
    for event_id, on_site, remote in limits:
        found = taken.get(event_id, none)
        badges.append(seat_badges_html((on_site, remote), found.on_site, found.remote, texts))
    return badges


# Pages of the unfiltered calendar read from rows (``_calendar_listing_from_rows``); filtered lists
# and further pages go through the ORM.
CALENDAR_PAGES_FROM_ROWS = 10
# Where the cards go in the calendar's kept frame (its list and pager without the cards).
CARDS_MARK = "<!--cards-->"


def _calendar_listing(request, filters: dict, query_string: str) -> tuple:
    """The calendar's count of events, its list and pager as HTML split at each card's seat badges
    (``SEATS_MARK``), and those cards' event ids with their seat limits: what no registration
    changes."""
    number = request.GET.get("page") or "1"
    if not any(filters.values()) and number.isdigit() and 1 <= int(number) <= CALENDAR_PAGES_FROM_ROWS:
        found = _calendar_listing_from_rows(request, int(number), query_string)
        if found is not None:
            return found
    return _calendar_listing_orm(request, filters, query_string)


def _calendar_listing_orm(request, filters: dict, query_string: str) -> tuple:
    """``_calendar_listing`` through the ORM: a filtered list, a page past the end or not a number."""
    page = Paginator(selectors.event_list_public(**filters, seats=False), CALENDAR_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    events = list(page.object_list)
    page.object_list = events
    html = render_to_string(
        "trainings/includes/calendar_list.html",
        {
            "events": events,
            "page_obj": page,
            "query_string": query_string,
            "event_cards": lambda: event_cards_html(events, seats_apart=True),
        },
    )
    return page.paginator.count, tuple(html.split(SEATS_MARK)), calendar_seat_limits(events)


def _calendar_listing_from_rows(request, number: int, query_string: str) -> tuple | None:
    """``_calendar_listing`` of the unfiltered calendar's page ``number``, from the rows of one
    statement compiled once per process (``selectors.calendar_page_query``: the page's events and
    their count), each card kept by its row and the frame (list and pager) by its count and page
    (ake/memo.py ``kept_by_value``): the first view after an event's edit reads the rows and writes
    that event's card alone (issue #20). None for a page past the end (the ORM's paginator decides)."""
    from django.core.paginator import Page

    query = selectors.calendar_page_query(number, CALENDAR_PAGE_SIZE)
    rows = query.rows(timezone.now())
    if not rows and number > 1:
        return None
    at = query.annotation_positions()["event_count"]
    count = rows[0][at] if rows else 0
    # What a card is made of besides its row: its texts' language (and links' prefix), the time zone.
    around = (translation.get_language(), timezone.get_current_timezone_name())
    cards, limits = [], []
    for row in rows:
        # The row without the count (another event's edit changes it, not this card).
        values = row[:at] + row[at + 1 :]
        card, limit = kept_by_value(
            request, ("calendar_card", *around, values), lambda row=row: _card(query, row)
        )
        cards.append(card)
        limits.extend(limit)
    paginator = Paginator(range(count), CALENDAR_PAGE_SIZE)
    page = Page(range(len(rows)), number, paginator)
    frame = kept_by_value(
        request,
        ("calendar_frame", *around, number, paginator.num_pages, bool(rows), query_string),
        lambda: render_to_string(
            "trainings/includes/calendar_list.html",
            {
                "events": rows,
                "page_obj": page,
                "query_string": query_string,
                "event_cards": mark_safe(CARDS_MARK),  # noqa: S308 - a comment of our own
            },
        ),
    )
    html = frame.replace(CARDS_MARK, "".join(cards), 1)
    return count, tuple(html.split(SEATS_MARK)), tuple(limits)


def _card(query, row) -> tuple[str, tuple]:
    """An event card of the calendar marked where its seat badges go, and its seat limits (none or
    one ``calendar_seat_limits`` entry), from the event's row."""
    events = query.instances([row])
    return event_cards_html(events, seats_apart=True), calendar_seat_limits(events)


def calendar_seat_limits(events) -> tuple:
    """The event id and ``_seat_limits`` of each card that ``event_cards_html(seats_apart=True)``
    marks with ``SEATS_MARK``, in their order."""
    return tuple(
        (event.pk, *limits)
        for event in events
        if not event.is_cancelled and (limits := _seat_limits(event)) != (None, None)
    )


def fill_seat_badges(chunks, badges) -> str:
    """HTML split at ``SEATS_MARK`` with each mark's badges (``calendar_seat_badges``) put back."""
    pairs = zip(badges, chunks[1:], strict=True)
    return "".join((chunks[0], *(part for pair in pairs for part in pair)))


# The list shows no seat figure: its kept copy outlives a registration, and the badges are kept
# apart under the whole events area (their own copy, one query) and put in per request. Nothing of
# the registry either (a card shows no library or group): a group or library edit leaves it warm.
@shows_areas(EVENTS, without=SEATS)
def calendar(request):
    # Validating and rendering the filter widgets took a third of the page's time; they depend only
    # on the query string, the language and the date (the month choices), on no stored row: no
    # write retires them (a fifth of the first view after a registration, issue #20).
    filters_key = (
        "calendar_filters",
        translation.get_language(),
        request.GET.urlencode(),
        timezone.localdate(),
    )
    filters, filters_html = memoized_unstored(request, filters_key, lambda: _calendar_filters(request))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    query_string = urlencode(query)
    # The same for everyone with the same filters and language; "upcoming" moves with the clock,
    # hence the minute.
    key = (
        "calendar",
        translation.get_language(),
        repr(sorted(filters.items())),
        request.GET.get("page"),
        query_string,
        current_minute(),
    )
    count, chunks, limits = memoized(
        request,
        key,
        lambda: _calendar_listing(request, filters, query_string),
        areas=EVENTS,
        without=SEATS,
    )
    list_html = chunks[0]
    if limits:
        badges = memoized(
            request,
            ("calendar_seats", translation.get_language(), limits),
            lambda: calendar_seat_badges(limits),
            areas=EVENTS,
        )
        list_html = fill_seat_badges(chunks, badges)
    return render(
        request,
        "trainings/calendar.html",
        {
            "filters_html": mark_safe(filters_html),  # noqa: S308 - our own rendered template
            "event_count": count,
            "list_html": mark_safe(list_html),  # noqa: S308 - our own rendered template
            "feed_url": reverse("trainings:feed") + (f"?{query_string}" if query else ""),
        },
    )


# The event's facts, materials and pick-up points show no seat figure: kept across registrations;
# the seat figures are kept apart under the whole events area (one query after a registration).
# After a write of their areas each is read again with a compiled statement and rendered again only
# when its rows changed ({% kept %} by the rows' stamps, selectors.event_page_event).
@shows_areas(EVENTS, REGISTRY, without=SEATS)
def event_detail(request, pk):
    minute = current_minute()
    event, event_stamp = memoized(
        request,
        ("event_public", pk, minute),
        lambda: selectors.event_page_event(pk),
        areas=(EVENTS, REGISTRY),
        without=SEATS,
    )
    if event is None:
        raise Http404
    user = request.user
    # The visitor's own registration is read on every request, never kept: kept copies are shared by
    # all visitors of the process (ake/memo.py).
    registration = selectors.registration_for(event=event, user=user) if user.is_authenticated else None
    now = timezone.now()
    feedback_url = ""
    if registration is not None and event.feedback_enabled and event.end < now:
        attendance = Attendance.objects.filter(event=event, email=registration.email).first()
        if attendance and not FeedbackReceipt.objects.filter(event=event, email=attendance.email).exists():
            feedback_url = reverse("surveys:feedback", args=[feedback_token(attendance)])
    registration_open = (
        event.status == Event.Status.PUBLISHED
        and event.registration_required
        and event.start > now
        and (event.registration_opens is None or event.registration_opens <= now)
        and (event.registration_closes is None or event.registration_closes >= now)
    )
    points = (
        memoized(
            request,
            ("pickup_points", pk),
            lambda: selectors.event_page_pickup_points(event),
            areas=EVENTS,
            without=SEATS,
        )
        if event.has_on_site
        else []
    )
    seats, pickup_points = [], []
    # Read only where the page shows them: the seats of a registration still to come, the pick-up
    # points' seats taken.
    if points or (
        not event.is_cancelled
        and event.registration_required
        and event.end > now
        and (event.has_on_site or event.has_remote)
    ):
        seats, pickup_points = memoized(
            request,
            ("event_seats", pk),
            lambda: selectors.event_seat_figures(event, points),
            areas=EVENTS,
        )
    materials, materials_stamp = memoized(
        request,
        ("event_materials", pk),
        lambda: selectors.event_page_materials(event),
        areas=EVENTS,
        without=SEATS,
    )
    return render(
        request,
        "trainings/event_detail.html",
        {
            "event": event,
            "event_stamp": event_stamp,
            "registration": registration,
            "seats": seats,
            "pickup_points": pickup_points,
            "materials": materials,
            "materials_stamp": materials_stamp,
            "registration_open": registration_open,
            "show_online_url": registration is not None
            and registration.status == Registration.Status.CONFIRMED
            and bool(event.online_url),
            "can_cancel": registration is not None
            and registration.is_active
            and (not registration.holds_seat or now <= event.cancellation_deadline()),
            "feedback_url": feedback_url,
            "now": now,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request, pk):
    # The form shows the seats left at each pick-up point and viewing room: counted as everywhere
    # else (selectors.seats_taken), the event itself read without seat figures.
    event = selectors.event_get_public(pk=pk, seats=False)
    if event is None:
        raise Http404
    pickup_points, viewing_rooms = selectors.seat_choices(event=event)
    questions = list(event.registration_questions.all())
    user = request.user
    # Without a library of the region a person takes part as a guest, where the event is open to guests.
    guest = user.library_id is None
    if guest and not event.open_to_guests:
        return render(request, "trainings/register.html", {"event": event, "no_library": True})
    initial = {"phone": user.phone}
    form = RegistrationForm(
        request.POST or None,
        event=event,
        pickup_points=pickup_points,
        viewing_rooms=viewing_rooms,
        initial=initial,
        guest=guest,
        questions=questions,
        language=translation.get_language() or "fi",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                event=event,
                user=user,
                email=user.email,
                first_name=user.first_name or user.email.split("@")[0],
                last_name=user.last_name,
                library=user.library,
                guest_library=data.get("guest_library"),
                guest_organisation=data.get("guest_organisation", ""),
                participation=data.get("participation") or None,
                phone=data.get("phone", ""),
                diet=data.get("diet", ""),
                accessibility=data.get("accessibility", ""),
                emergency_contact=data.get("emergency_contact", ""),
                pickup_point=data.get("pickup_point"),
                viewing_room=data.get("viewing_room"),
                answers=form.answers(),
                language=user.language,
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(request, _("You are registered. A confirmation was sent to your email."))
            elif registration.status == Registration.Status.AWAITING_APPROVAL:
                messages.info(
                    request,
                    _("Your registration is waiting for AKE's approval. You will get the decision by email."),
                )
            else:
                messages.info(
                    request,
                    _("The event is full: you are on the waitlist. We will email you if a seat frees up."),
                )
            return redirect(event.get_absolute_url())
    return render(request, "trainings/register.html", {"event": event, "form": form, "guest": guest})


@login_required
def my_events(request):
    registrations = list(selectors.my_registrations(user=request.user))
    pending = selectors.my_feedback_pending(user=request.user)
    now = timezone.now()
    for registration in registrations:
        attendance = pending.get(registration.event_id)
        registration.feedback_url = (
            reverse("surveys:feedback", args=[feedback_token(attendance)])
            if attendance and registration.event.end < now
            else ""
        )
        registration.can_cancel = registration.is_active and (
            not registration.holds_seat or now <= registration.event.cancellation_deadline()
        )
    token = services.calendar_token_get(user=request.user)
    return render(
        request,
        "trainings/my_events.html",
        {
            "upcoming": [r for r in registrations if r.event.end >= now],
            "past": [r for r in registrations if r.event.end < now],
            "feed_url": request.build_absolute_uri(reverse("trainings:private_feed", args=[token.token])),
        },
    )


@login_required
def my_learning(request):
    """The events the user attended, per year with the total hours (for development discussions)."""
    return render(
        request, "trainings/my_learning.html", {"years": learning.learning_by_year(user=request.user)}
    )


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def my_learning_export(request, fmt):
    rows = learning.export_rows(learning.learning_by_year(user=request.user))
    filename = f"my-learning-{timezone.localdate():%Y-%m-%d}"
    if fmt == "csv":
        response = HttpResponse(learning.csv_bytes(rows), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(learning.xlsx_bytes(rows), content_type=XLSX_TYPE)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@login_required
def certificate(request, pk):
    """The signed-in person's own certificate of attendance, in the language of the page.

    Looked up among the user's own attendances only: anyone else's (whatever the role) is not found.
    """
    attendance = get_object_or_404(learning.my_attendances(user=request.user), pk=pk)
    language = translation.get_language() or "fi"
    content = learning.certificate_pdf(attendance, user=request.user, language=language)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"certificate-{attendance.event_id}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def registration_cancel(request, pk):
    registration = get_object_or_404(selectors.my_registrations(user=request.user), pk=pk)
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            if registration.status == Registration.Status.WAITLISTED:
                messages.success(request, _("You left the waitlist."))
            else:
                messages.success(request, _("Your registration was cancelled."))
        return redirect("trainings:my_events")
    return render(request, "trainings/registration_cancel.html", {"registration": registration})


@post_action(lambda request: reverse("trainings:my_events"))
@login_required
def feed_reset(request):
    services.calendar_token_reset(user=request.user)
    messages.success(request, _("Your calendar feed has a new address; the old one no longer works."))
    return redirect("trainings:my_events")


@require_http_methods(["GET", "POST"])
def offer(request, token):
    """A seat offered from the waitlist: GET only shows it (mail scanners follow links), POST decides."""
    found = offer_from_token(token)
    registration = None
    if found:
        registration = Registration.objects.select_related("event").filter(pk=found[0]).first()
    valid = (
        registration is not None
        and registration.status == Registration.Status.OFFERED
        and int(registration.offer_expires_at.timestamp()) == found[1]
        and registration.offer_expires_at > timezone.now()
    )
    if request.method == "POST" and valid:
        try:
            if request.POST.get("decision") == "accept":
                services.offer_accept(registration=registration)
                messages.success(request, _("The seat is yours. A confirmation was sent to your email."))
            else:
                services.offer_decline(registration=registration)
                messages.success(
                    request, _("Thank you for letting us know; the seat goes to the next person.")
                )
        except ServiceError as error:
            messages.error(request, str(error))
        return redirect(registration.event.get_absolute_url())
    return render(
        request,
        "trainings/offer.html",
        {"registration": registration, "valid": valid, "event": registration.event if registration else None},
        status=200 if valid else 410,
    )


def feedback(request, token):
    """The links of feedback mails sent before the form moved onto the surveys' answering page."""
    return redirect("surveys:feedback", token, permanent=True)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_ics(request, pk):
    event = get_object_or_404(Event, pk=pk, status__in=selectors.VISIBLE_STATUSES)
    return _ics_response(calendar_bytes([event], name=event.title), f"event-{event.pk}.ics")


def feed(request):
    """All published events (and cancelled ones, so subscribed calendars drop them), filterable."""
    form = CalendarFilterForm(request.GET or None)
    filters = form.selector_kwargs()
    # A subscribed calendar keeps the recent past as well as the future.
    filters["since"] = timezone.now() - FEED_PAST
    # A calendar entry shows no seat figure: the events are read without them (seats=False).
    events = selectors.event_list_public(**filters, seats=False).order_by("start")[:FEED_LIMIT]
    return _ics_response(calendar_bytes(events, name=_("AKE events")), "ake-events.ics")


def private_feed(request, token):
    feed_token = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if feed_token is None:
        raise Http404
    registrations = selectors.my_registrations(user=feed_token.user).filter(
        status=Registration.Status.CONFIRMED, event__status__in=selectors.VISIBLE_STATUSES
    )
    events = [r.event for r in registrations[:FEED_LIMIT]]
    with translation.override(feed_token.user.language):
        name = _("My AKE events")
    return _ics_response(calendar_bytes(events, name=name, private=True), "my-ake-events.ics")
