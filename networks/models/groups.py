"""Joining working groups and networks, and each group's yearly action plan (plan §3.2)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from ake.constraints import ConstraintErrorsOnFields
from ake.fields import TextLanguageField

__all__ = ["ActionPlanAction", "ActionPlanCost", "GroupActionPlan", "GroupJoinRequest"]


class GroupJoinRequest(models.Model):
    """A staff member's wish to join a group; open networks accept it at once, others wait for AKE."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for AKE")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    group = models.ForeignKey(
        "networks.WorkingGroup",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    user = models.ForeignKey(
        "networks.User",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_join_requests",
    )
    library = models.ForeignKey(
        "networks.Library",
        verbose_name=_("library"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("message to AKE"), blank=True, max_length=2000)
    # The person's message, read as written by AKE.
    message_language = TextLanguageField(_("language of the message"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        "networks.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decision_note = models.TextField(_("decision note"), blank=True)

    written_in = {"message": "message_language"}

    class Meta:
        verbose_name = _("request to join a group")
        verbose_name_plural = _("requests to join a group")
        ordering = ["-created_at"]
        constraints = [
            # A double click or two tabs must not queue the same request twice.
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status="pending"),
                name="groupjoinrequest_one_pending_per_user",
                violation_error_message=_("The person already has a pending request to join this group."),
            )
        ]

    def __str__(self):
        # Outside the f-string: makemessages does not read gettext calls inside one.
        person = self.user or _("(deleted person)")
        return f"{person} → {self.group}"


class GroupActionPlan(ClusterableModel):
    """The yearly action plan of a group: members, basic activity, goals, schedule, resources, costs."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    group = models.ForeignKey(
        "networks.WorkingGroup",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="action_plans",
    )
    year = models.PositiveIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    confirmed_members = ParentalManyToManyField(
        "networks.GroupMembership",
        verbose_name=_("confirmed members"),
        blank=True,
        related_name="action_plans",
    )
    basic_activity = models.TextField(_("basic activity"), blank=True)
    development_goals = models.TextField(_("development goals"), blank=True)
    resources = models.TextField(
        _("resources"), blank=True, help_text=_("Working time, Teams workspace, support from AKE.")
    )
    approved_at = models.DateField(_("approved on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-year", "group__name_fi"]
        constraints = [models.UniqueConstraint(fields=["group", "year"], name="groupactionplan_one_per_year")]

    def __str__(self):
        return f"{self.group} {self.year}"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class ActionPlanAction(Orderable):
    """One line of the schedule of actions."""

    plan = ParentalKey(GroupActionPlan, on_delete=models.CASCADE, related_name="actions")
    timing = models.CharField(_("when"), max_length=100, help_text=_("e.g. February, or 14.5.2024"))
    action = models.CharField(_("action"), max_length=300)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("action")
        verbose_name_plural = _("schedule of actions")

    def __str__(self):
        return f"{self.timing}: {self.action}"


class ActionPlanCost(ConstraintErrorsOnFields, Orderable):
    """A budgeted cost of the plan, by the kinds the AKE grant reimburses."""

    constraint_error_fields = {"actionplancost_amount_positive": "amount"}

    class Kind(models.TextChoices):
        TRAVEL = "travel", _("travel")
        CATERING = "catering", _("catering")
        TRANSPORT = "transport", _("shared transport")
        TRANSLATION = "translation", _("translation")
        GRAPHIC_DESIGN = "graphic_design", _("graphic design")
        OTHER = "other", _("other")

    plan = ParentalKey(GroupActionPlan, on_delete=models.CASCADE, related_name="costs")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=10, decimal_places=2)

    class Meta(Orderable.Meta):
        verbose_name = _("cost")
        verbose_name_plural = _("resources and costs")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="actionplancost_amount_positive",
                violation_error_message=_("The amount cannot be negative."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.amount}"
