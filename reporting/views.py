from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ake.decorators import post_action

from .exports import csv_bytes, xlsx_bytes
from .models import PdfRender
from .notes import report_notes
from .presentation import present
from .selectors import report_for_year, report_years
from .services import (
    REPORT_LANGUAGES,
    ServiceError,
    pdf_render_request,
    report_freeze,
    report_unfreeze,
    user_can_freeze,
    user_can_unfreeze,
)

FIRST_YEAR = 2000
NEEDS_PLANNING_GROUP = gettext_lazy(
    "The indicator report is for the planning group. You need the planning-group role to see it: "
    "ask AKE to add it to your account."
)


def report_viewer_required(view):
    """Anonymous visitors go to the login page; signed-in users without the permission get 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("reporting.view_indicator_report"):
            raise PermissionDenied(NEEDS_PLANNING_GROUP)
        return view(request, *args, **kwargs)

    return wrapper


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404


@report_viewer_required
def report_index(request):
    return render(request, "reporting/report_index.html", {"years": report_years()})


@report_viewer_required
def report_year(request, year: int):
    _check_year(year)
    data = report_for_year(year=year)
    context = {
        "report": present(data),
        "notes": report_notes(),
        "can_freeze": user_can_freeze(request.user) and not data.get("frozen") and not data["running"],
        "can_unfreeze": user_can_unfreeze(request.user) and bool(data.get("frozen")),
        "languages": REPORT_LANGUAGES,
    }
    return render(request, "reporting/report_year.html", context)


@report_viewer_required
def report_evaluation(request, year: int):
    """The report's "Evaluation" section as a page of its own (the PDF has it as a chapter): what a
    higher app provides (surveys: ake.extensions "report_evaluation"). Its own page keeps the report
    page's query budget as it was."""
    from ake import extensions

    _check_year(year)
    provider = extensions.first("report_evaluation")
    if provider is None:
        raise Http404
    return render(
        request, "reporting/report_evaluation.html", {"year": year, "evaluation": provider(year=year)}
    )


@post_action(lambda request, year: reverse("reporting:report_year", args=[year]))
@report_viewer_required
def report_freeze_view(request, year: int):
    _check_year(year)
    try:
        report_freeze(year=year, user=request.user)
        messages.success(request, _("The report was frozen. Its PDFs are being rendered."))
    except ServiceError as error:
        messages.error(request, str(error))
    return redirect("reporting:report_year", year=year)


@post_action(lambda request, year: reverse("reporting:report_year", args=[year]))
@report_viewer_required
def report_unfreeze_view(request, year: int):
    _check_year(year)
    try:
        report_unfreeze(year=year, user=request.user)
        messages.success(
            request, _("The report was unfrozen: it shows the figures computed from the data again.")
        )
    except ServiceError as error:
        messages.error(request, str(error))
    return redirect("reporting:report_year", year=year)


@report_viewer_required
def report_pdf(request, year: int, language: str):
    _check_year(year)
    if language not in REPORT_LANGUAGES:
        raise Http404
    render_row = pdf_render_request(year=year, language=language)
    if render_row.status == PdfRender.Status.DONE and render_row.file:
        return redirect("reporting:report_pdf_file", render_id=render_row.pk)
    return redirect("reporting:report_pdf_status", render_id=render_row.pk)


@report_viewer_required
def report_pdf_status(request, render_id: int):
    render_row = get_object_or_404(PdfRender, pk=render_id)
    waiting = render_row.status in (PdfRender.Status.PENDING, PdfRender.Status.RUNNING)
    return render(request, "reporting/pdf_status.html", {"render": render_row, "waiting": waiting})


@report_viewer_required
def report_pdf_file(request, render_id: int):
    render_row = get_object_or_404(PdfRender, pk=render_id, status=PdfRender.Status.DONE)
    if not render_row.file or not render_row.file.storage.exists(render_row.file.name):
        raise Http404
    filename = f"ake-report-{render_row.year}-{render_row.language}.pdf"
    return FileResponse(
        render_row.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@report_viewer_required
def report_csv(request, year: int):
    _check_year(year)
    content = csv_bytes(report_for_year(year=year))
    return _download(content, content_type="text/csv; charset=utf-8", filename=f"ake-report-{year}.csv")


@report_viewer_required
def report_xlsx(request, year: int):
    _check_year(year)
    content = xlsx_bytes(report_for_year(year=year))
    return _download(content, content_type=XLSX_TYPE, filename=f"ake-report-{year}.xlsx")
