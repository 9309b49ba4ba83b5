"""Costs against the AKE grant and the year's budget (issue #18, part 2).

One cost model for every activity. Each activity is a nullable foreign key, and a check constraint
says that exactly the key named by ``activity`` is set (none for interlibrary loans' postage, which
belongs to no single record). Foreign keys rather than a generic relation because:
- the database keeps the references whole: an event, period or project with costs cannot be deleted
  from under its costs (PROTECT), and a renamed model does not orphan rows as content types would;
- the follow-up sums per activity with plain joins (one query for a year), and the admin filters and
  exports by the real related objects;
- the list of activities is fixed by the plan (sections 2.3, 3.1, 3.2), so the columns do not grow.
"""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string

from ake.constraints import ConstraintErrorsOnFields

MONEY = {"max_digits": 11, "decimal_places": 2}


class MoneyFormField(forms.DecimalField):
    """Euros as people type them: a decimal comma ("210,50") and spaces between thousands."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal"}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\xa0", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)


class MoneyField(models.DecimalField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MoneyFormField, **kwargs})


class Category(models.TextChoices):
    TRAVEL = "travel", _("travel")
    LODGING = "lodging", _("lodging")
    SUBSTITUTES = "substitutes", _("substitutes")
    TRANSPORT = "transport", _("joint transport")
    CATERING = "catering", _("catering")
    TRANSLATION = "translation", _("translation")
    DESIGN = "design", _("graphic design")
    TRAINERS = "trainers", _("trainers and speakers")
    ROOM = "room", _("room rental")
    POSTAGE = "postage", _("postage")
    OTHER = "other", _("other costs")


# What a rotation participant may claim on the site (the kinds of the old rotation cost claims).
ROTATION_CLAIM_CATEGORIES = [
    (Category.TRAVEL.value, Category.TRAVEL.label),
    (Category.LODGING.value, Category.LODGING.label),
    (Category.SUBSTITUTES.value, Category.SUBSTITUTES.label),
    (Category.OTHER.value, Category.OTHER.label),
]


# What an event costs (issue 17): trainer fees, travel, transport, catering, the room, anything else.
EVENT_COST_CATEGORIES = [
    (category.value, category.label)
    for category in (
        Category.TRAINERS,
        Category.TRAVEL,
        Category.TRANSPORT,
        Category.CATERING,
        Category.ROOM,
        Category.OTHER,
    )
]


class Source(models.TextChoices):
    GRANT = "grant", _("state grant")
    CITY = "city", _("city's own share")
    PROJECT = "project", _("project funding")


class Activity(models.TextChoices):
    EVENT = "event", _("event")
    GROUP = "group", _("working group")
    PARTNERSHIP = "partnership", _("partnership")
    ROTATION = "rotation", _("rotation period")
    PROJECT = "project", _("development project")
    CAMPAIGN = "campaign", _("campaign")
    BOOK_FAIR = "book_fair", _("book fair")
    POSTAGE = "postage", _("interlibrary loans' postage")


# The foreign key each activity fills in; postage has none.
ACTIVITY_FIELDS = {
    Activity.EVENT: "event",
    Activity.GROUP: "group",
    Activity.PARTNERSHIP: "partnership",
    Activity.ROTATION: "rotation_period",
    Activity.PROJECT: "project",
    Activity.CAMPAIGN: "campaign",
    Activity.BOOK_FAIR: "book_fair",
    Activity.POSTAGE: None,
}
TARGET_FIELDS = tuple(field for field in ACTIVITY_FIELDS.values() if field)


def _activity_condition() -> Q:
    condition = Q()
    for activity, field in ACTIVITY_FIELDS.items():
        branch = Q(activity=activity)
        for other in TARGET_FIELDS:
            branch &= Q(**{f"{other}__isnull": other != field})
        condition |= branch
    return condition


class ClaimStatus(models.TextChoices):
    """Where a reimbursement claim stands. A cost AKE records itself is no claim (blank)."""

    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("not approved")


# A claim counts in the follow-up only once AKE has approved it: before that (or when it was not
# approved) its amounts are neither budgeted, committed nor paid.
UNCOUNTED_CLAIMS = (ClaimStatus.PENDING.value, ClaimStatus.REJECTED.value)


class CostQuerySet(models.QuerySet):
    def counted(self):
        """The costs that count against the grant: AKE's own costs and approved claims."""
        return self.exclude(claim_status__in=UNCOUNTED_CLAIMS)


class PayeeType(models.TextChoices):
    COMPANY = "company", _("company or organisation")
    PUBLIC = "public", _("library, municipality or other public body")
    PERSON = "person", _("private person (paid through the city's payroll)")


# An IBAN (two letters, two digits, then 11-30 letters or digits, spaces allowed) or a bare run of
# digits as long as an account number. A private person is paid through the payroll: their bank
# details never belong in this register.
BANK_DETAILS = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}\b|\d[\d\s-]{9,}\d", re.IGNORECASE)


def validate_no_bank_details(value: str) -> None:
    if value and BANK_DETAILS.search(value):
        raise ValidationError(
            _("Do not enter bank details here: give only the payee's name."), code="bank_details"
        )


class Cost(ConstraintErrorsOnFields, models.Model):
    """A cost of one activity: what was budgeted for it and what has been paid."""

    constraint_error_fields = {
        "cost_amounts_not_negative": "amount_budgeted",
        "cost_one_activity": "activity",
        "cost_claim_has_amount": "claimed_amount",
        "cost_claim_paid_once_approved": "amount_paid",
    }

    activity = models.CharField(_("activity"), max_length=12, choices=Activity.choices)
    event = models.ForeignKey(
        "trainings.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant_costs",
    )
    group = models.ForeignKey(
        "networks.WorkingGroup",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant_costs",
    )
    partnership = models.ForeignKey(
        "networks.Partnership",
        verbose_name=_("partnership"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant_costs",
    )
    rotation_period = models.ForeignKey(
        "networks.RotationPeriod",
        verbose_name=_("rotation period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant_costs",
    )
    project = models.ForeignKey(
        "networks.DevelopmentProject",
        verbose_name=_("development project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant_costs",
    )
    campaign = models.ForeignKey(
        "networks.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant_costs",
    )
    book_fair = models.ForeignKey(
        "networks.BookFair",
        verbose_name=_("book fair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant_costs",
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    source = models.CharField(_("paid from"), max_length=10, choices=Source.choices, default=Source.GRANT)
    description = models.CharField(_("description"), max_length=300, blank=True)
    date = models.DateField(_("date"), help_text=_("When the cost falls due or was paid."))
    amount_budgeted = MoneyField(
        _("amount budgeted (EUR)"), **MONEY, default=0, validators=[MinValueValidator(0)]
    )
    amount_paid = MoneyField(
        _("amount paid (EUR)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty until the cost is paid: until then its budgeted amount is committed."),
    )
    claimed_amount = MoneyField(
        _("amount claimed (EUR)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "For a reimbursement claim (rotation, partner visits): what was claimed. AKE approves it "
            "with the amount budgeted."
        ),
    )
    claim_status = models.CharField(
        _("claim"),
        max_length=10,
        choices=ClaimStatus.choices,
        blank=True,
        default="",
        help_text=_(
            "Empty for a cost AKE records itself. A claim counts in the follow-up only once approved; "
            "the amount budgeted is the approved amount."
        ),
    )
    payee_type = models.CharField(_("payee type"), max_length=10, choices=PayeeType.choices)
    payee = models.CharField(
        _("payee"),
        max_length=200,
        blank=True,
        validators=[validate_no_bank_details],
        help_text=_("The name only. A private person is paid through the city's payroll: no bank details."),
    )
    receipt = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("receipt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Kept in the private Receipts collection, whichever collection it was uploaded to."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CostQuerySet.as_manager()

    class Meta:
        verbose_name = _("cost")
        verbose_name_plural = _("costs")
        ordering = ["-date", "-pk"]
        permissions = [
            ("view_money", _("Can see costs, budgets and their follow-up")),
            ("record_event_cost", _("Can record costs of own events")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_budgeted__gte=0)
                & (Q(amount_paid__isnull=True) | Q(amount_paid__gte=0))
                & (Q(claimed_amount__isnull=True) | Q(claimed_amount__gte=0)),
                name="cost_amounts_not_negative",
                violation_error_message=_("The budgeted, paid and claimed amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=_activity_condition(),
                name="cost_one_activity",
                violation_error_message=_("Choose the one record of the activity the cost belongs to."),
            ),
            models.CheckConstraint(
                condition=Q(claim_status="", claimed_amount__isnull=True)
                | (~Q(claim_status="") & Q(claimed_amount__isnull=False)),
                name="cost_claim_has_amount",
                violation_error_message=_(
                    "A claim needs the amount claimed; a cost that is no claim has none."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(claim_status__in=UNCOUNTED_CLAIMS) | Q(amount_paid__isnull=True),
                name="cost_claim_paid_once_approved",
                violation_error_message=_("A claim can be paid only after it is approved."),
            ),
        ]
        indexes = [models.Index(fields=["date"], name="cost_date")]

    def __str__(self):
        return f"{self.get_category_display()} {self.amount_budgeted} € ({self.target_label})"

    def save(self, *args, **kwargs):
        if self.receipt_id:
            from .services import keep_receipt_private

            keep_receipt_private(self.receipt)
        super().save(*args, **kwargs)

    @property
    def target(self):
        field = ACTIVITY_FIELDS.get(self.activity)
        return getattr(self, field) if field else None

    @property
    def target_label(self) -> str:
        target = self.target
        return str(target) if target is not None else str(self.get_activity_display())

    @property
    def counts(self) -> bool:
        """Whether the cost counts against the grant (a claim only once approved)."""
        return self.claim_status not in UNCOUNTED_CLAIMS

    @property
    def is_claim(self) -> bool:
        return bool(self.claim_status)

    @property
    def committed(self):
        """The budgeted amount while the cost is unpaid; nothing once it is paid or if it does not count."""
        from decimal import Decimal

        return self.amount_budgeted if self.amount_paid is None and self.counts else Decimal("0")

    def clean(self):
        super().clean()
        # A claimed amount entered in the admin without a status is a claim that waits for approval.
        if self.claimed_amount is not None and not self.claim_status:
            self.claim_status = ClaimStatus.PENDING
        field = ACTIVITY_FIELDS.get(self.activity)
        # The keys of other activities are cleared: the form may carry a choice made before the
        # activity was changed.
        for other in TARGET_FIELDS:
            if other != field:
                setattr(self, f"{other}_id", None)
        if field and getattr(self, f"{field}_id") is None:
            raise ValidationError(
                {
                    field: _("Choose the %(activity)s the cost belongs to.")
                    % {"activity": self.get_activity_display()}
                }
            )


class BudgetLine(ConstraintErrorsOnFields, models.Model):
    """The year's budget for one category from one source, entered by AKE admins."""

    constraint_error_fields = {"budgetline_amount_not_negative": "amount", "budgetline_once": "source"}

    year = models.PositiveIntegerField(_("year"), validators=[MinValueValidator(2000)])
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    amount = MoneyField(_("amount (EUR)"), **MONEY, validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("the year's budget")
        ordering = ["-year", "category", "source"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="budgetline_amount_not_negative",
                violation_error_message=_("The budgeted amount cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["year", "category", "source"],
                name="budgetline_once",
                violation_error_message=_("This year already has a budget for this category and source."),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.get_category_display()} / {self.get_source_display()}: {self.amount} €"
