"""Loads the region's library registry shipped in networks/data/ (from the 2024 municipality list).

Idempotent: re-running updates facts from the file but never overwrites what AKE has corrected by
hand in the admin for fields the file leaves empty, and never deletes.
"""

import csv
import unicodedata
from pathlib import Path

REGISTRY_CSV = Path(__file__).resolve().parent / "data" / "libraries.csv"

REGIONS = {"Varsinais-Suomi": "varsinais-suomi", "Satakunta": "satakunta"}
CONSORTIA = {"Vaski": "vaski", "Blanka": "blanka", "Loisto": "loisto", "Sata": "sata", "none": "none"}

# Branches named in the sources of libraries.csv. Nakkila is its own row in the file but has been
# run by Pori since 2017: it is loaded as a branch of Pori, and AKE can change that in the admin.
BRANCHES = {
    "Kemiönsaari": [
        ("Kemiön kirjasto", "Kimito bibliotek"),
        ("Taalintehtaan kirjasto", "Dalsbruks bibliotek"),
        ("Hiittisten kirjasto", "Hitis bibliotek"),
    ],
    "Parainen": [
        ("Houtskarin kirjasto", "Houtskärs bibliotek"),
        ("Iniön kirjasto", "Iniö bibliotek"),
        ("Korppoon kirjasto", "Korpo bibliotek"),
        ("Nauvon kirjasto", "Nagu bibliotek"),
        ("Utön kirjasto", "Utö bibliotek"),
    ],
    "Loimaa": [("Alastaron kirjasto", ""), ("Hirvikosken kirjasto", ""), ("Mellilän kirjasto", "")],
    "Naantali": [("Rymättylän kirjasto", "Rimito bibliotek")],
    "Pöytyä": [("Kyrön kirjasto", ""), ("Riihikosken kirjasto", "")],
    "Pori": [("Noormarkun kirjasto", "Norrmarks bibliotek"), ("Lavian kirjasto", "")],
}
BRANCH_OF = {"Nakkila": "Pori"}


def mail_domain_for(municipality: str) -> str:
    """A municipality's usual mail domain, e.g. 'Koski Tl' -> 'koski.fi', 'Pöytyä' -> 'poytya.fi'.

    A starting point only: AKE corrects the domains in the admin.
    """
    base = municipality.lower().replace(" tl", "")
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    return base.replace(" ", "") + ".fi"


def swedish_name(library_name_fi: str, municipality_sv: str) -> str:
    if " / " in library_name_fi:
        return library_name_fi.split(" / ", 1)[1]
    return ""


def load_registry(Library, LibraryEmailDomain) -> int:  # noqa: N803 - model classes, also historical ones
    """Creates or updates every library of the file; returns the number of organisations."""
    rows = list(csv.DictReader(REGISTRY_CSV.open(encoding="utf-8")))
    has_english_municipality = any(f.name == "municipality_en" for f in Library._meta.get_fields())
    by_municipality = {}
    for row in rows:
        name_fi = row["library_name_fi"].split(" / ", 1)[0].split(" (", 1)[0].strip()
        defaults = {
            "name_sv": swedish_name(row["library_name_fi"], row["municipality_sv"]),
            "municipality_fi": row["municipality_fi"],
            "municipality_sv": row["municipality_sv"],
            # English uses the Finnish name (no municipality of the region has an English exonym).
            "municipality_en": row["municipality_fi"],
            "region": REGIONS[row["region"]],
            "consortium": CONSORTIA[row["consortium"]],
            "bilingual": row["bilingual"] == "yes",
            "swedish_school_island": row["swedish_school_island"] == "yes",
            "source_note": row["source_or_confidence"],
        }
        if not has_english_municipality:  # the historical model of migration 0002
            del defaults["municipality_en"]
        library, created = Library.objects.get_or_create(name_fi=name_fi, defaults=defaults)
        if not created:
            for field, value in defaults.items():
                if value and not getattr(library, field):
                    setattr(library, field, value)
            library.save()
        by_municipality[row["municipality_fi"]] = library
        LibraryEmailDomain.objects.get_or_create(
            domain=mail_domain_for(row["municipality_fi"]), defaults={"library": library}
        )
    for municipality, parent_municipality in BRANCH_OF.items():
        branch = by_municipality[municipality]
        if branch.parent_id is None:
            branch.parent = by_municipality[parent_municipality]
            branch.save()
    for municipality, branches in BRANCHES.items():
        parent = by_municipality[municipality]
        for name_fi, name_sv in branches:
            Library.objects.get_or_create(
                name_fi=name_fi,
                defaults={
                    "name_sv": name_sv,
                    "parent": parent,
                    "municipality_fi": parent.municipality_fi,
                    "municipality_sv": parent.municipality_sv,
                    **({"municipality_en": parent.municipality_en} if has_english_municipality else {}),
                    "region": parent.region,
                    "consortium": parent.consortium,
                    "bilingual": parent.bilingual,
                    "swedish_school_island": parent.swedish_school_island,
                    "source_note": "branch named in the sources of libraries.csv",
                },
            )
    return Library.objects.filter(parent__isnull=True).count()


# The working groups and networks named in the plan (§1.1, §2.3); created by a migration.
WORKING_GROUPS = [
    (
        "suunnitteluryhma",
        "Alueellinen suunnittelu-, kehittämis- ja seurantaryhmä",
        "Regional planerings-, utvecklings- och uppföljningsgrupp",
        "working_group",
        2,
        False,
    ),
    (
        "nakyvyystyoryhma",
        "Kirjastojen näkyvyystyöryhmä",
        "Arbetsgruppen för bibliotekens synlighet",
        "working_group",
        2,
        False,
    ),
    ("varsat", "VarSat-ydinryhmä ja -verkosto", "VarSat-kärngruppen och nätverket", "core_group", 3, False),
    ("digityoryhma", "Digityöryhmä", "Digitala arbetsgruppen", "working_group", 2, False),
    ("moninaisuustyoryhma", "Moninaisuustyöryhmä", "Arbetsgruppen för mångfald", "working_group", 2, False),
    ("tapahtumaverkosto", "Tapahtumaverkosto", "Evenemangsnätverket", "network", 2, False),
    (
        "ake-svenska",
        "ÅKE – Svenska samarbetsgruppen för utvecklingsuppdrag",
        "ÅKE – Svenska samarbetsgruppen för utvecklingsuppdrag",
        "working_group",
        2,
        True,
    ),
    ("svenska-gruppen", "Svenska gruppen", "Svenska gruppen", "network", 2, False),
]


def ensure_working_groups(WorkingGroup) -> None:  # noqa: N803 - also a historical model
    for slug, name_fi, name_sv, kind, goal, is_ake in WORKING_GROUPS:
        WorkingGroup.objects.get_or_create(
            slug=slug,
            defaults={
                "name_fi": name_fi,
                "name_sv": name_sv,
                "kind": kind,
                "meeting_goal": goal,
                "is_swedish_cooperation_group": is_ake,
            },
        )
