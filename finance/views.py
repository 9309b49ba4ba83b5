"""The follow-up of costs against the grant, for AKE admins and the planning group only."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from .exports import csv_bytes, pdf_bytes, xlsx_bytes
from .selectors import cost_years, follow_up

FIRST_YEAR = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NEEDS_MONEY_ROLE = gettext_lazy("Costs and budgets are shown to AKE admins and the planning group only.")


def money_viewer_required(view):
    """Anonymous visitors go to the login page; signed-in users without the permission get 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("finance.view_money"):
            raise PermissionDenied(NEEDS_MONEY_ROLE)
        return view(request, *args, **kwargs)

    return wrapper


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404


@money_viewer_required
def follow_up_index(request):
    return redirect("finance:follow_up", timezone.localdate().year)


@money_viewer_required
def follow_up_year(request, year: int):
    _check_year(year)
    return render(
        request,
        "finance/follow_up.html",
        {
            "data": follow_up(year),
            "years": cost_years(),
            "can_edit": request.user.has_perm("finance.change_cost"),
        },
    )


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@money_viewer_required
def follow_up_csv(request, year: int):
    _check_year(year)
    return _download(
        csv_bytes(follow_up(year)), content_type="text/csv; charset=utf-8", filename=f"ake-costs-{year}.csv"
    )


@money_viewer_required
def follow_up_xlsx(request, year: int):
    _check_year(year)
    return _download(xlsx_bytes(follow_up(year)), content_type=XLSX_TYPE, filename=f"ake-costs-{year}.xlsx")


@money_viewer_required
def follow_up_pdf(request, year: int):
    _check_year(year)
    language = translation.get_language() or "fi"
    return _download(
        pdf_bytes(follow_up(year), language=language),
        content_type="application/pdf",
        filename=f"ake-costs-{year}.pdf",
    )
