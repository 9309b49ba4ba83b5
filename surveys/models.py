"""Surveys (issue #16): the yearly staff survey, pilot surveys of any activity, training feedback.

One machinery for every survey. A survey is built by AKE in the Wagtail admin (Surveys → Surveys):
its questions are one inline list in order, where a "section" item starts a new section of the form,
so the whole survey is edited on one page without nested inlines. Texts are trilingual through
django-modeltranslation (surveys/translation.py).

Anonymity, by construction:
- an ``Invitation`` knows who was asked and only *whether* they answered (a boolean, no date);
- a ``Response`` has a random UUID key, the day (no time), and the breakdown groups the threshold
  protects (consortium, region, library size class) — no token, address, user id or IP;
- the link of an invitation is an HMAC of the invitation's id and a random nonce: nothing stored in
  any table equals the token, so even the invitation row does not hold the link.

The activity a pilot survey evaluates is a nullable foreign key per kind of activity with a check
constraint that exactly the key named by ``activity`` is set (the pattern of ``finance.Cost``): the
database keeps the reference whole and the results join plainly.
"""

import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from ake import languages
from ake.constraints import ConstraintErrorsOnFields
from ake.fields import TextLanguageField
from networks.models import Consortium, Region
from trainings.models import EventKind

DEFAULT_THRESHOLD = 5


class SurveyKind(models.TextChoices):
    YEARLY = "yearly", _("yearly staff survey")
    PILOT = "pilot", _("pilot survey")
    TRAINING = "training", _("training feedback")


class Activity(models.TextChoices):
    NONE = "none", _("no single activity")
    EVENT = "event", _("event")
    COFFEE_HOURS = "coffee_hours", _("the coffee hours of a year")
    CAMPAIGN = "campaign", _("campaign")
    PROJECT = "project", _("development project")
    PARTNERSHIP = "partnership", _("partnership")
    GROUP = "group", _("working group")


# The field each activity fills in; a year's coffee hours are a series named by its year.
ACTIVITY_FIELDS = {
    Activity.NONE: None,
    Activity.EVENT: "event",
    Activity.COFFEE_HOURS: "coffee_hour_year",
    Activity.CAMPAIGN: "campaign",
    Activity.PROJECT: "project",
    Activity.PARTNERSHIP: "partnership",
    Activity.GROUP: "group",
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


class SizeClass(models.TextChoices):
    """Library size by the municipality's population (the registry's field)."""

    SMALL = "small", _("small (under 10,000 inhabitants)")
    MEDIUM = "medium", _("medium (10,000–50,000 inhabitants)")
    LARGE = "large", _("large (over 50,000 inhabitants)")


def size_class_of(library) -> str:
    population = getattr(library, "population", None)
    if not population:
        return ""
    if population < 10_000:
        return SizeClass.SMALL
    if population <= 50_000:
        return SizeClass.MEDIUM
    return SizeClass.LARGE


def _link_key() -> str:
    return secrets.token_urlsafe(12)


class Survey(ConstraintErrorsOnFields, ClusterableModel):
    constraint_error_fields = {
        "survey_one_activity": "activity",
        "survey_closes_after_opening": "closes_at",
        "survey_threshold_at_least_2": "threshold",
        "survey_one_feedback_per_event": "event",
        "survey_one_standard_feedback_per_kind": "feedback_for_kind",
        "survey_standard_feedback_is_training_feedback": "feedback_for_kind",
    }

    kind = models.CharField(_("kind"), max_length=10, choices=SurveyKind.choices, default=SurveyKind.PILOT)
    title = models.CharField(_("title"), max_length=200)  # translated
    intro = models.TextField(_("introduction"), blank=True)  # translated
    year = models.PositiveIntegerField(
        _("year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year the survey evaluates; the yearly survey is compared with the year before."),
    )
    activity = models.CharField(
        _("evaluates"), max_length=12, choices=Activity.choices, default=Activity.NONE
    )
    event = models.ForeignKey(
        "trainings.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    coffee_hour_year = models.PositiveIntegerField(
        _("coffee hours of the year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    campaign = models.ForeignKey(
        "networks.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    project = models.ForeignKey(
        "networks.DevelopmentProject",
        verbose_name=_("development project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    partnership = models.ForeignKey(
        "networks.Partnership",
        verbose_name=_("partnership"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    group = models.ForeignKey(
        "networks.WorkingGroup",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    open_by_link = models.BooleanField(
        _("open by link to anyone"),
        default=False,
        help_text=_("Anyone with the survey's link may answer, also without an account (the yearly survey)."),
    )
    link_key = models.CharField(max_length=32, unique=True, default=_link_key, editable=False)
    threshold = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=DEFAULT_THRESHOLD,
        help_text=_(
            "Results (also of a consortium, region or library size) are shown only from this many answers up."
        ),
    )
    feedback_for_kind = models.CharField(
        _("standard feedback of events of kind"),
        max_length=20,
        choices=EventKind.choices,
        blank=True,
        help_text=_(
            "Training feedback without an event only: the questions every new event of this kind starts "
            "with (copied into the event's own feedback survey, which can then be edited). A standard "
            "feedback survey without a kind serves the kinds that have none of their own."
        ),
    )
    # An earlier year's yearly survey held elsewhere, imported as aggregates (surveys/records.py):
    # its figures are ImportedResult rows, its respondents and invitees these numbers.
    imported = models.BooleanField(_("imported results"), default=False, editable=False)
    imported_respondents = models.PositiveIntegerField(
        _("respondents of the imported survey"), null=True, blank=True, editable=False
    )
    imported_invited = models.PositiveIntegerField(
        _("invited to the imported survey"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at", "-pk"]
        permissions = [("view_survey_results", _("Can see survey results, free-text answers included"))]
        constraints = [
            models.CheckConstraint(
                condition=_activity_condition(),
                name="survey_one_activity",
                violation_error_message=_("Choose the one record of the activity the survey evaluates."),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
                violation_error_message=_("The survey must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(threshold__gte=2),
                name="survey_threshold_at_least_2",
                violation_error_message=_("The smallest group shown must be at least 2 answers."),
            ),
            # An event's feedback (surveys/feedback.py) is one survey, whoever answers first.
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(kind="training"),
                name="survey_one_feedback_per_event",
                violation_error_message=_("The event already has its feedback survey."),
            ),
            # The standard feedback an event of a kind starts with (surveys/feedback.py): one per kind.
            models.UniqueConstraint(
                fields=["feedback_for_kind"],
                condition=Q(kind="training", event__isnull=True),
                name="survey_one_standard_feedback_per_kind",
                violation_error_message=_("This kind of event already has its standard feedback survey."),
            ),
            models.CheckConstraint(
                condition=Q(feedback_for_kind="") | Q(kind="training", event__isnull=True),
                name="survey_standard_feedback_is_training_feedback",
                violation_error_message=_(
                    "Only a training feedback survey without an event is the standard feedback of a kind."
                ),
            ),
        ]

    def __str__(self):
        # The year tells same-named surveys apart; a title that names it already needs no repeat
        # (the admin read "AKE:n henkilöstökysely 2026 (2026)").
        title = str(self.title)
        return title if str(self.year) in title else f"{title} ({self.year})"

    @property
    def target(self):
        field = ACTIVITY_FIELDS.get(self.activity)
        return getattr(self, field) if field else None

    @property
    def is_standard_feedback(self) -> bool:
        """A training feedback survey of no event: the questions events start with, never answered."""
        return self.kind == SurveyKind.TRAINING and self.event_id is None

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class QuestionKind(models.TextChoices):
    SECTION = "section", _("section heading")
    SCALE = "scale", _("scale 1–5")
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    TEXT = "text", _("free text")
    YES_NO = "yes_no", _("yes or no")
    LIBRARY = "library", _("library chooser")
    MATRIX = "matrix", _("question matrix (rows on a scale 1–5)")


ANSWERED_KINDS = [kind for kind in QuestionKind.values if kind != QuestionKind.SECTION]
YES, NO = 1, 2

key_validator = RegexValidator(r"^[a-z0-9_-]+$", _("Use lower-case letters, digits, - and _ only."))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Question(Orderable):
    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SCALE
    )
    key = models.SlugField(
        _("short name"),
        max_length=40,
        validators=[key_validator],
        help_text=_(
            "Unique within the survey, e.g. 'overall'. The same short name in next year's yearly survey "
            "compares the two years; conditions refer to it."
        ),
    )
    text = models.CharField(_("question"), max_length=500)  # translated
    help_text = models.CharField(_("help text"), max_length=500, blank=True)  # translated
    options = models.TextField(
        _("options or matrix rows"),
        blank=True,
        help_text=_(
            "One per line, in the same order in every language: the options of a choice, or the rows "
            "of a matrix."
        ),
    )  # translated
    scale_low = models.CharField(_("label of 1"), max_length=60, blank=True)  # translated
    scale_high = models.CharField(_("label of 5"), max_length=60, blank=True)  # translated
    required = models.BooleanField(_("required"), default=False)
    headline = models.BooleanField(
        _("key figure"), default=False, help_text=_("Shown in the yearly report's evaluation section.")
    )
    show_if_key = models.CharField(
        _("show only if the question"),
        max_length=40,
        blank=True,
        help_text=_("The short name of an earlier question …"),
    )
    show_if_answer = models.CharField(
        _("was answered"),
        max_length=40,
        blank=True,
        help_text=_("… with this answer: the option's number (1, 2, …), 'yes' or 'no', or a scale value."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="question_key_unique_in_survey")
        ]

    def __str__(self):
        return self.text

    def option_list(self, language: str | None = None) -> list[str]:
        """Options (or matrix rows) in ``language``, a missing line falling back to the Finnish one."""
        finnish = _lines(self.options_fi or self.options)
        language = language or languages.active_language()
        if language in ("sv", "en"):
            own = _lines(getattr(self, f"options_{language}"))
            return [own[i] if i < len(own) else text for i, text in enumerate(finnish)]
        return finnish

    def label(self, field: str = "text", language: str | None = None) -> str:
        return languages.text(self, field, language or languages.active_language())

    def condition_value(self) -> int | None:
        """The stored number a condition's answer means (yes = 1, no = 2), None when unset or unknown."""
        value = (self.show_if_answer or "").strip().lower()
        if value in ("yes", "kyllä", "ja"):
            return YES
        if value in ("no", "ei", "nej"):
            return NO
        return int(value) if value.isdigit() else None

    def clean(self):
        errors = {}
        if self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.MATRIX) and len(
            _lines(self.options_fi or self.options)
        ) < (1 if self.kind == QuestionKind.MATRIX else 2):
            errors["options_fi"] = _("Give the options (at least two) or the matrix rows, one per line.")
        if bool(self.show_if_key) != bool(self.show_if_answer):
            errors["show_if_answer"] = _("A condition needs both the question's short name and the answer.")
        elif self.show_if_answer and self.condition_value() is None:
            errors["show_if_answer"] = _(
                "Give the answer as an option's number, 'yes', 'no' or a scale value."
            )
        if errors:
            raise ValidationError(errors)


class Invitation(models.Model):
    """Who was asked to answer, and whether they have. Never which response is theirs."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=2, default="fi")
    nonce = models.CharField(max_length=32, default=_link_key, editable=False)
    answered = models.BooleanField(_("answered"), default=False)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="invitation_once_per_address")
        ]

    def __str__(self):
        return f"{self.survey_id}: {self.email}"


class Response(models.Model):
    """One anonymous set of answers: a random key, the day, and the groups the threshold protects."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField(default=timezone.localdate)
    consortium = models.CharField(_("consortium"), max_length=10, choices=Consortium.choices, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    size_class = models.CharField(_("library size"), max_length=10, choices=SizeClass.choices, blank=True)
    # The language the respondent wrote the free answers in (their profile language; the page's for
    # an open link answered without signing in), for AKE's list of free texts to mark with lang.
    text_language = TextLanguageField(_("language of the free answers"))

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["survey", "consortium"], name="survey_response_group")]

    def __str__(self):
        return f"{self.survey_id}: {self.submitted_on}"


class Answer(ConstraintErrorsOnFields, models.Model):
    """One question's answer; a matrix has one per row (``row`` 1, 2, …; 0 for other kinds).

    ``number``: the scale value, the option's number of a single choice, yes = 1 / no = 2.
    ``choices``: the option numbers of a multiple choice. ``library``: the library chosen.
    """

    constraint_error_fields = {"answer_number_range": "number"}

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    row = models.PositiveSmallIntegerField(default=0)
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = ArrayField(models.PositiveSmallIntegerField(), default=list, blank=True)
    text = models.TextField(blank=True)
    library = models.ForeignKey(
        "networks.Library", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question", "row"], name="answer_once_per_row"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1, number__lte=100),
                name="answer_number_range",
                violation_error_message=_("The answer is out of range."),
            ),
        ]
        indexes = [models.Index(fields=["question", "row", "number"], name="survey_answer_stats")]

    def __str__(self):
        return f"{self.question_id}/{self.row}"


class ImportedResult(models.Model):
    """One question's (a matrix: one row's) aggregate of an earlier year's survey held elsewhere.

    ``counts``: answers per option number ({"1": 4, "2": 10, …}; a yes/no question: 1 = yes, 2 = no);
    or, where only the mean is known, ``mean`` with ``n``. The comparison with the next year and the
    report read them beside the site's own answers (``counts_of``)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="imported_results")
    row = models.PositiveSmallIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    mean = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    n = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("imported result")
        verbose_name_plural = _("imported results")
        constraints = [
            models.UniqueConstraint(fields=["question", "row"], name="imported_result_once_per_row")
        ]

    def __str__(self):
        return f"{self.question_id}/{self.row}"

    def counts_of(self) -> dict:
        """Answers per value as the results count them. A mean without its distribution counts as
        its n answers of the mean value: the same n and the same mean, which is all it is used for."""
        if self.counts:
            return {int(value): int(count) for value, count in self.counts.items()}
        if self.mean is not None and self.n:
            return {float(self.mean): self.n}
        return {}


class EvaluationNote(models.Model):
    """AKE's own words for the report's evaluation section: what succeeded and what to improve."""

    year = models.PositiveIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    successes = models.TextField(_("successes"), blank=True)  # translated
    improvements = models.TextField(_("to improve"), blank=True)  # translated

    class Meta:
        verbose_name = _("evaluation of the year")
        verbose_name_plural = _("evaluations of the years")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)
