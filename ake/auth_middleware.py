"""Django's AuthenticationMiddleware, with the session's user read from a per-process copy.

Every logged-in request loads its user row after the session row; at about half a millisecond it
was a sixth of a logged-in page. The row changes rarely, and any save of it (profile edits,
deactivation, a password change, erasure) changes the content version that per-process copies are
kept under (ake/memo.py), so the copy is exactly as fresh as the row.

Only the common case is taken from the copy: a session whose backend is configured and whose
stored hash matches the user's current session hash. Anything else (no session, a hash made with a
fallback secret, a deactivated or deleted user) goes through Django's own ``get_user``, which rotates
or flushes the session as it always does. Each request gets its own copy of the kept object, so
code that changes ``request.user`` (a form bound to it, say) cannot leak into other requests. The
user's permission set is kept with it, so the navigation's ``perms`` checks cost nothing.
"""

import copy
from functools import partial

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.auth.middleware import auser
from django.db.models import prefetch_related_objects
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from .areas import REGISTRY, USERS
from .memo import memoized


def _load_user(backend_path, user_id):
    user = load_backend(backend_path).get_user(user_id)
    if user is not None:
        # The permission set is kept with the user (every page's navigation asks for it): group,
        # membership and permission changes change the content version too.
        user.get_all_permissions()
        # Its roles too (networks.roles.user_has_role reads user.groups.all()).
        prefetch_related_objects([user], "groups")
    return user


def _kept_user(request):
    session = request.session
    try:
        user_id = auth.get_user_model()._meta.pk.to_python(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
        session_hash = session[HASH_SESSION_KEY]
    except KeyError:
        return None
    if backend_path not in settings.AUTHENTICATION_BACKENDS or not session_hash:
        return None
    key = ("session_user", backend_path, user_id)
    kept = memoized(request, key, lambda: _load_user(backend_path, user_id), areas=(USERS, REGISTRY))
    if kept is None or not constant_time_compare(session_hash, kept.get_session_auth_hash()):
        return None
    user = copy.copy(kept)
    user.backend = backend_path
    return user


def get_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = _kept_user(request) or auth.get_user(request)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_user(request))
        request.auser = partial(auser, request)
