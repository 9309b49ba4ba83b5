import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import AccountDeleteForm, ProfileForm
from .services import user_data_export, user_erase


@login_required
def my_page(request):
    """A staff member's own things across the extranet (issue #18): sections from every app."""
    from ake.my_page import sections_for

    return render(
        request, "networks/my_page.html", {"sections": sections_for(user=request.user, now=timezone.now())}
    )


def access_request_received(request):
    return render(request, "networks/access_request_received.html")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("profile")
    return render(request, "networks/profile.html", {"form": form})


@login_required
def profile_export(request):
    data = user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json"
    )
    filename = f"ake-extranet-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile_delete(request):
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user_erase(user=user)
        messages.success(request, _("Your account and personal data were deleted."))
        return redirect("/")
    return render(request, "networks/profile_delete.html", {"form": form})
