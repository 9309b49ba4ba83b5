"""The extranet's Wagtail pages, their snippets, notice subscriptions, deliveries and usage counts."""

import datetime
import secrets

from django import forms
from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ake import extensions
from ake.areas import BOOKINGS, EVENTS, KITS, NOTICES, REGISTRY, SEATS
from ake.fields import TextLanguageField
from ake.languages import translated_panels
from ake.prepared import PreparedQuery, prepared

from .blocks import ExtranetStreamBlock

NOTICES_PER_PAGE = 20


# --------------------------------------------------------------------------- snippets
class NoticeCategory(models.Model):
    """A topic of notices (trainings, working groups, materials, …); subscribers choose among these."""

    # Translated (extranet/translation.py): name_fi, name_sv, name_en.
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        *translated_panels("name"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("notice category")
        verbose_name_plural = _("notice categories")
        ordering = ["sort_order", "name_fi"]

    def __str__(self):
        return self.name


class NoticeSeries(models.Model):
    """A recurring series of notices, e.g. the library interviews "Kirjastojen kuulumiset"."""

    # Translated (extranet/translation.py): name_fi/sv/en, description_fi/sv/en.
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    features_libraries = models.BooleanField(
        _("features one library per notice"),
        default=True,
        help_text=_("Interview series: each notice presents one library of the region."),
    )
    active = models.BooleanField(pgettext_lazy("in use", "active"), default=True)

    panels = [
        *translated_panels("name"),
        FieldPanel("slug"),
        *translated_panels("description"),
        FieldPanel("features_libraries"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("notice series")
        verbose_name_plural = _("notice series")
        ordering = ["name_fi"]

    def __str__(self):
        return self.name


class NoticePageTag(TaggedItemBase):
    content_object = ParentalKey("extranet.NoticePage", related_name="tagged_items", on_delete=models.CASCADE)


# --------------------------------------------------------------------------- pages
class HomePage(Page):
    """The extranet's front page: latest notices, upcoming events, quick links and a subscribe box."""

    # The content areas the page reads outside its kept copies (ake/areas.py); it shows no seat
    # figure, so a registration leaves it warm, and no library or group (the upcoming events'
    # places are their venues), so a registry edit does too.
    shows_areas = (NOTICES, EVENTS)
    shows_areas_without = (SEATS,)

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from ake.memo import current_minute, memoized

        from .selectors import notice_list_latest, pages_first_live

        context = super().get_context(request, *args, **kwargs)
        context["latest_notices"] = memoized(
            request,
            ("latest_notices", self.locale_id),
            lambda: notice_list_latest(locale=self.locale_id, limit=5),
            areas=NOTICES,
        )
        provider = extensions.first("upcoming_events")
        # The list is the same for everyone (user=None); "upcoming" moves with the clock too.
        minute = current_minute()
        context["upcoming_events"] = (
            # Per language: the events' links carry the language prefix (and their titles the language).
            memoized(
                request,
                ("upcoming_events", get_language(), minute),
                lambda: provider(limit=5, user=None),
                areas=EVENTS,
                without=SEATS,  # titles, times and places: no seat figure
            )
            if provider
            else []
        )
        # The notice index and the material bank in one query (two before, issue #20).
        models = (NoticeIndexPage, MaterialBankPage)
        first = memoized(
            request,
            ("first_live", "home_links", self.locale_id),
            lambda: pages_first_live(models, locale=self.locale_id),
            areas=NOTICES,
        )
        context["notice_index"], context["material_bank"] = first[NoticeIndexPage], first[MaterialBankPage]
        context.update(_home_keys(self, request, context))
        return context


def _home_keys(page, request, context) -> dict:
    """What the home page's parts are made of ({% kept %} in its template), so that a notice's
    publication renders again only the parts it changed: the text by the page's own rows, the
    latest notices by their rows and the index's, the quick links by the material bank's row; the
    links also follow the site and its roots (their paths and addresses, ake/site_top.py: a change
    of the structure that leaves them as they were keeps the parts). None (not kept) where a part's
    rows were not read that way. The upcoming events by their rows (trainings/providers.py
    ``upcoming_events``: an event's edit that leaves the next ones as they were renders nothing)."""
    from ake.memo import request_area_versions
    from ake.site_top import site_top
    from ake.wagtail_serve import rows_stamp

    versions = request_area_versions(request)
    if not versions:
        return {"home_key": None, "latest_key": None, "links_key": None, "events_key": None}
    around = (
        getattr(getattr(request, "_wagtail_site", None), "pk", None),
        site_top(request).roots_key,
        timezone.get_current_timezone_name(),
    )
    latest = getattr(context["latest_notices"], "stamp", None)
    events = getattr(context["upcoming_events"], "stamp", None)
    index, bank = context["notice_index"], context["material_bank"]
    index_stamp = rows_stamp(index) if index is not None else 0
    bank_stamp = rows_stamp(bank) if bank is not None else 0
    return {
        "home_key": rows_stamp(page),
        "latest_key": None if latest is None or index_stamp is None else (latest, index_stamp, *around),
        "links_key": None if bank_stamp is None else (bank_stamp, *around),
        # Their times are shown in the time zone; their links follow no page.
        "events_key": None if events is None else (events, around[2]),
    }


class NoticeIndexPage(Page):
    # The content areas the page reads outside its kept copies (ake/areas.py).
    shows_areas = (NOTICES,)
    introduction = models.TextField(_("introduction"), blank=True)
    # The main navigation follows the page tree (Promote tab: "show in menus").
    show_in_menus_default = True

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["extranet.NoticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("notice index")

    def get_notices(self):
        from django.contrib.postgres.aggregates import ArrayAgg

        # Category ids come with the list in the same query; names from the cached filter choices.
        return (
            NoticePage.objects.live()
            .descendant_of(self)
            .select_related("series")
            .annotate(category_ids=ArrayAgg("categories__id", distinct=True, default=[]))
            # An alias's text is its source's language (alias_lang marks it), read in the same query.
            .annotate(alias_language=models.F("alias_of__locale__language_code"))
            .order_by("-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        from django.utils.safestring import mark_safe

        from ake.memo import memoized

        context = super().get_context(request, *args, **kwargs)
        # The filters, the list and the pager depend only on the query string: rendered once per
        # process and content version (the list query and the filter widgets were most of the time).
        key = ("notice_listing", self.pk, get_language(), request.GET.urlencode())
        listing = memoized(request, key, lambda: self.render_listing(request), areas=NOTICES)
        context["listing_html"] = mark_safe(listing)  # noqa: S308 - our own rendered template
        return context

    def render_listing(self, request) -> str:
        """The filters, the list and the pager. The list's rows are read on every call; the filter
        form, each list item and the whole listing are kept by the values they are made of
        (ake/memo.py ``kept_by_value``), so the first view after a notice is published reads the
        rows and writes only the new or changed items (issue #20)."""
        from django.template.loader import render_to_string

        from ake.memo import kept_by_value, memoized_unstored, request_area_versions
        from ake.site_top import site_top

        from .forms import NoticeFilterForm
        from .selectors import notice_filter_choices

        choices = notice_filter_choices(request)
        # The form is made only where it is used: a query string to validate, or its HTML to write
        # (an unfiltered view after a write keeps its HTML: building the form's fields and choices
        # was a fifth of that view).
        made = []

        def form():
            if not made:
                made.append(NoticeFilterForm(request.GET or None, choices=choices))
            return made[0]

        # Each category's and series' name in this language, kept by the choices' stamp (a
        # translated field's value is looked up by language on every read).
        category_names, series_names = memoized_unstored(
            request,
            ("notice_choice_names", choices.stamp, get_language()),
            lambda: (
                {category.pk: category.name for category in choices.categories},
                tuple((series.slug, series.name) for series in choices.series),
            ),
        )
        versions = request_area_versions(request)
        # What the items' links and dates are made of besides their rows: the language, the site
        # and its roots (their paths and addresses, ake/site_top.py), the time zone; the visitor is not.
        around = (
            get_language(),
            getattr(getattr(request, "_wagtail_site", None), "pk", None),
            site_top(request).roots_key if versions else None,
            timezone.get_current_timezone_name(),
        )
        form_key = (
            "notice_filter_form",
            around[0],
            request.GET.urlencode(),
            tuple((category.slug, category_names[category.pk]) for category in choices.categories),
            series_names,
        )
        form_html = kept_by_value(
            request if versions else None,
            form_key,
            lambda: render_to_string(
                "extranet/includes/notice_filter_form.html", {"filter_form": form()}, request=request
            ),
        )
        categories = {category.pk: category for category in choices.categories}
        # An unbound form (no query string) is not valid: nothing filtered.
        filtered = bool(request.GET) and form().is_valid() and any(form().cleaned_data.values())
        found = (
            None
            if filtered
            else self._unfiltered_page(request, categories, category_names, around if versions else None)
        )
        if found is not None:
            notices_page, items_html = found
        else:
            notices = self.get_notices()
            if form().is_valid():
                notices = form().filter(notices)
            paginator = Paginator(notices, NOTICES_PER_PAGE)
            try:
                notices_page = paginator.page(request.GET.get("page", 1))
            except PageNotAnInteger:
                notices_page = paginator.page(1)
            except EmptyPage:
                notices_page = paginator.page(paginator.num_pages)
            for notice in notices_page:
                notice.category_list = [categories[pk] for pk in notice.category_ids if pk in categories]
            items_html = notice_list_items_html(notices_page, request)
        query = request.GET.copy()
        query.pop("page", None)
        filter_query = query.urlencode()
        context = {
            "notices": notices_page,
            "items_html": items_html,
            "filter_form_html": form_html,
            "filter_query": filter_query,
        }
        key = (
            "notice_listing",
            around[0],
            notices_page.number,
            notices_page.paginator.num_pages,
            filter_query,
            form_html,
            items_html,
        )
        return kept_by_value(
            request if versions else None,
            key,
            lambda: render_to_string("extranet/includes/notice_listing.html", context, request=request),
        )

    def _unfiltered_page(self, request, categories: dict, category_names: dict, around) -> tuple | None:
        """The page of the unfiltered list that the query string asks for, read with a statement
        compiled once per process (the ORM built and compiled the list and its count anew on every
        cold view), with its items: each one's HTML kept by its row (``around``: what else it is
        made of; None: nothing is kept). None where the ORM's paginator decides (a page number
        that is not a plain one, a page past the end)."""
        from ake.memo import kept_by_value

        number = request.GET.get("page", "1")
        if not (number.isdigit() and 1 <= int(number) <= _LIST_PAGES_PREPARED):
            return None
        number = int(number)
        query = prepared(("extranet.notice_list", number), lambda: _notice_list_query(number))
        # Descendants of the index by their tree path (collation "C": every descendant's path starts
        # with the index's and sorts between it and it followed by "~").
        rows = query.rows(self.path, self.path + "~")
        if not rows and number > 1:
            return None
        positions = query.annotation_positions()
        count = positions["notice_count"]
        category_ids = positions["category_ids"]
        paginator = Paginator(_Counted(rows[0][count] if rows else 0), NOTICES_PER_PAGE)
        items = []
        for row in rows:
            ids = row[category_ids]
            names = tuple(category_names[pk] for pk in ids if pk in category_names)
            # The row without the list's count (a new notice elsewhere changes it, not this item),
            # its category ids as a tuple (the key must be hashable; no other column is a list).
            values = list(row)
            values[category_ids] = tuple(ids)
            del values[count]
            values = tuple(values)

            def item(row=row):
                notice = query.instances([row])[0]
                notice.category_list = [categories[pk] for pk in notice.category_ids if pk in categories]
                return notice_list_items_html([notice], request)

            if around is None:
                items.append(item())
            else:
                items.append(kept_by_value(request, ("notice_item", around, values, names), item))
        page = paginator._get_page(range(len(rows)), number, paginator)
        return page, mark_safe("".join(items))  # noqa: S308 - each item escaped by notice_list_items_html


class _Counted:
    """The number of notices for Paginator, read in the list's own query."""

    def __init__(self, count: int):
        self._count = count

    def count(self) -> int:
        return self._count

    def __getitem__(self, _index):  # the page's rows come from the query itself
        return []


# Pages of the unfiltered notice list read with a statement compiled once per process (one per
# page number: the ORM writes LIMIT and OFFSET into the SQL); further pages go through the ORM.
_LIST_PAGES_PREPARED = 20


def _notice_list_query(number: int) -> PreparedQuery:
    from django.contrib.postgres.aggregates import ArrayAgg
    from django.db.models import Count, Window

    start = (number - 1) * NOTICES_PER_PAGE

    def build(after, before):
        return (
            NoticePage.objects.filter(live=True, path__gt=after, path__lt=before)
            .select_related("series")
            # The columns an item shows (no body: building each notice's StreamField was most of
            # the list's instances); the content type too, for the list's own instances.
            .only(*NOTICE_ITEM_FIELDS, "content_type_id", "series")
            .annotate(category_ids=ArrayAgg("categories__id", distinct=True, default=[]))
            .annotate(alias_language=models.F("alias_of__locale__language_code"))
            .annotate(notice_count=Window(Count("pk")))
            .order_by("-first_published_at", "-pk")[start : start + NOTICES_PER_PAGE]
        )

    return PreparedQuery(build, "ake-list-after", "ake-list-before")


# The columns a notice's item shows in a list (the notice index's, the home page's latest notices:
# extranet/selectors.py notice_list_latest), read with .only() instead of the whole page and body.
NOTICE_ITEM_FIELDS = (
    "id",
    "title",
    "lead",
    "url_path",
    "first_published_at",
    "locale_id",
    "path",
    "depth",
    "alias_of_id",
)


def notice_list_items_html(notices, request) -> str:
    """The notice list's items, written in Python with the markup, filters and escaping of the
    template loop they replace (``{{ x }}``: conditional_escape; ``date`` in the current time zone;
    ``{% pageurl %}``: the page's URL for the request): a cold notice index renders 20 of them, and
    the template's loop was a third of that view's time (issue #20).
    ``tests/extranet/test_notices.py`` compares them with the loop to the byte."""
    from django.template.defaultfilters import date as date_filter
    from django.utils.html import conditional_escape as esc
    from django.utils.safestring import mark_safe
    from django.utils.timezone import template_localtime

    from ake.templatetags.ake_tags import alias_lang

    items = []
    for notice in notices:
        lang = alias_lang(notice)
        lang = f' lang="{esc(lang)}"' if lang else ""
        published = notice.first_published_at
        time = ""
        if published:
            local = template_localtime(published)
            time = (
                f'<time datetime="{esc(date_filter(local, "c"))}">{esc(date_filter(local, "j.n.Y"))}</time>'
            )
        badges = "".join(
            f'<span class="badge">{esc(category.name)}</span> ' for category in notice.category_list
        )
        series = f'<span class="badge">{esc(notice.series.name)}</span>' if notice.series else ""
        items.append(
            f"\n      <li>\n        <article>\n          <h2{lang}>"
            f'<a href="{esc(notice.get_url(request=request))}">{esc(notice.title)}</a></h2>'
            f'\n          <p class="meta">\n            {time}\n            {badges}\n            {series}'
            f"\n          </p>\n          <p{lang}>{esc(notice.lead)}</p>"
            "\n        </article>\n      </li>\n    "
        )
    return mark_safe("".join(items))  # noqa: S308 - every value escaped above


class NoticePage(Page):
    # The content areas the page reads outside its kept copies (ake/areas.py).
    shows_areas = (NOTICES, REGISTRY)
    lead = models.TextField(_("lead"), help_text=_("One or two sentences shown in lists, feeds and emails."))
    body = StreamField(ExtranetStreamBlock(), blank=True, verbose_name=_("body"))
    categories = ParentalManyToManyField(
        NoticeCategory, blank=True, related_name="notices", verbose_name=_("categories")
    )
    tags = ClusterTaggableManager(through=NoticePageTag, blank=True, verbose_name=_("tags"))
    series = models.ForeignKey(
        NoticeSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
        verbose_name=_("series"),
    )
    featured_library = models.ForeignKey(
        "networks.Library",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("featured library"),
        help_text=_("For an interview series: the library this notice presents."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
                FieldPanel("series"),
                FieldPanel("featured_library"),
            ],
            heading=_("Classification"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("first_published_at"),
    ]
    parent_page_types = ["extranet.NoticeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    @property
    def date(self) -> datetime.datetime | None:
        return self.first_published_at or self.go_live_at

    def get_context(self, request, *args, **kwargs):
        from ake.memo import memoized
        from ake.wagtail_serve import rows_stamp

        from .selectors import notice_details, series_libraries_not_featured

        context = super().get_context(request, *args, **kwargs)
        details = memoized(
            request,
            ("notice_details", self.pk),
            lambda: notice_details(notice=self),
            areas=(NOTICES, REGISTRY),
        )
        context["notice_details"] = details
        context["today"] = timezone.localdate()  # which libraries are active moves with the date
        # The index is the parent: its URL is this page's without the last segment (no query).
        url = self.get_url(request=request) or ""
        context["index_url"] = url[: -len(self.slug) - 1] if url.endswith(f"{self.slug}/") else url
        libraries = ()
        if details.series is not None and details.series.features_libraries:
            libraries = context["libraries_not_featured"] = memoized(
                request,
                ("libraries_not_featured", details.series.pk, context["today"]),
                lambda: series_libraries_not_featured(series=details.series),
                areas=(NOTICES, REGISTRY),
            )
        # What the notice's text and its panels are made of ({% kept %} in the template): its own
        # rows as the route read them, its details' row, the libraries and the index's address.
        # Another notice's publication changes none of them, so the body is not rendered again.
        stamp = rows_stamp(self)
        context["content_key"] = (
            None
            if stamp is None or details.stamp is None
            else (
                stamp,
                details.stamp,
                tuple((library.pk, library.name) for library in libraries),
                context["index_url"],
            )
        )
        return context


class StandardPage(Page):
    """The implementation plan, about the AKE, contacts and other plain content."""

    # The content areas the page reads outside its kept copies (ake/areas.py).
    shows_areas = (NOTICES,)

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(ExtranetStreamBlock(), blank=True, verbose_name=_("body"))
    # In the main navigation (when shown in menus) after the site's sections and the apps' pages.
    menu_last = True

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


class MaterialBankPage(Page):
    """Guides and materials: documents of one Wagtail collection, plus the lendable kits."""

    # The content areas the page reads outside its kept copies (ake/areas.py); it lists the kits,
    # not their booked days, so a booking leaves it warm.
    shows_areas = (NOTICES, KITS)
    shows_areas_without = (BOOKINGS,)

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(ExtranetStreamBlock(), blank=True, verbose_name=_("body"))
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("document collection"),
        help_text=_(
            "Documents of this collection and its sub-collections are listed. Give a collection "
            "a login restriction (Settings → Collections → Privacy) for staff-only material."
        ),
    )
    show_kits = models.BooleanField(_("list the lendable kits"), default=False)
    show_in_menus_default = True

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("collection"),
        FieldPanel("show_kits"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]
    subpage_types = ["extranet.MaterialBankPage", "extranet.StandardPage"]

    class Meta:
        verbose_name = _("material bank page")

    def get_context(self, request, *args, **kwargs):
        from ake.memo import memoized

        from .selectors import material_document_list

        context = super().get_context(request, *args, **kwargs)
        documents = context["documents"] = material_document_list(page=self, request=request)
        # Which documents this visitor may see is decided per request; their rendering is kept (a
        # changed language retires it: DocumentLanguage is in the notices area).
        context["documents_key"] = ",".join(str(document.pk) for document in documents)
        # Each document's title is marked with its language where it is not the page's (WCAG 3.1.2);
        # the table names the language, so a Swedish reader sees which documents are in Swedish.
        # (The documents are the process's kept copies, read-only: the per-language parts go beside.)
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        names = dict(document_language_choices())
        context["document_rows"] = [
            (
                document,
                document.language_code if document.language_code != language else "",
                names.get(document.language_code, document.language_code),
            )
            for document in documents
        ]
        context["sections"] = memoized(
            request,
            ("material_sections", self.pk),
            lambda: self.sections(),
            areas=NOTICES,
        )
        # What the page's text and sections, and its documents' table, are made of ({% kept %} in
        # the template): rows read in this request (their stamps), the site and its roots.
        from ake.memo import request_area_versions
        from ake.site_top import site_top
        from ake.wagtail_serve import rows_stamp

        versions = request_area_versions(request)
        stamps = (rows_stamp(self), context["sections"].stamp, getattr(documents, "stamp", 0))
        keys = (None, None)
        if versions and None not in stamps:
            site = getattr(getattr(request, "_wagtail_site", None), "pk", None)
            roots = site_top(request).roots_key  # the site roots the links follow (ake/site_top.py)
            keys = ((*stamps[:2], site, roots), (stamps[2], context["documents_key"]))
        context["intro_key"], context["documents_stamp_key"] = keys
        provider = extensions.first("material_kits")
        kits_key = ("material_kits", self.pk, get_language())
        context["kits"] = (
            memoized(request, kits_key, lambda: provider(request), areas=KITS, without=BOOKINGS)
            if (self.show_kits and provider)
            else []
        )
        context["kits_available"] = provider is not None
        return context

    def sections(self) -> list:
        return _public_children(self)


def _public_children(page) -> list:
    """The live children that Wagtail's ``public()`` would keep, in one query (compiled once per
    process and page type, ake/prepared.py) plus one per page type made from another: none below a
    restricted page, and otherwise those without a restriction of their own. Built again only when
    the rows changed (ake/memo.py ``from_rows``); the list's ``stamp`` changes with them (None: a
    child of a deeper type was read on its own, nothing may be kept by the list)."""
    from ake.memo import from_rows

    if list(page.get_view_restrictions()):  # kept with the routed page (ake/wagtail_serve.py)
        return _Children(stamp=0)
    page_type = page.specific_class
    query, names = prepared(("extranet.public_children", page_type), lambda: _children_query(page_type))
    rows = query.rows(page.path, page.path + "~", page.depth + 1)

    def build(rows) -> _Children:
        children = _Children()
        for row in query.instances(rows):
            found = [getattr(row, name) for name in names if hasattr(row, name)]
            if not found:  # a deeper page type: its own query, made anew every time
                children.needs_own_rows = True
            children.append(found[0] if found else row.specific)
        return children

    children, stamp = from_rows(("public_children", page.pk), rows, build)
    if children.needs_own_rows:
        return _Children(build(rows), stamp=None)
    children.stamp = stamp
    return children


class _Children(list):
    """Child pages, with the stamp of the rows they were made from (ake/memo.py from_rows)."""

    needs_own_rows = False

    def __init__(self, *args, stamp=None):
        super().__init__(*args)
        self.stamp = stamp


def _children_query(page_type) -> tuple:
    from django.db.models import Exists, OuterRef
    from wagtail.models import PageViewRestriction

    # The specific pages of the allowed child types come in the same query (Django fills a child
    # row from its parent's); a child of another type is read on its own.
    names = [
        model._meta.model_name
        for model in page_type.allowed_subpage_models()
        if model._meta.get_parent_list() == [Page]
    ]
    own = PageViewRestriction.objects.filter(page_id=OuterRef("pk"))

    def build(after, before, depth):
        # The children by their tree path (collation "C": a descendant's path starts with the
        # parent's and sorts between it and it followed by "~") and depth.
        return (
            Page.objects.filter(live=True, path__gt=after, path__lt=before, depth=depth)
            .exclude(Exists(own))
            .select_related(*names)
            .order_by("path")
        )

    return PreparedQuery(build, "ake-children-after", "ake-children-before", 987654321), names


class TrainingArchivePage(Page):
    """Slides and recordings of past trainings; the trainings app provides the entries."""

    # The content areas the page reads outside its kept copies (ake/areas.py).
    shows_areas = (NOTICES, EVENTS)

    introduction = models.TextField(_("introduction"), blank=True)
    show_in_menus_default = True

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    max_count_per_parent = 1
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("training archive")

    def get_context(self, request, *args, **kwargs):
        from .forms import ArchiveFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = ArchiveFilterForm(request.GET or None)
        year = theme = None
        if form.is_valid():
            year = form.cleaned_data.get("year")
            theme = form.cleaned_data.get("theme") or None
        provider = extensions.first("training_archive")
        context["entries"] = provider(year=year, theme=theme) if provider else []
        context["archive_available"] = provider is not None
        context["filter_form"] = form
        return context


class AccessibilityStatementPage(Page):
    """The accessibility statement (saavutettavuusseloste) required by the Act on the Provision of
    Digital Services (306/2019): compliance, content that is not accessible, the feedback channel and
    the supervising authority. Created by ``extranet.legal`` and edited by AKE; linked from every
    page's footer in the visitor's language."""

    # The content areas the page reads outside its kept copies (ake/areas.py).
    shows_areas = (NOTICES,)

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(ExtranetStreamBlock(), blank=True, verbose_name=_("body"))
    reviewed_on = models.DateField(
        _("prepared or last reviewed on"),
        default=timezone.localdate,
        help_text=_("The statement must be reviewed at least once a year."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("reviewed_on"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]
    parent_page_types = ["extranet.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    footer_link = True

    class Meta:
        verbose_name = _("accessibility statement")

    def get_context(self, request, *args, **kwargs):
        from django.conf import settings

        context = super().get_context(request, *args, **kwargs)
        context["feedback_email"] = settings.AKE_CONTACT_EMAIL
        return context


class PrivacyNoticePage(Page):
    """The privacy notice (tietosuojaseloste, GDPR art. 13): what is kept, why and for how long. The
    retention periods are shown from settings.AKE_RETENTION_DAYS, so that the page and the daily
    retention job never disagree; the rest is AKE's text."""

    # The content areas the page reads outside its kept copies (ake/areas.py).
    shows_areas = (NOTICES,)

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(ExtranetStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]
    parent_page_types = ["extranet.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    footer_link = True

    class Meta:
        verbose_name = _("privacy notice")

    def get_context(self, request, *args, **kwargs):
        from .legal import retention_periods

        context = super().get_context(request, *args, **kwargs)
        context["retention_periods"] = retention_periods()
        return context


# --------------------------------------------------------------------------- training wishes
class TrainingWish(models.Model):
    """An anonymous training wish: the text and the day, nothing about the sender."""

    text = models.TextField(_("wish"), max_length=4000)
    # The language of the page the wish was sent from: the sender is anonymous, so the page's language
    # is the only sign of the language they wrote in (issue #14). Wishes of before: Finnish.
    text_language = TextLanguageField(_("language of the wish"))
    # A day, not a time: a timestamp could be matched against server logs to find the sender.
    created_on = models.DateField(_("received on"), default=timezone.localdate, editable=False)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("training wish")
        verbose_name_plural = _("training wishes")
        ordering = ["-created_on", "-pk"]

    written_in = {"text": "text_language"}

    def __str__(self):
        # Named in the admin's language (its headings and breadcrumbs cannot mark another language);
        # the text itself is shown marked with its language (issue #14).
        return _("Training wish of %(day)s") % {"day": date_format(self.created_on, "SHORT_DATE_FORMAT")}


# --------------------------------------------------------------------------- subscriptions
def _new_token_key() -> str:
    return secrets.token_hex(16)


class Subscription(models.Model):
    """One email address subscribed to notices; ``periods`` keep its history for indicator A4."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        ACTIVE = "active", pgettext_lazy("subscription", "active")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        UNDELIVERABLE = "undeliverable", _("undeliverable")

    class Rhythm(models.TextChoices):
        IMMEDIATE = "immediate", _("at once")
        WEEKLY = "weekly", _("weekly digest")

    class Language(models.TextChoices):
        FINNISH = "fi", "Suomi"
        SWEDISH = "sv", "Svenska"
        ENGLISH = "en", "English"

    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FINNISH
    )
    rhythm = models.CharField(_("rhythm"), max_length=10, choices=Rhythm.choices, default=Rhythm.IMMEDIATE)
    categories = models.ManyToManyField(
        NoticeCategory,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("categories"),
        help_text=_("None chosen: every notice."),
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.PENDING)
    user = models.ForeignKey(
        "networks.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="notice_subscriptions"
    )
    # Part of every signed link: replacing it invalidates all links sent so far.
    token_key = models.CharField(max_length=32, default=_new_token_key, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True, editable=False)
    undeliverable_reason = models.CharField(_("bounce reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("notice subscription")
        verbose_name_plural = _("notice subscriptions")
        ordering = ["email"]
        indexes = [models.Index(fields=["status", "rhythm"])]

    def __str__(self):
        return self.email


class SubscriptionPeriod(models.Model):
    """One stretch of a subscription: from subscribing (and confirming) to its end.

    A re-subscription after unsubscribing opens a new period, so the state of every address on any
    past day can be recomputed.
    """

    class EndReason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        UNDELIVERABLE = "undeliverable", _("undeliverable")
        EXPIRED = "expired", _("never confirmed")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="periods")
    subscribed_at = models.DateTimeField(_("subscribed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=15, choices=EndReason.choices, blank=True)

    class Meta:
        verbose_name = _("subscription period")
        verbose_name_plural = _("subscription periods")
        ordering = ["subscription_id", "subscribed_at"]
        constraints = [
            # At most one open period per address.
            models.UniqueConstraint(
                fields=["subscription"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_period",
                violation_error_message=_("The subscription already has an open period."),
            )
        ]
        indexes = [models.Index(fields=["confirmed_at", "ended_at"])]

    def __str__(self):
        return f"{self.subscription_id}: {self.subscribed_at:%Y-%m-%d}–{self.ended_at or ''}"


class Delivery(models.Model):
    """The outbox: one email to one subscription, for a notice (any translation) or a weekly digest.

    Unique per (subscription, notice) and (subscription, week): a retried task, a re-published notice
    or its translation's publication can never create a second copy.
    """

    class Kind(models.TextChoices):
        NOTICE = "notice", _("notice")
        DIGEST = "digest", _("weekly digest")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", pgettext_lazy("mail", "cancelled")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTICE)
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    notice = models.ForeignKey(
        "extranet.NoticePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    # The translation key identifies the notice across its Finnish and Swedish versions.
    notice_key = models.UUIDField(null=True, blank=True)
    digest_week = models.DateField(_("week starting"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "notice_key"],
                condition=models.Q(kind="notice"),
                name="delivery_unique_notice_subscription",
                violation_error_message=_("The notice is already queued for this subscription."),
            ),
            models.UniqueConstraint(
                fields=["subscription", "digest_week"],
                condition=models.Q(kind="digest"),
                name="delivery_unique_digest_week",
                violation_error_message=_("The digest of this week is already queued for this subscription."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="notice", notice_key__isnull=False)
                    | models.Q(kind="digest", digest_week__isnull=False)
                ),
                name="delivery_kind_has_key",
                violation_error_message=_(
                    "A notice delivery needs its notice, and a digest delivery its week."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["status", "claimed_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.subscription_id} ({self.status})"


# --------------------------------------------------------------------------- usage (A5)
class DailyUsage(models.Model):
    """Page views and visits of one day: the only usage data PostgreSQL keeps."""

    day = models.DateField(_("day"), unique=True)
    page_views = models.PositiveIntegerField(_("page views"), default=0)
    visits = models.PositiveIntegerField(_("visits"), default=0)

    class Meta:
        verbose_name = _("daily usage")
        verbose_name_plural = _("daily usage")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day}: {self.visits} / {self.page_views}"


# --------------------------------------------------------------------------- documents' languages
def document_language_choices():
    from ake.languages import LANGUAGE_NAMES, LANGUAGES

    return [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]


class DocumentLanguage(models.Model):
    """The language of a Wagtail document (Wagtail's documents have none).

    A row of its own rather than a custom document model: switching WAGTAILDOCS_DOCUMENT_MODEL on a
    project with documents moves every row and every foreign key to them (kits, cost claims, funding
    applications, page blocks, the audit triggers) in one migration; this adds one table and touches
    nothing. A document without a row is Finnish, as the material bank's files have been so far.
    """

    document = models.OneToOneField(
        get_document_model_string(),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="language_info",
        verbose_name=_("document"),
    )
    language = models.CharField(
        _("language of the document"), max_length=2, choices=document_language_choices, default="fi"
    )

    class Meta:
        verbose_name = _("language of a document")
        verbose_name_plural = _("languages of documents")

    def __str__(self):
        return f"{self.document_id}: {self.language}"


def document_language(document) -> str:
    """The language of a document's title and content: its row's, else Finnish."""
    try:
        return document.language_info.language
    except DocumentLanguage.DoesNotExist:
        return settings.LANGUAGE_CODE
