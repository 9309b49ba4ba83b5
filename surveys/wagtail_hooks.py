from wagtail import hooks

from .viewsets import SurveysMenuGroup


@hooks.register("register_admin_viewset")
def register_surveys_viewsets():
    return SurveysMenuGroup()
