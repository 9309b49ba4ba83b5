from wagtail import hooks

from .viewsets import LendingGroup


@hooks.register("register_admin_viewset")
def register_lending_viewsets():
    return LendingGroup()


@hooks.register("construct_homepage_panels")
def add_loans_panels(request, panels):
    from .dashboard import InterlibraryLoansPanel, KitsPanel

    panels.extend([KitsPanel(request), InterlibraryLoansPanel(request)])
