"""Permissions and roles read from the shared cache instead of three queries on every logged-in page.

Django's ModelBackend loads a user's permissions with two queries per request (direct and through
groups) as soon as a template asks `perms.…`, which the navigation does on every page, and the
role checks (networks/roles.py ``user_has_role``) read the user's groups with a third. The three
sets are kept together in the cache, one entry per user, under a version that changes whenever a
group, a permission or anyone's group membership changes (signals below), so a role granted or
taken away applies on the next request, in every process. The entry is in Redis, shared, never in
the process: a web process keeps nothing of its visitors (ake/memo.py). While the cache is
unreachable the backend falls back to the queries; a change made during an outage cannot retire
the stored sets, so they are kept only for ENTRY_SECONDS.
"""

import functools
import uuid
from functools import partial

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.auth.middleware import auser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string

from .prepared import PreparedQuery

VERSION_KEY = "perms:version"
ENTRY_SECONDS = 300


def _user_key(user) -> str:
    # Keyed by a keyed hash, not the user id: the cache must not tell who used the site when.
    # "perms2": the entry holds four sets; processes of the previous release (during a deploy) read
    # "perms:" entries of three parts and must never take the user's own permissions for all.
    return "perms2:user:" + salted_hmac("ake.perms", str(user.pk)).hexdigest()[:32]


def permissions_changed(**kwargs) -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _query_sets(user_obj) -> tuple[set, set, set, frozenset]:
    backend = ModelBackend()
    user_permissions = backend.get_user_permissions(user_obj)
    group_permissions = backend.get_group_permissions(user_obj)
    role_names = frozenset(user_obj.groups.values_list("name", flat=True))
    return user_permissions, group_permissions, user_permissions | group_permissions, role_names


def _load_sets(user_obj) -> tuple[set, set, set, frozenset]:
    """(own permissions, permissions through roles, all permissions, role names) of an active user,
    from the request's copy, else the cache's entry, else the database (then stored in the cache)."""
    sets = getattr(user_obj, "_ake_sets", None)
    # Code that resets Django's per-object cache (``del user._perm_cache``) resets this one too.
    if sets is not None and getattr(user_obj, "_perm_cache", None) is sets[2]:
        return sets
    key = _user_key(user_obj)
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    entry = found.get(key)
    # A superuser flag changed since the sets were stored makes them invalid too.
    if entry and len(entry) == 6 and entry[0] == version and entry[1] == user_obj.is_superuser:
        sets = (set(entry[2]), set(entry[3]), set(entry[4]), frozenset(entry[5]))
    else:
        sets = _query_sets(user_obj)
        if version is not None:
            stored = (version, user_obj.is_superuser, *(sorted(part) for part in sets))
            cache.set(key, stored, ENTRY_SECONDS)
    user_obj._ake_sets = sets
    # ModelBackend (and allauth's backend, a ModelBackend) read these: asked after this backend
    # for a permission the user lacks, they answer from the same sets without a query.
    user_obj._user_perm_cache, user_obj._group_perm_cache, user_obj._perm_cache = sets[:3]
    return sets


def role_names(user) -> frozenset:
    """The names of the user's roles (Django groups), from the same cache entry as the permissions."""
    if not user.is_authenticated:
        return frozenset()
    if not user.is_active:
        return frozenset(user.groups.values_list("name", flat=True))
    return _load_sets(user)[3]


def _session_user_query(pk):
    manager = get_user_model()._default_manager
    # What else the user model reads of the visitor on every request, in this same query
    # (networks.User: the groups the user waits to join, for the group page).
    users = manager.for_session() if hasattr(manager, "for_session") else manager.all()
    return users.select_related("wagtail_userprofile").filter(pk=pk).order_by()


# The session's user, read on every logged-in request (never kept: ake/memo.py) with a statement
# compiled once per process (ake/prepared.py). The admin's sidebar shows the user's avatar
# (wagtail_userprofile) on every admin page.
_user_by_id = PreparedQuery(_session_user_query, -1_000_001)


class CachedPermissionsBackend(ModelBackend):
    def get_user(self, user_id):
        pk = get_user_model()._meta.pk
        try:
            user_id = pk.get_prep_value(pk.to_python(user_id))
        except (TypeError, ValueError, ValidationError):
            return None
        user = _user_by_id.first(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def _cached(self, user_obj, obj) -> bool:
        return user_obj.is_active and not user_obj.is_anonymous and obj is None

    def get_user_permissions(self, user_obj, obj=None):
        if not self._cached(user_obj, obj):
            return super().get_user_permissions(user_obj, obj)
        return _load_sets(user_obj)[0]

    def get_group_permissions(self, user_obj, obj=None):
        if not self._cached(user_obj, obj):
            return super().get_group_permissions(user_obj, obj)
        return _load_sets(user_obj)[1]

    def get_all_permissions(self, user_obj, obj=None):
        if not self._cached(user_obj, obj):
            return super().get_all_permissions(user_obj, obj)
        return _load_sets(user_obj)[2]


def connect_signals() -> None:
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_save

    user_model = get_user_model()
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            permissions_changed, sender=through, dispatch_uid=f"ake-perms-{through._meta.label}"
        )
    for model in (Group, Permission):
        post_save.connect(
            permissions_changed, sender=model, dispatch_uid=f"ake-perms-save-{model._meta.label}"
        )
        post_delete.connect(
            permissions_changed, sender=model, dispatch_uid=f"ake-perms-del-{model._meta.label}"
        )


@functools.cache
def _backends_reading_the_user_row(backends: tuple) -> frozenset:
    """The configured backends whose get_user is "the active user with this id" (Django's
    ModelBackend, allauth's, ours): a session of any of them is read by our get_user."""
    return frozenset(
        path
        for path in backends
        if import_string(path).get_user in (ModelBackend.get_user, CachedPermissionsBackend.get_user)
    )


def session_user(request):
    """The session's user, as django.contrib.auth.get_user finds it, read by the prepared statement
    above whatever model backend the session names (a session of ModelBackend or allauth's backend
    would otherwise read it through the ORM). Anything but the plain case (no user in the session,
    another backend, a user gone, inactive or whose session hash does not match the current secret)
    goes to Django's get_user, which decides it as always (rotating or flushing the session)."""
    session = request.session
    backend_path = session.get(BACKEND_SESSION_KEY)
    if backend_path in _backends_reading_the_user_row(tuple(settings.AUTHENTICATION_BACKENDS)):
        user_id = session.get(SESSION_KEY)
        session_hash = session.get(HASH_SESSION_KEY)
        user = CachedPermissionsBackend().get_user(user_id) if user_id is not None else None
        if (
            user is not None
            and session_hash
            and constant_time_compare(session_hash, user.get_session_auth_hash())
        ):
            return user
    return auth.get_user(request)


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's AuthenticationMiddleware, the user found by ``session_user``."""

    def process_request(self, request):
        if not hasattr(request, "session"):
            super().process_request(request)  # raises ImproperlyConfigured, as Django's
        request.user = SimpleLazyObject(lambda: _request_user(request))
        request.auser = partial(auser, request)


def _request_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = session_user(request)
    return request._cached_user
