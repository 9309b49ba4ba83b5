"""Admin registers of costs and of the year's budget: AKE admins only (the finance permissions)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup

from networks.viewsets import RegisterViewSet

from .models import BudgetLine, Cost


class CostViewSet(RegisterViewSet):
    model = Cost
    icon = "table"
    menu_label = _("Costs")
    list_display = [
        "date",
        "category",
        "activity",
        # A property has no verbose name: without a label the column read "Target label" in every language.
        Column("target_label", label=_("record")),
        "claim_status",
        "claimed_amount",
        "amount_budgeted",
        "amount_paid",
    ]
    # By project too: a project plan's "Money by source" links to that project's costs.
    list_filter = ["claim_status", "activity", "project", "category", "source", "payee_type", "date"]
    list_export = [
        "date",
        "activity",
        "target_label",
        "category",
        "source",
        "description",
        "payee_type",
        "payee",
        "claim_status",
        "claimed_amount",
        "amount_budgeted",
        "amount_paid",
    ]
    export_headings = {"target_label": _("record")}
    list_select_related = (
        "event",
        "group",
        "partnership",
        "rotation_period__person",
        "project",
        "campaign",
        "book_fair",
    )
    search_fields = ["description", "payee"]
    ordering = ["-date", "-pk"]
    panels = [
        FieldPanel("activity"),
        MultiFieldPanel(
            [
                FieldPanel("event"),
                FieldPanel("group"),
                FieldPanel("partnership"),
                FieldPanel("rotation_period"),
                FieldPanel("project"),
                FieldPanel("campaign"),
                FieldPanel("book_fair"),
            ],
            heading=_("The activity's record (the one that matches the activity)"),
        ),
        FieldRowPanel([FieldPanel("category"), FieldPanel("source")]),
        FieldPanel("description"),
        # A reimbursement claim: AKE approves it (the amount budgeted is the approved amount) or not.
        FieldRowPanel([FieldPanel("claimed_amount"), FieldPanel("claim_status")]),
        FieldRowPanel([FieldPanel("date"), FieldPanel("amount_budgeted"), FieldPanel("amount_paid")]),
        FieldRowPanel([FieldPanel("payee_type"), FieldPanel("payee")]),
        FieldPanel("receipt"),
    ]


class BudgetLineViewSet(RegisterViewSet):
    model = BudgetLine
    icon = "list-ul"
    menu_label = _("The year's budget")
    list_display = ["year", "category", "source", "amount"]
    list_filter = ["year", "category", "source"]
    list_export = ["year", "category", "source", "amount", "note"]
    ordering = ["-year", "category", "source"]
    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("category"), FieldPanel("source")]),
        FieldPanel("amount"),
        FieldPanel("note"),
    ]


class FinanceGroup(ViewSetGroup):
    menu_label = _("Costs against the grant")
    menu_icon = "table"
    menu_order = 320

    def __init__(self):
        self.items = (CostViewSet("finance_costs"), BudgetLineViewSet("finance_budget"))
        super().__init__()
