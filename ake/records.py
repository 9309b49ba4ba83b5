"""Importing earlier years' records from spreadsheets: one CSV or XLSX file per record type.

The app that owns a record registers its importer here from its AppConfig.ready(), so that nothing
has to import the app that runs the import (reporting's `import_records` command):

    from ake.records import Column, RecordType, register

    register(RecordType(
        name="events",                      # the file is events.csv or events.xlsx
        label="Events with attendance",
        columns=[Column("title", required=True), Column("starts_on", "date", required=True), ...],
        validate=validate_event_row,        # (row: dict) -> dict; raise RowError for a bad row
        natural_key=lambda row: (row["title"], row["starts_on"]),
        existing_keys=lambda: {...},        # the natural keys already in the database
        create=create_event,                # (row: dict) -> None, inside the import's transaction
        order=20,                           # files import in this order (libraries before events)
    ))

Rules every import keeps:
- the columns are documented (docs/records.md) and checked: a missing required column, an unknown
  column, a value of the wrong type, or a row the validator refuses is an error with its line;
- a file with any error imports nothing (one transaction per file);
- the natural key identifies one real-world record (the person, or both libraries, where that is what
  tells two records apart): a row whose key exists already, or repeats an earlier row of the file
  with the same content, is skipped, so that importing the same file twice adds nothing; a row that
  repeats the key of an earlier row with *different* content is an error naming both lines (two
  records would otherwise silently become one).
"""

import contextvars
import csv
import datetime
import io
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from ake.uploads import limited_rows, validate_spreadsheet

COLUMN_TYPES = ("text", "integer", "decimal", "date", "boolean")
TRUE_WORDS = {"1", "true", "yes", "kyllä", "k", "x", "ja", "y"}
FALSE_WORDS = {"0", "false", "no", "ei", "e", "nej", "n", ""}
SUPPORTED_SUFFIXES = (".csv", ".xlsx")


class RowError(Exception):
    """A row the validator refuses; ``column`` names the field when one is at fault."""

    def __init__(self, message: str, column: str = ""):
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"
    required: bool = False
    help: str = ""


@dataclass
class RecordType:
    name: str
    label: str
    columns: list[Column]
    validate: Callable[[dict], dict]
    natural_key: Callable[[dict], tuple]
    existing_keys: Callable[[], set]
    create: Callable[[dict], None]
    order: int = 100


@dataclass
class RowProblem:
    line: int
    column: str
    message: str

    def __str__(self):
        where = _("line %(line)s") % {"line": self.line}
        if self.column:
            where += ", " + _("column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    record_type: str
    path: Path
    created: int = 0
    skipped: int = 0
    errors: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


_registry: dict[str, RecordType] = {}
_file_cache: contextvars.ContextVar[dict | None] = contextvars.ContextVar("records_file_cache", default=None)


def per_file(key: str, build: Callable[[], object]):
    """``build()`` once per imported file (e.g. a name -> library map for every row's validator);
    outside an import it is built on every call, so nothing stale outlives an import."""
    cache = _file_cache.get()
    if cache is None:
        return build()
    if key not in cache:
        cache[key] = build()
    return cache[key]


def register(record_type: RecordType) -> RecordType:
    unknown = [column.type for column in record_type.columns if column.type not in COLUMN_TYPES]
    if unknown:
        raise ValueError(f"unknown column types {unknown} in {record_type.name}")
    _registry[record_type.name] = record_type
    return record_type


def unregister(name: str) -> None:
    _registry.pop(name, None)


def record_types() -> list[RecordType]:
    return sorted(_registry.values(), key=lambda record_type: (record_type.order, record_type.name))


def record_type_for(name: str) -> RecordType | None:
    return _registry.get(name)


# --------------------------------------------------------------------------- reading
def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the rows (with their line numbers) of a CSV or XLSX file, as text.

    The file passes the upload checks first (size, content matching its extension, no zip bomb), and
    at most MAX_IMPORT_ROWS rows are read, so a huge or disguised file is refused, not read whole."""
    with path.open("rb") as handle:
        validate_spreadsheet(File(handle, name=path.name))
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    return _read_csv(path)


def _read_csv(path: Path):
    text = path.read_bytes().decode("utf-8-sig")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = limited_rows(csv.reader(io.StringIO(text), dialect))
    if not rows:
        return [], []
    header = [name.strip() for name in rows[0]]
    body = []
    for number, values in enumerate(rows[1:], start=2):
        if not any(value.strip() for value in values):
            continue
        body.append(
            (number, {name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(header)})
        )
    return header, body


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(path: Path):
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = iter(limited_rows(sheet.iter_rows(values_only=True)))
    header_row = next(rows, None)
    if header_row is None:
        return [], []
    header = [_cell_text(value) for value in header_row]
    body = []
    for number, values in enumerate(rows, start=2):
        texts = [_cell_text(value) for value in values]
        if not any(texts):
            continue
        body.append(
            (number, {name: (texts[i] if i < len(texts) else "") for i, name in enumerate(header) if name})
        )
    workbook.close()
    return [name for name in header if name], body


# --------------------------------------------------------------------------- converting
def convert(column: Column, raw: str):
    """The cell as the column's type; raises RowError with a message for the user."""
    raw = raw.strip()
    if raw == "":
        if column.required:
            raise RowError(_("A value is required."), column.name)
        return False if column.type == "boolean" else None
    if column.type == "text":
        return raw
    if column.type == "integer":
        try:
            return int(raw.replace(" ", ""))
        except ValueError:
            raise RowError(_("“%(value)s” is not a whole number.") % {"value": raw}, column.name) from None
    if column.type == "decimal":
        try:
            return Decimal(raw.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise RowError(_("“%(value)s” is not a number.") % {"value": raw}, column.name) from None
    if column.type == "date":
        for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return datetime.datetime.strptime(raw, pattern).date()  # noqa: DTZ007 - a date, no time
            except ValueError:
                continue
        raise RowError(
            _("“%(value)s” is not a date (use 2024-03-31 or 31.3.2024).") % {"value": raw}, column.name
        )
    if column.type == "boolean":
        word = raw.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise RowError(_("“%(value)s” is not yes or no.") % {"value": raw}, column.name)
    raise RowError(f"unknown column type {column.type}", column.name)


# --------------------------------------------------------------------------- importing
def import_file(path: Path, record_type: RecordType) -> ImportResult:
    token = _file_cache.set({})
    try:
        return _import_file(path, record_type)
    finally:
        _file_cache.reset(token)


def _import_file(path: Path, record_type: RecordType) -> ImportResult:
    result = ImportResult(record_type=record_type.name, path=path)
    try:
        header, rows = read_rows(path)
    except ValidationError as error:
        result.errors.extend(RowProblem(1, "", message) for message in error.messages)
        return result
    except UnicodeDecodeError:
        result.errors.append(
            RowProblem(1, "", _("The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8”."))
        )
        return result
    except (OSError, csv.Error, ValueError, KeyError) as error:
        result.errors.append(RowProblem(1, "", _("The file cannot be read: %(error)s") % {"error": error}))
        return result
    known = {column.name for column in record_type.columns}
    for name in header:
        if name not in known:
            result.errors.append(RowProblem(1, name, _("Unknown column.")))
    for column in record_type.columns:
        if column.required and column.name not in header:
            result.errors.append(RowProblem(1, column.name, _("The required column is missing.")))
    if result.errors:
        return result

    cleaned_rows: list[tuple[int, dict]] = []
    first_with_key: dict[tuple, tuple[int, dict]] = {}
    for line, raw in rows:
        values, row_ok = {}, True
        for column in record_type.columns:
            try:
                values[column.name] = convert(column, raw.get(column.name, ""))
            except RowError as error:
                result.errors.append(RowProblem(line, error.column, error.message))
                row_ok = False
        if not row_ok:
            continue
        try:
            cleaned = record_type.validate(values)
        except RowError as error:
            result.errors.append(RowProblem(line, error.column, error.message))
            continue
        key = record_type.natural_key(cleaned)
        earlier = first_with_key.get(key)
        if earlier is None:
            first_with_key[key] = (line, values)
        elif _content(earlier[1]) != _content(values):
            differing = [
                name
                for name in values
                if _content({name: values[name]}) != _content({name: earlier[1].get(name)})
            ]
            result.errors.append(
                RowProblem(
                    line,
                    "",
                    _(
                        "Lines %(first)s and %(line)s are the same record by their key but differ in: "
                        "%(columns)s. Correct the one that is wrong, or tell the two records apart."
                    )
                    % {"first": earlier[0], "line": line, "columns": ", ".join(differing)},
                )
            )
            continue
        cleaned_rows.append((line, cleaned))
    if result.errors:
        return result

    try:
        with transaction.atomic():
            # Two imports of the same record type at once would both see a key as new.
            lock = zlib.crc32(f"records:{record_type.name}".encode())
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock])
            seen = set(record_type.existing_keys())
            for line, row in cleaned_rows:
                key = record_type.natural_key(row)
                if key in seen:
                    result.skipped += 1
                    continue
                try:
                    record_type.create(row)
                except (RowError, ValidationError, IntegrityError) as error:
                    message = error.message if isinstance(error, RowError) else "; ".join(_messages(error))
                    result.errors.append(RowProblem(line, getattr(error, "column", ""), message))
                    raise _Rollback from error
                seen.add(key)
                result.created += 1
    except _Rollback:
        result.created = result.skipped = 0
    return result


class _Rollback(Exception):
    pass


def _content(values: dict) -> dict:
    """A row's values as compared for a repeated key: text without case and extra spaces (the
    validators read "Turun kaupunginkirjasto" and "turun kaupunginkirjasto" alike)."""
    return {
        name: " ".join(value.casefold().split()) if isinstance(value, str) else value
        for name, value in values.items()
    }


def _messages(error) -> list[str]:
    if isinstance(error, ValidationError):
        return [str(message) for message in error.messages]
    return [_("The row conflicts with a record already saved.")]


def import_folder(folder: Path) -> tuple[list[ImportResult], list[Path]]:
    """Imports every file named after a record type, in the types' order; returns the results and
    the files that match no record type."""
    files = [p for p in sorted(folder.iterdir()) if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES]
    unknown = [p for p in files if p.stem not in _registry]
    results = []
    for record_type in record_types():
        for path in files:
            if path.stem == record_type.name:
                results.append(import_file(path, record_type))
    return results, unknown
