"""Theme weeks (Mediakasvatusviikko, Digitaitoviikko, Senior Surf, Peliviikko...): the staff page where
a library tells that it took part, its service and reads. AKE keeps the weeks in the admin
(Events → Theme weeks); the report shows the libraries beside Table 1 (trainings.indicators)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from networks.services import ServiceError

from .models import ThemeWeek, ThemeWeekParticipation

ALREADY_TOLD = gettext_lazy("Your library has already told that it took part in this theme week.")
NO_LIBRARY = gettext_lazy("Only the staff of the region's libraries can tell that their library took part.")
FIRST_YEAR = 2000


def theme_weeks_of_year(*, year: int, library=None) -> QuerySet[ThemeWeek]:
    """The year's weeks with their preparatory event, the number of libraries that told they took
    part, and when the given library told it (None: not yet): one query."""
    weeks = (
        ThemeWeek.objects.filter(starts__year=year)
        .select_related("preparatory_event")
        .annotate(library_count=Count("participations"))
        .order_by("starts", "pk")
    )
    if library is not None:
        told = ThemeWeekParticipation.objects.filter(theme_week=OuterRef("pk"), library=library)
        weeks = weeks.annotate(told_at=Subquery(told.values("reported_at")[:1]))
    return weeks


def participation_tell(*, theme_week: ThemeWeek, library, user, note: str = "") -> ThemeWeekParticipation:
    """That ``library`` took part in ``theme_week``: once per library and week, whoever tells it and
    however many tell it at the same moment (the unique constraint decides)."""
    if library is None:
        raise ServiceError(NO_LIBRARY)
    try:
        with transaction.atomic():
            return ThemeWeekParticipation.objects.create(
                theme_week=theme_week, library=library, note=note.strip(), reported_by=user
            )
    except IntegrityError as error:
        raise ServiceError(ALREADY_TOLD) from error


def participation_withdraw(*, theme_week: ThemeWeek, library) -> bool:
    """Takes back ``library``'s word that it took part (told by mistake); only its own library's.
    True when there was one to take back."""
    if library is None:
        return False
    deleted, _rows = ThemeWeekParticipation.objects.filter(theme_week=theme_week, library=library).delete()
    return deleted > 0


class ParticipationForm(forms.ModelForm):
    class Meta:
        model = ThemeWeekParticipation
        fields = ["note"]


def _year(request) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if FIRST_YEAR <= year <= this_year + 1 else this_year


@login_required
@require_http_methods(["GET", "POST"])
def theme_weeks(request):
    year = _year(request)
    library = request.user.library
    weeks = list(theme_weeks_of_year(year=year, library=library))
    posted = None
    if request.method == "POST" and "withdraw" in request.POST:
        week = next((w for w in weeks if str(w.pk) == request.POST.get("withdraw")), None)
        if week is not None and participation_withdraw(theme_week=week, library=library):
            messages.success(
                request,
                _("The report was withdrawn: %(library)s is no longer counted in %(week)s.")
                % {"library": library, "week": week.name},
            )
        else:
            messages.error(request, _("There was no report of your library to withdraw."))
        return redirect(f"{reverse('trainings:theme_weeks')}?year={year}")
    if request.method == "POST":
        week = next((w for w in weeks if str(w.pk) == request.POST.get("theme_week")), None)
        if week is not None:
            posted = (week.pk, ParticipationForm(request.POST, prefix=f"week-{week.pk}"))
            form = posted[1]
            if form.is_valid():
                try:
                    participation_tell(
                        theme_week=week, library=library, user=request.user, note=form.cleaned_data["note"]
                    )
                except ServiceError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(
                        request,
                        _("Thank you: %(library)s took part in %(week)s.")
                        % {"library": library, "week": week.name},
                    )
                    return redirect(f"{reverse('trainings:theme_weeks')}?year={year}")
        else:
            messages.error(request, _("That theme week is not on this page any more; try again."))
            return redirect(f"{reverse('trainings:theme_weeks')}?year={year}")
    for week in weeks:
        if posted and posted[0] == week.pk:
            week.form = posted[1]
        else:
            week.form = ParticipationForm(prefix=f"week-{week.pk}")
        week.told_at = getattr(week, "told_at", None)
    return render(
        request,
        "trainings/theme_weeks.html",
        {"year": year, "this_year": timezone.localdate().year, "weeks": weeks, "library": library},
    )
