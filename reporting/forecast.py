"""The running year's indicators that will miss their target at the current pace, for AKE's dashboard.

The report's own forecast (``report_build``: the value so far plus what is scheduled, judged by
``rules.on_track``) costs the report's 27 queries, more than the whole admin home may spend. So the
dashboard never computes it: a Celery task does, and keeps the result in the shared cache together
with the versions of the content areas (ake/areas.py) as they were when it started reading. The
dashboard reads that entry (no database query); when a write has changed an area since, it still
shows the entry with the time it was computed and queues a new computation (at most one at a time).
"""

import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from ake.page_cache import read_area_versions

# Kept one day at most: the forecast moves with the calendar ("what is scheduled" shrinks daily).
ENTRY_SECONDS = 24 * 3600
# While one computation is queued or running, no other is queued (it ends well within this).
LOCK_SECONDS = 120


def _entry_key(today: datetime.date) -> str:
    return f"dashboard:forecast:{today.isoformat()}"


def _lock_key(today: datetime.date) -> str:
    return f"dashboard:forecast-lock:{today.isoformat()}"


def _versions() -> dict | None:
    return read_area_versions()[0]


def forecast_compute(*, today: datetime.date | None = None) -> dict:
    """The running year's indicators whose target is out of reach with what is done and scheduled."""
    from .selectors import report_build

    today = today or timezone.localdate()
    data = report_build(year=today.year, today=today)
    misses = []
    for code, raw in data["indicators"].items():
        running = raw.get("running") or {}
        if running.get("on_track") is not False:
            continue  # on track, or cannot tell (no target, no data): never listed as a miss
        misses.append(
            {
                "code": code,
                "label": raw["label"],
                "unit": raw["unit"],
                "value": raw["value"],
                "projected": running.get("projected"),
                # Language-free parts only: the texts are made in the reader's language when shown.
                "target": raw.get("target"),
            }
        )
    return {"year": data["year"], "today": today.isoformat(), "misses": misses}


def forecast_refresh(*, today: datetime.date | None = None) -> dict:
    """Computes the forecast and keeps it with the area versions read before the computation (so a
    write during it leaves the entry stale, never newer than it is)."""
    today = today or timezone.localdate()
    versions = _versions()
    entry = forecast_compute(today=today)
    entry["versions"] = versions
    entry["computed_at"] = timezone.now().isoformat()
    cache.set(_entry_key(today), entry, ENTRY_SECONDS)
    cache.delete(_lock_key(today))
    return entry


def forecast_for_dashboard(*, versions: dict | None, today: datetime.date | None = None) -> dict | None:
    """The kept forecast (None: none computed yet), with ``stale`` set when data changed since; a
    missing or stale entry queues a computation."""
    from .tasks import forecast_refresh_run as forecast_refresh_task

    today = today or timezone.localdate()
    entry = cache.get(_entry_key(today))
    stale = entry is None or versions is None or entry.get("versions") != versions
    if stale and cache.add(_lock_key(today), 1, LOCK_SECONDS):
        transaction.on_commit(lambda: forecast_refresh_task.delay(today.isoformat()))
    if entry is None:
        return None
    return {**entry, "stale": stale}
