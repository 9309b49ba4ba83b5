"""A staff member's "My page" (issue #18): what is theirs across the apps, on one page.

The page lives in networks (the lowest app, beside the profile); every other app adds its sections
through the "my_page" extension point (ake/extensions.py) from its AppConfig.ready(), so the
dependency direction holds. A provider reads its sections with a fixed number of queries, so the
page's count is the same whatever the person has done (tests/networks/test_my_page.py).
"""

import datetime
from dataclasses import dataclass, field


@dataclass
class Item:
    text: str
    url: str = ""
    detail: str = ""
    # A short state shown as a badge ("offer valid until …", "overdue"); "attention" marks it.
    badge: str = ""
    attention: bool = False


@dataclass
class Section:
    key: str
    order: int
    title: str
    items: list[Item] = field(default_factory=list)
    empty_text: str = ""
    link_url: str = ""
    link_label: str = ""
    # Shown above the items: a figure such as "12 hours of training this year".
    summary: str = ""


def sections_for(*, user, now: datetime.datetime) -> list[Section]:
    from . import extensions

    sections: list[Section] = []
    for provider in extensions.providers("my_page"):
        sections.extend(provider(user=user, now=now))
    return sorted(sections, key=lambda section: (section.order, section.key))
