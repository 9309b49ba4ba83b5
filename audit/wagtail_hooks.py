from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_audit_urls():
    return [
        path("audit/", views.audit_trail, name="audit_trail"),
        path("audit/<str:model_label>/<int:pk>/", views.change_history, name="audit_change_history"),
    ]


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return views.user_may_audit(request.user)


@hooks.register("register_reports_menu_item")
def register_audit_menu_item():
    return AuditMenuItem(_("Audit trail"), reverse("audit_trail"), icon_name="history", order=1200)
