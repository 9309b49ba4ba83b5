"""Job rotation on the site: open placements, a wish form, one's own periods and cost claims."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import RotationCostClaimForm, RotationWishForm
from .pdf import pdf_render
from .selectors import (
    rotation_cost_totals,
    rotation_period_for_viewer,
    rotation_period_list_for_person,
    rotation_placement_list_open,
    rotation_wish_list_for_person,
)
from .services import ServiceError, rotation_cost_claim_create, rotation_wish_create


@login_required
def rotation_index(request):
    return render(
        request,
        "networks/rotation_index.html",
        {
            "placements": rotation_placement_list_open(today=timezone.localdate()),
            "periods": rotation_period_list_for_person(user=request.user),
            "wishes": rotation_wish_list_for_person(user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rotation_wish(request):
    form = RotationWishForm(request.POST or None)
    if request.user.library is None:
        messages.error(
            request, _("Your profile has no library yet: AKE sets it when it approves your access.")
        )
        return redirect("rotation_index")
    if request.method == "POST" and form.is_valid():
        rotation_wish_create(person=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you! AKE will contact you about a suitable placement."))
        return redirect("rotation_index")
    return render(request, "networks/rotation_wish.html", {"form": form})


def _period_or_404(request, pk):
    period = rotation_period_for_viewer(pk=pk, user=request.user)
    if period is None:
        raise Http404
    return period


@login_required
@require_http_methods(["GET", "POST"])
def rotation_period_detail(request, pk):
    period = _period_or_404(request, pk)
    form = RotationCostClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rotation_cost_claim_create(period=period, person=request.user, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your cost claim was saved; AKE will approve it."))
            return redirect("rotation_period_detail", pk=period.pk)
    return render(
        request,
        "networks/rotation_period.html",
        {
            "period": period,
            "form": form,
            "totals": rotation_cost_totals(period=period),
            # Money: the participant's own claims, else only AKE admins and the planning group.
            "show_costs": period.person_id == request.user.pk or request.user.has_perm("finance.view_money"),
        },
    )


@login_required
def rotation_agreement_pdf(request, pk):
    period = _period_or_404(request, pk)
    pdf = pdf_render(
        template_name="networks/pdf/rotation_agreement.html",
        context={
            "period": period,
            "totals": rotation_cost_totals(period=period),
            "show_costs": period.person_id == request.user.pk or request.user.has_perm("finance.view_money"),
            "AKE_ORGANISATION_NAME": settings.AKE_ORGANISATION_NAME,
            "AKE_CONTACT_EMAIL": settings.AKE_CONTACT_EMAIL,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rotation-agreement-{period.pk}.pdf"'
    return response
