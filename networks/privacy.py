"""Personal-data export, erasure and retention across apps.

networks is the lowest layer and imports no other app; apps that keep personal data register an
exporter, an eraser and their retention jobs here from their AppConfig.ready().
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

_exporters: dict[str, Callable] = {}
_erasers: dict[str, Callable] = {}
_retention_jobs: dict[str, Callable] = {}


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


def register_retention_job(name: str, job: Callable) -> None:
    """job(now, keep) removes personal data older than ``keep`` (a timedelta); returns rows removed.

    ``keep`` comes from settings.AKE_RETENTION_DAYS[name], so an operator can tune each period.
    """
    _retention_jobs[name] = job


def retention_jobs() -> dict[str, Callable]:
    return dict(_retention_jobs)


def retention_run(*, now: datetime.datetime | None = None, only: list[str] | None = None) -> dict[str, int]:
    """Runs the retention jobs; a failing job is logged and the others still run."""
    now = now or timezone.now()
    removed = {}
    for name, job in sorted(_retention_jobs.items()):
        if only and name not in only:
            continue
        keep = datetime.timedelta(days=settings.AKE_RETENTION_DAYS[name])
        try:
            removed[name] = job(now=now, keep=keep)
        except Exception:
            logger.exception("retention job failed", extra={"job": name})
            removed[name] = -1
    return removed
