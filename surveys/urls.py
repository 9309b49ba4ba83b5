from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("surveys/answer/<str:token>/", views.answer, name="answer"),
    path("surveys/open/<str:key>/", views.open_link, name="open"),
    path("surveys/feedback/<str:token>/", views.feedback, name="feedback"),
    path("surveys/preview/<int:pk>/", views.preview, name="preview"),
    path("surveys/<int:pk>/results/", views.results, name="results"),
    path("surveys/<int:pk>/answers.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("surveys/<int:pk>/answers.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
]
