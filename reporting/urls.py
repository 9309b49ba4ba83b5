from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("reports/", views.report_index, name="report_index"),
    path("reports/<int:year>/", views.report_year, name="report_year"),
    path("reports/<int:year>/evaluation/", views.report_evaluation, name="report_evaluation"),
    path("reports/<int:year>/freeze/", views.report_freeze_view, name="report_freeze"),
    path("reports/<int:year>/unfreeze/", views.report_unfreeze_view, name="report_unfreeze"),
    path("reports/<int:year>/export.csv", views.report_csv, name="report_csv"),
    path("reports/<int:year>/export.xlsx", views.report_xlsx, name="report_xlsx"),
    path("reports/<int:year>/pdf/<str:language>/", views.report_pdf, name="report_pdf"),
    path("reports/pdf/<int:render_id>/", views.report_pdf_status, name="report_pdf_status"),
    path("reports/pdf/<int:render_id>/file/", views.report_pdf_file, name="report_pdf_file"),
]
