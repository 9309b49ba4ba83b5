"""Personal-data export and erasure across apps.

networks is the lowest layer and imports no other app; apps that keep personal data register an
exporter and an eraser here from their AppConfig.ready().
"""

from collections.abc import Callable

_exporters: dict[str, Callable] = {}
_erasers: dict[str, Callable] = {}


def register_exporter(section: str, exporter: Callable) -> None:
    """exporter(user) -> JSON-serialisable data about the user, shown under ``section``."""
    _exporters[section] = exporter


def register_eraser(section: str, eraser: Callable) -> None:
    """eraser(user) removes or anonymises the user's personal data; counts for reports survive."""
    _erasers[section] = eraser


def exporters() -> dict[str, Callable]:
    return dict(_exporters)


def erasers() -> dict[str, Callable]:
    return dict(_erasers)
