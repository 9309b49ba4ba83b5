"""Import of Liboppi course completions from the platform's CSV export.

All or nothing: every row is checked first, and a file with any bad row imports nothing, listing each
bad row with its number. Re-importing the same file adds nothing (natural key: module, library, day
and the person as the export names them).
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ake.uploads import limited_rows

from .models import LiboppiCompletion, LiboppiModule, Library, User

MAX_ROWS = 20000
COLUMNS = {
    "email": ("email", "e-mail", "sähköposti", "e-post"),
    "name": ("name", "person", "nimi", "namn", "henkilö"),
    "library": ("library", "kirjasto", "bibliotek", "organisation", "organisaatio"),
    "course": ("course", "module", "kurssi", "moduuli", "kurs"),
    "completed_on": ("completed_on", "completed", "date", "suoritettu", "suorituspäivä", "pvm", "datum"),
}


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_date(value: str) -> datetime.date | None:
    value = value.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M"):
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    return None


def _header_map(fieldnames) -> dict[str, str]:
    found = {}
    for raw in fieldnames or []:
        name = (raw or "").strip().lower()
        for key, aliases in COLUMNS.items():
            if name in aliases and key not in found:
                found[key] = raw
    return found


def _library_index() -> dict[str, Library]:
    index = {}
    for library in Library.objects.all():
        for name in (library.name_fi, library.name_sv, library.name_en):
            if name:
                index[name.strip().lower()] = library
        # A municipality names its organisation, not a branch.
        if library.parent_id is None:
            for name in (library.municipality_fi, library.municipality_sv):
                if name:
                    index.setdefault(name.strip().lower(), library)
    return index


def liboppi_import_csv(*, data: bytes) -> ImportResult:
    result = ImportResult()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(_("The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8”."))
        return result
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = _header_map(reader.fieldnames)
    missing = [key for key in ("course", "completed_on") if key not in columns]
    if "library" not in columns and "email" not in columns:
        missing.append("library")
    if missing:
        result.errors.append(
            _("The file lacks the columns: %(columns)s. Expected e.g. email, library, course, completed_on.")
            % {"columns": ", ".join(missing)}
        )
        return result

    modules = {module.title.strip().lower(): module for module in LiboppiModule.objects.all()}
    libraries = _library_index()
    users = {}
    try:
        rows = limited_rows(reader, limit=MAX_ROWS, header=False)  # DictReader took the header
    except ValidationError as error:
        result.errors.extend(error.messages)
        return result
    if "email" in columns:
        emails = set()
        for row in rows:
            emails.add((row.get(columns["email"]) or "").strip().lower())
        users = {
            user.email.lower(): user
            for user in User.objects.filter(email__in=[e for e in emails if e]).select_related("library")
        }
    if not rows:
        result.errors.append(_("The file has no rows."))
        return result

    today = timezone.localdate()
    wanted: dict[tuple, LiboppiCompletion] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header

        def cell(key, row=row):
            return (row.get(columns[key]) or "").strip() if key in columns else ""

        problems = []
        module = modules.get(cell("course").lower())
        if module is None:
            problems.append(_("unknown course “%(course)s”") % {"course": cell("course")})
        completed_on = _parse_date(cell("completed_on"))
        if completed_on is None:
            problems.append(
                _("the date “%(date)s” is not a date (use d.m.yyyy)") % {"date": cell("completed_on")}
            )
        elif completed_on > today:
            problems.append(_("the date %(date)s is in the future") % {"date": cell("completed_on")})
        email = cell("email").lower()
        person = users.get(email) if email else None
        library = libraries.get(cell("library").lower()) if cell("library") else None
        if library is None and person is not None:
            library = person.library
        if library is None:
            if cell("library"):
                problems.append(_("unknown library “%(library)s”") % {"library": cell("library")})
            else:
                problems.append(_("no library, and the email address is not a known user's"))
        person_ref = email or cell("name").lower()
        if not person_ref and not cell("library"):
            problems.append(_("neither a person nor a library"))
        if problems:
            result.errors.append(
                _("Row %(row)s: %(problems)s.") % {"row": number, "problems": "; ".join(problems)}
            )
            continue
        key = (module.pk, library.pk, completed_on, person_ref)
        if key in wanted:
            if not person_ref:
                # A row names no person: each such row is one completion at the library, so two of
                # them on the same day are two completions, not a duplicate.
                wanted[key].count += 1
            else:
                result.skipped += 1  # the same person's completion listed twice
            continue
        wanted[key] = LiboppiCompletion(
            module=module,
            library=library,
            completed_on=completed_on,
            person=person,
            person_ref=person_ref,
            source=LiboppiCompletion.Source.IMPORT,
        )
    if result.errors:
        result.skipped = 0
        return result

    with transaction.atomic():
        existing = set(
            LiboppiCompletion.objects.filter(
                module_id__in={key[0] for key in wanted}, completed_on__in={key[2] for key in wanted}
            ).values_list("module_id", "library_id", "completed_on", "person_ref")
        )
        new = [completion for key, completion in wanted.items() if key not in existing]
        # A concurrent import of the same file loses nothing: the natural key drops duplicates.
        LiboppiCompletion.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    result.created = len(new)
    result.skipped += len(wanted) - len(new)
    return result
