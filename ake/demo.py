"""The demo-data framework: each app contributes a ``demo.py`` with ``load(ctx)``.

Loaders run in dependency order, each at most once per database (see DemoDataLoad), with one shared
random generator seeded from ``--seed`` so that the same command gives the same data.
"""

import importlib
import random
from dataclasses import dataclass, field

from django.db import transaction

LOADER_MODULES = [
    "networks.demo",
    "networks.demo_cooperation",
    "extranet.demo",
    "extranet.demo_site",
    "trainings.demo",
    "loans.demo",
    "reporting.demo",
    "surveys.demo",
    "finance.demo",
]

FIRST_NAMES = [
    "Aino",
    "Anna",
    "Antti",
    "Eero",
    "Elina",
    "Emma",
    "Hanna",
    "Heidi",
    "Helena",
    "Jaana",
    "Janne",
    "Johanna",
    "Juha",
    "Jukka",
    "Kaisa",
    "Kari",
    "Katja",
    "Laura",
    "Leena",
    "Liisa",
    "Maija",
    "Marja",
    "Markku",
    "Matti",
    "Mika",
    "Minna",
    "Noora",
    "Outi",
    "Paula",
    "Pekka",
    "Petra",
    "Riikka",
    "Sanna",
    "Sari",
    "Satu",
    "Sini",
    "Suvi",
    "Taina",
    "Tiina",
    "Timo",
    "Tuula",
    "Ulla",
    "Veera",
    "Ville",
    "Anders",
    "Johan",
    "Linnea",
    "Ebba",
]
LAST_NAMES = [
    "Aaltonen",
    "Heikkinen",
    "Hämäläinen",
    "Järvinen",
    "Karjalainen",
    "Koivisto",
    "Korhonen",
    "Koskinen",
    "Laaksonen",
    "Lahtinen",
    "Laine",
    "Lehtinen",
    "Lehtonen",
    "Leinonen",
    "Mäkelä",
    "Mäkinen",
    "Nieminen",
    "Niemi",
    "Ojala",
    "Salminen",
    "Saarinen",
    "Salo",
    "Suominen",
    "Tuominen",
    "Turunen",
    "Virtanen",
    "Vainio",
    "Heinonen",
    "Rantanen",
    "Lindholm",
    "Nyberg",
    "Sjöberg",
    "Grönroos",
    "Lindqvist",
]


@dataclass
class DemoContext:
    scale: int = 1
    seed: int = 2024
    year: int = 2024
    log: callable = print
    rng: random.Random = field(init=False)

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def person_name(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)


def load_all(ctx: DemoContext) -> list[str]:
    from .models import DemoDataLoad

    loaded = []
    for module_name in LOADER_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue
            raise
        key = module_name
        if DemoDataLoad.objects.filter(key=key).exists():
            ctx.log(f"{key}: already loaded, skipped")
            continue
        with transaction.atomic():
            module.load(ctx)
            DemoDataLoad.objects.create(key=key, scale=ctx.scale)
        loaded.append(key)
        ctx.log(f"{key}: loaded")
    return loaded
