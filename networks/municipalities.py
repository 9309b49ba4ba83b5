"""Municipality names in Finnish, Swedish and English.

A municipality's Swedish name is its official Swedish name where it has one (Pomarkku is Påmark, Turku
is Åbo); otherwise the Finnish name is the official name in Swedish too (Aura, Salo). English uses the
Finnish name unless an English exonym exists; none of the places AKE names has one (Turku stays Turku).

The region's 43 municipalities come from the registry file (networks/data/libraries.csv, column
municipality_sv); other Finnish municipalities the project names (study trips, guests) are listed
below. These names fill a record's Swedish and English municipality when nobody has written them
(`fill_municipality_names`), so an editor writes "Pomarkku" once and the Swedish page says "Påmark".
"""

from __future__ import annotations

import csv
from functools import cache

from .registry import REGISTRY_CSV

# Official Swedish names of municipalities outside the region (Kuntaliitto / Kotus list of
# municipalities' names in both national languages).
SWEDISH_NAMES_OUTSIDE_REGION = {
    "Espoo": "Esbo",
    "Hanko": "Hangö",
    "Helsinki": "Helsingfors",
    "Hämeenlinna": "Tavastehus",
    "Inkoo": "Ingå",
    "Jyväskylä": "Jyväskylä",
    "Kauniainen": "Grankulla",
    "Kemi": "Kemi",
    "Kirkkonummi": "Kyrkslätt",
    "Kokkola": "Karleby",
    "Kotka": "Kotka",
    "Kuopio": "Kuopio",
    "Lahti": "Lahtis",
    "Lappeenranta": "Villmanstrand",
    "Lohja": "Lojo",
    "Loviisa": "Lovisa",
    "Maarianhamina": "Mariehamn",
    "Mikkeli": "S:t Michel",
    "Oulu": "Uleåborg",
    "Pietarsaari": "Jakobstad",
    "Porvoo": "Borgå",
    "Raasepori": "Raseborg",
    "Rovaniemi": "Rovaniemi",
    "Seinäjoki": "Seinäjoki",
    "Sipoo": "Sibbo",
    "Tampere": "Tammerfors",
    "Vaasa": "Vasa",
    "Vantaa": "Vanda",
}

# English exonyms of Finnish municipalities; empty on purpose (see the module's docstring).
ENGLISH_EXONYMS: dict[str, str] = {}


@cache
def swedish_names() -> dict[str, str]:
    """Finnish name → Swedish name, for every municipality the project knows."""
    with REGISTRY_CSV.open(encoding="utf-8") as registry:
        region = {row["municipality_fi"]: row["municipality_sv"] for row in csv.DictReader(registry)}
    return {**SWEDISH_NAMES_OUTSIDE_REGION, **region}


def municipality_name(finnish: str, language: str) -> str:
    """The name of the municipality called ``finnish`` in Finnish, in ``language`` ('' if unknown)."""
    finnish = (finnish or "").strip()
    if language == "fi":
        return finnish
    if language == "sv":
        return swedish_names().get(finnish, "")
    if language == "en":
        return ENGLISH_EXONYMS.get(finnish, finnish if finnish in swedish_names() else "")
    return ""


def _known_names(language: str) -> set[str]:
    names = swedish_names()
    return set(names.values()) if language == "sv" else {*names, *ENGLISH_EXONYMS.values()}


def fill_municipality_names(obj, field: str = "municipality") -> list[str]:
    """Sets ``obj``'s Swedish and English municipality from its Finnish one where the name is known;
    returns the columns it set.

    An empty column is filled; so is one that holds another known municipality's name (the Finnish
    municipality was changed from Pori to Rauma: "Björneborg" becomes "Raumo"). A name an editor wrote
    that is no municipality's stays, and an unknown place keeps falling back to the Finnish text.
    Works on historical models too (migrations call it)."""
    finnish = getattr(obj, f"{field}_fi", None) or ""
    changed = []
    for language in ("sv", "en"):
        name = municipality_name(finnish, language)
        column = f"{field}_{language}"
        current = getattr(obj, column, None) or ""
        if not finnish and current in _known_names(language):
            name = ""  # the Finnish municipality was removed: so is its translation
        elif not name:
            continue
        if current != name and (not current or current in _known_names(language)):
            setattr(obj, column, name)
            changed.append(column)
    return changed
