"""The yearly indicator report: Table 1 definitions and targets as data, Table 2, snapshots, PDFs.

The computations live in the apps that own the data (see ake/indicators.py); this app only holds what
the plan defines (the indicators, their grouping and targets), what AKE enters by hand, and what a
frozen year keeps.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ake.constraints import ConstraintErrorsOnFields


class ReportPermissions(models.Model):
    """Holds the permission to read the indicator report (the planning group's role); no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_indicator_report", _("Can view the indicator report")),
            ("freeze_indicator_report", _("Can freeze a year's indicator report")),
        ]

    def __str__(self):
        return "report permissions"


class Goal(models.Model):
    """A guiding goal of Table 1 (ohjaava tavoite)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    label = models.CharField(_("label"), max_length=300)  # translated: label_fi/sv/en

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number} {self.label}"


class Action(models.Model):
    """An action of Table 1 (toimenpide tavoitteen saavuttamiseksi) under a goal."""

    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="actions")
    order = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("label"), max_length=300)  # translated: label_fi/sv/en

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["goal__number", "order"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "order"], name="reporting_action_unique_order")
        ]

    def __str__(self):
        return self.label


class Unit(models.TextChoices):
    COUNT = "count", _("count")
    PERCENT = "percent", _("share (%)")
    MEAN = "mean", _("mean")
    YES_NO = "yes_no", _("yes/no")
    PER_GROUP = "per_group", _("per group")


class IndicatorDefinition(models.Model):
    """One Table 1 indicator (A1-A7, B1-B10, C1-C7); its computation is registered in ake.indicators."""

    code = models.CharField(_("id"), max_length=4, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.PROTECT, related_name="indicators"
    )
    label = models.CharField(_("label"), max_length=300)  # translated: label_fi/sv/en
    plan_wording = models.TextField(
        _("wording in the plan"), blank=True, help_text=_("The indicator as Table 1 of the plan words it.")
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order"]

    def __str__(self):
        return f"{self.code} {self.label}"

    @property
    def is_share(self) -> bool:
        return self.unit == Unit.PERCENT


class TargetKind(models.TextChoices):
    RANGE = "range", _("range a–b (a single number when a = b)")
    AT_LEAST = "at_least", _("at least x")
    AT_LEAST_PREVIOUS = "at_least_previous", _("at least the previous year's value")
    ABOUT_PREVIOUS = "about_previous", _("about the previous year's value (± tolerance)")
    DONE = "done", _("done")
    ALL_GROUPS_AT_LEAST = "all_groups_at_least", _("every group at least x")


KINDS_WITH_LOW = (TargetKind.RANGE, TargetKind.AT_LEAST, TargetKind.ALL_GROUPS_AT_LEAST)


class IndicatorTarget(ConstraintErrorsOnFields, models.Model):
    """The target of one indicator for one year (the plan's 2024 targets are seeded; AKE adds later ones)."""

    constraint_error_fields = {
        "reporting_target_low_required": "low",
        "reporting_target_high_not_below_low": "high",
    }

    indicator = models.ForeignKey(
        IndicatorDefinition, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("kind of target"), max_length=20, choices=TargetKind.choices)
    low = models.DecimalField(
        _("lower bound / x"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Met at this value (for a range, at least, every group)."),
    )
    high = models.DecimalField(
        _("upper bound"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a range: above this the target is exceeded. Leave empty for a single number."),
    )
    tolerance_percent = models.DecimalField(
        _("tolerance (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        help_text=_("For 'about the previous year's value'."),
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "indicator__order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="reporting_target_unique_year"),
            models.CheckConstraint(
                condition=~Q(kind__in=[k.value for k in KINDS_WITH_LOW]) | Q(low__isnull=False),
                name="reporting_target_low_required",
                violation_error_message=_("This kind of target needs its lower bound."),
            ),
            models.CheckConstraint(
                condition=Q(high__isnull=True) | Q(low__isnull=True) | Q(high__gte=models.F("low")),
                name="reporting_target_high_not_below_low",
                violation_error_message=_("The upper bound cannot be below the lower bound."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}"

    def clean(self):
        if self.kind in KINDS_WITH_LOW and self.low is None:
            raise ValidationError({"low": _("This kind of target needs a value.")})
        if self.high is not None and self.kind != TargetKind.RANGE:
            raise ValidationError({"high": _("Only a range has an upper bound.")})
        if self.high is not None and self.low is not None and self.high < self.low:
            raise ValidationError({"high": _("The upper bound cannot be below the lower bound.")})


class ManualValue(models.Model):
    """A value AKE enters by hand for an indicator whose data lives elsewhere.

    A computed value wins where data exists, unless ``override`` is set.
    """

    indicator = models.ForeignKey(
        IndicatorDefinition,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="manual_values",
    )
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = models.DecimalField(
        _("value"),
        max_digits=12,
        decimal_places=2,
        help_text=_("A share as a percentage (e.g. 55.5); yes/no as 1 or 0."),
    )
    note = models.TextField(_("note"), help_text=_("Where the figure comes from."))
    override = models.BooleanField(
        _("override the computed value"),
        default=False,
        help_text=_("Use this value even where the extranet's data gives one."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    entered_by_name = models.CharField(_("entered by"), max_length=200, blank=True, editable=False)
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        verbose_name = _("manual value")
        verbose_name_plural = _("manual values")
        ordering = ["-year", "indicator__order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="reporting_manual_unique_year")
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.value}"


class StaffResource(models.Model):
    """A row of Table 2 (staff resources) for a year."""

    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    position_number = models.CharField(_("position number"), max_length=20)
    title = models.CharField(_("title"), max_length=200)  # translated: title_fi/sv/en
    fte_percent = models.DecimalField(
        _("working time (FTE %)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    main_tasks = models.TextField(_("main tasks"))  # translated: main_tasks_fi/sv/en

    class Meta:
        verbose_name = _("staff resource")
        verbose_name_plural = _("staff resources (Table 2)")
        ordering = ["-year", "order", "position_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "position_number"], name="reporting_staff_unique_position"
            )
        ]

    def __str__(self):
        return f"{self.year} {self.position_number} {self.title_fi}"


class ReportSnapshot(models.Model):
    """A frozen year: the figures, drill-downs and PDFs exactly as they were when AKE froze them."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    data = models.JSONField(_("figures"))
    content_hash = models.CharField(max_length=64)
    frozen_at = models.DateTimeField(_("frozen at"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept apart from the account so that the report still says who froze it after the account is gone.
    frozen_by_name = models.CharField(_("frozen by"), max_length=200)

    class Meta:
        verbose_name = _("frozen report")
        verbose_name_plural = _("frozen reports")
        ordering = ["-year"]
        default_permissions = ("view",)

    def __str__(self):
        return str(self.year)


class FreezeLogEntry(models.Model):
    """Who froze or unfroze which year, and when (an unfrozen snapshot is gone, the log stays)."""

    class Action(models.TextChoices):
        FROZEN = "frozen", _("frozen")
        UNFROZEN = "unfrozen", _("unfrozen")

    year = models.PositiveIntegerField(_("year"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(_("by"), max_length=200)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("freeze log entry")
        verbose_name_plural = _("freeze log")
        ordering = ["-at"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.year} {self.action} {self.by_name}"


class PdfRender(models.Model):
    """One PDF of a year's report in one language, for one content hash of its figures.

    A new hash (the data changed) means a new render; a frozen year's renders belong to its snapshot.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("rendering")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    year = models.PositiveIntegerField()
    language = models.CharField(max_length=2)
    content_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The figures the hash was taken of, so that the PDF shows exactly them; cleared once rendered.
    data = models.JSONField(null=True, blank=True)
    file = models.FileField(upload_to="private/reports/", blank=True)
    error = models.TextField(blank=True)
    snapshot = models.ForeignKey(
        ReportSnapshot, null=True, blank=True, on_delete=models.SET_NULL, related_name="pdfs"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report PDF")
        verbose_name_plural = _("report PDFs")
        ordering = ["-requested_at"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["year", "language", "content_hash"], name="reporting_pdf_unique_content"
            )
        ]

    def __str__(self):
        return f"{self.year} {self.language} {self.status}"
