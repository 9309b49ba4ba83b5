"""Importers of earlier years' lending records (ake/records.py, docs/records.md): kit bookings,
interlibrary loans (row by row through the interlibrary-loan import's own parser) and monthly
interlibrary-loan totals."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ake.records import Column, RecordType, RowError, per_file, register
from networks.records import choice_from_row, dates_in_order, library_from_row, not_in_future

from .interlibrary_io import _library_lookup, _loan_from_row
from .models import Delivery, InterlibraryLoan, InterlibraryMonthlyTotal, Kit, KitBooking, KitUnit
from .selectors import kit_type_rules_map
from .services import KitBookingConflict, _place_on_free_unit

DELIVERIES = {
    "collected": Delivery.COLLECTED,
    "nouto": Delivery.COLLECTED,
    "courier": Delivery.COURIER,
    "kuljetus": Delivery.COURIER,
}


# --------------------------------------------------------------------------- kit bookings
def _kits() -> dict[str, Kit]:
    kits = {}
    for kit in Kit.objects.all():
        for name in (kit.name_fi, kit.name_sv, kit.name_en):
            if name:
                kits.setdefault(name.strip().lower(), kit)
    return kits


def validate_kit_booking(row: dict) -> dict:
    kit = per_file("loans:kits", _kits).get(row["kit"].strip().lower())
    if kit is None:
        raise RowError(_("“%(value)s” is not a kit (use its Finnish name).") % {"value": row["kit"]}, "kit")
    unit = None
    if row["unit"]:
        unit = KitUnit.objects.filter(kit=kit, code=row["unit"]).first()
        if unit is None:
            raise RowError(
                _("The kit has no unit “%(value)s”.") % {"value": row["unit"]},
                "unit",
            )
    dates_in_order(row, "starts_on", "ends_on")
    not_in_future(row, "ends_on")
    return {
        **row,
        "kit": kit,
        "unit": unit,
        "library": library_from_row(row, "library"),
        "delivery": choice_from_row(row, "delivery", DELIVERIES, default=Delivery.COLLECTED),
    }


def kit_booking_key(row: dict) -> tuple:
    """The kit, the library, the pick-up day and the unit when the file names one: a library may
    book two units of a kit for the same days (name the units to import both)."""
    return (row["kit"].pk, row["library"].pk, row["starts_on"], row["unit"].code if row["unit"] else "")


def existing_kit_booking_keys() -> set[tuple]:
    keys = set()
    for kit_id, library_id, pickup_date, unit_code in KitBooking.objects.values_list(
        "kit_id", "library_id", "pickup_date", "unit__code"
    ):
        # A row without a unit is the booking of that kit by that library on that day, whichever unit.
        keys.add((kit_id, library_id, pickup_date, unit_code or ""))
        keys.add((kit_id, library_id, pickup_date, ""))
    return keys


def create_kit_booking(row: dict) -> None:
    rule = per_file("loans:rules", kit_type_rules_map)[row["kit"].kit_type]
    blocked_start, blocked_end = rule.blocked_range(
        pickup_date=row["starts_on"], return_date=row["ends_on"], delivery=row["delivery"]
    )
    cancelled = row["cancelled"]
    booking = KitBooking(
        kit=row["kit"],
        library=row["library"],
        pickup_date=row["starts_on"],
        return_date=row["ends_on"],
        delivery=row["delivery"],
        status=KitBooking.Status.CANCELLED if cancelled else KitBooking.Status.RETURNED,
        returned_on=None if cancelled else row["ends_on"],
        blocked_start=blocked_start,
        blocked_end=blocked_end,
        notes=_("Imported from a spreadsheet."),
    )
    booking.full_clean(exclude=["unit"])
    if cancelled:
        # A cancelled booking holds no unit; it still names one (the first, when the file names none).
        booking.unit = row["unit"] or row["kit"].units.order_by("code", "pk").first()
        if booking.unit is None:
            raise RowError(_("The kit has no units."), "kit")
        booking.save()
        return
    try:
        # The same guard as a booking made on the site: no unit is booked twice for a day.
        _place_on_free_unit(booking, prefer_unit_id=row["unit"].pk if row["unit"] else None)
    except KitBookingConflict as error:
        raise RowError(str(error), "starts_on") from error
    if row["unit"] and booking.unit_id != row["unit"].pk:
        raise RowError(_("The unit is already booked for some of these days."), "unit")


# --------------------------------------------------------------------------- interlibrary loans (C7)
ILL_COLUMNS = [
    Column("id", required=True, help="the library system's id of the loan"),
    Column("requested_on", "date", required=True),
    Column("title", required=True),
    Column("author"),
    Column("identifier"),
    Column("library", required=True),
    Column("contact"),
    Column("status", help="received / sent / returned / not_supplied"),
    Column("sent_on", "date"),
    Column("volumes", "integer"),
    Column("shipping_method", help="post / courier / matkahuolto / collected / other"),
    Column("postage", help="euros"),
    Column("returned_on", "date"),
    Column("reason"),
]


def validate_interlibrary_loan(row: dict) -> dict:
    # The interlibrary-loan import's own row parser: the same rules and messages as its upload page.
    values = {key: ("" if value is None else value) for key, value in row.items()}
    values["volumes"] = "" if row["volumes"] is None else str(row["volumes"])
    try:
        loan = _loan_from_row(values, per_file("loans:ill_libraries", _library_lookup))
    except ValueError as error:
        raise RowError(str(error)) from error
    return {**row, "loan": loan}


def create_interlibrary_loan(row: dict) -> None:
    row["loan"].save()


# --------------------------------------------------------------------------- monthly totals (C7)
def validate_monthly_total(row: dict) -> dict:
    if not 1 <= row["month"] <= 12:
        raise RowError(_("The month must be between 1 and 12."), "month")
    if not 2000 <= row["year"] <= 2100:
        raise RowError(_("The year must be between 2000 and 2100."), "year")
    if row["volumes"] < 0:
        raise RowError(_("The number of volumes cannot be negative."), "volumes")
    if row["cost_eur"] is not None and row["cost_eur"] < 0:
        raise RowError(_("The costs cannot be negative."), "cost_eur")
    return {**row, "library": library_from_row(row, "library", required=False)}


def create_monthly_total(row: dict) -> None:
    total = InterlibraryMonthlyTotal(
        year=row["year"],
        month=row["month"],
        library=row["library"],
        volumes=row["volumes"],
        cost=row["cost_eur"] or 0,
        note=row["note"] or _("Imported from a spreadsheet."),
    )
    try:
        total.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise RowError("; ".join(error.messages)) from error
    total.save()


def register_record_types() -> None:
    register(
        RecordType(
            name="kit_bookings",
            label="Kit bookings",
            columns=[
                Column("kit", required=True),
                Column("unit", help="the unit's code; empty: any free unit"),
                Column("library", required=True),
                Column("starts_on", "date", required=True),
                Column("ends_on", "date", required=True),
                Column("delivery", help="collected / courier (empty: collected)"),
                Column("cancelled", "boolean"),
            ],
            validate=validate_kit_booking,
            natural_key=kit_booking_key,
            existing_keys=existing_kit_booking_keys,
            create=create_kit_booking,
            order=60,
        )
    )
    register(
        RecordType(
            name="interlibrary_loans",
            label="Interlibrary loans, one row per loan",
            columns=ILL_COLUMNS,
            validate=validate_interlibrary_loan,
            natural_key=lambda row: (row["loan"].external_id,),
            existing_keys=lambda: {
                (external_id,)
                for external_id in InterlibraryLoan.objects.exclude(external_id=None).values_list(
                    "external_id", flat=True
                )
            },
            create=create_interlibrary_loan,
            order=60,
        )
    )
    register(
        RecordType(
            name="interlibrary_monthly_totals",
            label="Interlibrary loans, monthly totals per receiving library",
            columns=[
                Column("year", "integer", required=True),
                Column("month", "integer", required=True),
                Column("library", help="empty: all libraries outside the registry together"),
                Column("volumes", "integer", required=True),
                Column("cost_eur", "decimal"),
                Column("note"),
            ],
            validate=validate_monthly_total,
            natural_key=lambda row: (
                row["year"],
                row["month"],
                row["library"].pk if row["library"] else None,
            ),
            existing_keys=lambda: set(
                InterlibraryMonthlyTotal.objects.values_list("year", "month", "library_id")
            ),
            create=create_monthly_total,
            order=60,
        )
    )
