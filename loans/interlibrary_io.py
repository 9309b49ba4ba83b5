"""Import of a year's interlibrary loans from the library system's export, and CSV/XLSX export.

Columns of the import file (first row; names are case-insensitive, Finnish names accepted):

=================  ====================  =========================================================
column             Finnish alias         content
=================  ====================  =========================================================
id                 tunniste              the library system's id of the loan; required, unique
requested_on       pyyntöpäivä           date of the request; required
title              nimeke                required
author             tekijä
identifier         isbn                  ISBN or other identifier
library            kirjasto              requesting library; required. A name (Finnish or Swedish)
                                         or municipality of the registry links the library, any
                                         other name is kept as a library outside the registry
contact            yhteyshenkilö         contact person
status             tila                  received/sent/returned/not_supplied (vastaanotettu,
                                         lähetetty, palautettu, ei toimitettu); empty: "sent" when
                                         sent_on is given, else "received"
sent_on            lähetetty             date sent; required for sent and returned loans
volumes            niteet                number of volumes, default 1
shipping_method    lähetystapa           post/courier/matkahuolto/collected/other (posti, kuljetus,
                                         matkahuolto, nouto, muu)
postage            postikulut            postage cost in euros (1,50 or 1.50)
returned_on        palautettu            date returned
reason             syy                   why it was not supplied
=================  ====================  =========================================================

Dates as 2024-03-15 or 15.3.2024 (or date cells in XLSX). The import is idempotent: a row whose id
was imported before updates that loan (the library system is the record) and adds nothing; the same
file imported twice changes nothing. Every row is checked first; when any row has an error, nothing
is saved and every error is listed with its row number.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ake.spreadsheets import cell
from ake.uploads import limited_rows
from networks.models import Library

from .models import InterlibraryLoan, ShippingMethod

MAX_ROWS = 20000

COLUMN_ALIASES = {
    "id": "id",
    "tunniste": "id",
    "requested_on": "requested_on",
    "pyyntöpäivä": "requested_on",
    "title": "title",
    "nimeke": "title",
    "author": "author",
    "tekijä": "author",
    "identifier": "identifier",
    "isbn": "identifier",
    "library": "library",
    "kirjasto": "library",
    "contact": "contact",
    "yhteyshenkilö": "contact",
    "status": "status",
    "tila": "status",
    "sent_on": "sent_on",
    "lähetetty": "sent_on",
    "volumes": "volumes",
    "niteet": "volumes",
    "shipping_method": "shipping_method",
    "lähetystapa": "shipping_method",
    "postage": "postage",
    "postikulut": "postage",
    "returned_on": "returned_on",
    "palautettu": "returned_on",
    "reason": "reason",
    "syy": "reason",
}
REQUIRED_COLUMNS = ("id", "requested_on", "title", "library")
EXPORT_COLUMNS = [
    "id",
    "requested_on",
    "title",
    "author",
    "identifier",
    "library",
    "contact",
    "status",
    "sent_on",
    "volumes",
    "shipping_method",
    "postage",
    "returned_on",
    "reason",
]
STATUS_ALIASES = {
    "received": InterlibraryLoan.Status.RECEIVED,
    "vastaanotettu": InterlibraryLoan.Status.RECEIVED,
    "sent": InterlibraryLoan.Status.SENT,
    "lähetetty": InterlibraryLoan.Status.SENT,
    "returned": InterlibraryLoan.Status.RETURNED,
    "palautettu": InterlibraryLoan.Status.RETURNED,
    "not_supplied": InterlibraryLoan.Status.NOT_SUPPLIED,
    "not supplied": InterlibraryLoan.Status.NOT_SUPPLIED,
    "ei toimitettu": InterlibraryLoan.Status.NOT_SUPPLIED,
}
SHIPPING_ALIASES = {
    "post": ShippingMethod.POST,
    "posti": ShippingMethod.POST,
    "courier": ShippingMethod.COURIER,
    "kuljetus": ShippingMethod.COURIER,
    "matkahuolto": ShippingMethod.MATKAHUOLTO,
    "collected": ShippingMethod.COLLECTED,
    "nouto": ShippingMethod.COLLECTED,
    "other": ShippingMethod.OTHER,
    "muu": ShippingMethod.OTHER,
}
# Compared when a loan is imported again: a row that changes none of these leaves the loan alone.
COMPARED_FIELDS = (
    "title",
    "author",
    "identifier",
    "library_id",
    "outside_library",
    "contact_name",
    "requested_on",
    "status",
    "sent_on",
    "volumes",
    "shipping_method",
    "postage_cost",
    "returned_on",
    "not_supplied_reason",
)
# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --------------------------------------------------------------------------- reading
def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is not a text file in UTF-8 or Windows encoding."))


def read_rows(name: str, raw: bytes) -> list[dict]:
    """The data rows of a CSV or XLSX file as dicts keyed by canonical column names."""
    table = _read_xlsx(raw) if name.lower().endswith(".xlsx") else _read_csv(raw)
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [COLUMN_ALIASES.get(str(cell or "").strip().lower(), "") for cell in table[0]]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportFileError(
            _("The file has no column %(columns)s. See the list of columns below.")
            % {"columns": ", ".join(missing)}
        )
    rows = []
    for values in table[1:]:
        if all(value in (None, "") for value in values):
            continue
        rows.append({key: value for key, value in zip(header, values, strict=False) if key})
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
    return rows


def _read_csv(raw: bytes) -> list[list]:
    text = _decode(raw)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    return _bounded(csv.reader(io.StringIO(text), dialect))


def _bounded(rows) -> list[list]:
    """At most MAX_ROWS rows (and a header) are read; a broken CSV is the user's error, not ours."""
    try:
        return [list(row) for row in limited_rows(rows, limit=MAX_ROWS)]
    except ValidationError as error:
        raise ImportFileError(error.messages[0]) from None


def _read_xlsx(raw: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        return _bounded(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


# --------------------------------------------------------------------------- parsing a row
def _text(value) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    # An apostrophe that our export put before a formula-like value is not part of it.
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        text = text[1:]
    return text


def _date(value, column: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    raise ValueError(
        _("%(column)s: '%(value)s' is not a date (use 2024-03-15 or 15.3.2024)")
        % {
            "column": column,
            "value": text,
        }
    )


def _library_lookup() -> dict[str, Library]:
    """Names and municipalities of the registry, lower-cased; a municipality means its organisation."""
    lookup: dict[str, Library] = {}
    organisations_first = sorted(Library.objects.all(), key=lambda library: library.parent_id is not None)
    for library in organisations_first:
        names = (library.name_fi, library.name_sv, library.name_en)
        for key in (*names, library.municipality_fi, library.municipality_sv):
            if key:
                lookup.setdefault(key.strip().lower(), library)
    return lookup


def _loan_from_row(row: dict, libraries: dict[str, Library]) -> InterlibraryLoan:
    errors = []

    def collect(parse):
        try:
            return parse()
        except ValueError as error:
            errors.append(str(error))
            return None

    requested_on = collect(lambda: _date(row.get("requested_on"), "requested_on"))
    sent_on = collect(lambda: _date(row.get("sent_on"), "sent_on"))
    returned_on = collect(lambda: _date(row.get("returned_on"), "returned_on"))
    status_text = _text(row.get("status")).lower()
    if status_text:
        status = STATUS_ALIASES.get(status_text)
        if status is None:
            errors.append(_("status: '%(value)s' is not a known status") % {"value": status_text})
    else:
        status = InterlibraryLoan.Status.SENT if sent_on else InterlibraryLoan.Status.RECEIVED
    shipping_text = _text(row.get("shipping_method")).lower()
    shipping = SHIPPING_ALIASES.get(shipping_text, "") if shipping_text else ""
    if shipping_text and not shipping:
        errors.append(_("shipping_method: '%(value)s' is not a known method") % {"value": shipping_text})
    volumes_text = _text(row.get("volumes"))
    volumes = 1
    if volumes_text:
        try:
            volumes = int(Decimal(volumes_text.replace(",", ".")))
            if volumes < 1 or volumes > 1000:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors.append(_("volumes: '%(value)s' is not a number of volumes") % {"value": volumes_text})
            volumes = 1
    postage_text = _text(row.get("postage")).replace("€", "").replace(" ", "").replace(",", ".")
    postage = Decimal("0")
    if postage_text:
        try:
            postage = Decimal(postage_text).quantize(Decimal("0.01"))
            if postage < 0:
                raise InvalidOperation
        except InvalidOperation:
            errors.append(_("postage: '%(value)s' is not an amount in euros") % {"value": postage_text})
            postage = Decimal("0")
    library_name = _text(row.get("library"))
    library = libraries.get(library_name.lower())
    loan = InterlibraryLoan(
        external_id=_text(row.get("id")) or None,
        title=_text(row.get("title")),
        author=_text(row.get("author")),
        identifier=_text(row.get("identifier")),
        library=library,
        outside_library="" if library else library_name,
        contact_name=_text(row.get("contact")),
        requested_on=requested_on,
        status=status or InterlibraryLoan.Status.RECEIVED,
        sent_on=sent_on,
        volumes=volumes,
        shipping_method=shipping,
        postage_cost=postage,
        returned_on=returned_on,
        not_supplied_reason=_text(row.get("reason")),
    )
    if not loan.external_id:
        errors.append(_("id is missing"))
    if not library_name:
        errors.append(_("library is missing"))
    if loan.status in (InterlibraryLoan.Status.SENT, InterlibraryLoan.Status.RETURNED) and not sent_on:
        errors.append(_("sent_on is missing for a sent loan"))
    if sent_on and returned_on and returned_on < sent_on:
        errors.append(_("returned_on is before sent_on"))
    if not errors:
        try:
            loan.full_clean(exclude=["external_id"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors.extend(f"{key}: {' '.join(messages)}" for key, messages in error.message_dict.items())
    if errors:
        raise ValueError("; ".join(errors))
    return loan


# --------------------------------------------------------------------------- the import
def interlibrary_loans_import(*, rows: list[dict]) -> ImportResult:
    """Checks every row, then saves all of them in one transaction, or nothing.

    Row numbers in errors are those of the file (the header is row 1).
    """
    result = ImportResult()
    libraries = _library_lookup()
    loans: list[InterlibraryLoan] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(rows, start=2):
        try:
            loan = _loan_from_row(row, libraries)
        except ValueError as error:
            result.errors.append((index, str(error)))
            continue
        if loan.external_id in seen:
            result.errors.append(
                (
                    index,
                    _("id %(id)s is also on row %(row)s")
                    % {"id": loan.external_id, "row": seen[loan.external_id]},
                )
            )
            continue
        seen[loan.external_id] = index
        loans.append(loan)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            existing = {
                loan.external_id: loan
                for loan in InterlibraryLoan.objects.select_for_update().filter(external_id__in=list(seen))
            }
            new, changed = [], []
            for loan in loans:
                current = existing.get(loan.external_id)
                if current is None:
                    new.append(loan)
                    continue
                differences = [
                    name for name in COMPARED_FIELDS if getattr(current, name) != getattr(loan, name)
                ]
                if not differences:
                    result.unchanged += 1
                    continue
                for name in differences:
                    setattr(current, name, getattr(loan, name))
                changed.append(current)
            InterlibraryLoan.objects.bulk_create(new, batch_size=500)
            if changed:
                InterlibraryLoan.objects.bulk_update(changed, [*COMPARED_FIELDS], batch_size=500)
            result.created, result.updated = len(new), len(changed)
    except IntegrityError:
        # Another import of the same ids committed first; the unique id kept the data whole.
        result = ImportResult(errors=[(0, _("Another import ran at the same time. Import the file again."))])
    return result


# --------------------------------------------------------------------------- the export
def neutralise(value):
    """A text cell: no formula a spreadsheet would run, no control character openpyxl refuses."""
    return cell(value)


def _export_row(loan: InterlibraryLoan) -> list:
    return [
        loan.external_id or f"extranet-{loan.pk}",
        loan.requested_on,
        loan.title,
        loan.author,
        loan.identifier,
        loan.library.name_fi if loan.library_id else loan.outside_library,
        loan.contact_name,
        loan.status,
        loan.sent_on,
        loan.volumes,
        loan.shipping_method,
        loan.postage_cost,
        loan.returned_on,
        loan.not_supplied_reason,
    ]


def export_csv(loans) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(EXPORT_COLUMNS)
    for loan in loans:
        row = []
        for value in _export_row(loan):
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif value is None:
                value = ""
            else:
                value = neutralise(str(value))
            row.append(value)
        writer.writerow(row)
    # A byte-order mark makes Excel read the file as UTF-8 (ä, ö, å).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(loans, *, months=None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Interlibrary loans"))
    sheet.append(EXPORT_COLUMNS)
    for loan in loans:
        sheet.append([neutralise(value) if isinstance(value, str) else value for value in _export_row(loan)])
    if months is not None:
        summary = workbook.create_sheet(_("Months"))
        summary.append([_("month"), _("volumes"), _("costs (€)"), _("loan rows"), _("monthly totals")])
        for month in months:
            summary.append([month.month, month.volumes, month.cost, month.loans, month.totals])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
