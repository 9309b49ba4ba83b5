"""The only module that imports WeasyPrint: the report as a tagged A4 PDF (PDF/UA-1)."""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ake.context_processors import site_name

from .notes import report_notes
from .presentation import present


def render_report_html(data: dict, *, language: str) -> str:
    from ake import extensions

    provider = extensions.first("report_evaluation")
    with translation.override(language):
        report = present(data)
        context = {
            "report": report,
            "evaluation": provider(year=report.year) if provider else None,
            "notes": report_notes(),
            "language": language,
            "printed_at": timezone.localtime(),
            "site_name": site_name(language),
            "stylesheet": Path(finders.find("reporting/print.css")).read_text(encoding="utf-8"),
        }
        return render_to_string("reporting/pdf/report.html", context)


def render_report_pdf(data: dict, *, language: str) -> bytes:
    import weasyprint

    html = render_report_html(data, language=language)
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR))
    # PDF/UA-1 makes WeasyPrint tag the structure (headings, tables, lists) for assistive technology.
    return document.write_pdf(pdf_variant="pdf/ua-1")


def write_atomically(path: str, content: bytes) -> None:
    """Writes to a temporary file beside ``path`` and renames it: a killed writer leaves no partial file."""
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".pdf", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
