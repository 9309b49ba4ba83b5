"""The report PDF task killed mid-render: the retry leaves one complete file and no partial one.

A real worker renders with WeasyPrint; the test SIGKILLs the pool process running the task (as the
kernel's OOM killer would) half-way through a render. With acks_late and reject_on_worker_lost the
message goes back to the queue and the worker renders again. A second case kills the whole worker
(no one left to requeue): the user's next visit after the stale time queues the render again.
"""

import datetime
import io
import os
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reporting.models import PdfRender
from reporting.pdf import render_report_pdf
from tests.reporting.conftest import providers  # noqa: F401 - the fixture, re-used here

from .conftest import kill_quietly, pool_children, wait_until

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _render_seconds() -> float:
    """How long a render of this report takes here (measured before the worker starts its own)."""
    from reporting.selectors import report_for_year

    data = report_for_year(year=2024)
    started = time.monotonic()
    render_report_pdf(data, language="fi")
    return time.monotonic() - started


def _status(render_id: int) -> str:
    return PdfRender.objects.get(pk=render_id).status


def _check_one_complete_file(render_id: int) -> tuple[list[str], int]:
    render = PdfRender.objects.get(pk=render_id)
    assert render.status == PdfRender.Status.DONE, render.error
    directory = os.path.dirname(render.file.path)
    listing = sorted(os.listdir(directory))
    assert listing == [os.path.basename(render.file.path)]  # no .tmp- file, no second PDF
    with open(render.file.path, "rb") as stream:
        reader = PdfReader(io.BytesIO(stream.read()), strict=True)
    assert len(reader.pages) > 0 and "2024" in reader.pages[0].extract_text()
    return listing, len(reader.pages)


@pytest.fixture
def report_request(client, planning_member, providers):  # noqa: F811 - the imported fixture
    providers.values("B1", {2024: 16, 2023: 14})
    client.force_login(planning_member)

    def request():
        return client.get(reverse("reporting:report_pdf", args=[2024, "fi"]))

    return request


def test_pdf_task_killed_mid_render_is_retried_into_one_complete_file(report_request, celery_worker, capsys):
    half = _render_seconds() / 2
    report_request()
    render = PdfRender.objects.get()
    assert wait_until(lambda: _status(render.pk) == PdfRender.Status.RUNNING, timeout=30, step=0.01)
    time.sleep(half)
    [child] = pool_children(celery_worker.process.pid)
    kill_quietly(child)
    assert _status(render.pk) == PdfRender.Status.RUNNING  # killed before it finished
    # The worker's main process sees its child die and puts the task back; a new child renders it.
    assert wait_until(lambda: _status(render.pk) == PdfRender.Status.DONE, timeout=90), (
        celery_worker.log_path.read_text()[-3000:]
    )
    listing, pages = _check_one_complete_file(render.pk)
    with capsys.disabled():
        print(
            f"\n[faults: pdf, pool process killed {half:.2f} s into the render] requeued by the worker; "
            f"directory {listing}, valid PDF of {pages} pages"
        )


def test_pdf_render_whose_whole_worker_was_killed_is_queued_again_by_the_next_visit(
    report_request, celery_worker, tmp_path, capsys
):
    half = _render_seconds() / 2
    report_request()
    render = PdfRender.objects.get()
    assert wait_until(lambda: _status(render.pk) == PdfRender.Status.RUNNING, timeout=30, step=0.01)
    time.sleep(half)
    celery_worker.kill()  # main process and pool together: nobody is left to requeue the task
    assert _status(render.pk) == PdfRender.Status.RUNNING
    celery_worker.env["AKE_WORKER_LOG"] = str(tmp_path / "worker-2.log")
    celery_worker.log_path = tmp_path / "worker-2.log"
    celery_worker.start()
    # The status page keeps waiting; once the render has waited longer than the stale time, the
    # next visit to the download link queues it again.
    PdfRender.objects.filter(pk=render.pk).update(queued_at=timezone.now() - datetime.timedelta(hours=1))
    report_request()
    assert wait_until(lambda: _status(render.pk) == PdfRender.Status.DONE, timeout=90), (
        celery_worker.log_path.read_text()[-3000:]
    )
    listing, pages = _check_one_complete_file(render.pk)
    with capsys.disabled():
        print(
            f"\n[faults: pdf, whole worker killed {half:.2f} s into the render] queued again by the next "
            f"visit; directory {listing}, valid PDF of {pages} pages"
        )
