"""Editors' admin views: pages lacking a Swedish version, monthly usage, rotation stories to notices."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from networks.models import RotationPeriod
from networks.selectors import rotation_story_list_publishable

from .models import DailyUsage, NoticePage
from .services import notice_draft_from_rotation_story, rotation_story_slug
from .usage import usage_today


def _require_editor(request):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied


def pages_missing_swedish(*, source: str = "fi", target: str = "sv"):
    source_locale = Locale.objects.filter(language_code=source).first()
    target_locale = Locale.objects.filter(language_code=target).first()
    if source_locale is None:
        return Page.objects.none()
    # An alias made by the page-tree sync still shows the Finnish text: it is not a translation.
    translated = (
        Page.objects.filter(locale=target_locale, alias_of__isnull=True).values("translation_key")
        if target_locale
        else []
    )
    return (
        Page.objects.filter(locale=source_locale, depth__gt=1)
        .exclude(translation_key__in=translated)
        .select_related("content_type")
        .order_by("path")
    )


def missing_translations_report(request):
    _require_editor(request)
    pages = list(pages_missing_swedish()[:500])
    return render(request, "extranet/admin/missing_translations.html", {"pages": pages, "count": len(pages)})


def usage_report(request):
    _require_editor(request)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    months = (
        DailyUsage.objects.filter(day__year=year)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(visits=Sum("visits"), page_views=Sum("page_views"))
        .order_by("month")
    )
    totals = DailyUsage.objects.filter(day__year=year).aggregate(
        visits=Sum("visits"), page_views=Sum("page_views")
    )
    years = sorted({d.year for d in DailyUsage.objects.dates("day", "year")} | {today.year}, reverse=True)
    views_today, visits_today = usage_today()
    context = {
        "months": months,
        "totals": totals,
        "year": year,
        "years": years,
        "views_today": views_today,
        "visits_today": visits_today,
        "page_title": _("Extranet usage"),
    }
    return render(request, "extranet/admin/usage.html", context)


def rotation_story_list(request):
    """Consented experience stories, each with its notice (draft or live) or a button to create one."""
    _require_editor(request)
    periods = list(rotation_story_list_publishable())
    slugs = {rotation_story_slug(period_id=period.pk): period for period in periods}
    for notice in NoticePage.objects.filter(slug__in=slugs).only("pk", "slug", "live", "title"):
        slugs[notice.slug].notice = notice
    return render(
        request,
        "extranet/admin/rotation_stories.html",
        {"periods": periods, "page_title": _("Job rotation stories")},
    )


def rotation_story_notice_create(request, pk):
    _require_editor(request)
    if request.method != "POST":
        return redirect("extranet_rotation_stories")
    period = get_object_or_404(RotationPeriod, pk=pk)
    try:
        draft = notice_draft_from_rotation_story(period=period, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("extranet_rotation_stories")
    if draft.created:
        messages.success(request, _("A draft notice was created from the story. Review it and publish it."))
    else:
        messages.info(request, _("A notice from this story already exists; here it is."))
    return redirect(reverse("wagtailadmin_pages:edit", args=[draft.notice.pk]))
