from django.urls import path

from . import views
from .feeds import NoticeAtomFeed, NoticeRssFeed

app_name = "extranet"

urlpatterns = [
    path("notices/", views.notice_index, name="notice_index"),
    path("notices/feed/rss/", NoticeRssFeed(), name="feed_rss"),
    path("notices/feed/atom/", NoticeAtomFeed(), name="feed_atom"),
    path("notices/feed/<slug:category>/rss/", NoticeRssFeed(), name="feed_category_rss"),
    path("notices/feed/<slug:category>/atom/", NoticeAtomFeed(), name="feed_category_atom"),
    path("materials/", views.material_bank, name="material_bank"),
    path("training-wish/", views.training_wish, name="training_wish"),
    path("search/", views.search, name="search"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/sent/", views.subscribe_sent, name="subscribe_sent"),
    path("subscribe/confirm/<str:token>/", views.subscription_confirm, name="subscription_confirm"),
    path("subscribe/manage/<str:token>/", views.subscription_manage, name="subscription_manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
