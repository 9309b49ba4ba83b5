from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ake.languages import (
    missing_languages_column,
    written_text_create_view,
    written_text_index_view,
    written_text_inspect_view,
)

from .models import Delivery, NoticeCategory, NoticeSeries, Subscription, TrainingWish
from .services import subscription_mark_undeliverable


class NoticeCategoryViewSet(SnippetViewSet):
    model = NoticeCategory
    icon = "tag"
    menu_label = _("Notice categories")
    list_display = ["name_fi", "name_sv", "name_en", missing_languages_column(), "slug", "sort_order"]
    search_fields = ["name_fi", "name_sv", "name_en"]
    ordering = ["sort_order", "name_fi"]


class NoticeSeriesViewSet(SnippetViewSet):
    model = NoticeSeries
    icon = "list-ul"
    menu_label = _("Notice series")
    list_display = ["name_fi", "name_sv", "name_en", missing_languages_column(), "active"]
    list_filter = ["active"]
    search_fields = ["name_fi", "name_sv", "name_en"]


class NoticeSnippetGroup(SnippetViewSetGroup):
    menu_label = _("Notices")
    menu_icon = "doc-full"
    menu_order = 210
    items = (NoticeCategoryViewSet, NoticeSeriesViewSet)


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    icon = "mail"
    menu_label = _("Subscriptions")
    list_display = ["email", "status", "rhythm", "language", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status", "rhythm", "language", "categories"]
    search_fields = ["email"]
    ordering = ["email"]
    inspect_view_enabled = True
    # Addresses join only by double opt-in and leave through the service (which closes the period
    # that indicator A4 reads), so the status is not a form field: see the "undeliverable" action.
    form_fields = ["language", "rhythm", "categories"]
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/undeliverable/", self.undeliverable_view, name="undeliverable"),
        ]

    @property
    def undeliverable_view(self):
        def view(request, pk):
            subscription = get_object_or_404(Subscription, pk=pk)
            if request.method == "POST" and request.user.has_perm("extranet.change_subscription"):
                subscription_mark_undeliverable(
                    subscription=subscription,
                    reason=request.POST.get("reason", "")[:300] or "marked in the admin",
                )
                messages.success(
                    request, _("The address was marked undeliverable; nothing more is sent to it.")
                )
            return redirect(self.get_url_name("index"))

        return view


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    icon = "mail"
    menu_label = _("Deliveries")
    list_display = [
        "subscription",
        "kind",
        "notice",
        "digest_week",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["subscription__email", "notice__title"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    form_fields = ["status", "next_attempt_at"]
    add_to_admin_menu = False


class TrainingWishViewSet(ModelViewSet):
    model = TrainingWish
    # A wish in another language than the admin's is marked with lang in the list and on its page.
    index_view_class = written_text_index_view()
    inspect_view_class = written_text_inspect_view()
    add_view_class = written_text_create_view()
    # The edit form only marks a wish handled: the page shows the wish above it.
    edit_template_name = "extranet/admin/training_wish_edit.html"
    icon = "help"
    menu_label = _("Training wishes")
    list_display = ["text", "created_on", "handled"]
    list_filter = ["handled", "created_on"]
    search_fields = ["text"]
    ordering = ["-created_on"]
    inspect_view_enabled = True
    form_fields = ["handled"]
    add_to_admin_menu = False

    def get_form_class(self, for_update=False):
        # Adding is for a wish AKE received another way (by phone, at a meeting): its text and the
        # language it is in (found on a walk: the add form had only "handled" and saved an empty wish).
        # A wish's text is never edited afterwards, only marked handled.
        from django.forms import modelform_factory

        fields = ["handled"] if for_update else ["text", "text_language", "handled"]
        return modelform_factory(self.model, formfield_callback=self.formfield_for_dbfield, fields=fields)


class ExtranetAdminGroup(ViewSetGroup):
    menu_label = _("Extranet")
    menu_icon = "mail"
    menu_order = 220
    items = (
        SubscriptionViewSet("notice_subscriptions"),
        DeliveryViewSet("notice_deliveries"),
        TrainingWishViewSet("training_wishes"),
    )
