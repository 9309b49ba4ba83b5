from django.urls import path

from . import views

app_name = "loans"

urlpatterns = [
    path("kits/", views.kit_list, name="kit_list"),
    path("kits/calendar/", views.kit_calendar, name="kit_calendar"),
    path("kits/rules/", views.kit_rules, name="kit_rules"),
    path("kits/<int:pk>/", views.kit_detail, name="kit_detail"),
    path("kits/<int:pk>/book/", views.kit_book, name="kit_book"),
    path("my/kit-bookings/", views.my_bookings, name="my_bookings"),
    path("my/kit-bookings/<int:pk>/edit/", views.booking_edit, name="booking_edit"),
    path("my/kit-bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("my/kit-bookings/<int:pk>/extend/", views.booking_extend, name="booking_extend"),
    path("interlibrary-loans/request/", views.interlibrary_request, name="interlibrary_request"),
    path("my/interlibrary-loans/", views.my_interlibrary_loans, name="my_interlibrary_loans"),
]
