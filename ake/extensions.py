"""Named extension points through which a lower app shows what a higher app provides.

The dependency graph points one way (reporting -> loans/trainings -> networks; extranet -> networks),
yet some pages show what a higher app holds: the home page lists upcoming events, a working group's
page its meetings, the material bank the lendable kits. The higher app registers a provider here from
its AppConfig.ready(); the page asks for it and shows an empty state when none is registered.

Providers and what they return (keyword-only arguments):
- "upcoming_events"(limit, user) -> list of objects with title, url, start (datetime), place (str)
- "group_meetings"(group, year, user) -> {"upcoming": [events as above], "held_count": int, "stamp":
  a value that changes whenever the meetings do, or None}
- "material_kits"(request) -> the list items of the lendable kits, each an HTML ``<li>`` (safe string)
- "training_archive"(year, theme) -> list of objects with title, url, date, theme, materials
                                     (list of {"label", "url"})
- "search"(query, user) -> list of objects with title, url, summary, kind_label; a provider whose
                           results do not depend on the user sets ``same_for_everyone = True`` on
                           the function (the search page then keeps the rendered results per query)
- "my_page"(user, now) -> list of ake.my_page.Section: a staff member's "My page" (issue #18)
- "next_group_meetings"(group_ids, now) -> {group id: object with title, url, start, place}: each
                                            group's next meeting, in one query
"""

from collections.abc import Callable

_providers: dict[str, list[Callable]] = {}


def register(name: str, provider: Callable) -> None:
    providers = _providers.setdefault(name, [])
    if provider not in providers:
        providers.append(provider)


def providers(name: str) -> list[Callable]:
    return list(_providers.get(name, []))


def first(name: str) -> Callable | None:
    found = _providers.get(name)
    return found[0] if found else None
