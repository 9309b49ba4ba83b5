"""What trainings shows on other apps' pages, through ake.extensions (see its docstring)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext

from ake import extensions
from ake.languages import fallback_lang

from . import selectors
from .models import Event, EventFormat, event_url_maker


@dataclass
class EventItem:
    title: str
    url: str
    start: datetime.datetime
    place: str
    kind_label: str = ""
    summary: str = ""
    cancelled: bool = False
    # The language of the title and the summary where it is not the page's (Finnish shown for want
    # of a translation): the templates put it in a lang attribute (WCAG 3.1.2).
    title_lang: str = ""
    summary_lang: str = ""


@dataclass
class ArchiveItem:
    title: str
    url: str
    date: datetime.date
    theme: str
    materials: list[dict] = field(default_factory=list)
    title_lang: str = ""
    theme_lang: str = ""


def _item(event: Event) -> EventItem:
    return EventItem(
        title=event.title,
        url=event.get_absolute_url(),
        start=event.start,
        place=event.place,
        kind_label=str(event.get_kind_display()),
        summary=event.summary,
        cancelled=event.status == Event.Status.CANCELLED,
        title_lang=fallback_lang(event, "title"),
        summary_lang=fallback_lang(event, "summary"),
    )


def _row_items(rows: list[dict]) -> list[EventItem]:
    """``_item`` of each of ``selectors.event_search_rows``' rows, without building an ``Event``:
    each translated text is read by the fallback rule of the model's fields (modeltranslation's,
    ``ake.languages.text``: the page's language, then its fallbacks, the first that is not empty)
    and ``Event.place``'s rule is applied to the texts so read (issue #20)."""
    from ake.languages import fallback_chain, localized_field

    event_url = event_url_maker()
    labels = {value: str(label) for value, label in Event._meta.get_field("kind").flatchoices}
    chain = fallback_chain()
    language = chain[0]
    online = None
    column = {
        name: [(code, Event._meta.get_field(localized_field(name, code)).column) for code in chain]
        for name in ("title", "summary", "venue", "municipality")
    }
    pk, address = Event._meta.pk.column, Event._meta.get_field("address").column

    def read(row, name) -> tuple[str, str]:
        """The text shown and the language it is in ('' when empty in every language)."""
        for code, name_column in column[name]:
            value = row[name_column]
            if value:
                return value, code
        return "", ""

    items = []
    for row in rows:
        title, title_code = read(row, "title")
        summary, summary_code = read(row, "summary")
        place = []
        for part in (read(row, "venue")[0], row[address], read(row, "municipality")[0]):
            if part and part not in place:
                place.append(part)
        if place:
            place = ", ".join(place)
        elif row["format"] == EventFormat.REMOTE:
            if online is None:
                online = str(gettext("Online"))
            place = online
        else:
            place = ""
        items.append(
            EventItem(
                title=title,
                url=event_url(row[pk]),
                start=row["start"],
                place=place,
                kind_label=labels.get(row["kind"], row["kind"]),
                summary=summary,
                cancelled=row["status"] == Event.Status.CANCELLED,
                title_lang=title_code if title_code != language else "",
                summary_lang=summary_code if summary_code != language else "",
            )
        )
    return items


class _Items(list):
    """Items built from rows, with the stamp of those rows (ake/memo.py ``from_rows``)."""

    stamp = None


def upcoming_events(*, limit: int = 5, user=None) -> list[EventItem]:
    """The next events as items, read with a compiled statement and built again only when its rows
    changed; the list's ``stamp`` changes with them (the home page keeps its events by it)."""
    from django.utils.translation import get_language

    from ake.memo import from_rows

    query = selectors.upcoming_events_query(limit)
    items, stamp = from_rows(
        # Per language: the items' links carry the language prefix, their texts the language.
        ("upcoming_events", get_language(), limit),
        query.rows(timezone.now()),
        lambda rows: _Items(_item(event) for event in query.instances(rows)),
    )
    items.stamp = stamp
    return items


def group_meetings(*, group, year: int | None = None, user=None) -> dict:
    """The group's upcoming meetings and how many it held in ``year``, from one compiled statement's
    rows (``selectors.group_meeting_rows``), built again only when those rows changed (ake/memo.py
    ``from_rows``: an edit of another event reads the rows but builds nothing); ``stamp`` changes
    whenever they are built again, so the page can keep their HTML by it."""
    from django.utils.translation import get_language

    from ake.memo import from_rows

    rows = selectors.group_meeting_rows(group_id=group.pk, year=year or timezone.localdate().year)
    value, stamp = from_rows(
        ("trainings.group_meetings", group.pk, get_language()), rows, _meetings_from_rows
    )
    return {**value, "stamp": stamp}


def _meetings_from_rows(rows) -> dict:
    columns = [
        Event._meta.pk.column if name == "pk" else Event._meta.get_field(name).column
        for name in selectors.MEETING_ROW_FIELDS
    ]
    upcoming = [dict(zip(columns, row[1:], strict=True)) for row in rows if not row[0]]
    return {"upcoming": _row_items(upcoming), "held_count": sum(1 for row in rows if row[0])}


def training_archive(*, year: int | None = None, theme: str = "") -> list[ArchiveItem]:
    items = []
    for event in selectors.archive_events(year=year, theme=theme):
        items.append(
            ArchiveItem(
                title=event.title,
                url=event.get_absolute_url(),
                date=timezone.localdate(event.start),
                theme=event.theme,
                materials=[
                    {
                        "title": material.title,
                        "lang": fallback_lang(material, "title"),
                        "kind": material.get_kind_display(),
                        "url": material.link,
                    }
                    for material in event.published_materials
                    if material.link
                ],
                title_lang=fallback_lang(event, "title"),
                theme_lang=fallback_lang(event, "theme"),
            )
        )
    return items


def search(*, query: str, user=None) -> list[EventItem]:
    return _row_items(selectors.event_search_rows(query=query))


# Published events are public: the results do not depend on the visitor (extranet's search keeps
# its rendered results per query then).
search.same_for_everyone = True


extensions.register("upcoming_events", upcoming_events)
extensions.register("group_meetings", group_meetings)
extensions.register("training_archive", training_archive)
extensions.register("search", search)


# --------------------------------------------------------------------------- "My page" (issue #18)
# How many past events "My page" lists; "All my events" has the rest.
MY_PAGE_PAST = 5


def my_page(*, user, now: datetime.datetime) -> list:
    from decimal import Decimal

    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from ake.my_page import Item, Section

    from .models import Registration

    def when(event: Event) -> str:
        return date_format(timezone.localtime(event.start), "SHORT_DATETIME_FORMAT")

    coming, waiting, past = [], [], []
    for registration in selectors.my_registrations_for_page(user=user):
        event = registration.event
        if event.end < now:
            if registration.status == Registration.Status.CONFIRMED and len(past) < MY_PAGE_PAST:
                past.append(Item(text=event.title, url=event.get_absolute_url(), detail=when(event)))
            continue
        item = Item(text=event.title, url=event.get_absolute_url(), detail=f"{when(event)} · {event.place}")
        if event.is_cancelled:
            item.badge, item.attention = str(_("Event cancelled")), True
            coming.append(item)
        elif registration.status == Registration.Status.OFFERED:
            expires = date_format(timezone.localtime(registration.offer_expires_at), "SHORT_DATETIME_FORMAT")
            item.badge = _("Seat offered: answer by %(time)s") % {"time": expires}
            item.attention = True
            waiting.append(item)
        elif registration.status == Registration.Status.WAITLISTED:
            item.badge = str(_("on the waitlist"))
            waiting.append(item)
        elif registration.status in (Registration.Status.AWAITING_APPROVAL, Registration.Status.NOT_APPROVED):
            # Approval mode: a registration waiting for AKE's decision (or not approved) must not look
            # like a confirmed place among the coming events.
            item.badge = str(registration.get_status_display())
            item.attention = registration.status == Registration.Status.NOT_APPROVED
            coming.append(item)
        else:
            coming.append(item)
    coming.reverse()  # the nearest first
    waiting.reverse()
    my_events = reverse("trainings:my_events")
    sections = [
        Section(
            key="coming",
            order=10,
            title=_("My coming events"),
            items=coming,
            empty_text=_("You have no coming events."),
            link_url=reverse("trainings:calendar"),
            link_label=_("See the calendar"),
        ),
        Section(
            key="waitlist",
            order=20,
            title=_("Waitlist places and offers"),
            items=waiting,
            empty_text=_("You are on no waitlist."),
        ),
        Section(
            key="past",
            order=60,
            title=_("My past events"),
            items=past,
            empty_text=_("No past events."),
            link_url=my_events,
            link_label=_("All my events and feedback"),
        ),
    ]
    # "My learning": this year's trainings and hours, the certificates on their own page.
    from . import learning

    year = timezone.localdate(now).year
    start, end = selectors.year_bounds(year)
    attended = list(learning.my_attendances(user=user).filter(event__start__gte=start, event__start__lt=end))
    hours = learning.format_hours(sum((a.event.training_hours for a in attended), Decimal("0")))
    sections.append(
        Section(
            key="learning",
            order=65,
            title=_("My learning"),
            summary=ngettext(
                "%(count)s event attended in %(year)s, %(hours)s hours of learning.",
                "%(count)s events attended in %(year)s, %(hours)s hours of learning.",
                len(attended),
            )
            % {"count": len(attended), "year": year, "hours": hours},
            link_url=reverse("trainings:my_learning"),
            link_label=_("Hours and certificates"),
        )
    )
    return sections


def next_group_meetings(*, group_ids, now: datetime.datetime) -> dict:
    return {
        group_id: _item(event)
        for group_id, event in selectors.next_group_meetings(group_ids=group_ids, now=now).items()
    }


extensions.register("my_page", my_page)
extensions.register("next_group_meetings", next_group_meetings)
