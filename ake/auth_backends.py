"""Permissions read from the shared cache instead of two queries on every logged-in page.

Django's ModelBackend loads a user's permissions with two queries per request (direct and through
groups) as soon as a template asks `perms.…`, which the navigation does on every page. The set is
kept in the cache under a version that changes whenever a group, a permission or anyone's group
membership changes (signals below), so a role granted or taken away applies on the next request.
While the cache is unreachable the backend falls back to the queries; a change made during an
outage cannot retire the stored sets, so they are kept only for ENTRY_SECONDS.
"""

import uuid

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.utils.crypto import salted_hmac

VERSION_KEY = "perms:version"
ENTRY_SECONDS = 300


def _user_key(user) -> str:
    # Keyed by a keyed hash, not the user id: the cache must not tell who used the site when.
    return "perms:user:" + salted_hmac("ake.perms", str(user.pk)).hexdigest()[:32]


def permissions_changed(**kwargs) -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return super().get_all_permissions(user_obj, obj)
        if hasattr(user_obj, "_perm_cache"):
            return user_obj._perm_cache
        found = cache.get_many([VERSION_KEY, _user_key(user_obj)])
        version = found.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, None)
            version = cache.get(VERSION_KEY)
        entry = found.get(_user_key(user_obj))
        # A superuser flag changed since the set was stored makes it invalid too.
        if entry and entry[0] == version and entry[1] == user_obj.is_superuser:
            user_obj._perm_cache = set(entry[2])
            return user_obj._perm_cache
        permissions = super().get_all_permissions(user_obj)
        if version is not None:
            cache.set(
                _user_key(user_obj), (version, user_obj.is_superuser, sorted(permissions)), ENTRY_SECONDS
            )
        return permissions


def connect_signals() -> None:
    from django.contrib.auth import get_user_model
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
