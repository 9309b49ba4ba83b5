"""Content areas: what a write can change on the site, so that it retires only what can show it.

Every model that a page can show belongs to one (or a few) of seven areas; each area has its own
version key in the shared cache (ake/page_cache.py). A saved or deleted row changes the versions
of its model's areas only. Kept copies (``memoized(..., areas=...)``, ``{% memo ... areas="..." %}``)
and cached anonymous pages carry the versions of the areas they show, so a registration retires the
event pages and the calendar but leaves the material bank and the notices warm.

Where the areas are declared
----------------------------
- Models: each app's AppConfig has ``content_areas``, a dict from model name (lower case, as in
  ``Model._meta.model_name``) to an area, a tuple of areas, or ``None`` for rows that no page shows
  (an outbox, an audit table, counters). Models of third-party apps are declared here in
  ``THIRD_PARTY_AREAS`` (by ``app_label.model_name``) or ``APPS_WITHOUT_AREA``. Wagtail page types
  belong to NOTICES unless declared otherwise; auto-created many-to-many tables follow their model.
- The site's structure (SITE): the menu and the footer of every page follow the page tree, but only
  its top: the site roots and their children, and the footer's page types. A page write changes SITE
  too only when the page is one of those (``page_in_site_structure``) or moves, so a published notice
  leaves the calendar, the kits and the groups warm while a renamed section shows in every menu.
- Kept copies: ``memoized(request, key, compute, areas=...)`` and
  ``{% memo "name" ... areas="events,registry" %}`` (required: the areas of everything it shows).
- Views and page types: ``@shows_areas(...)`` on a view, ``shows_areas = (...)`` on a page type,
  for what the page reads outside kept copies. An anonymous page of a view that declares nothing
  depends on every area.

Parts of an area
----------------
The busiest writes change a small part of what an area's pages show: a registration changes an event's
seat figures, a booking a kit's booked days. Those rows have areas of their own, SEATS and BOOKINGS,
which are *parts* of EVENTS and KITS (``PARTS``): whatever declares EVENTS depends on SEATS too, and KITS
on BOOKINGS, so a copy that shows events retires on a registration unless it says otherwise. A copy that
shows no seat figure declares so with ``without``: ``memoized(..., areas=EVENTS, without=SEATS)``,
``{% memo "name" ... areas="events" without="seats" %}``, ``@shows_areas(EVENTS, without=SEATS)``,
``shows_areas_without = (SEATS,)`` on a page type; it then stays warm after a registration and the
seat figures are kept apart, under the full EVENTS. Forgetting ``without`` costs speed, never
correctness.

With the setting ``AKE_CHECK_CONTENT_AREAS`` (on in tests), saving a row of an undeclared model
fails with a message that says what to add where; without it (production) such a write retires
every area, which is always safe.
"""

import contextlib
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NOTICES = "notices"  # Wagtail pages (notices, plain pages, the material bank), documents, images, sites
EVENTS = "events"  # events, pick-up points, event materials (and SEATS, their registrations)
KITS = "kits"  # lendable kits, their units, interlibrary loans (and BOOKINGS, the kits' bookings)
REGISTRY = "registry"  # libraries, working groups and their members, rotation
USERS = "users"  # users, roles (groups) and permissions
REPORT = "report"  # indicator report data and the cooperation registers that feed it
# The top of the page tree that every page's menu and footer show: sites, locales, the site roots and
# their children, the footer's pages. Page writes below that change NOTICES only.
SITE = "site"
SEATS = "seats"  # registrations: who holds an event's seats (part of EVENTS)
BOOKINGS = "bookings"  # kit bookings: the kits' booked days (part of KITS)

AREAS = (NOTICES, EVENTS, KITS, REGISTRY, USERS, REPORT, SITE, SEATS, BOOKINGS)

# Parts shown wherever their area is, unless declared ``without`` them (see "Parts of an area" above).
PARTS = {EVENTS: (SEATS,), KITS: (BOOKINGS,)}
_PART_OF = {part: area for area, parts in PARTS.items() for part in parts}

# Apps of others whose rows no page shows.
APPS_WITHOUT_AREA = {
    "sessions",
    "admin",
    "contenttypes",
    "django_celery_results",
    "django_celery_beat",
    "account",
    "mfa",
    "usersessions",
    "wagtailadmin",
    "wagtailsearch",
    "wagtailforms",
    "wagtailusers",
    "simple_translation",
    # The audit trail (audit/, django-pghistory): shown only in the admin's history views, which
    # read it live.
    "audit",
    "pghistory",
}

# Models of apps that are not ours, by label.
THIRD_PARTY_AREAS = {
    # A user's admin profile: the avatar and language of the admin (the sidebar writes the avatar
    # per request, ake/admin_sidebar.py).
    "wagtailusers.userprofile": USERS,
    "auth.permission": USERS,
    "auth.group": USERS,
    "sites.site": (NOTICES, SITE),
    "wagtailredirects.redirect": NOTICES,
    "wagtailembeds.embed": NOTICES,
    # Shown by the notices and the material bank, by an event page's materials and a kit's page,
    # whose links carry the document's file name and title.
    "wagtaildocs.document": (NOTICES, EVENTS, KITS),
    # A kit's photos (its page, and its first photo on the kit list and the material bank) are
    # renditions whose addresses carry the image's file name.
    "wagtailimages.image": (NOTICES, KITS),
    # Made while a page renders; the image's own save retires the pages that show it.
    "wagtailimages.rendition": None,
    "taggit.tag": NOTICES,
    "taggit.taggeditem": NOTICES,
    "wagtailcore.locale": (NOTICES, SITE),
    "wagtailcore.site": (NOTICES, SITE),
    "wagtailcore.page": NOTICES,
    "wagtailcore.collection": NOTICES,
    "wagtailcore.pageviewrestriction": NOTICES,
    "wagtailcore.collectionviewrestriction": NOTICES,
    "wagtailcore.groupsitepermission": USERS,
    "wagtailcore.groupcollectionpermission": USERS,
    "wagtailcore.grouppagepermission": USERS,
    "wagtailcore.apitoken": None,
    "wagtailcore.modellogentry": None,
    "wagtailcore.pagelogentry": None,
    "wagtailcore.revision": None,
    "wagtailcore.uploadedfile": None,
    "wagtailcore.workflowcontenttype": None,
    "wagtailcore.workflowstate": None,
    "wagtailcore.workflow": None,
    "wagtailcore.workflowtask": None,
    "wagtailcore.task": None,
    "wagtailcore.groupapprovaltask": None,
    "wagtailcore.taskstate": None,
    "wagtailcore.workflowpage": None,
    "wagtailcore.comment": None,
    "wagtailcore.commentreply": None,
    "wagtailcore.pagesubscription": None,
    "wagtailcore.referenceindex": None,
}

# Fields whose change no page shows: a login's last_login write retires nothing.
UNSHOWN_FIELDS = {"last_login"}

_MISSING = object()
_resolved: dict = {}
_normalized: dict = {}


def _names(areas) -> tuple[str, ...]:
    names = areas.split(",") if isinstance(areas, str) else list(areas or ())
    return tuple(dict.fromkeys(name.strip() for name in names if name.strip()))


def normalize(areas, without=()) -> tuple[str, ...]:
    """``"events"``, ``"events,registry"`` or a sequence of areas as a tuple, with the parts of each
    (``PARTS``: EVENTS brings SEATS) but those named in ``without``; unknown names raise, and so does a
    ``without`` that is not a part of a declared area."""
    try:
        return _normalized[areas, without]
    except (KeyError, TypeError):
        pass
    declared = _names(areas)
    unknown = [name for name in declared if name not in AREAS]
    if not declared or unknown:
        raise ValueError(f"content areas must be some of {', '.join(AREAS)}; got {areas!r}")
    excluded = _names(without)
    stray = [name for name in excluded if _PART_OF.get(name) not in declared]
    if stray:
        parts = ", ".join(f"{part} (of {area})" for part, area in _PART_OF.items())
        raise ValueError(f"without= names only parts of the declared areas ({parts}); got {without!r}")
    result = tuple(
        dict.fromkeys(
            name for area in declared for name in (area, *PARTS.get(area, ())) if name not in excluded
        )
    )
    with contextlib.suppress(TypeError):  # a list: not kept
        _normalized[areas, without] = result
    return result


def _declared(model):
    meta = model._meta
    if meta.apps is not apps:  # a migration's historical model: as the current one; gone: nothing
        try:
            return _declared(apps.get_model(meta.app_label, meta.model_name))
        except LookupError:
            return None
    if meta.auto_created:  # a many-to-many table changes what its model shows
        return _declared(meta.auto_created)
    config = apps.get_app_config(meta.app_label)
    declared = getattr(config, "content_areas", None)
    if declared is not None and meta.model_name in declared:
        value = declared[meta.model_name]
    elif meta.label_lower in THIRD_PARTY_AREAS:
        value = THIRD_PARTY_AREAS[meta.label_lower]
    elif meta.app_label in APPS_WITHOUT_AREA:
        value = None
    elif _is_page_type(model):
        value = NOTICES
    else:
        return _MISSING
    return None if value is None else normalize(value)


def _is_page_type(model) -> bool:
    from wagtail.models import Page

    return issubclass(model, Page)


def missing_message(model) -> str:
    meta = model._meta
    config = apps.get_app_config(meta.app_label)
    if "site-packages" not in str(config.path):  # one of our apps
        where = (
            f'add "{meta.model_name}": <area> to content_areas of {type(config).__name__} in '
            f"{type(config).__module__.replace('.', '/')}.py"
        )
    else:
        where = f'add "{meta.label_lower}": <area> to THIRD_PARTY_AREAS in ake/areas.py'
    return (
        f"Model {meta.label} is in no content area: {where}, where <area> is the area whose pages "
        f"show its rows (ake.areas.{', ake.areas.'.join(a.upper() for a in AREAS)}, a tuple of "
        "them) or None when no page shows them (an outbox, an audit log). See README, 'Content areas'."
    )


def areas_of(model) -> tuple[str, ...] | None:
    """The areas a row of this model can show in; None: none. Undeclared: every area (or an error
    with AKE_CHECK_CONTENT_AREAS)."""
    found = _resolved.get(model, _MISSING)
    if found is _MISSING:
        found = _resolved[model] = _declared(model)
    if found is _MISSING:
        if getattr(settings, "AKE_CHECK_CONTENT_AREAS", False):
            raise ImproperlyConfigured(missing_message(model))
        return AREAS
    return found


def page_in_site_structure(page) -> bool:
    """Whether the menu or the footer can show this page: a site root or above, a child of a site
    root (the menu's sections, in every language's tree), or a page type linked from the footer.
    Anything unclear counts as structural (always safe)."""
    if getattr(type(page), "footer_link", False):
        return True
    url_path = getattr(page, "url_path", None)
    if not url_path:
        return True
    from wagtail.models import Site

    roots = Site.get_site_root_paths()  # kept in the shared cache by Wagtail
    if not roots:
        return True
    for root in roots:
        root_path = root.root_path
        if root_path.startswith(url_path):
            return True
        if url_path.startswith(root_path) and "/" not in url_path[len(root_path) :].strip("/"):
            return True
    return False


def undeclared_models() -> list:
    return [model for model in apps.get_models(include_auto_created=True) if _declared(model) is _MISSING]


def note_shown(request, areas: tuple[str, ...]) -> None:
    """Records that the request's page shows these areas (the page cache stores it under them)."""
    shown = getattr(request, "_ake_shown_areas", None)
    if shown is None:
        request._ake_shown_areas = set(areas)
    else:
        shown.update(areas)


def declare_view_areas(request, areas, without=()) -> None:
    """What the view reads outside kept copies; without it a cached page depends on every area."""
    declared = normalize(areas, without) if areas else ()
    request._ake_view_areas = declared


def page_areas(request) -> tuple[str, ...]:
    """The areas the request's page depends on: every area unless its view declared its own."""
    declared = getattr(request, "_ake_view_areas", None)
    if declared is None:
        return AREAS
    shown = getattr(request, "_ake_shown_areas", None) or set()
    return tuple(area for area in AREAS if area in shown or area in declared)


def shows_areas(*areas, without=()):
    """View decorator: the areas the view reads outside kept copies (none: ``@shows_areas()``), but
    the parts named in ``without`` ("Parts of an area")."""
    declared = normalize(areas, without) if areas else ()

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request._ake_view_areas = declared
            return view(request, *args, **kwargs)

        wrapped.shows_areas = declared
        return wrapped

    return decorator
