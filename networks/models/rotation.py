"""Job rotation between the region's libraries (plan §2.3): placements, wishes and periods.

A period's costs and their claims are costs against the grant (finance.Cost, activity "rotation").
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.models import ClusterableModel

from ake.constraints import ConstraintErrorsOnFields
from ake.fields import TextLanguageField

__all__ = ["RotationPeriod", "RotationPlacement", "RotationWish"]


class RotationPlacement(ConstraintErrorsOnFields, models.Model):
    """A host library's offer of a rotation placement."""

    constraint_error_fields = {"rotationplacement_window_in_order": "window_ends"}

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        FILLED = "filled", _("filled")
        WITHDRAWN = "withdrawn", _("withdrawn")

    host_library = models.ForeignKey(
        "networks.Library", verbose_name=_("host library"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("e.g. Children's services, 1-2 weeks"))
    contact = models.ForeignKey(
        "networks.User",
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    window_starts = models.DateField(_("available from"))
    window_ends = models.DateField(_("available until"))
    description = models.TextField(_("description"))
    onboarding_plan = models.TextField(_("onboarding plan"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("rotation placement")
        verbose_name_plural = _("rotation placements")
        ordering = ["window_starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_ends__gte=F("window_starts")),
                name="rotationplacement_window_in_order",
                violation_error_message=_("The end of the window cannot be before its start."),
            )
        ]

    def __str__(self):
        return f"{self.host_library}: {self.title}"


class RotationWish(models.Model):
    """A staff member's wish to go on rotation: interests and timing, for AKE to match."""

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for a match")
        MATCHED = "matched", _("matched")
        WITHDRAWN = "withdrawn", _("withdrawn")

    person = models.ForeignKey(
        "networks.User",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rotation_wishes",
    )
    home_library = models.ForeignKey(
        "networks.Library", verbose_name=_("home library"), on_delete=models.PROTECT, related_name="+"
    )
    interests = models.TextField(_("what would you like to learn or see?"), max_length=3000)
    timing = models.CharField(_("when would suit you?"), max_length=200)
    # The person writes both texts in one go: one language for the two, read as written.
    text_language = TextLanguageField()
    preferred_libraries = models.ManyToManyField(
        "networks.Library", verbose_name=_("libraries you would like to visit"), blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)

    written_in = {"interests": "text_language", "timing": "text_language"}

    class Meta:
        verbose_name = _("rotation wish")
        verbose_name_plural = _("rotation wishes")
        ordering = ["-created_at"]

    def __str__(self):
        person = self.person or _("(deleted person)")  # outside the f-string, for makemessages
        return f"{person} ({self.home_library})"


class RotationPeriod(ConstraintErrorsOnFields, ClusterableModel):
    """One person's period in another library; a reciprocal exchange is two linked periods."""

    constraint_error_fields = {
        "rotationperiod_dates_in_order": "ends_on",
        "rotationperiod_other_library": "host_library",
    }

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        AGREED = "agreed", _("agreement signed")
        DONE = "done", _("done")
        CANCELLED = "cancelled", pgettext_lazy("period", "cancelled")

    person = models.ForeignKey(
        "networks.User",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rotation_periods",
    )
    # The person as an imported spreadsheet names them (an address or an id): with both libraries and
    # the start it tells two people's periods apart when the person has no account.
    person_ref = models.CharField(
        _("person in the imported records"), max_length=254, blank=True, editable=False
    )
    home_library = models.ForeignKey(
        "networks.Library",
        verbose_name=_("home library"),
        on_delete=models.PROTECT,
        related_name="rotation_sent",
    )
    host_library = models.ForeignKey(
        "networks.Library",
        verbose_name=_("host library"),
        on_delete=models.PROTECT,
        related_name="rotation_hosted",
    )
    home_supervisor = models.CharField(_("supervisor at the home library"), max_length=200, blank=True)
    host_supervisor = models.CharField(_("supervisor at the host library"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    reciprocal = models.OneToOneField(
        "self",
        verbose_name=_("reciprocal exchange with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reciprocal_of",
    )
    placement = models.ForeignKey(
        RotationPlacement,
        verbose_name=_("placement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="periods",
    )
    wish = models.ForeignKey(
        RotationWish,
        verbose_name=_("wish"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="periods",
    )
    onboarding_plan = models.TextField(_("onboarding plan"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    experience_story = models.TextField(
        _("experience story"), blank=True, help_text=_("The participant's story, to be shared as a notice.")
    )
    story_may_be_published = models.BooleanField(
        _("the participant agrees to publishing the story"),
        default=False,
        help_text=_("Only then may the story be shared with the region's libraries as a notice."),
    )
    # The participant's own words, read as written (AKE enters them in the admin and may correct the
    # language there).
    story_language = TextLanguageField(_("language of the story"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    written_in = {"experience_story": "story_language"}

    class Meta:
        verbose_name = _("rotation period")
        verbose_name_plural = _("rotation periods")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="rotationperiod_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(home_library=F("host_library")),
                name="rotationperiod_other_library",
                violation_error_message=_("The host library must be another library than the home library."),
            ),
        ]

    def __str__(self):
        person = self.person or _("(deleted person)")  # outside the f-string, for makemessages
        return f"{person}: {self.home_library} → {self.host_library}"

    @property
    def partner(self):
        """The other half of a reciprocal exchange, whichever side holds the link."""
        if self.reciprocal_id:
            return self.reciprocal
        return getattr(self, "reciprocal_of", None)

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1
