"""The PDF: WeasyPrint, tagged, cached by a hash of the figures, rendered by a Celery task."""

import io
import os
import re
import time

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reporting.models import IndicatorDefinition, PdfRender
from reporting.pdf import render_report_pdf, write_atomically
from reporting.selectors import report_build
from reporting.services import pdf_render_request

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def report_2024(providers, counted_libraries):
    ids = [library.pk for library in counted_libraries]
    providers.values("B1", {2024: 16, 2023: 14})
    providers.libraries("B2", {2024: set(ids[:9])})
    return report_build(year=2024)


def test_finnish_pdf_has_cover_tables_appendices_and_page_numbers(report_2024):
    content = render_report_pdf(report_2024, language="fi")
    assert content.startswith(b"%PDF")
    reader, text = _text(content)
    flat = " ".join(text.split())
    for definition in IndicatorDefinition.objects.all():
        assert definition.code in text
        assert " ".join(definition.label_fi.split()) in flat, definition.code
    assert "904102" in text  # Table 2
    assert "Nakkila" in flat  # the notes
    assert len(reader.pages) >= 5
    # Page numbers "n / N" on every page after the cover.
    assert re.search(rf"\b2 / {len(reader.pages)}\b", reader.pages[1].extract_text())
    first = reader.pages[0].mediabox
    assert (round(float(first.width) * 25.4 / 72), round(float(first.height) * 25.4 / 72)) == (210, 297)


def test_swedish_pdf_uses_the_swedish_labels(report_2024):
    _reader, text = _text(render_report_pdf(report_2024, language="sv"))
    flat = " ".join(text.split())
    assert "Antal fortbildningar" in flat
    assert "Andel bibliotek som deltagit i fortbildningar" in flat


def test_pdf_is_tagged_for_accessibility(report_2024):
    reader = PdfReader(io.BytesIO(render_report_pdf(report_2024, language="fi")))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "fi"


def test_download_link_shows_progress_then_serves_the_cached_pdf(
    client, planning_member, report_2024, django_capture_on_commit_callbacks
):
    client.force_login(planning_member)
    # Without the task having run, the link leads to a status page that refreshes itself.
    response = client.get(reverse("reporting:report_pdf", args=[2024, "fi"]))
    render = PdfRender.objects.get()
    assert response["Location"] == reverse("reporting:report_pdf_status", args=[render.pk])
    status = client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in status
    assert "<progress" in status

    render.queued_at = None  # as if the queued task was lost: the next visit queues it again
    render.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("reporting:report_pdf", args=[2024, "fi"]))
    render.refresh_from_db()
    assert render.status == PdfRender.Status.DONE
    assert render.data is None
    status = client.get(reverse("reporting:report_pdf_status", args=[render.pk])).content.decode()
    assert "http-equiv" not in status

    response = client.get(reverse("reporting:report_pdf", args=[2024, "fi"]))
    assert response["Location"] == reverse("reporting:report_pdf_file", args=[render.pk])
    download = client.get(response["Location"])
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert 'filename="ake-report-2024-fi.pdf"' in download["Content-Disposition"]
    assert PdfRender.objects.count() == 1  # cached: nothing rendered twice


def test_changed_data_renders_a_new_pdf_and_drops_the_old(
    providers, report_2024, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = pdf_render_request(year=2024, language="fi")
    first.refresh_from_db()
    old_path = first.file.path
    assert os.path.exists(old_path)
    providers.values("B1", {2024: 17})
    with django_capture_on_commit_callbacks(execute=True):
        second = pdf_render_request(year=2024, language="fi")
    assert second.pk != first.pk
    second.refresh_from_db()
    assert second.status == PdfRender.Status.DONE
    assert not PdfRender.objects.filter(pk=first.pk).exists()
    assert not os.path.exists(old_path)


def test_library_staff_cannot_download_a_rendered_pdf(
    client, staff_user, report_2024, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        render = pdf_render_request(year=2024, language="fi")
    client.force_login(staff_user)
    assert client.get(reverse("reporting:report_pdf_file", args=[render.pk])).status_code == 403


def test_an_interrupted_write_leaves_no_file(tmp_path, monkeypatch):
    target = tmp_path / "reports" / "report.pdf"

    def killed(_fd):
        raise KeyboardInterrupt  # stands for the worker being killed mid-write

    with monkeypatch.context() as patch, pytest.raises(KeyboardInterrupt):
        patch.setattr(os, "fsync", killed)
        write_atomically(str(target), b"%PDF-1.7 partial")
    assert list((tmp_path / "reports").iterdir()) == []
    write_atomically(str(target), b"%PDF-1.7 whole")
    assert target.read_bytes() == b"%PDF-1.7 whole"


def test_a_failed_render_says_so_and_can_be_retried(
    client, planning_member, report_2024, monkeypatch, django_capture_on_commit_callbacks
):
    import reporting.pdf

    def broken(*args, **kwargs):
        raise RuntimeError("fonts missing")

    with monkeypatch.context() as patch, django_capture_on_commit_callbacks(execute=True):
        patch.setattr(reporting.pdf, "render_report_pdf", broken)
        render = pdf_render_request(year=2024, language="fi")
    render.refresh_from_db()
    assert render.status == PdfRender.Status.FAILED
    client.force_login(planning_member)
    html = client.get(f"/en/reports/pdf/{render.pk}/").content.decode()
    assert "Try again" in html
    with django_capture_on_commit_callbacks(execute=True):
        again = pdf_render_request(year=2024, language="fi")
    again.refresh_from_db()
    assert (again.pk, again.status) == (render.pk, PdfRender.Status.DONE)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_pdf(client, planning_member, celery_worker, providers):
    providers.values("B1", {2024: 16})
    client.force_login(planning_member)
    response = client.get(reverse("reporting:report_pdf", args=[2024, "fi"]))
    render = PdfRender.objects.get()
    assert response["Location"] == reverse("reporting:report_pdf_status", args=[render.pk])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        render.refresh_from_db()
        if render.status in (PdfRender.Status.DONE, PdfRender.Status.FAILED):
            break
        time.sleep(0.2)
    assert render.status == PdfRender.Status.DONE, render.error or celery_worker.log_path.read_text()[-3000:]
    with open(render.file.path, "rb") as stream:
        assert stream.read(4) == b"%PDF"
    assert not [name for name in os.listdir(os.path.dirname(render.file.path)) if name.startswith(".tmp-")]
    response = client.get(reverse("reporting:report_pdf", args=[2024, "fi"]))
    assert response["Location"] == reverse("reporting:report_pdf_file", args=[render.pk])


# --------------------------------------------------------------------------- issue #15, item 18
def _text_beyond_the_page(content: bytes, margin: float = 20) -> list[tuple]:
    """Text that starts beyond the right edge of its page (less a margin): a cut column."""
    found = []
    for number, page in enumerate(PdfReader(io.BytesIO(content)).pages, 1):
        width = float(page.mediabox.width)

        def visit(text, cm, tm, font, size, number=number, width=width):
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            if text.strip() and x > width - margin:
                found.append((number, text.strip(), round(x)))

        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_running_year_pdf_keeps_every_column_of_table_1_on_the_page(language, libraries):
    import datetime
    from decimal import Decimal

    from loans.models import InterlibraryLoan

    from .test_query_budget import _activity

    _activity(3, years=(2023, 2024))
    InterlibraryLoan.objects.create(
        title="Kirja",
        library=libraries["turku"],
        requested_on=datetime.date(2024, 2, 1),
        status="sent",
        sent_on=datetime.date(2024, 2, 3),
        postage_cost=Decimal("155.40"),
    )
    data = report_build(year=2024, today=datetime.date(2024, 6, 15))
    content = render_report_pdf(data, language=language)
    # Before: Table 1's last three columns (on track, previous year, source) began beyond the edge.
    assert _text_beyond_the_page(content) == []
    _reader, text = _text(content)
    flat = " ".join(text.split())
    assert "(2023)" in flat and {"fi": "Lähde", "sv": "Källa"}[language] in flat  # the last columns
    # Euros as the reader writes them: "155,40 €", never "155.40 €".
    assert "155,40\u00a0€" in text or "155,40 €" in flat
    assert "155.40" not in text
