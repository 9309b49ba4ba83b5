from django.urls import path

from . import views

app_name = "trainings"

urlpatterns = [
    path("events/", views.calendar, name="calendar"),
    path("events/feed.ics", views.feed, name="feed"),
    path("events/feed/<str:token>.ics", views.private_feed, name="private_feed"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/event.ics", views.event_ics, name="event_ics"),
    path("events/<int:pk>/register/", views.register, name="register"),
    path("events/offer/<str:token>/", views.offer, name="offer"),
    path("events/feedback/<str:token>/", views.feedback, name="feedback"),
    path("my/events/", views.my_events, name="my_events"),
    path("my/events/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("my/events/feed/reset/", views.feed_reset, name="feed_reset"),
    # The staff "my page" and the AKE dashboard link here: keep the name and the address stable.
    path("my/learning/", views.my_learning, name="my_learning"),
    path("my/learning/export.<str:fmt>", views.my_learning_export, name="my_learning_export"),
    path("my/learning/certificate/<int:pk>.pdf", views.certificate, name="certificate"),
]
