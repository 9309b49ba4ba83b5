from wagtail import hooks

from .viewsets import SurveysMenuGroup


@hooks.register("register_admin_viewset")
def register_surveys_viewsets():
    return SurveysMenuGroup()


@hooks.register("construct_homepage_panels")
def add_surveys_panel(request, panels):
    from .dashboard import SurveyResponsesPanel

    panels.append(SurveyResponsesPanel(request))
