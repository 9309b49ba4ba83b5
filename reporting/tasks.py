import datetime
import logging
import os
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

logger = logging.getLogger(__name__)

STALE_TEMP_FILE_AGE = datetime.timedelta(hours=1)


@shared_task(bind=True, soft_time_limit=300, time_limit=360, acks_late=True)
def pdf_render_generate(self, render_id: int) -> None:
    """Renders one PdfRender to a file; safe to run twice (a redelivered task finds it done)."""
    from django.core.files.storage import default_storage
    from django.db import transaction
    from django.utils import timezone

    from .models import PdfRender
    from .pdf import render_report_pdf, write_atomically

    with transaction.atomic():
        render = PdfRender.objects.select_for_update().filter(pk=render_id).first()
        if render is None or render.status == PdfRender.Status.DONE or render.data is None:
            return
        render.status = PdfRender.Status.RUNNING
        render.save(update_fields=["status"])
    try:
        content = render_report_pdf(render.data, language=render.language)
        name = (
            f"private/reports/{render.year}/"
            f"report-{render.year}-{render.language}-{render.content_hash[:16]}.pdf"
        )
        write_atomically(default_storage.path(name), content)
    except (Exception, SoftTimeLimitExceeded) as error:
        logger.exception("report PDF failed", extra={"render": render_id})
        PdfRender.objects.filter(pk=render_id).update(
            status=PdfRender.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        return
    PdfRender.objects.filter(pk=render_id).update(
        status=PdfRender.Status.DONE, file=name, finished_at=timezone.now(), data=None
    )
    _remove_superseded(render)


def _remove_superseded(render) -> None:
    """Older PDFs of the same year and language that no snapshot keeps: the data changed since."""
    from django.core.files.storage import default_storage

    from .models import PdfRender

    older = (
        PdfRender.objects.filter(year=render.year, language=render.language, snapshot__isnull=True)
        .exclude(pk=render.pk)
        .filter(status__in=[PdfRender.Status.DONE, PdfRender.Status.FAILED])
    )
    for old in older:
        if old.file and default_storage.exists(old.file.name):
            default_storage.delete(old.file.name)
        old.delete()
    directory = default_storage.path(f"private/reports/{render.year}")
    cutoff = time.time() - STALE_TEMP_FILE_AGE.total_seconds()
    for entry in os.scandir(directory):
        if entry.name.startswith(".tmp-") and entry.stat().st_mtime < cutoff:
            os.unlink(entry.path)


@shared_task(soft_time_limit=120, time_limit=150)
def forecast_refresh_run(day: str) -> None:
    """Computes the running year's forecast for AKE's dashboard (reporting/forecast.py)."""
    from .forecast import forecast_refresh

    forecast_refresh(today=datetime.date.fromisoformat(day))
