from wagtail import hooks

from .viewsets import EventsMenuGroup


@hooks.register("register_admin_viewset")
def register_events_viewsets():
    return EventsMenuGroup()
