"""Bad files in every place that takes a file (issue #9, "Bad input").

The places: Wagtail documents (add, multiple upload, chooser upload, replacing a file; training
materials, recordings and campaign materials are documents), Wagtail images (add, multiple, chooser),
the Liboppi and interlibrary-loan imports, the participant and attendance imports of an event, and
Wagtail's redirect import. Each gets files over the size limit, of a wrong type by extension and by
content (HTML and SVG-with-script renamed), empty, with hostile names and a zip bomb.

Every case must end with no 5xx, a Finnish message, no row written and no file left behind: the media
folder holds only files that a document or image row owns.
"""

import html
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.conftest import make_user
from tests.security.dbdiff import IGNORED_TABLES, _counters
from tests.trainings.conftest import make_event

pytestmark = pytest.mark.django_db

LIMIT = 1024 * 1024  # the size limit set for the test, far below the production one
BOMB_EXPANDS_TO = 300 * 1024 * 1024

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"
SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.domain)</script></svg>\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100
CSV = b"tunniste;nimi\n1;Aino Aaltonen\n"
# Tables a request writes without saving anything the user sent.
BOOKKEEPING = IGNORED_TABLES | {"wagtailusers_userprofile", "wagtailadmin_editingsession"}


def _png(size=(8, 8), fmt="PNG") -> bytes:
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(output, fmt)
    return output.getvalue()


def _docx() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document>" + "<w:p>Ohje</w:p>" * 200 + "</w:document>")
    return output.getvalue()


def _xlsx(rows) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A few hundred kilobytes that a reader would inflate to BOMB_EXPANDS_TO bytes of zeros."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(BOMB_EXPANDS_TO // len(chunk)):
                member.write(chunk)
    data = output.getvalue()
    assert len(data) < LIMIT, "the bomb must pass the size limit to test the expansion limit"
    return data


# --------------------------------------------------------------------------- the places
@dataclass
class Target:
    name: str
    extensions: tuple[str, ...]  # the extensions it takes, its usual one first
    post: object  # (client, upload) -> response
    stores_files: bool = False
    valid: dict = field(default_factory=dict)  # extension -> content it must accept


def _document_targets(client):
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    root = Collection.get_first_root_node().pk
    # Stored as Wagtail's own upload stores it (with its size and hash: the edit page would add them).
    existing = get_document_model()(
        title="Vanha ohje", file=SimpleUploadedFile("vanha.pdf", PDF), collection_id=root
    )
    existing._set_document_file_metadata()
    existing.save()
    accepts = ("pdf", "docx", "xlsx", "csv")
    valid = {"pdf": PDF, "docx": _docx(), "xlsx": _xlsx([["a", "b"], [1, 2]]), "csv": CSV}
    return [
        Target(
            "document: add",
            accepts,
            lambda c, f: c.post("/admin/documents/add/", {"title": "Ohje", "collection": root, "file": f}),
            True,
            valid,
        ),
        Target(
            "document: multiple upload",
            accepts,
            lambda c, f: c.post("/admin/documents/multiple/add/", {"collection": root, "files[]": f}),
            True,
            valid,
        ),
        Target(
            "document: chooser upload",
            accepts,
            lambda c, f: c.post(
                "/admin/documents/chooser/create/",
                {
                    "document-chooser-upload-title": "Ohje",
                    "document-chooser-upload-collection": root,
                    "document-chooser-upload-file": f,
                },
            ),
            True,
            valid,
        ),
        Target(
            "document: replace the file",
            accepts,
            lambda c, f: c.post(
                f"/admin/documents/edit/{existing.pk}/",
                {"title": "Vanha ohje", "collection": root, "file": f},
            ),
            True,
            valid,
        ),
    ]


def _image_targets(client):
    from wagtail.models import Collection

    root = Collection.get_first_root_node().pk
    accepts = ("png", "jpg", "gif", "webp")
    valid = {"png": _png(), "jpg": _png(fmt="JPEG")}
    return [
        Target(
            "image: add",
            accepts,
            lambda c, f: c.post("/admin/images/add/", {"title": "Kuva", "collection": root, "file": f}),
            True,
            valid,
        ),
        Target(
            "image: multiple upload",
            accepts,
            lambda c, f: c.post("/admin/images/multiple/add/", {"collection": root, "files[]": f}),
            True,
            valid,
        ),
        Target(
            "image: chooser upload",
            accepts,
            lambda c, f: c.post(
                "/admin/images/chooser/create/",
                {
                    "image-chooser-upload-title": "Kuva",
                    "image-chooser-upload-collection": root,
                    "image-chooser-upload-file": f,
                },
            ),
            True,
            valid,
        ),
    ]


def _import_targets():
    from trainings.models import Participation

    event = make_event(seats_on_site=20)
    participants = reverse("trainings_event:participants", args=[event.pk])
    attendance = reverse("trainings_event:attendance", args=[event.pk])
    ill_rows = [
        ["id", "requested_on", "title", "library"],
        ["V-1", "2024-01-03", "Tuntematon sotilas", "Porin kaupunginkirjasto"],
    ]
    return [
        Target(
            "import: Liboppi completions",
            ("csv",),
            lambda c, f: c.post(reverse("liboppi_completions:import"), {"file": f}),
        ),
        Target(
            "import: interlibrary loans",
            ("csv", "xlsx"),
            lambda c, f: c.post(reverse("interlibrary_loans:import"), {"file": f}),
            valid={"xlsx": _xlsx(ill_rows)},
        ),
        Target(
            "import: event participants",
            ("csv", "xlsx"),
            lambda c, f: c.post(participants, {"action": "import", "import-file": f}),
        ),
        Target(
            "import: attendance list",
            ("csv", "xlsx"),
            lambda c, f: c.post(
                attendance,
                {"action": "import", "import-file": f, "import-participation": Participation.REMOTE},
            ),
        ),
    ]


def _redirect_target():
    return Target(
        "import: Wagtail redirects",
        ("csv", "xlsx"),
        lambda c, f: c.post("/admin/redirects/import/", {"import_file": f}),
    )


# --------------------------------------------------------------------------- the cases
@dataclass
class Case:
    name: str
    filename: str
    content: bytes
    must_reject: bool = True


def _oversized(extension: str) -> bytes:
    head = {"pdf": PDF, "png": _png(), "csv": CSV}.get(extension, b"")
    return head + b"0" * (LIMIT + 1 - len(head))


def _cases(target: Target, bomb: bytes) -> list[Case]:
    usual = target.extensions[0]
    sample = target.valid.get(usual) or {"png": _png(), "pdf": PDF}.get(usual, CSV)
    cases = [
        Case("over the size limit", f"iso.{usual}", _oversized(usual)),
        Case("wrong type by extension: .exe", "ohjelma.exe", EXE),
        Case("wrong type by extension: .html", "sivu.html", HTML),
        Case("wrong type by extension: .svg", "kuva.svg", SVG),
        Case("empty", f"tyhja.{usual}", b""),
    ]
    disguises = [ext for ext in ("pdf", "docx", "xlsx", "jpg", "png", "csv") if ext in target.extensions]
    for extension in disguises:
        cases.append(Case(f"HTML named .{extension}", f"ohje.{extension}", HTML))
        cases.append(Case(f"SVG with script named .{extension}", f"ohje.{extension}", SVG))
    for extension in ("docx", "xlsx"):
        if extension in target.extensions:
            cases.append(Case(f"zip bomb named .{extension}", f"raportti.{extension}", bomb))
    cases += [
        # Browsers send no directories; Django keeps only the last part of the name, so this one may be
        # accepted, but only as a plain name inside the upload folder.
        Case("path traversal in the name", f"../../etc/passwd.{usual}", sample, must_reject=False),
        # "ohje.pdf<NUL>.exe": a C library would stop at the NUL and see a .pdf.
        Case("NUL byte in the name", f"ohje.{usual}\x00.exe", sample),
        # Shown as "laskuexe.<usual>" but really an .exe.
        Case("right-to-left override in the name", f"lasku\u202e{usual[::-1]}.exe", sample),
        Case("300-character name", "a" * (300 - len(usual) - 1) + f".{usual}", sample),
    ]
    return cases


# --------------------------------------------------------------------------- checking
def _finnish_messages() -> list[str]:
    """The start (up to the first placeholder) of every message an upload may be refused with, in
    Finnish: ours (ake.uploads) and those of the Django and Wagtail fields that check first."""
    from django import forms
    from wagtail.images.fields import WagtailImageField

    from ake import uploads

    ours = [value for name, value in vars(uploads).items() if name.startswith("ERROR_")]
    with translation.override("fi"):
        texts = [str(message) for message in ours]
        texts += [str(m) for m in forms.FileField().error_messages.values()]
        texts += [str(m) for m in forms.ImageField().error_messages.values()]
        texts += [str(m) for m in WagtailImageField().error_messages.values()]
        in_finnish = {str(message): message for message in ours}
    with translation.override("en"):
        untranslated = [text for text, message in in_finnish.items() if str(message) == text]
    assert not untranslated, f"ake.uploads messages without Finnish: {untranslated}"
    starts = []
    for text in texts:
        start = text.split("%(")[0].split("%s")[0].split("{")[0].strip()
        if len(start) >= 10:
            starts.append(html.unescape(start))
    return starts


def _page_text(response) -> str:
    body = response.content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.dumps(json.loads(body), ensure_ascii=False)
        body = body.encode().decode("unicode_escape", "replace") if "\\u" in body else body
    return html.unescape(body)


def _media_files(root: Path) -> set[str]:
    if not root.exists():
        return set()
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def _owned_files() -> set[str]:
    """Files that a row of the database points at."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import UploadedFile

    names = set()
    names |= set(get_document_model().objects.values_list("file", flat=True))
    image_model = get_image_model()
    names |= set(image_model.objects.values_list("file", flat=True))
    names |= set(image_model.get_rendition_model().objects.values_list("file", flat=True))
    names |= set(UploadedFile.objects.values_list("file", flat=True))
    return names


def _row_counts() -> dict[str, int]:
    """Rows per table, counted: the transaction's statistics (``_counters``) sometimes lag behind a
    write inside the same test transaction, and a good file must be seen to have been kept."""
    from django.db import connection

    with connection.cursor() as cursor:
        tables = [name for name in connection.introspection.table_names(cursor) if name not in BOOKKEEPING]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from the catalog
            counts[table] = cursor.fetchone()[0]
    return counts


def _tables_that_grew(before: dict, after: dict) -> set[str]:
    return {table for table, count in after.items() if count > before.get(table, 0)}


def _written_tables(before: dict, after: dict) -> set[str]:
    return {table for table, counts in after.items() if counts != before.get(table, (0, 0, 0))} - BOOKKEEPING


def test_every_upload_refuses_bad_files_cleanly(client, settings, libraries, zip_bomb, capsys):
    settings.MAX_UPLOAD_SIZE = LIMIT
    settings.MAX_IMPORT_SIZE = LIMIT
    media = Path(settings.MEDIA_ROOT)
    from allauth.mfa.models import Authenticator

    from networks.roles import AKE_EDITORS

    editor = make_user("toimittaja@turku.fi", library=libraries["turku"], role=AKE_EDITORS)
    superuser = make_user("paakayttaja@turku.fi", library=libraries["turku"], is_superuser=True)
    # Administrators use the admin only with two-factor authentication set up.
    Authenticator.objects.create(
        user=superuser, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    finnish = _finnish_messages()

    targets = [
        *_document_targets(client),
        *_image_targets(client),
        *_import_targets(),
        _redirect_target(),
    ]
    tried = rejected = renamed = 0
    failures = []
    for target in targets:
        user = superuser if "redirects" in target.name else editor
        client.force_login(user)
        client.get("/admin/")  # the first admin page creates the user's profile row
        for case in _cases(target, zip_bomb):
            tried += 1
            files_before, counters_before = _media_files(media), _counters()
            upload = SimpleUploadedFile(case.filename, case.content, content_type="application/octet-stream")
            response = target.post(client, upload)
            where = f"{target.name} / {case.name}"
            if response.status_code >= 500:
                failures.append(f"{where}: status {response.status_code}")
                continue
            written = _written_tables(counters_before, _counters())
            new_files = _media_files(media) - files_before
            text = _page_text(response)
            if response.status_code == 302:  # refused with a message shown on the next page
                text += _page_text(client.get(response["Location"]))
            said = [message for message in finnish if message in text]
            if written or new_files - _owned_files():
                # Anything kept must be a plain name in the upload folder that a row owns.
                unsafe = [
                    name
                    for name in new_files
                    if ".." in name or "\x00" in name or "\u202e" in name or name.endswith(".exe")
                ]
                if case.must_reject or unsafe or new_files - _owned_files():
                    failures.append(f"{where}: accepted (wrote {sorted(written)}, files {sorted(new_files)})")
                else:
                    renamed += 1
                continue
            if response.status_code == 302 and not case.must_reject:
                renamed += 1  # accepted without writing (nothing new to import)
                continue
            rejected += 1
            # A hostile name that Django made plain may be refused for its content (say, the columns
            # of an import); that refusal has its own message.
            if not said and case.must_reject:
                failures.append(f"{where}: refused without a Finnish message (status {response.status_code})")

        # The places do accept good files: the checks above are not refusing everything.
        for extension, content in target.valid.items():
            counters_before, rows_before, files_before = _counters(), _row_counts(), _media_files(media)
            response = target.post(client, SimpleUploadedFile(f"hyva.{extension}", content))
            written = _written_tables(counters_before, _counters())
            grew = _tables_that_grew(rows_before, _row_counts())
            stored = (_media_files(media) - files_before) & _owned_files()  # a replaced file, say
            if not (written or grew or stored):
                failures.append(f"{target.name}: refused a good .{extension} ({response.status_code})")

    orphans = _media_files(media) - _owned_files()
    with capsys.disabled():
        print(
            f"\n[uploads] places {len(targets)}, cases tried {tried}, rejected {rejected}, "
            f"stored under a safe name {renamed}, orphan files left {len(orphans)}, failures {len(failures)}"
        )
    assert not orphans, f"files no row owns: {sorted(orphans)}"
    assert not failures, "\n".join(failures)


def test_the_document_validator_checks_ooxml_archives(settings, zip_bomb):
    """The archive checks on their own: a real .docx passes, a bomb and a plain ZIP do not."""
    from django.core.exceptions import ValidationError

    from ake.uploads import validate_upload

    settings.MAX_UPLOAD_SIZE = LIMIT
    validate_upload(SimpleUploadedFile("ohje.docx", _docx()), extensions=["docx"])
    with pytest.raises(ValidationError) as bomb:
        validate_upload(SimpleUploadedFile("ohje.docx", zip_bomb), extensions=["docx"])
    assert bomb.value.code == "archive"
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("index.html", HTML)
    with pytest.raises(ValidationError) as not_office:
        validate_upload(SimpleUploadedFile("ohje.docx", plain.getvalue()), extensions=["docx"])
    assert not_office.value.code == "content"
    with translation.override("fi"):
        assert gettext("The file is empty.") != "The file is empty."


def test_the_redirect_import_still_imports_and_only_for_those_allowed(client, libraries):
    """The checked redirect import keeps Wagtail's two steps working (the file waits in the cache
    between them, not in a temporary folder), and refuses people without the permission."""
    import re

    from allauth.mfa.models import Authenticator
    from wagtail.contrib.redirects.models import Redirect

    from networks.roles import AKE_EDITORS

    editor = make_user("toimittaja@turku.fi", library=libraries["turku"], role=AKE_EDITORS)
    client.force_login(editor)
    upload = SimpleUploadedFile(
        "ohjaukset.csv", b"from,to\n/vanha-sivu,https://kirjasto.example.fi/uusi-sivu\n"
    )
    assert client.post("/admin/redirects/import/", {"import_file": upload}).status_code in (302, 403)
    assert not Redirect.objects.exists()

    superuser = make_user("paakayttaja@turku.fi", library=libraries["turku"], is_superuser=True)
    Authenticator.objects.create(
        user=superuser, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(superuser)
    upload = SimpleUploadedFile(
        "ohjaukset.csv", b"from,to\n/vanha-sivu,https://kirjasto.example.fi/uusi-sivu\n"
    )
    confirm = client.post("/admin/redirects/import/", {"import_file": upload})
    assert confirm.status_code == 200
    hidden = dict(
        re.findall(r'name="(import_file_name|input_format)" value="([^"]+)"', confirm.content.decode())
    )
    assert set(hidden) == {"import_file_name", "input_format"}
    response = client.post(
        "/admin/redirects/import/process/",
        {**{name: html.unescape(value) for name, value in hidden.items()}, "from_index": 0, "to_index": 1},
    )
    assert response.status_code == 302
    assert Redirect.objects.filter(
        old_path="/vanha-sivu", redirect_link="https://kirjasto.example.fi/uusi-sivu"
    ).exists()
