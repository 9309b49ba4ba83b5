from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("costs/", views.follow_up_index, name="follow_up_index"),
    path("costs/<int:year>/", views.follow_up_year, name="follow_up"),
    path("costs/<int:year>/export.csv", views.follow_up_csv, name="follow_up_csv"),
    path("costs/<int:year>/export.xlsx", views.follow_up_xlsx, name="follow_up_xlsx"),
    path("costs/<int:year>/follow-up.pdf", views.follow_up_pdf, name="follow_up_pdf"),
]
