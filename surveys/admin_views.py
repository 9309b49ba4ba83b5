"""Admin page of one survey: sending the invitations and the reminders, with the response rate.
(The results are a page of the site, /<lang>/surveys/<id>/results/, for AKE and the planning group.)"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import services
from .models import Survey, SurveyKind
from .selectors import response_rate


def _survey_view(permission):
    def decorator(view):
        @wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            survey = get_object_or_404(Survey, pk=pk)
            return view(request, survey, *args, **kwargs)

        return wrapper

    return decorator


class SendForm(forms.Form):
    include_audience = forms.BooleanField(
        label=gettext_lazy("Invite the survey's audience"), required=False, initial=True
    )
    extra = forms.CharField(
        label=gettext_lazy("Also invite these addresses"),
        help_text=gettext_lazy("One address per line."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean_extra(self):
        addresses = [line.strip() for line in self.cleaned_data["extra"].splitlines() if line.strip()]
        bad = []
        for address in addresses:
            try:
                validate_email(address)
            except forms.ValidationError:
                bad.append(address)
        if bad:
            raise forms.ValidationError(
                _("Not an email address: %(addresses)s") % {"addresses": ", ".join(bad[:5])}
            )
        return addresses


@_survey_view("surveys.change_survey")
@require_http_methods(["GET", "POST"])
def send(request, survey):
    if survey.kind == SurveyKind.TRAINING or survey.imported:
        # The feedback request mail of the event asks its participants (one answer per person by
        # the receipt); a standard feedback survey is never answered itself.
        return render(request, "surveys/admin/send.html", {"survey": survey, "feedback": True})
    form = SendForm(request.POST if request.POST.get("action") == "send" else None)
    if request.method == "POST" and request.POST.get("action") == "remind":
        count = services.reminders_send(survey=survey)
        messages.success(
            request,
            _("Reminders are being sent to %(count)s people who have not answered.") % {"count": count},
        )
        return redirect("surveys_survey:send", survey.pk)
    if request.method == "POST" and form.is_valid():
        count = services.invitations_send(
            survey=survey,
            extra_emails=form.cleaned_data["extra"],
            include_audience=form.cleaned_data["include_audience"],
        )
        messages.success(request, _("Invitations are being sent to %(count)s people.") % {"count": count})
        return redirect("surveys_survey:send", survey.pk)
    audience_size = len(services.audience(survey))
    return render(
        request,
        "surveys/admin/send.html",
        {"survey": survey, "form": form, "rate": response_rate(survey), "audience_size": audience_size},
        status=400 if form.errors else 200,
    )
