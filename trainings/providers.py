"""What trainings shows on other apps' pages, through ake.extensions (see its docstring)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from ake import extensions

from . import selectors
from .models import Event


@dataclass
class EventItem:
    title: str
    url: str
    start: datetime.datetime
    place: str
    kind_label: str = ""
    summary: str = ""
    cancelled: bool = False


@dataclass
class ArchiveItem:
    title: str
    url: str
    date: datetime.date
    theme: str
    materials: list[dict] = field(default_factory=list)


def _item(event: Event) -> EventItem:
    return EventItem(
        title=event.title,
        url=event.get_absolute_url(),
        start=event.start,
        place=event.place,
        kind_label=str(event.get_kind_display()),
        summary=event.summary,
        cancelled=event.status == Event.Status.CANCELLED,
    )


def upcoming_events(*, limit: int = 5, user=None) -> list[EventItem]:
    return [_item(event) for event in selectors.upcoming_events(limit=limit)]


def group_meetings(*, group, year: int | None = None, user=None) -> dict:
    result = selectors.group_meetings(group=group, year=year or timezone.localdate().year)
    return {"upcoming": [_item(event) for event in result["upcoming"]], "held_count": result["held_count"]}


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
                    {"label": f"{material.title} ({material.get_kind_display()})", "url": material.link}
                    for material in event.published_materials
                    if material.link
                ],
            )
        )
    return items


def search(*, query: str, user=None) -> list[EventItem]:
    return [_item(event) for event in selectors.event_search(query=query)]


# Published events are public: the results do not depend on the visitor (extranet's search keeps
# its rendered results per query then).
search.same_for_everyone = True


extensions.register("upcoming_events", upcoming_events)
extensions.register("group_meetings", group_meetings)
extensions.register("training_archive", training_archive)
extensions.register("search", search)
