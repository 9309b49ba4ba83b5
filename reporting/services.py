"""Writes: freezing a year, asking for a PDF, entering a manual value."""

import datetime
import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.roles import AKE_ADMINS, user_has_role

from .models import FreezeLogEntry, IndicatorDefinition, ManualValue, PdfRender, ReportSnapshot
from .selectors import content_hash, report_build, report_for_year

logger = logging.getLogger(__name__)

REPORT_LANGUAGES = ("fi", "sv")
# A render still waiting after this long lost its task (a worker died before taking it): queue it again.
STALE_RENDER_AFTER = datetime.timedelta(minutes=10)

YEAR_NOT_OVER = _("A year can be frozen only once it is over.")
YEAR_ALREADY_FROZEN = _("This year is already frozen.")
YEAR_NOT_FROZEN = _("This year is not frozen.")
ONLY_ADMINS_UNFREEZE = _("Only AKE admins can unfreeze a year.")
NOT_ALLOWED_TO_FREEZE = _("You are not allowed to freeze the report.")


class ServiceError(Exception):
    """A rule refused the action; the message is for the user."""


def _name(user) -> str:
    return (user.get_full_name() or user.email) if user else ""


def user_can_freeze(user) -> bool:
    return user.is_authenticated and user.has_perm("reporting.freeze_indicator_report")


def user_can_unfreeze(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user_has_role(user, AKE_ADMINS))


@transaction.atomic
def report_freeze(*, year: int, user, today: datetime.date | None = None) -> ReportSnapshot:
    """Keeps the year's figures and drill-downs as they are now, and renders its PDFs."""
    today = today or timezone.localdate()
    if not user_can_freeze(user):
        raise ServiceError(NOT_ALLOWED_TO_FREEZE)
    if year >= today.year:
        raise ServiceError(YEAR_NOT_OVER)
    data = report_build(year=year, today=today)
    data["frozen"] = None
    snapshot = ReportSnapshot(
        year=year,
        data=data,
        content_hash=content_hash(data),
        frozen_at=timezone.now(),
        frozen_by=user,
        frozen_by_name=_name(user),
    )
    try:
        with transaction.atomic():
            snapshot.save()
    except IntegrityError as error:
        raise ServiceError(YEAR_ALREADY_FROZEN) from error
    FreezeLogEntry.objects.create(
        year=year, action=FreezeLogEntry.Action.FROZEN, by=user, by_name=_name(user)
    )
    from .selectors import snapshot_data

    frozen_data = snapshot_data(snapshot)
    for language in REPORT_LANGUAGES:
        pdf_render_request(year=year, language=language, data=frozen_data, snapshot=snapshot)
    return snapshot


@transaction.atomic
def report_unfreeze(*, year: int, user) -> None:
    if not user_can_unfreeze(user):
        raise ServiceError(ONLY_ADMINS_UNFREEZE)
    snapshot = ReportSnapshot.objects.select_for_update().filter(year=year).first()
    if snapshot is None:
        raise ServiceError(YEAR_NOT_FROZEN)
    snapshot.delete()
    FreezeLogEntry.objects.create(
        year=year, action=FreezeLogEntry.Action.UNFROZEN, by=user, by_name=_name(user)
    )


def pdf_render_request(
    *, year: int, language: str, data: dict | None = None, snapshot: ReportSnapshot | None = None
) -> PdfRender:
    """The PDF of the year's current figures: a finished one from the cache, or one queued now.

    The cache key is a hash of the figures, so a PDF is rendered again only when the data changed.
    """
    from .tasks import pdf_render_generate

    if data is None:
        data = report_for_year(year=year)
    digest = content_hash(data, language=language)
    with transaction.atomic():
        render, created = PdfRender.objects.get_or_create(
            year=year,
            language=language,
            content_hash=digest,
            defaults={"data": data, "snapshot": snapshot},
        )
        render = PdfRender.objects.select_for_update().get(pk=render.pk)
        if snapshot is not None and render.snapshot_id is None:
            render.snapshot = snapshot
            render.save(update_fields=["snapshot"])
        stale = render.queued_at is None or timezone.now() - render.queued_at > STALE_RENDER_AFTER
        retry = render.status == PdfRender.Status.FAILED
        waiting = render.status in (PdfRender.Status.PENDING, PdfRender.Status.RUNNING) and stale
        file_lost = render.status == PdfRender.Status.DONE and not _file_exists(render)
        if created or retry or waiting or file_lost:
            if render.data is None:
                render.data = data
            render.status = PdfRender.Status.PENDING
            render.error = ""
            render.queued_at = timezone.now()
            render.save(update_fields=["data", "status", "error", "queued_at"])
            render_id = render.pk
            transaction.on_commit(lambda: pdf_render_generate.delay(render_id), robust=True)
    return render


def _file_exists(render: PdfRender) -> bool:
    return bool(render.file) and render.file.storage.exists(render.file.name)


@transaction.atomic
def manual_value_set(
    *, indicator: IndicatorDefinition, year: int, value: Decimal, note: str, override: bool, user
) -> ManualValue:
    manual, _created = ManualValue.objects.select_for_update().get_or_create(
        indicator=indicator, year=year, defaults={"value": value, "note": note}
    )
    manual.value = value
    manual.note = note
    manual.override = override
    manual.entered_by = user
    manual.entered_by_name = _name(user)
    manual.full_clean()
    manual.save()
    return manual
