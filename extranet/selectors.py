"""Reads of the extranet: pages, documents, subscriptions, usage and the indicators A3-A5."""

import datetime
from dataclasses import dataclass

from django.db.models import F, Q, Subquery
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page

from ake.prepared import PreparedQuery, prepared
from networks.models import Library

from .models import NOTICE_ITEM_FIELDS, NoticeCategory, NoticePage, NoticeSeries, document_language


# --------------------------------------------------------------------------- pages
def _first_live_in(model: type[Page], locale_id: int) -> Page | None:
    from ake.memo import from_rows

    # The query compiled once per process and page type (ake/prepared.py; the home page reads two
    # on every cold view, issue #20).
    query = prepared(
        ("extranet.first_live", model),
        lambda: PreparedQuery(
            lambda locale_id: model.objects.live().filter(locale_id=locale_id).order_by("path")[:1],
            987654321,
        ),
    )
    # Built again only when the row changed: another notice's publication leaves the page as it was.
    pages, stamp = from_rows(("first_live", model, locale_id), query.rows(locale_id), query.instances)
    if not pages:
        return None
    pages[0]._ake_rows_stamp = stamp  # ake/wagtail_serve.py rows_stamp
    return pages[0]


def page_first_live(model: type[Page], *, locale: Locale | int | None = None) -> Page | None:
    """The first live page of ``model`` in ``locale``, else in the default locale."""
    pages = model.objects.live().order_by("path")
    if locale is not None:
        page = _first_live_in(model, locale if isinstance(locale, int) else locale.pk)
        if page is not None:
            return page
    try:
        default = Locale.get_default()
    except Locale.DoesNotExist:
        default = None
    return (pages.filter(locale=default).first() if default else None) or pages.first()


def pages_first_live(models: tuple, *, locale: int) -> dict:
    """``page_first_live(model, locale=locale)`` for each of ``models`` (page types made directly
    from Page), the first live page of each type read in ONE query: the home page links its notice
    index and material bank, and after a menu section's rename it read them in two (issue #20).
    Built again only when their rows changed; a type with no page in the locale falls back as
    ``page_first_live`` does."""
    from ake.memo import from_rows
    from ake.wagtail_serve import _specific

    query = prepared(
        ("extranet.pages_first_live", models),
        lambda: PreparedQuery(
            lambda locale_id: (
                Page.objects.live()
                .filter(locale_id=locale_id)
                .filter(_any_of(models))
                .select_related(*(model._meta.model_name for model in models))
                # The first by path of each type: one row per content type.
                .order_by("content_type_id", "path")
                .distinct("content_type_id")
            ),
            987654321,
        ),
    )
    rows = query.rows(locale)
    build = lambda rows: [_specific(row) for row in query.instances(rows)]  # noqa: E731
    pages, stamp = from_rows(("pages_first_live", models, locale), rows, build)
    found = {}
    for model in models:
        page = next((page for page in pages if type(page) is model), None)
        if page is None:
            found[model] = page_first_live(model, locale=locale)
        else:
            page._ake_rows_stamp = stamp  # ake/wagtail_serve.py rows_stamp
            found[model] = page
    return found


def _any_of(models: tuple) -> Q:
    condition = Q()
    for model in models:
        condition |= Q(**{f"{model._meta.model_name}__isnull": False})
    return condition


def notice_list_latest(*, locale: Locale | int, limit: int = 5) -> list:
    """The latest live notices of a locale, read on every call with a statement compiled once per
    process and limit (ake/prepared.py), the notices built again only when their rows changed
    (ake/memo.py ``from_rows``); the list's ``stamp`` changes with them."""
    from ake.memo import from_rows

    locale_id = locale if isinstance(locale, int) else locale.pk
    query = prepared(
        ("extranet.latest_notices", limit),
        lambda: PreparedQuery(
            lambda locale_id: (
                NoticePage.objects.live()
                .filter(locale_id=locale_id)
                # An alias's text is its source's language (alias_lang marks it), read in the same query.
                .annotate(alias_language=F("alias_of__locale__language_code"))
                .order_by("-first_published_at", "-pk")
                .only(*NOTICE_ITEM_FIELDS)[:limit]
            ),
            987654321,
        ),
    )
    notices, stamp = from_rows(
        ("latest_notices", locale_id, limit), query.rows(locale_id), _Stamped.build(query)
    )
    notices.stamp = stamp
    return notices


class _Stamped(list):
    """A kept list that carries the stamp of the rows it was made from (ake/memo.py from_rows)."""

    stamp = None

    @classmethod
    def build(cls, query):
        return lambda rows: cls(query.instances(rows))


def series_libraries_not_featured(*, series: NoticeSeries, day: datetime.date | None = None) -> list[Library]:
    """The region's active library organisations that no live notice of the series has presented yet.

    A notice that presents a branch counts for its organisation. One query, compiled once per
    process (ake/prepared.py); the libraries built again only when its rows change.
    """
    from ake.memo import from_rows

    day = day or timezone.localdate()
    query = prepared("extranet.libraries_not_featured", _not_featured_query)
    return from_rows(("libraries_not_featured", series.pk, day), query.rows(series.pk, day), query.instances)[
        0
    ]


def _not_featured_query() -> PreparedQuery:
    def build(series_id, day):
        featured = NoticePage.objects.live().filter(series_id=series_id, featured_library__isnull=False)
        return (
            Library.objects.organisations()
            .active_on(day)
            .exclude(pk__in=Subquery(featured.values("featured_library_id")))
            .exclude(
                pk__in=Subquery(
                    featured.filter(featured_library__parent__isnull=False).values(
                        "featured_library__parent_id"
                    )
                )
            )
            .order_by("name_fi")
        )

    return PreparedQuery(build, 987654321, datetime.date(1901, 2, 3))


# --------------------------------------------------------------------------- documents
def material_document_list(*, page, request) -> list:
    """Documents of the page's collection and its sub-collections that this request may download.

    Restricted (staff-only) documents are listed only to those whom the restriction accepts; the
    serve view checks the same restrictions again on download. What the database says is kept per
    process while the content version is unchanged (ake/memo.py); whom a restriction accepts is
    decided for each request. The list's ``stamp`` changes whenever the documents' rows do.
    """
    from ake.memo import memoized

    if page.collection_id is None:
        return _Documents(stamp=0)
    documents, restrictions, stamp = memoized(
        request, ("material_documents", page.pk), lambda: _material_documents_kept(page), areas="notices"
    )
    visible = _Documents(stamp=stamp)
    accepted: dict[int, bool] = {}
    for document in documents:
        collection_restrictions = restrictions.get(document.collection_id)
        if collection_restrictions:
            if document.collection_id not in accepted:
                accepted[document.collection_id] = all(
                    restriction.accept_request(request) for restriction in collection_restrictions
                )
            if not accepted[document.collection_id]:
                continue
        visible.append(document)
    return visible


class _Documents(list):
    def __init__(self, *args, stamp=None):
        super().__init__(*args)
        self.stamp = stamp


def _material_documents_kept(page) -> tuple:
    """``_material_documents`` read with statements compiled once per process (ake/prepared.py) and
    built again only when their rows changed (ake/memo.py ``from_rows``), with the build's stamp."""
    from ake.memo import from_rows

    documents_query, restrictions_query = prepared("extranet.material_documents", _documents_queries)
    rows = (documents_query.rows(page.collection_id), restrictions_query.rows())
    (documents, restrictions), stamp = from_rows(
        ("material_documents", page.collection_id),
        rows,
        lambda rows: _material_documents_from(
            documents_query.instances(rows[0]), restrictions_query.instances(rows[1])
        ),
    )
    return documents, restrictions, stamp


def _documents_queries() -> tuple:
    Document = get_document_model()

    def documents(collection_id):
        root_path = Collection.objects.filter(pk=collection_id).values("path")[:1]
        return (
            Document.objects.filter(collection__path__startswith=Subquery(root_path))
            .select_related("collection", "language_info")
            .order_by("collection__path", "title", "pk")
        )

    return (
        PreparedQuery(documents, 987654321),
        PreparedQuery(lambda: CollectionViewRestriction.objects.select_related("collection").order_by("pk")),
    )


def _material_documents(page) -> tuple[list, dict[int, list]]:
    """The page's documents, and the view restrictions of each restricted collection among theirs.

    Two queries whatever the number of documents and restricted collections: the documents (their
    collection's path from a subquery), and every collection restriction (a handful), matched to a
    document's collection and its ancestors by path as Wagtail's ``get_view_restrictions`` does.
    """
    Document = get_document_model()
    root_path = Collection.objects.filter(pk=page.collection_id).values("path")[:1]
    documents = list(
        Document.objects.filter(collection__path__startswith=Subquery(root_path))
        .select_related("collection", "language_info")
        .order_by("collection__path", "title")
    )
    return _material_documents_from(
        documents, list(CollectionViewRestriction.objects.select_related("collection"))
    )


def _material_documents_from(documents: list, every_restriction: list) -> tuple[list, dict[int, list]]:
    restrictions = {}
    for document in documents:
        document.language_code = document_language(document)
        collection = document.collection
        if collection.pk not in restrictions:
            restrictions[collection.pk] = [
                restriction
                for restriction in every_restriction
                if collection.path.startswith(restriction.collection.path)
            ]
        if restrictions[collection.pk]:
            document.staff_only = True
    return documents, {pk: found for pk, found in restrictions.items() if found}


# --------------------------------------------------------------------------- search
SEARCH_LIMIT = 30


@dataclass
class PageHit:
    """What a search result shows of a page."""

    pk: int
    title: str
    url: str
    kind_label: str
    date: datetime.datetime | None
    summary: str


def search_pages(
    *, query: str, locale: Locale | None = None, limit: int = SEARCH_LIMIT, request=None
) -> list[PageHit]:
    """Live public notices, material and content pages matching the query, best first.

    One query, written out (issue #20: the first search of a word must cost no more than about a
    page): Wagtail's search index (``IndexEntry``, filled by the search backend in
    extranet/search_backend.py) joined to the pages and what a result shows of them, ranked as the
    backend ranks (its tsquery of stemmed prefixes, its weights, title by its norm plus body), with
    Wagtail's ``public()`` in the same query (no view restriction on the page or any ancestor).
    Building the backend's query through the ORM, then reading the rows in a second query, was
    most of a search's time. With ``request``, the site's root paths come from the top of the page
    tree read for it (ake/wagtail_serve.py ``site_root_paths``) instead of Wagtail's shared cache.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils.encoding import iri_to_uri
    from django.utils.translation import get_language
    from modelsearch.backends.database.postgres.weights import get_sql_weights
    from wagtail.models import PageViewRestriction, Site, get_page_models
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from .models import MaterialBankPage, StandardPage
    from .search_backend import _WORD, language_config, stem_roots

    terms = _WORD.findall(query)
    # Each language's pages are indexed with its own configuration and searched with the same one.
    config = language_config(locale.language_code if locale is not None else get_language(), None)
    config = config or get_search_backend().config
    roots = stem_roots(terms, config) or [term.lower() for term in terms]
    if not roots:
        return []
    tsquery = " & ".join("'{}':*".format(root.replace("'", "''")) for root in roots)
    # The three page types and their subclasses, as Wagtail's PageQuerySet.type() takes them.
    models = [
        model
        for model in get_page_models()
        if issubclass(model, (NoticePage, StandardPage, MaterialBankPage))
    ]
    types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    locale_filter = "AND page.locale_id = %(locale)s" if locale is not None else ""
    sql = f"""
        SELECT page.id, page.title, page.url_path, page.first_published_at, page.content_type_id,
               locale.language_code, notice.lead, standard.introduction, bank.introduction
        FROM {Page._meta.db_table} page
        JOIN {IndexEntry._meta.db_table} entry
          ON entry.content_type_id = page.content_type_id AND entry.object_id = page.id::varchar(50)
        JOIN {Locale._meta.db_table} locale ON locale.id = page.locale_id
        LEFT JOIN {NoticePage._meta.db_table} notice ON notice.page_ptr_id = page.id
        LEFT JOIN {StandardPage._meta.db_table} standard ON standard.page_ptr_id = page.id
        LEFT JOIN {MaterialBankPage._meta.db_table} bank ON bank.page_ptr_id = page.id
        WHERE page.live AND page.content_type_id = ANY(%(types)s) {locale_filter}
          AND NOT EXISTS (
            SELECT 1 FROM {PageViewRestriction._meta.db_table} restriction
            JOIN {Page._meta.db_table} restricted ON restricted.id = restriction.page_id
            WHERE LEFT(page.path, LENGTH(restricted.path)) = restricted.path)
          AND (entry.title || entry.body) @@ to_tsquery('simple'::regconfig, %(query)s)
        ORDER BY ts_rank(%(weights)s::float4[], entry.title, to_tsquery('simple'::regconfig, %(query)s))
                   * entry.title_norm
                 + ts_rank(%(weights)s::float4[], entry.body, to_tsquery('simple'::regconfig, %(query)s))
                 DESC, page.id DESC
        LIMIT %(limit)s
    """
    parameters = {
        "types": [content_type.pk for content_type in types.values()],
        "locale": locale.pk if locale is not None else None,
        "query": tsquery,
        "weights": get_sql_weights(),
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        rows = cursor.fetchall()
    from ake.wagtail_serve import site_root_paths

    roots = site_root_paths(request) if request is not None else Site.get_site_root_paths()
    hits = []
    # Each page type's name made once per search: a lazy text cast for every hit was a tenth of it.
    labels = {}
    for pk, title, url_path, published, content_type_id, language, lead, *introductions in rows:
        root = next(
            (
                root
                for root in roots
                if url_path.startswith(root.root_path) and (root.language_code or language) == language
            ),
            None,
        )
        label = labels.get(content_type_id)
        if label is None:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            label = labels[content_type_id] = "" if model is None else str(model.get_verbose_name())
        if root is None or not label:
            continue
        hits.append(
            PageHit(
                pk=pk,
                title=title,
                url=iri_to_uri(f"/{language}/{url_path[len(root.root_path) :]}"),
                kind_label=label,
                date=published,
                summary=lead or next((text for text in introductions if text), ""),
            )
        )
    return hits


def search_providers(*, query: str, user) -> list:
    """Results of the other apps (events, kits, …) registered as "search" providers."""
    from ake import extensions

    results = []
    for provider in extensions.providers("search"):
        results.extend(provider(query=query, user=user))
    return results


# --------------------------------------------------------------------------- notice lists and details
@dataclass
class FilterChoices:
    categories: list
    series: list
    # Changes whenever the choices are built again from changed rows (ake/memo.py from_rows): what
    # is made of them can be kept by it.
    stamp: int | None = None


def notice_filter_choices(request=None) -> FilterChoices:
    """All categories and series, read on every call in one query (both tables as JSON, in their
    models' order) and built again only when they changed (ake/memo.py ``from_rows``).

    The callers keep what they make of them while the notices area holds (the notice index's
    listing): a category's change shows on the next view, and the first view after a notice is
    published always reads them, so the notice index's cold count is the same whatever was read a
    minute before (issue #20)."""
    from django.db import connection

    from ake.memo import from_rows

    with connection.cursor() as cursor:
        cursor.execute(_CHOICES_SQL)
        rows = cursor.fetchone()
    choices, stamp = from_rows(
        ("notice_filter_choices",),
        rows,
        lambda rows: FilterChoices(
            categories=_from_json(NoticeCategory, rows[0]), series=_from_json(NoticeSeries, rows[1])
        ),
    )
    choices.stamp = stamp
    return choices


# Ordered as the models' Meta.ordering (then by id, so that equal rows come in one order).
_CHOICES_SQL = f"""
    SELECT
      (SELECT COALESCE(json_agg(c ORDER BY c.sort_order, c.name_fi, c.id), '[]')
         FROM {NoticeCategory._meta.db_table} c)::text,
      (SELECT COALESCE(json_agg(s ORDER BY s.name_fi, s.id), '[]') FROM {NoticeSeries._meta.db_table} s)::text
"""


def _from_json(model, text: str) -> list:
    """Instances of rows read as JSON objects (column -> value), built as the ORM builds them."""
    import json

    fields = model._meta.concrete_fields
    names = [field.attname for field in fields]
    return [
        model.from_db("default", names, [row[field.column] for field in fields]) for row in json.loads(text)
    ]


@dataclass
class NoticeDetails:
    categories: list
    tags: list
    series: NoticeSeries | None
    featured_library: Library | None
    stamp: int | None = None


def notice_details(*, notice: NoticePage) -> NoticeDetails:
    """Categories, tags, series and featured library of a notice in one query (compiled once per
    process, ake/prepared.py), built again only when its row changed (ake/memo.py ``from_rows``);
    the details carry that build's ``stamp``, which a fragment made of them can be kept by."""
    from ake.memo import from_rows

    query = _notice_details_query()
    details, stamp = from_rows(("notice_details", notice.pk), query.rows(notice.pk), _notice_details_from)
    details.stamp = stamp
    return details


def _notice_details_from(rows) -> NoticeDetails:
    from .models import NoticeCategory

    row = _notice_details_query().instances(rows)[0] if rows else None
    if row is None:
        return NoticeDetails([], [], None, None)
    categories = sorted(
        (NoticeCategory(**data) for data in row.category_data), key=lambda c: (c.sort_order, c.name_fi)
    )
    tags = sorted(row.tag_data, key=lambda t: t["name"].lower())
    return NoticeDetails(categories, tags, row.series, row.featured_library)


def _notice_details_query() -> PreparedQuery:
    return prepared("extranet.notice_details", _details_query)


def _details_query() -> PreparedQuery:
    from django.contrib.postgres.aggregates import ArrayAgg
    from django.db.models.functions import JSONObject

    def build(pk):
        return (
            NoticePage.objects.filter(pk=pk)
            .select_related("series", "featured_library")
            .annotate(
                category_data=ArrayAgg(
                    JSONObject(
                        pk="categories__id",
                        slug="categories__slug",
                        name_fi="categories__name_fi",
                        name_sv="categories__name_sv",
                        name_en="categories__name_en",
                        sort_order="categories__sort_order",
                    ),
                    filter=Q(categories__isnull=False),
                    distinct=True,
                    default=[],
                ),
                tag_data=ArrayAgg(
                    JSONObject(name="tags__name", slug="tags__slug"),
                    filter=Q(tags__isnull=False),
                    distinct=True,
                    default=[],
                ),
            )
            .only("pk", "series", "featured_library")
            .order_by("pk")[:1]
        )

    return PreparedQuery(build, 987654321)
