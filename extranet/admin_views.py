"""Editors' admin views: translation gaps of pages and records, monthly usage, rotation stories to notices."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from networks.models import RotationPeriod
from networks.selectors import rotation_story_list_publishable

from .models import DailyUsage, NoticePage
from .services import notice_draft_from_rotation_story, rotation_story_slug
from .usage import usage_today


def _require_editor(request):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied


def gap_languages() -> list[str]:
    """The content languages the report counts gaps in: every one, the default last (a page made in
    Swedish, e.g. from a Swedish rotation story, lacks Finnish until someone translates it)."""
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    return [code for code in codes if code != settings.LANGUAGE_CODE] + [settings.LANGUAGE_CODE]


def _page_gap_condition(target: str) -> Q:
    """The condition under which a page row stands for a text lacking ``target``: a real page (not
    an alias) of another locale whose translation key has no real page in ``target``. A text
    translated into several languages is listed once, by its page in the first language of the
    default-first order (Finnish, then Swedish …), so a Swedish original translated into Finnish
    is listed as its Finnish page, and one without Finnish as the Swedish original."""
    from django.db.models import Exists, OuterRef

    def real_page_in(codes):
        return Exists(
            Page.objects.filter(
                locale__language_code__in=codes,
                alias_of__isnull=True,
                translation_key=OuterRef("translation_key"),
            )
        )

    order = [settings.LANGUAGE_CODE, *gap_languages()[:-1]]  # the default first
    listed_by = Q(pk__in=[])
    for position, code in enumerate(order):
        if code == target:
            continue
        preferred = [other for other in order[:position] if other != target]
        here = Q(locale__language_code=code)
        listed_by |= here & ~real_page_in(preferred) if preferred else here
    return (
        Q(depth__gt=1, alias_of__isnull=True)
        & ~Q(locale__language_code=target)
        & ~real_page_in([target])
        & listed_by
    )


def pages_missing_translation(*, target: str = "sv"):
    """Pages without a real translation in ``target``: missing, or only the page-tree alias that
    still shows the original's text (extranet/page_trees.py). The original may be in any locale."""
    return Page.objects.filter(_page_gap_condition(target)).select_related("content_type").order_by("path")


def records_missing_translation(language: str) -> list | None:
    """Records whose texts lack ``language`` (django-modeltranslation's fields, ake/languages.py), or
    None while the project's model texts are not translatable yet."""
    try:
        from ake.languages import missing_languages, translated_models
    except ImportError:
        return None
    rows = []
    for model in translated_models():
        for obj in model._default_manager.all():
            if language in missing_languages(obj):
                rows.append(obj)
    return rows


def _has_text(field: str) -> "Q":
    # The database's reading of ake.languages.has_text: some character that is not white space.
    from django.db.models import Q

    return Q(**{f"{field}__regex": r"\S"})


def _records_missing_flags(model, languages: list[str]) -> dict:
    """Per language, the condition under which a record of ``model`` lacks that language: the SQL
    form of ake.languages.missing_languages (a text empty in every language counts for none; a
    record marked Finnish-only lacks no other language)."""
    from functools import reduce
    from operator import or_

    from ake.languages import LANGUAGES, localized_field, translated_fields

    fields = translated_fields(model)
    flags = {}
    for code in languages:
        conditions = [
            reduce(or_, (_has_text(localized_field(f, other)) for other in LANGUAGES))
            & ~_has_text(localized_field(f, code))
            for f in fields
        ]
        if not conditions:
            continue
        condition = reduce(or_, conditions)
        if code != settings.LANGUAGE_CODE and any(f.name == "finnish_only" for f in model._meta.fields):
            condition &= Q(finnish_only=False)
        flags[code] = condition
    return flags


def translation_gap_counts() -> dict[str, dict[str, int]]:
    """{"sv": {"pages": n, "records": m}, "en": {…}}: the Translation gaps report's counts in one
    query (AKE's dashboard, issue #18): every translated model's rows and the pages, each as a row
    per gap, summed together by the database."""
    from functools import reduce
    from operator import or_

    from django.db import connection
    from django.db.models import BooleanField, ExpressionWrapper, QuerySet, Value

    from ake.languages import translated_models

    languages = gap_languages()
    parts = []
    for model in translated_models():
        flags = _records_missing_flags(model, languages)
        if not flags:
            continue
        # A plain QuerySet: modeltranslation's rewrites values_list() and moves the columns around.
        parts.append(
            QuerySet(model)
            .order_by()
            .filter(reduce(or_, flags.values()))
            .annotate(
                gap_kind=Value("records"),
                **{
                    f"gap_{code}": ExpressionWrapper(
                        flags.get(code, Q(pk__in=[])), output_field=BooleanField()
                    )
                    for code in languages
                },
            )
            .values_list("gap_kind", *(f"gap_{code}" for code in languages))
        )
    parts.append(
        Page.objects.order_by()
        .filter(depth__gt=1, alias_of__isnull=True)
        .annotate(
            gap_kind=Value("pages"),
            **{
                f"gap_{code}": ExpressionWrapper(_page_gap_condition(code), output_field=BooleanField())
                for code in languages
            },
        )
        .values_list("gap_kind", *(f"gap_{code}" for code in languages))
    )
    sql_parts, params = [], []
    for queryset in parts:
        sql, part_params = queryset.query.sql_with_params()
        sql_parts.append(f"({sql})")
        params.extend(part_params)
    columns = ", ".join(f"COUNT(*) FILTER (WHERE gaps.gap_{code})" for code in languages)
    names = ", ".join(["gap_kind", *(f"gap_{code}" for code in languages)])
    counts = {code: {"pages": 0, "records": 0} for code in languages}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT gaps.gap_kind, {columns} FROM ({' UNION ALL '.join(sql_parts)}) AS gaps ({names}) "
            "GROUP BY gaps.gap_kind",
            params,
        )
        for kind, *values in cursor.fetchall():
            for code, value in zip(languages, values, strict=True):
                counts[code][kind] = value
    return counts


def translation_gaps_report(request):
    """Pages and records without a Swedish or English text, per language, with counts (issue #14)."""
    from wagtail.admin.admin_url_finder import AdminURLFinder

    _require_editor(request)
    languages = gap_languages()
    language = request.GET.get("language")
    language = language if language in languages else languages[0]
    kind = "records" if request.GET.get("kind") == "records" else "pages"
    # The counts in one query, as on the dashboard (counting each language's lists here cost a
    # query per translated model and language); only the chosen list is read row by row.
    gaps = translation_gap_counts()
    counts = [{"code": code, **gaps[code]} for code in languages]
    context = {"language": language, "kind": kind, "counts": counts, "page_title": _("Translation gaps")}
    if kind == "pages":
        pages = context["pages"] = list(pages_missing_translation(target=language)[:500])
        # Where the page-tree alias exists, "Translate" edits it (Wagtail offers to convert it).
        aliases = Page.objects.filter(
            locale__language_code=language,
            alias_of__isnull=False,
            translation_key__in=[page.translation_key for page in pages],
        )
        alias_of = dict(aliases.values_list("translation_key", "pk"))
        for page in pages:
            page.alias_pk = alias_of.get(page.translation_key)
    else:
        finder = AdminURLFinder(request.user)
        records = records_missing_translation(language)
        context["records_available"] = records is not None
        context["records"] = [
            {"object": obj, "type": obj._meta.verbose_name, "edit_url": finder.get_edit_url(obj)}
            for obj in (records or [])[:500]
        ]
    return render(request, "extranet/admin/translation_gaps.html", context)


def missing_translations_report(request):
    """The former "pages without Swedish" report: now part of the translation-gap report."""
    _require_editor(request)
    return redirect(f"{reverse('extranet_translation_gaps')}?language=sv")


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
    # The story's own notice, not its aliases in the other trees (the first one made wins).
    notices = NoticePage.objects.filter(slug__in=slugs, alias_of__isnull=True).order_by("-pk")
    language = get_language()
    for notice in notices.select_related("locale").only(
        "pk", "slug", "live", "title", "locale__language_code"
    ):
        slugs[notice.slug].notice = notice
        # A notice in the story's language (Swedish) is marked where the admin is in another.
        code = notice.locale.language_code
        slugs[notice.slug].notice_lang = code if code != language else ""
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
