"""Checks every uploaded file passes before the app keeps or reads it.

One validator for the Wagtail documents, the spreadsheet imports and anything else that takes a file:

- a safe name: no path parts, no control or bidirectional-override characters (a right-to-left
  override makes ``x<U+202E>fdp.exe`` look like ``xexe.pdf``), not too long for the file system;
- an extension from the caller's allow-list;
- not empty, not over the size limit (``MAX_UPLOAD_SIZE`` unless the caller gives its own);
- content that matches the extension, by its magic bytes (python-magic is not available, and the
  few formats we accept are easy to recognise): HTML or SVG renamed to .pdf or .docx is refused;
- for ZIP-based office files (OOXML, OpenDocument): a real archive of that kind whose members do not
  expand beyond a limit (a "zip bomb" of a few hundred kilobytes can expand to gigabytes when a
  spreadsheet reader or a search indexer opens it).

Validation reads only the file's head and its ZIP directory; nothing is written anywhere.
"""

import csv
import re
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_NAME_LENGTH = 200
# A ZIP-based document may expand to at most this much in total ...
MAX_UNCOMPRESSED_SIZE = 100 * 1024 * 1024
# ... and, once it expands beyond SMALL_ARCHIVE, at most this many times its own size (real office
# files compress text 5-20 times; a bomb of zeros around 1000 times).
MAX_COMPRESSION_RATIO = 100
SMALL_ARCHIVE = 10 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 10_000

_ZIP = b"PK\x03\x04"
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": (_ZIP,),
    "pptx": (_ZIP,),
    "xlsx": (_ZIP,),
    "odt": (_ZIP,),
    "odp": (_ZIP,),
    "ods": (_ZIP,),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
}
OOXML_EXTENSIONS = {"docx", "pptx", "xlsx"}
OPENDOCUMENT_EXTENSIONS = {"odt", "odp", "ods"}
TEXT_EXTENSIONS = {"txt", "csv", "tsv", "vtt"}
_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|iframe|svg|object|embed|meta)\b", re.IGNORECASE)
# Unicode categories that never belong in a file name: controls (NUL, CR, ...), format characters
# (bidirectional overrides, zero-width joiners), line and paragraph separators.
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}

ERROR_NAME = _("The file name is not allowed: use letters, digits, spaces, dots, dashes and underscores.")
ERROR_NAME_LENGTH = _("The file name is too long: at most %(limit)s characters are allowed.")
ERROR_EXTENSION = _("Files of type .%(extension)s are not allowed.")
ERROR_EMPTY = _("The file is empty.")
ERROR_TOO_LARGE = _("The file is too large: at most %(limit)s MB is allowed.")
ERROR_CONTENT = _("The file's content does not match its extension .%(extension)s, so it was refused.")
ERROR_ARCHIVE = _("The file expands to too much data when opened, so it was refused.")


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _megabytes(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return f"{megabytes:g}" if megabytes >= 1 else f"{megabytes:.2g}"


def validate_file_name(name: str) -> None:
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(ERROR_NAME_LENGTH, params={"limit": MAX_NAME_LENGTH}, code="name_length")
    if (
        not name.strip()
        or name.startswith(".")
        or "/" in name
        or "\\" in name
        or any(unicodedata.category(char) in _UNSAFE_CATEGORIES for char in name)
    ):
        raise ValidationError(ERROR_NAME, code="name")


def content_matches(extension: str, head: bytes, *, utf8_only: bool = True) -> bool:
    """Whether the first bytes of a file look like the type its extension names.

    A text file must not be markup nor binary; with ``utf8_only`` it must also be UTF-8 (imports that
    accept other encodings, or word their own message about them, pass False)."""
    extension = extension.lower()
    if extension in SIGNATURES:
        return head.startswith(SIGNATURES[extension])
    if extension == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension == "mp4":
        return head[4:8] == b"ftyp"
    if extension == "avif":
        return head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis")
    if extension in TEXT_EXTENSIONS:
        if b"\x00" in head or _MARKUP.search(head):
            return False
        if not utf8_only:
            return True
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:  # a character cut at the end of the sample is fine
                return False
        return extension != "vtt" or head.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT")
    return False


def _check_archive(upload, extension: str, size: int) -> None:
    """An office file must be a ZIP of its kind that does not expand too far.

    The sizes in the ZIP directory may lie, but Python's zipfile (which openpyxl uses) stops a member
    at its declared size and fails its checksum, so the declared sizes bound what any reader here
    ever inflates."""
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ValidationError(ERROR_CONTENT, params={"extension": extension}, code="content") from None
    names = {member.filename for member in members}
    kind_marker = "[Content_Types].xml" if extension in OOXML_EXTENSIONS else "mimetype"
    if kind_marker not in names:
        raise ValidationError(ERROR_CONTENT, params={"extension": extension}, code="content")
    expanded = sum(member.file_size for member in members)
    if (
        len(members) > MAX_ARCHIVE_MEMBERS
        or expanded > MAX_UNCOMPRESSED_SIZE
        or (expanded > SMALL_ARCHIVE and expanded > MAX_COMPRESSION_RATIO * max(size, 1))
    ):
        raise ValidationError(ERROR_ARCHIVE, code="archive")


def validate_upload(upload, *, extensions, max_size: int | None = None, utf8_only: bool = True) -> None:
    """Raises ValidationError (with a message for the user) unless the upload is safe to keep.

    ``extensions`` is the allow-list (without dots); ``max_size`` defaults to MAX_UPLOAD_SIZE."""
    name = upload.name or ""
    validate_file_name(name)
    extension = extension_of(name)
    if extension not in {allowed.lower() for allowed in extensions}:
        raise ValidationError(ERROR_EXTENSION, params={"extension": extension or "?"}, code="extension")
    limit = max_size if max_size is not None else settings.MAX_UPLOAD_SIZE
    size = upload.size
    if not size:
        raise ValidationError(ERROR_EMPTY, code="empty")
    if size > limit:
        raise ValidationError(ERROR_TOO_LARGE, params={"limit": _megabytes(limit)}, code="size")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        head = upload.read(4096)
        upload.seek(0)
        if not content_matches(extension, head, utf8_only=utf8_only):
            raise ValidationError(ERROR_CONTENT, params={"extension": extension}, code="content")
        if extension in OOXML_EXTENSIONS | OPENDOCUMENT_EXTENSIONS:
            _check_archive(upload, extension, size)
    finally:
        upload.seek(position)


SPREADSHEET_EXTENSIONS = ("csv", "xlsx")


def validate_spreadsheet(upload, *, extensions=SPREADSHEET_EXTENSIONS) -> None:
    """An import file: CSV or XLSX (or the caller's subset), within MAX_IMPORT_SIZE. The encoding of a
    CSV is left to the import, which accepts other encodings or explains how to save as UTF-8."""
    validate_upload(upload, extensions=extensions, max_size=settings.MAX_IMPORT_SIZE, utf8_only=False)


ERROR_TOO_MANY_ROWS = _("The file has more than %(limit)s rows; split it into smaller files.")
ERROR_CSV = _("The file cannot be read as CSV: %(error)s")


def limited_rows(rows, *, limit: int | None = None, header: bool = True) -> list:
    """The rows of a reader as a list, refused once there are more than ``limit`` (default
    MAX_IMPORT_ROWS) besides the header (when ``rows`` include one), so that a huge file is not read
    whole; a broken CSV (say, a cell longer than the csv module's field limit) is a ValidationError
    too, not a server error."""
    limit = settings.MAX_IMPORT_ROWS if limit is None else limit
    most = limit + 1 if header else limit
    collected = []
    try:
        for row in rows:
            collected.append(row)
            if len(collected) > most:
                raise ValidationError(ERROR_TOO_MANY_ROWS, params={"limit": limit}, code="rows")
    except csv.Error as error:
        raise ValidationError(ERROR_CSV, params={"error": error}, code="csv") from None
    return collected
