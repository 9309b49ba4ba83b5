"""The names the report keeps of the people who entered values or froze a year."""

from django.db import transaction

from .models import FreezeLogEntry, ManualValue, PdfRender, ReportSnapshot

ERASED = "–"


def export_user(user) -> dict:
    return {
        "manual_values_entered": [
            {"indicator": m.indicator.code, "year": m.year, "value": str(m.value), "note": m.note}
            for m in ManualValue.objects.filter(entered_by=user).select_related("indicator")
        ],
        "reports_frozen_or_unfrozen": [
            {"year": e.year, "action": e.action, "at": e.at.isoformat()}
            for e in FreezeLogEntry.objects.filter(by=user)
        ],
    }


@transaction.atomic
def erase_user(user) -> None:
    """Removes the person's name; the figures and the dates stay."""
    name = user.get_full_name() or user.email
    ManualValue.objects.filter(entered_by=user).update(entered_by=None, entered_by_name=ERASED)
    FreezeLogEntry.objects.filter(by=user).update(by=None, by_name=ERASED)
    for snapshot in ReportSnapshot.objects.select_for_update():
        changed = False
        if snapshot.frozen_by_id == user.pk:
            snapshot.frozen_by, snapshot.frozen_by_name, changed = None, ERASED, True
        for row in snapshot.data.get("indicators", {}).values():
            manual = row.get("manual")
            if manual and manual.get("by") == name:
                manual["by"], changed = ERASED, True
        if changed:
            snapshot.save(update_fields=["frozen_by", "frozen_by_name", "data"])
    # A rendered PDF and the figures it was rendered from name who froze the year and who entered
    # manual values. Renders are a cache: those naming the person go, file included, and the report
    # renders again (from the anonymised snapshot) when somebody asks for it.
    for render in PdfRender.objects.exclude(data=None).select_for_update():
        if _names(render.data, name):
            if render.file:
                render.file.delete(save=False)
            render.delete()


def _names(data: dict, name: str) -> bool:
    frozen = data.get("frozen") or {}
    if frozen.get("by") == name:
        return True
    return any((row.get("manual") or {}).get("by") == name for row in (data.get("indicators") or {}).values())
