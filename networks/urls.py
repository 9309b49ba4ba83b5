from django.urls import path

from . import cooperation_views, group_views, project_views, rotation_views, views, visit_views

urlpatterns = [
    path("my/", views.my_page, name="my_page"),
    path("profile/", views.profile, name="profile"),
    path("profile/my-data.json", views.profile_export, name="profile_export"),
    path("profile/delete/", views.profile_delete, name="profile_delete"),
    path("accounts/access-request/", views.access_request_received, name="access_request_received"),
    # Working groups and networks
    path("groups/", group_views.group_list, name="group_list"),
    path("groups/<slug:slug>/", group_views.group_detail, name="group_detail"),
    path("groups/<slug:slug>/join/", group_views.group_join, name="group_join"),
    path("groups/<slug:slug>/plans/<int:year>/", group_views.action_plan_detail, name="action_plan_detail"),
    path("groups/<slug:slug>/plans/<int:year>/pdf/", group_views.action_plan_pdf, name="action_plan_pdf"),
    # AKE library visits
    path("visits/", visit_views.visits, name="visits"),
    path("visits/planning/", visit_views.visits_planning, name="visits_planning"),
    # Job rotation
    path("rotation/", rotation_views.rotation_index, name="rotation_index"),
    path("rotation/wish/", rotation_views.rotation_wish, name="rotation_wish"),
    path("rotation/periods/<int:pk>/", rotation_views.rotation_period_detail, name="rotation_period_detail"),
    path(
        "rotation/periods/<int:pk>/agreement.pdf",
        rotation_views.rotation_agreement_pdf,
        name="rotation_agreement_pdf",
    ),
    # Partner libraries and campaigns
    path("partners/", cooperation_views.partners, name="partners"),
    path("campaigns/", cooperation_views.campaigns, name="campaigns"),
    path("campaigns/<int:pk>/join/", cooperation_views.campaign_join, name="campaign_join"),
    # Development projects (issue #18)
    path("projects/", project_views.project_list, name="project_list"),
    path("projects/register/", project_views.project_register, name="project_register"),
    path("projects/<int:pk>/", project_views.project_detail, name="project_detail"),
    path("projects/<int:pk>/join/", project_views.project_join, name="project_join"),
]
