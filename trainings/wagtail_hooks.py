from wagtail import hooks

from .viewsets import EventsMenuGroup


@hooks.register("register_admin_viewset")
def register_events_viewsets():
    return EventsMenuGroup()


@hooks.register("construct_homepage_panels")
def add_events_panels(request, panels):
    from .dashboard import ApprovalsPanel, EventFollowUpPanel

    panels.extend([ApprovalsPanel(request), EventFollowUpPanel(request)])
