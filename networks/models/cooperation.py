"""Partner libraries, development projects, campaigns, the book fair and Liboppi (plan §1.1-§3.1)."""

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.documents import get_document_model_string
from wagtail.models import Orderable

from ake.constraints import ConstraintErrorsOnFields
from ake.fields import TextLanguageField

__all__ = [
    "BookFair",
    "Campaign",
    "CampaignMaterial",
    "CampaignParticipation",
    "DevelopmentProject",
    "FundingApplication",
    "ProjectMilestone",
    "ProjectDocument",
    "ProjectObjective",
    "ProjectSignUp",
    "LiboppiCompletion",
    "LiboppiModule",
    "PartnerVisit",
    "Partnership",
]


class Partnership(ConstraintErrorsOnFields, ClusterableModel):
    """Two or more similar libraries developing a shared theme together (kumppanikirjastot)."""

    constraint_error_fields = {"partnership_dates_in_order": "ends_on"}

    libraries = models.ManyToManyField(
        "networks.Library", verbose_name=_("libraries"), related_name="partnerships"
    )
    theme = models.CharField(_("development theme"), max_length=200)
    planned_actions = models.TextField(_("planned actions"), blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partner libraries")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="partnership_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            )
        ]

    def __str__(self):
        return self.theme

    def is_active_in(self, year: int) -> bool:
        return self.starts_on <= datetime.date(year, 12, 31) and (
            self.ends_on is None or self.ends_on >= datetime.date(year, 1, 1)
        )


class PartnerVisit(Orderable):
    """A visit between partner libraries; AKE reimburses the travel (a finance.Cost of the partnership)."""

    partnership = ParentalKey(Partnership, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("date"))
    from_library = models.ForeignKey(
        "networks.Library", verbose_name=_("visitors from"), on_delete=models.PROTECT, related_name="+"
    )
    to_library = models.ForeignKey(
        "networks.Library", verbose_name=_("visited library"), on_delete=models.PROTECT, related_name="+"
    )
    participants = models.CharField(_("who took part"), max_length=300, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("partner visit")
        verbose_name_plural = _("partner visits")

    def __str__(self):
        return f"{self.from_library} → {self.to_library} {self.date:%d.%m.%Y}"


class DevelopmentProject(ConstraintErrorsOnFields, ClusterableModel):
    """A shared development project from idea to result (plan §1.1, issue #18).

    The status follows the flow idea → being planned → application submitted → funded / not funded →
    running → finished; a project may apply for funding several times (each application is a
    FundingApplication, and A1 counts the applications submitted in the year).
    """

    constraint_error_fields = {"developmentproject_dates_in_order": "ends_on"}

    class Status(models.TextChoices):
        # The stored values are the earlier ones: existing rows keep their meaning.
        IDEA = "idea", _("idea")
        PLANNED = "planned", _("being planned")
        APPLIED = "applied", _("application submitted")
        FUNDED = "funded", _("funded")
        REJECTED = "rejected", _("not funded")
        RUNNING = "running", _("running")
        ENDED = "ended", _("finished")

    # The steps the flow allows from each status (a status may also stay as it is). A project that was
    # not funded may be planned again or re-apply; a funded one starts running.
    TRANSITIONS = {
        Status.IDEA: {Status.PLANNED},
        Status.PLANNED: {Status.IDEA, Status.APPLIED, Status.RUNNING},
        Status.APPLIED: {Status.FUNDED, Status.REJECTED},
        Status.FUNDED: {Status.RUNNING},
        Status.REJECTED: {Status.PLANNED, Status.APPLIED},
        Status.RUNNING: {Status.ENDED},
        Status.ENDED: set(),
    }

    class IdeaFrom(models.TextChoices):
        # Where AKE's ideas come from (plan §1.1, issue #18): the libraries' staff, the working groups
        # and networks, and the workshops of events.
        STAFF = "staff", _("library staff")
        GROUP = "group", _("working group or network")
        WORKSHOP = "workshop", _("workshop of an event")
        AKE = "ake", _("AKE")

    class Scope(models.TextChoices):
        REGIONAL = "regional", _("regional")
        NATIONAL = "national", _("national")
        INTERNATIONAL = "international", _("international")

    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.IDEA)
    scope = models.CharField(_("scope"), max_length=15, choices=Scope.choices, default=Scope.REGIONAL)
    idea_from = models.CharField(_("the idea came from"), max_length=10, choices=IdeaFrom.choices, blank=True)
    idea_group = models.ForeignKey(
        "networks.WorkingGroup",
        verbose_name=_("group the idea came from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_ideas",
    )
    idea_event = models.ForeignKey(
        "trainings.Event",
        verbose_name=_("event whose workshop the idea came from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_ideas",
    )
    starts_on = models.DateField(_("running from"), null=True, blank=True)
    ends_on = models.DateField(_("running until"), null=True, blank=True)
    pilot_libraries = models.ManyToManyField(
        "networks.Library", verbose_name=_("pilot libraries"), blank=True, related_name="pilot_projects"
    )
    results_url = models.URLField(_("results"), blank=True)
    # The project plan (issue #18): purpose, objectives and milestones (rows of their own), resources,
    # partners; the results when it is finished.
    purpose = models.TextField(_("purpose"), blank=True)
    resources = models.TextField(
        _("resources"),
        blank=True,
        help_text=_(
            "People and working time. The money by source comes from the project's costs in the cost "
            "register."
        ),
    )
    partners = models.TextField(
        _("partners"), blank=True, help_text=_("Partners outside the region's libraries.")
    )
    results = models.TextField(
        _("results"), blank=True, help_text=_("Shown on the project page when it is finished.")
    )
    public = models.BooleanField(
        _("project page shown on the site"),
        default=False,
        help_text=_("The page is public: no personal data."),
    )
    sign_up_opened_on = models.DateField(
        _("libraries invited to take part on"),
        null=True,
        blank=True,
        help_text=_("From this day every library of the region can sign up on the project page."),
    )
    sign_up_open = models.BooleanField(_("libraries can sign up on the site"), default=False)

    class Meta:
        verbose_name = _("development project")
        verbose_name_plural = _("development projects")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="developmentproject_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            )
        ]

    def __str__(self):
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    def status_may_become(self, status: str) -> bool:
        stored = getattr(self, "_stored_status", None)
        return stored is None or stored == status or status in self.TRANSITIONS.get(stored, set())

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if not self.status_may_become(self.status):
            errors["status"] = _("A project cannot go from “%(old)s” to “%(new)s”.") % {
                "old": self.Status(self._stored_status).label,
                "new": self.Status(self.status).label,
            }
        if self.status in (self.Status.RUNNING, self.Status.ENDED) and not self.starts_on:
            errors["starts_on"] = _("A funded project needs the start of its running period.")
        if self.status == self.Status.ENDED and not self.ends_on:
            errors["ends_on"] = _("An ended project needs its end date.")
        if self.idea_group_id and self.idea_from != self.IdeaFrom.GROUP:
            errors["idea_group"] = _("A group is named only for an idea that came from a group.")
        if self.idea_event_id and self.idea_from != self.IdeaFrom.WORKSHOP:
            errors["idea_event"] = _("An event is named only for an idea from an event's workshop.")
        if errors:
            raise ValidationError(errors)


class ProjectObjective(Orderable):
    project = ParentalKey(DevelopmentProject, on_delete=models.CASCADE, related_name="objectives")
    objective = models.CharField(_("objective"), max_length=300)
    target = models.CharField(
        _("measurable target"), max_length=300, help_text=_("e.g. 10 libraries have tried the model by May.")
    )
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self):
        return self.objective


class ProjectMilestone(Orderable):
    project = ParentalKey(DevelopmentProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("date"))
    done = models.BooleanField(_("done"), default=False)

    class Meta(Orderable.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return f"{self.title} {self.due_on:%d.%m.%Y}"


class ProjectSignUp(models.Model):
    """A library's wish to take part in a project (as a pilot) or its interest; AKE accepts."""

    class Kind(models.TextChoices):
        PILOT = "pilot", _("take part as a pilot library")
        INTEREST = "interest", _("interested, keep us informed")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for AKE")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    project = ParentalKey(DevelopmentProject, on_delete=models.CASCADE, related_name="sign_ups")
    library = models.ForeignKey(
        "networks.Library",
        verbose_name=_("library"),
        on_delete=models.PROTECT,
        related_name="project_sign_ups",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PILOT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    signed_up_by = models.ForeignKey(
        "networks.User",
        verbose_name=_("signed up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_sign_ups",
    )
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now, editable=False)

    # In the project's admin form AKE decides; who signed up stays as the site recorded it.
    panels = ["library", "kind", "status"]

    class Meta:
        verbose_name = _("project sign-up")
        verbose_name_plural = _("project sign-ups")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "library"],
                name="projectsignup_once_per_library",
                violation_error_message=_("This library has already signed up for the project."),
            )
        ]

    def __str__(self):
        return f"{self.library} – {self.project}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # An accepted pilot is one of the project's pilot libraries.
        if self.status == self.Status.ACCEPTED and self.kind == self.Kind.PILOT:
            self.project.pilot_libraries.add(self.library_id)


class ProjectDocument(Orderable):
    """A document of the material bank that a project shares as its result (shown when it is finished).

    The document stays in its collection, so a staff-only collection keeps it staff-only here too.
    """

    project = ParentalKey(DevelopmentProject, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("result document")
        verbose_name_plural = _("result documents")
        constraints = [models.UniqueConstraint(fields=["project", "document"], name="projectdocument_once")]

    def __str__(self):
        return f"{self.project} – {self.document}"


class FundingApplication(ConstraintErrorsOnFields, Orderable):
    """One funding application of a project; a re-application is a new one (A1 counts them)."""

    constraint_error_fields = {"fundingapplication_amounts_not_negative": "applied_amount"}

    class Decision(models.TextChoices):
        PENDING = "pending", _("waiting for the decision")
        FUNDED = "funded", _("funded")
        REJECTED = "rejected", _("not funded")

    project = ParentalKey(DevelopmentProject, on_delete=models.CASCADE, related_name="applications")
    funder = models.CharField(_("funder"), max_length=200, help_text=_("e.g. AVI, Ministry of Education"))
    # A funder's name is a proper name in its own language (Svenska kulturfonden is Swedish on a
    # Finnish page too): the report's drill-down marks it with lang (issue #14). Rows from before: Finnish.
    funder_language = TextLanguageField(_("language of the funder's name"))
    submitted_on = models.DateField(_("submitted"))
    applied_amount = models.DecimalField(
        _("amount applied for (EUR)"), max_digits=11, decimal_places=2, null=True, blank=True
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    granted_amount = models.DecimalField(
        _("amount granted (EUR)"), max_digits=11, decimal_places=2, null=True, blank=True
    )

    class Meta(Orderable.Meta):
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        constraints = [
            models.CheckConstraint(
                condition=(Q(applied_amount__isnull=True) | Q(applied_amount__gte=0))
                & (Q(granted_amount__isnull=True) | Q(granted_amount__gte=0)),
                name="fundingapplication_amounts_not_negative",
                violation_error_message=_("The amounts applied for and granted cannot be negative."),
            )
        ]

    written_in = {"funder": "funder_language"}

    def __str__(self):
        return f"{self.funder} {self.submitted_on:%d.%m.%Y}"


class Campaign(ClusterableModel):
    """A region-wide communication campaign (two a year, plan §1.3)."""

    year = models.PositiveIntegerField(_("year"))
    theme = models.CharField(_("theme"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    materials_fi_url = models.URLField(_("materials in Finnish"), blank=True)
    materials_sv_url = models.URLField(_("materials in Swedish"), blank=True)
    sign_up_open = models.BooleanField(_("libraries can sign up on the site"), default=True)
    libraries = models.ManyToManyField(
        "networks.Library",
        verbose_name=_("participating libraries"),
        through="CampaignParticipation",
        related_name="campaigns",
        blank=True,
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "theme"]

    def __str__(self):
        return f"{self.theme} ({self.year})"


class CampaignMaterial(Orderable):
    """A campaign's ready-made material: a document of the material bank, in Finnish or Swedish.

    The document stays in its collection, so a staff-only collection keeps it staff-only here too.
    """

    class Language(models.TextChoices):
        FINNISH = "fi", _("Finnish")
        SWEDISH = "sv", _("Swedish")

    campaign = ParentalKey(Campaign, on_delete=models.CASCADE, related_name="materials")
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FINNISH
    )

    class Meta(Orderable.Meta):
        verbose_name = _("campaign material")
        verbose_name_plural = _("campaign materials")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "document", "language"], name="campaignmaterial_once_per_language"
            )
        ]

    def __str__(self):
        return f"{self.campaign} – {self.document} ({self.language})"


class CampaignParticipation(models.Model):
    campaign = ParentalKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    library = models.ForeignKey(
        "networks.Library", verbose_name=_("library"), on_delete=models.PROTECT, related_name="+"
    )
    signed_up_by = models.ForeignKey(
        "networks.User",
        verbose_name=_("signed up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_sign_ups",
    )
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("campaign participation")
        verbose_name_plural = _("campaign participations")
        ordering = ["library__name_fi"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "library"], name="campaignparticipation_once_per_library"
            )
        ]

    def __str__(self):
        return f"{self.library} – {self.campaign}"


class BookFair(models.Model):
    """The year's joint stand at the Turku Book Fair (indicator A6)."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    planned = models.BooleanField(_("stand planned"), default=False)
    done = models.BooleanField(_("stand organised"), default=False)
    stand_libraries = models.ManyToManyField(
        "networks.Library",
        verbose_name=_("libraries whose staff worked at the stand"),
        blank=True,
        related_name="book_fairs",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("book fair")
        verbose_name_plural = _("book fair")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class LiboppiModule(models.Model):
    """A learning module on the national Liboppi platform (plan §2.4)."""

    class Scope(models.TextChoices):
        NATIONAL = "national", _("national")
        REGIONAL = "regional", _("regional")

    title = models.CharField(_("title"), max_length=250, unique=True)
    first_offered_on = models.DateField(_("first offered"))
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.NATIONAL)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("Liboppi module")
        verbose_name_plural = _("Liboppi modules")
        ordering = ["-first_offered_on"]

    def __str__(self):
        return self.title


class LiboppiCompletion(ConstraintErrorsOnFields, models.Model):
    """Course completions: one imported row per person, or a count AKE entered for a library."""

    constraint_error_fields = {"liboppicompletion_count_positive": "count"}

    class Source(models.TextChoices):
        IMPORT = "import", _("CSV import")
        MANUAL = "manual", _("entered by AKE")

    module = models.ForeignKey(
        LiboppiModule, verbose_name=_("module"), on_delete=models.PROTECT, related_name="completions"
    )
    library = models.ForeignKey(
        "networks.Library",
        verbose_name=_("library"),
        on_delete=models.PROTECT,
        related_name="liboppi_completions",
    )
    completed_on = models.DateField(_("completed on"))
    person = models.ForeignKey(
        "networks.User",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liboppi_completions",
    )
    # Who completed, as the export names them (lower-case email or name); empty for a library's count.
    # Part of the natural key that makes a re-import add nothing.
    person_ref = models.CharField(_("person in the export"), max_length=254, blank=True)
    count = models.PositiveIntegerField(_("completions"), default=1)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("Liboppi completion")
        verbose_name_plural = _("Liboppi completions")
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["module", "library", "completed_on", "person_ref"],
                name="liboppicompletion_natural_key",
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1),
                name="liboppicompletion_count_positive",
                violation_error_message=_("The number of completions must be at least 1."),
            ),
        ]

    def __str__(self):
        return f"{self.module} – {self.library} {self.completed_on:%d.%m.%Y}"
