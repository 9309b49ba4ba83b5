"""The Wagtail admin's sidebar (its main menu) kept per permission set and language in each process.

Wagtail builds the sidebar on every admin page: every menu item of every app asks whether the user
may see it, and the whole menu is packed into JSON for the sidebar's script. That was about a
quarter of an editor's event listing (issue #20).

Which items it holds depends only on what the user may do: the permission codenames and the roles
(groups; Wagtail's page and collection permissions are given to groups), the superuser flag, and
the language. The copy is kept under a hash of those (``_menu_key``), never under anything of the
user: every editor shares one copy. The only personal part of the sidebar, its account block (the
user's name and avatar), is cut out of the copy before it is kept and put back for each request from
the request's own user (``_account``); a copy in which that block is not found exactly once is not
kept at all (a Wagtail upgrade that changes the format falls back to Wagtail's own tag). A user
whose permissions or roles change gets another key on the next page; the copies are also retired
when the users or registry areas change (ake/areas.py: a role, a permission, a membership, a page or
collection permission). tests/extranet/test_kept_copies.py scans the copies for the visitors.
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .areas import REGISTRY, USERS
from .memo import memoized

# What stands in the kept copy for the account block: no user's name or avatar is ever kept.
ACCOUNT_MARK = '"name": "ake:account-name", "avatarUrl": "ake:account-avatar"'


def _json(value) -> str:
    # As Django's json_script writes a value (wagtailadmin's sidebar_props uses it).
    return json.dumps(value, cls=DjangoJSONEncoder).translate(_json_script_escapes)


def _account(user) -> str:
    """The account block of the sidebar as Wagtail's MainMenuModule writes it for ``user``."""
    from wagtail.admin.templatetags.wagtailadmin_tags import avatar_url

    name = getattr(user, "first_name", None) or user.get_username()
    return f'"name": {_json(name)}, "avatarUrl": {_json(avatar_url(user, size=50))}'


def _menu_key(user) -> tuple:
    """What the menu depends on: the user's permissions and roles, hashed; never the user."""
    from .auth_backends import role_names

    permissions = sorted(user.get_all_permissions())
    roles = sorted(role_names(user))
    digest = hashlib.sha256(
        json.dumps([user.is_superuser, user.is_staff, permissions, roles]).encode()
    ).hexdigest()[:32]
    return ("admin_sidebar", digest, get_language())


def _anonymous_menu(wagtail_sidebar_props, context) -> str | bool:
    """Wagtail's sidebar with the account block replaced by ACCOUNT_MARK; False when not found once."""
    html = str(wagtail_sidebar_props(context))
    account = _account(context["request"].user)
    if html.count(account) != 1 or ACCOUNT_MARK in html:
        return False
    return html.replace(account, ACCOUNT_MARK)


def install() -> None:
    """Puts the kept sidebar in place of Wagtail's ``{% sidebar_props %}`` (wagtailadmin/base.html)."""
    from wagtail.admin.templatetags import wagtailadmin_tags

    wagtail_sidebar_props = wagtailadmin_tags.sidebar_props

    def sidebar_props(context):
        request = context["request"]
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return wagtail_sidebar_props(context)
        menu = memoized(
            request,
            _menu_key(user),
            lambda: _anonymous_menu(wagtail_sidebar_props, context),
            areas=(USERS, REGISTRY),
        )
        if menu is False:
            return wagtail_sidebar_props(context)
        # The kept menu is our own markup (Wagtail's json_script output); the account block is
        # escaped as json_script escapes it.
        return mark_safe(menu.replace(ACCOUNT_MARK, _account(user)))  # noqa: S308

    wagtailadmin_tags.register.simple_tag(sidebar_props, takes_context=True, name="sidebar_props")
