from wagtail import hooks

from .viewsets import LendingGroup


@hooks.register("register_admin_viewset")
def register_lending_viewsets():
    return LendingGroup()
