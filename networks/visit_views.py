"""AKE's library visits on the site: the list for staff and the planning view for AKE."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .roles import user_is_ake
from .selectors import visit_list, visit_planning


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@login_required
def visits(request):
    year = _year(request)
    return render(
        request,
        "networks/visit_list.html",
        {"year": year, "visits": visit_list(year=year), "is_ake": user_is_ake(request.user)},
    )


@login_required
def visits_planning(request):
    if not user_is_ake(request.user):
        raise PermissionDenied(_("The planning view of visits is for AKE's staff."))
    return render(request, "networks/visit_planning.html", {"planning": visit_planning(year=_year(request))})
