"""iCalendar output: one event, the public feed and a person's private feed.

UIDs come from Event.uid (stable across edits and copies get a new one), times are local to
Europe/Helsinki with a VTIMEZONE, and every edit or cancellation that matters to a calendar bumps
SEQUENCE so clients replace their copy.
"""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from .models import Event

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
PRODID = "-//Turku City Library//AKE extranet//FI"
UID_DOMAIN = "ake-extranet"


def event_uid(event: Event) -> str:
    return f"{event.uid}@{UID_DOMAIN}"


def _vevent(event: Event, *, private: bool, stamp: datetime.datetime) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", event_uid(event))
    item.add("dtstamp", stamp)
    item.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    item.add("sequence", event.sequence)
    item.add("dtstart", event.start.astimezone(HELSINKI))
    item.add("dtend", event.end.astimezone(HELSINKI))
    item.add("summary", event.title)
    description = event.summary or strip_tags(event.description or "")[:1000]
    url = settings.SITE_URL.rstrip("/") + event.get_absolute_url()
    if private and event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    item.add("description", f"{description}\n\n{url}".strip())
    item.add("url", url)
    location = event.place
    if private and event.online_url and not location:
        location = event.online_url
    if location:
        item.add("location", location)
    item.add("status", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED")
    item.add("categories", [event.get_kind_display()])
    return item


def calendar_bytes(events, *, name: str, private: bool = False) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # icalendar does not escape line breaks in X- properties and refuses to write them: an event title
    # with one would break the event's .ics file and its confirmation mail.
    calendar.add("x-wr-calname", " ".join(name.split()))
    calendar.add("x-wr-timezone", "Europe/Helsinki")
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    first = last = None
    for event in events:
        calendar.add_component(_vevent(event, private=private, stamp=stamp))
        day = timezone.localdate(event.start)
        first = day if first is None or day < first else first
        last = day if last is None or day > last else last
    if first is not None:
        # A VTIMEZONE covering just the feed's years keeps the file small.
        calendar.add_missing_timezones(
            first_date=datetime.date(first.year - 1, 1, 1), last_date=datetime.date(last.year + 2, 1, 1)
        )
    return calendar.to_ical()


def cancellation_bytes(event: Event, *, attendee: str, sequence: int) -> bytes:
    """An iTIP cancellation (RFC 5546 METHOD:CANCEL) of ``event`` for one attendee: the same UID as
    the invitation they got and a higher SEQUENCE, so calendar clients remove their copy."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL")
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    item = icalendar.Event()
    item.add("uid", event_uid(event))
    item.add("dtstamp", stamp)
    item.add("sequence", sequence)
    item.add("dtstart", event.start.astimezone(HELSINKI))
    item.add("dtend", event.end.astimezone(HELSINKI))
    item.add("summary", event.title)
    item.add("status", "CANCELLED")
    organizer = icalendar.vCalAddress(f"mailto:{settings.AKE_CONTACT_EMAIL}")
    item.add("organizer", organizer)
    item.add("attendee", icalendar.vCalAddress(f"mailto:{attendee}"))
    calendar.add_component(item)
    day = timezone.localdate(event.start)
    calendar.add_missing_timezones(
        first_date=datetime.date(day.year - 1, 1, 1), last_date=datetime.date(day.year + 2, 1, 1)
    )
    return calendar.to_ical()
