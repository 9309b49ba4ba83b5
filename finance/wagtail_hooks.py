from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .viewsets import FinanceGroup


@hooks.register("register_admin_viewset")
def register_finance_viewsets():
    return FinanceGroup()


@hooks.register("register_admin_urls")
def register_event_cost_urls():
    return [
        path("finance/event-costs/", admin_views.event_cost_list, name="finance_event_costs"),
        path(
            "finance/event-costs/<int:event_id>/",
            admin_views.event_cost_record,
            name="finance_event_cost_record",
        ),
        path(
            "finance/event-costs/<int:event_id>/<int:cost_id>/",
            admin_views.event_cost_record,
            name="finance_event_cost_edit",
        ),
    ]


class EventCostMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("finance.record_event_cost") or request.user.has_perm("finance.add_cost")


@hooks.register("register_admin_menu_item")
def register_event_cost_menu_item():
    return EventCostMenuItem(
        _("Costs of my events"), reverse("finance_event_costs"), icon_name="date", order=325
    )
