"""Development projects on the site (issue #18): the public project page and the libraries' sign-up,
and the register of which municipalities had a chance to take part and which took part."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ake.decorators import post_action

from .models import DevelopmentProject, Library, ProjectSignUp
from .roles import user_is_ake
from .services import ServiceError, project_sign_up


class ProjectSignUpForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("How would your library like to take part?"),
        choices=ProjectSignUp.Kind.choices,
        widget=forms.RadioSelect,
        initial=ProjectSignUp.Kind.PILOT,
    )


def _public_projects():
    return DevelopmentProject.objects.filter(public=True)


def _may_see_register(user) -> bool:
    return user.is_authenticated and (user_is_ake(user) or user.has_perm("reporting.view_indicator_report"))


def project_list(request):
    projects = _public_projects().order_by("-starts_on", "name")
    return render(
        request,
        "networks/project_list.html",
        # The register had no link anywhere: AKE and the planning group reach it from the list.
        {"projects": projects, "register_link": _may_see_register(request.user)},
    )


def project_detail(request, pk):
    project = get_object_or_404(
        _public_projects().prefetch_related(
            "objectives", "milestones", "pilot_libraries", "documents__document"
        ),
        pk=pk,
    )
    own = None
    library = getattr(request.user, "library", None) if request.user.is_authenticated else None
    if library is not None:
        own = ProjectSignUp.objects.filter(project=project, library=library.organisation).first()
    return render(
        request,
        "networks/project_detail.html",
        {
            "project": project,
            "form": ProjectSignUpForm(),
            "own_sign_up": own,
            "finished": project.status == DevelopmentProject.Status.ENDED,
        },
    )


@post_action(lambda request, pk: reverse("project_detail", args=[pk]))
@login_required
def project_join(request, pk):
    project = get_object_or_404(_public_projects(), pk=pk)
    form = ProjectSignUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how your library would like to take part."))
        return redirect("project_detail", pk=project.pk)
    library = request.user.library.organisation if request.user.library else None
    try:
        project_sign_up(
            project=project, library=library, kind=form.cleaned_data["kind"], signed_up_by=request.user
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(library)s signed up for the project %(project)s; AKE will confirm.")
            % {"library": library, "project": project.name},
        )
    return redirect("project_detail", pk=project.pk)


@login_required
def project_register(request):
    """Per municipality: the projects it was invited to (sign-up opened to every library of the region)
    and the ones it took part in (an accepted sign-up or a pilot library)."""
    if not _may_see_register(request.user):
        raise PermissionDenied
    projects = list(
        DevelopmentProject.objects.filter(sign_up_opened_on__isnull=False)
        .prefetch_related("pilot_libraries", "sign_ups")
        .order_by("sign_up_opened_on", "name")
    )
    rows = []
    for library in Library.objects.organisations().order_by("municipality", "name"):
        took_part = []
        signed = []
        for project in projects:
            pilots = {lib.pk for lib in project.pilot_libraries.all()}
            sign_ups = {s.library_id: s for s in project.sign_ups.all()}
            accepted = library.pk in pilots or (
                library.pk in sign_ups and sign_ups[library.pk].status == ProjectSignUp.Status.ACCEPTED
            )
            if accepted:
                took_part.append(project)
            elif library.pk in sign_ups:
                signed.append(project)
        rows.append({"library": library, "took_part": took_part, "signed": signed})
    if not projects:
        rows = []
    return render(
        request,
        "networks/project_register.html",
        {"projects": projects, "rows": rows, "chances": len(projects)},
    )
