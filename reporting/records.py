"""Importers for the report's own records: earlier years' indicator values, targets and Table 2."""

from django.utils.translation import gettext as _

from ake.records import Column, RecordType, RowError, register

from .models import IndicatorDefinition, IndicatorTarget, ManualValue, StaffResource, TargetKind

IMPORTED_BY = "spreadsheet import"


def _indicator(row: dict) -> IndicatorDefinition:
    code = (row["indicator"] or "").strip().upper()
    indicator = IndicatorDefinition.objects.filter(code=code).first()
    if indicator is None:
        raise RowError(
            _("“%(value)s” is not an indicator id (A1–C7).") % {"value": row["indicator"]}, "indicator"
        )
    return indicator


def _year(row: dict) -> int:
    if not 2000 <= row["year"] <= 2100:
        raise RowError(_("The year must be between 2000 and 2100."), "year")
    return row["year"]


def validate_indicator_value(row: dict) -> dict:
    return {**row, "indicator": _indicator(row), "year": _year(row)}


def create_indicator_value(row: dict) -> None:
    manual = ManualValue(
        indicator=row["indicator"],
        year=row["year"],
        value=row["value"],
        note=row["note"],
        override=row["override"],
        entered_by_name=IMPORTED_BY,
    )
    manual.full_clean()
    manual.save()


def validate_target(row: dict) -> dict:
    if row["kind"] not in TargetKind.values:
        raise RowError(
            _("The kind must be one of: %(kinds)s.") % {"kinds": ", ".join(TargetKind.values)}, "kind"
        )
    row = {**row, "indicator": _indicator(row), "year": _year(row)}
    target = IndicatorTarget(
        indicator=row["indicator"],
        year=row["year"],
        kind=row["kind"],
        low=row["low"],
        high=row["high"],
        tolerance_percent=row["tolerance_percent"] if row["tolerance_percent"] is not None else 10,
    )
    try:
        target.clean()
    except Exception as error:  # noqa: BLE001 - ValidationError: its message goes to the user
        raise RowError("; ".join(getattr(error, "messages", [str(error)]))) from error
    return {**row, "target": target}


def create_target(row: dict) -> None:
    row["target"].save()


def validate_staff(row: dict) -> dict:
    if not 0 <= row["fte_percent"] <= 100:
        raise RowError(_("The working time must be between 0 and 100 %."), "fte_percent")
    return {**row, "year": _year(row)}


def create_staff(row: dict) -> None:
    resource = StaffResource(
        year=row["year"],
        order=row["order"] or 0,
        position_number=row["position_number"],
        title_fi=row["title_fi"],
        title_sv=row["title_sv"] or "",
        fte_percent=row["fte_percent"],
        main_tasks_fi=row["main_tasks_fi"],
        main_tasks_sv=row["main_tasks_sv"] or "",
    )
    resource.full_clean()
    resource.save()


def register_record_types() -> None:
    register(
        RecordType(
            name="indicator_values",
            label="Indicator values of earlier years (shown as manual values)",
            columns=[
                Column("year", "integer", required=True),
                Column("indicator", required=True, help="A1…C7"),
                Column("value", "decimal", required=True, help="a share in percent, yes/no as 1/0"),
                Column("note", required=True, help="where the figure comes from"),
                Column("override", "boolean", help="yes: wins over a value computed from the data"),
            ],
            validate=validate_indicator_value,
            natural_key=lambda row: (row["indicator"].pk, row["year"]),
            existing_keys=lambda: set(ManualValue.objects.values_list("indicator_id", "year")),
            create=create_indicator_value,
            order=90,
        )
    )
    register(
        RecordType(
            name="indicator_targets",
            label="Targets per year",
            columns=[
                Column("year", "integer", required=True),
                Column("indicator", required=True),
                Column("kind", required=True, help=", ".join(TargetKind.values)),
                Column("low", "decimal"),
                Column("high", "decimal"),
                Column("tolerance_percent", "decimal"),
            ],
            validate=validate_target,
            natural_key=lambda row: (row["indicator"].pk, row["year"]),
            existing_keys=lambda: set(IndicatorTarget.objects.values_list("indicator_id", "year")),
            create=create_target,
            order=90,
        )
    )
    register(
        RecordType(
            name="staff_resources",
            label="Staff resources (Table 2)",
            columns=[
                Column("year", "integer", required=True),
                Column("position_number", required=True),
                Column("title_fi", required=True),
                Column("title_sv"),
                Column("fte_percent", "decimal", required=True),
                Column("main_tasks_fi", required=True),
                Column("main_tasks_sv"),
                Column("order", "integer"),
            ],
            validate=validate_staff,
            natural_key=lambda row: (row["year"], row["position_number"]),
            existing_keys=lambda: set(StaffResource.objects.values_list("year", "position_number")),
            create=create_staff,
            order=90,
        )
    )
