"""The Wagtail admin's sidebar (its main menu) kept per user and language in each process.

Wagtail builds the sidebar on every admin page: every menu item of every app asks whether the user
may see it, and the whole menu is packed into JSON for the sidebar's script. That was about a
quarter of an editor's event listing (issue #20). What it shows depends only on the user (name,
avatar, permissions and roles) and the language, so it is kept per user and language while the
users and registry areas hold (ake/areas.py: any save of a user, a role, a permission, a membership
or a user's admin profile retires it), like the session's user itself (ake/auth_middleware.py).
"""

from django.utils.translation import get_language

from .areas import REGISTRY, USERS
from .memo import memoized


def install() -> None:
    """Puts the kept sidebar in place of Wagtail's ``{% sidebar_props %}`` (wagtailadmin/base.html)."""
    from wagtail.admin.templatetags import wagtailadmin_tags

    wagtail_sidebar_props = wagtailadmin_tags.sidebar_props

    def sidebar_props(context):
        request = context["request"]
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return wagtail_sidebar_props(context)
        key = ("admin_sidebar", user.pk, get_language())
        return memoized(request, key, lambda: wagtail_sidebar_props(context), areas=(USERS, REGISTRY))

    wagtailadmin_tags.register.simple_tag(sidebar_props, takes_context=True, name="sidebar_props")
