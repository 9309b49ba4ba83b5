"""Read-only admin panels that show an activity's money from the cost register."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .models import ACTIVITY_FIELDS, Activity
from .selectors import money_by_source, pending_claims


class MoneyBySourcePanel(Panel):
    """A project's money by source (budgeted, paid, committed), read from its costs in the register.

    Shown only to those who may see money (``finance.view_money``: AKE admins and the planning group);
    the costs themselves are recorded in the cost register, so there is one place for money."""

    def __init__(self, activity="project", permission="finance.view_money", **kwargs):
        kwargs.setdefault("heading", _("Money by source"))
        super().__init__(**kwargs)
        self.activity = activity
        self.permission = permission

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.update(activity=self.activity, permission=self.permission)
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        template_name = "finance/panels/money_by_source.html"

        def is_shown(self):
            return self.request.user.has_perm(self.panel.permission) and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["saved"] = bool(self.instance and self.instance.pk)
            if context["saved"]:
                context["rows"], context["total"] = money_by_source(**{self.panel.activity: self.instance})
                # Claims still waiting for approval are in none of the sums: say so, as the follow-up does.
                context["pending"] = pending_claims(**{self.panel.activity: self.instance})
            context["activity"] = self.panel.activity
            # The register's link lists this record's costs, not every project's.
            context["record_field"] = ACTIVITY_FIELDS[Activity(self.panel.activity)]
            context["record_pk"] = self.instance.pk if context["saved"] else None
            return context
