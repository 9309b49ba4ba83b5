"""Partner libraries and campaigns on the site."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ake.decorators import post_action

from .forms import SimilarLibrariesForm
from .models import Campaign
from .selectors import campaign_list, campaign_material_list_visible, library_similar, partnership_list_active
from .services import ServiceError, campaign_sign_up


@login_required
def partners(request):
    year = timezone.localdate().year
    form = SimilarLibrariesForm(request.GET or None)
    library = None
    if form.is_bound and form.is_valid():
        library = form.cleaned_data["library"]
    elif not form.is_bound and request.user.library is not None:
        library = request.user.library.organisation
        form = SimilarLibrariesForm(initial={"library": library})
    return render(
        request,
        "networks/partners.html",
        {
            "year": year,
            "partnerships": partnership_list_active(year=year),
            "form": form,
            "library": library,
            "similar": library_similar(library=library) if library else [],
        },
    )


def campaigns(request):
    # Public: libraries' communication staff fetch the public materials without an account; the
    # staff-only ones (restricted collections) and signing up need a login.
    year = timezone.localdate().year
    library = request.user.library if request.user.is_authenticated else None
    own = library.organisation_id if library else None
    items = []
    for campaign in campaign_list(year=year):
        participants = [p.library for p in campaign.participations.all()]
        items.append(
            {
                "campaign": campaign,
                "libraries": participants,
                "materials": campaign_material_list_visible(campaign=campaign, request=request),
                "mine": own is not None and any(library.pk == own for library in participants),
            }
        )
    return render(
        request, "networks/campaigns.html", {"year": year, "items": items, "has_library": own is not None}
    )


@post_action(lambda request, pk: reverse("campaigns"))
@login_required
def campaign_join(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    library = request.user.library.organisation if request.user.library else None
    try:
        campaign_sign_up(campaign=campaign, library=library, signed_up_by=request.user)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(library)s now takes part in the campaign %(campaign)s.")
            % {"library": library, "campaign": campaign.theme},
        )
    return redirect("campaigns")
