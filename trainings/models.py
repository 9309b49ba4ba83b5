"""Events (trainings, study trips, coffee hours, group meetings...), registrations, attendance,
feedback, materials and the mails about them.

State changes go through trainings.services; the models hold fields, constraints and small
presentation properties only.
"""

import uuid
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from ake import languages
from ake.constraints import ConstraintErrorsOnFields
from ake.fields import SanitizedRichTextField, TextLanguageField
from networks.municipalities import fill_municipality_names


class ChoiceArrayField(ArrayField):
    """An ArrayField of choices edited as a list of checkboxes instead of comma-separated text."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        # ArrayField.formfield would force its own SimpleArrayField; skip to Field.formfield.
        return super(ArrayField, self).formfield(**defaults)


# A day of an event of several days counts at most this many training hours (Event.training_hours).
HOURS_PER_DAY = Decimal("6")


class HoursFormField(forms.DecimalField):
    """Hours as people type them: "1,5" with a decimal comma as well as "1.5"."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal"}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\xa0", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)


class HoursField(models.DecimalField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": HoursFormField, **kwargs})


class EventKind(models.TextChoices):
    TRAINING = "training", _("training")
    STUDY_TRIP = "study_trip", _("study trip")
    COFFEE_HOUR = "coffee_hour", _("remote coffee hour")
    GROUP_MEETING = "group_meeting", _("working-group meeting")
    THEME_WEEK_PREPARATION = "theme_week_prep", _("theme-week preparation event")
    ACTION_DAY = "action_day", _("action day")
    OTHER = "other", _("other event")


class EventFormat(models.TextChoices):
    REMOTE = "remote", _("remote")
    IN_PERSON = "in_person", _("in person")
    HYBRID = "hybrid", _("hybrid")


class EventLanguage(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    BILINGUAL = "bilingual", _("bilingual (Finnish and Swedish)")


class Audience(models.TextChoices):
    DIRECTORS = "directors", _("library directors")
    CHILDREN_YOUTH = "children_youth", _("children's and youth work")
    SPECIAL_SERVICES = "special_services", _("special services")
    EVENTS = "events", _("events")
    COMMUNICATIONS = "communications", _("communications")
    ALL_STAFF = "all_staff", _("all staff")


class Participation(models.TextChoices):
    ON_SITE = "on_site", _("on site")
    REMOTE = "remote", _("remotely")


class GuestRole(models.TextChoices):
    PARTICIPANT = "participant", _("participant")
    TRAINER = "trainer", _("trainer")
    CO_ORGANISER = "co_organiser", _("co-organiser")


class GuestLibrary(models.Model):
    """A library outside the region, from the national list AKE keeps and extends.

    A guest names one of these or writes their organisation (AVI, a university library...) as free
    text. Guests take part, and are shown beside the indicators, never counted in them.
    """

    name = models.CharField(_("name"), max_length=200)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("library outside the region")
        verbose_name_plural = _("libraries outside the region")
        ordering = ["name"]

    def __str__(self):
        return self.name


class GuestFields(models.Model):
    """A person from outside the region: no library of the region, an organisation instead.

    ``library`` (the region's library) and the guest's organisation exclude each other; exactly one
    is given (a database constraint in each concrete model).
    """

    guest_library = models.ForeignKey(
        GuestLibrary,
        verbose_name=_("library outside the region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    guest_organisation = models.CharField(
        _("organisation (guest)"),
        max_length=200,
        blank=True,
        help_text=_("For a guest from outside the region whose organisation is not on the list."),
    )
    guest_role = models.CharField(_("role (guest)"), max_length=20, choices=GuestRole.choices, blank=True)

    class Meta:
        abstract = True

    @property
    def is_guest(self) -> bool:
        return self.library_id is None

    @property
    def organisation_name(self) -> str:
        """The region's library, or the guest's organisation."""
        if self.library_id is not None:
            return str(self.library)
        if self.guest_library_id is not None:
            return str(self.guest_library)
        return self.guest_organisation

    @property
    def organisation_text(self) -> str:
        """As shown in lists: a guest is marked as one, with their role."""
        if not self.is_guest:
            return self.organisation_name
        role = GuestRole(self.guest_role or GuestRole.PARTICIPANT).label
        return _("%(organisation)s (guest, %(role)s)") % {
            "organisation": self.organisation_name,
            "role": role,
        }

    @staticmethod
    def region_xor_guest(name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=(
                Q(library__isnull=False, guest_library__isnull=True, guest_organisation="", guest_role="")
                | (
                    Q(library__isnull=True)
                    & (Q(guest_library__isnull=False) | ~Q(guest_organisation=""))
                    & ~Q(guest_role="")
                )
            ),
            name=name,
            violation_error_message=_(
                "Give either a library of the region or, for a guest, their organisation and role."
            ),
        )


def event_url_maker():
    """pk -> the event page's address (``Event.get_absolute_url``), the URL reversed once: a listing
    writes one link per row, and reversing each was a visible part of its cost (issue #20)."""
    sentinel = "987654321987"
    parts = reverse("trainings:event_detail", args=[sentinel]).split(sentinel)
    if len(parts) != 2:
        return lambda pk: reverse("trainings:event_detail", args=[pk])
    before, after = parts
    return lambda pk: f"{before}{pk}{after}"


class Event(ConstraintErrorsOnFields, ClusterableModel):
    constraint_error_fields = {"event_ends_after_start": "end", "event_hours_in_range": "hours"}

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", pgettext_lazy("event", "cancelled")

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    # Only what the public page shows: images and embeds would be removed there by the sanitiser.
    description = SanitizedRichTextField(
        _("description"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.TRAINING)
    format = models.CharField(_("format"), max_length=12, choices=EventFormat.choices)
    language = models.CharField(
        _("language"), max_length=10, choices=EventLanguage.choices, default=EventLanguage.FINNISH
    )
    swedish_coplanned = models.BooleanField(
        _("Swedish-language content co-planned with partners"),
        default=False,
        help_text=_("Counted in indicator C6."),
    )
    audiences = ChoiceArrayField(
        models.CharField(max_length=20, choices=Audience.choices),
        verbose_name=_("audience"),
        default=list,
        blank=True,
    )
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, default="AKE / Turun kaupunginkirjasto")
    co_organisers = models.CharField(
        _("co-organisers"), max_length=300, blank=True, help_text=_("e.g. AVI, other AKE libraries.")
    )
    working_group = models.ForeignKey(
        "networks.WorkingGroup",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_(
            "The group that meets (a working-group meeting) or that organised the event; both count in "
            "indicator C1."
        ),
    )

    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("street address"), max_length=200, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    host_library = models.ForeignKey(
        "networks.Library",
        verbose_name=_("hosting library"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_events",
    )
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Shown only to registered participants.")
    )

    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    hours = HoursField(
        _("training hours"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("500"))],
        help_text=_(
            "Shown on certificates of attendance and in “My learning”. Empty: the time from start to end "
            "(at most 6 hours a day for an event of several days), in half hours."
        ),
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Also the last moment to cancel.")
    )
    registration_required = models.BooleanField(_("registration required"), default=True)
    open_to_guests = models.BooleanField(
        _("open to guests from outside the region"),
        default=False,
        help_text=_(
            "e.g. a Swedish remote training opened nationwide. Guests are shown beside the indicators, "
            "never counted in them."
        ),
    )
    approval_required = models.BooleanField(
        _("registrations need AKE's approval"),
        default=False,
        help_text=_(
            "Registrations wait for AKE's decision (e.g. a study trip with places shared fairly between "
            "libraries). The seats per library below are then the quota checked on approval."
        ),
    )
    seats_on_site = models.PositiveIntegerField(
        _("seats on site"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    seats_remote = models.PositiveIntegerField(
        _("remote seats"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    max_per_library = models.PositiveIntegerField(
        _("seats per library"), null=True, blank=True, help_text=_("Empty: no cap per library.")
    )
    offer_hours = models.PositiveIntegerField(
        _("waitlist offer valid (hours)"),
        default=48,
        validators=[MinValueValidator(1)],
        help_text=_("How long a freed seat is held for the first person on the waitlist."),
    )
    priority_group = models.ForeignKey(
        "networks.WorkingGroup",
        verbose_name=_("open first to the members of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    open_to_all_from = models.DateTimeField(
        _("open to everyone from"),
        null=True,
        blank=True,
        help_text=_("Before this, only members of the group above may register."),
    )
    reminder_hours_before = models.PositiveIntegerField(_("reminder (hours before)"), default=24)
    feedback_hours_after = models.PositiveIntegerField(_("feedback request (hours after)"), default=2)
    feedback_enabled = models.BooleanField(_("ask for feedback"), default=True)
    purge_days_after = models.PositiveIntegerField(
        _("erase event-only details after (days)"),
        default=90,
        help_text=_("Diets, accessibility needs, emergency contacts and transport requests."),
    )

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    details_purged_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["status", "start"]), models.Index(fields=["kind", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="event_ends_after_start",
                violation_error_message=_("The end time cannot be before the start time."),
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=Decimal("0.5"), hours__lte=500),
                name="event_hours_in_range",
                violation_error_message=_("Training hours must be from 0.5 to 500."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.start):%d.%m.%Y})"

    @property
    def training_hours(self) -> Decimal:
        """The hours a certificate and "My learning" give for taking part (README, "Training hours").

        The hours AKE entered; otherwise the time from start to end, at most ``HOURS_PER_DAY`` a day
        for an event of several days (a two-day trip is not 31 hours of learning), rounded to the
        nearest half hour.
        """
        if self.hours is not None:
            return self.hours
        duration = Decimal(int((self.end - self.start).total_seconds())) / 3600
        days = (timezone.localdate(self.end) - timezone.localdate(self.start)).days + 1
        if days > 1:
            duration = min(duration, HOURS_PER_DAY * days)
        return (duration * 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP) / 2

    def get_absolute_url(self):
        return reverse("trainings:event_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        # The municipality in Swedish and English from the Finnish one (Pomarkku → Påmark), unless
        # an editor wrote another name; see networks/municipalities.py.
        filled = fill_municipality_names(self)
        if filled and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *filled}
        super().save(*args, **kwargs)

    @property
    def has_on_site(self) -> bool:
        return self.format in (EventFormat.IN_PERSON, EventFormat.HYBRID)

    @property
    def has_remote(self) -> bool:
        return self.format in (EventFormat.REMOTE, EventFormat.HYBRID)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_multi_day(self) -> bool:
        return timezone.localdate(self.start) != timezone.localdate(self.end)

    @property
    def place(self) -> str:
        parts = []
        for part in (self.venue, self.address, self.municipality):
            if part and part not in parts:
                parts.append(part)
        if parts:
            return ", ".join(parts)
        return str(_("Online")) if self.format == EventFormat.REMOTE else ""

    @property
    def audience_labels(self) -> list[str]:
        return [str(Audience(value).label) for value in self.audiences if value in Audience.values]

    def seats_for(self, participation: str) -> int | None:
        return self.seats_on_site if participation == Participation.ON_SITE else self.seats_remote

    def cancellation_deadline(self):
        return self.registration_closes or self.start


# The working groups of the plan's section 3.2 that indicator C1 covers unless AKE decides otherwise
# for a year; ÅKE (C5) and Svenska gruppen (section 3.3) are not among them.
C1_DEFAULT_GROUP_SLUGS = (
    "suunnitteluryhma",
    "nakyvyystyoryhma",
    "varsat",
    "digityoryhma",
    "moninaisuustyoryhma",
    "tapahtumaverkosto",
)


class CountedGroups(models.Model):
    """AKE's decision, per year, of which working groups indicator C1 covers.

    Without a decision for a year, C1 covers the active groups of the plan's section 3.2
    (``C1_DEFAULT_GROUP_SLUGS``).
    """

    year = models.PositiveIntegerField(_("year"), unique=True)
    groups = models.ManyToManyField(
        "networks.WorkingGroup", related_name="counted_in_c1", verbose_name=_("working groups")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("working groups counted in C1 for a year")
        verbose_name_plural = _("working groups counted in C1 per year")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class ThemeWeek(ConstraintErrorsOnFields, models.Model):
    """A national theme week of one year (Mediakasvatusviikko, Digitaitoviikko, Senior Surf, Peliviikko...)
    with the AKE event that prepares the region's libraries for it, about a month before (plan §3.2).

    The libraries tell on the site that they took part (ThemeWeekParticipation); the report shows it
    beside Table 1.
    """

    constraint_error_fields = {"theme_week_ends_after_start": "ends"}

    # The preparatory event should be 3-6 weeks before the week starts.
    PREPARATION_DAYS = (21, 42)

    name = models.CharField(_("name"), max_length=120)  # translated: name_fi/sv/en
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    national_url = models.URLField(_("national website"), blank=True)
    preparatory_event = models.ForeignKey(
        Event,
        verbose_name=_("preparatory AKE event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prepared_theme_weeks",
        help_text=_("The AKE event that prepares the libraries for the week, 3–6 weeks before it."),
    )

    class Meta:
        verbose_name = _("theme week")
        verbose_name_plural = _("theme weeks")
        ordering = ["-starts", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gte=models.F("starts")),
                name="theme_week_ends_after_start",
                violation_error_message=_("The week cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{languages.text(self, 'name')} {self.starts.year}"

    @property
    def year(self) -> int:
        return self.starts.year

    def preparation_problem(self) -> str:
        """What is wrong with the week's preparation ("" when a preparatory event is 3-6 weeks before)."""
        event = self.preparatory_event
        if event is None:
            return str(_("No preparatory AKE event is linked: schedule one 3–6 weeks before the week."))
        if event.status == Event.Status.CANCELLED:
            return str(_("The preparatory event was cancelled: schedule another 3–6 weeks before the week."))
        days = (self.starts - timezone.localdate(event.start)).days
        low, high = self.PREPARATION_DAYS
        if not low <= days <= high:
            return str(
                _(
                    "The preparatory event is %(days)s days before the week; it should be 3–6 weeks "
                    "(21–42 days) before."
                )
                % {"days": days}
            )
        return ""


class ThemeWeekParticipation(ConstraintErrorsOnFields, models.Model):
    """A library's word that it took part in a theme week: one per library and week."""

    constraint_error_fields = {"theme_week_participation_once": "library"}

    theme_week = models.ForeignKey(
        ThemeWeek, verbose_name=_("theme week"), on_delete=models.CASCADE, related_name="participations"
    )
    library = models.ForeignKey(
        "networks.Library", verbose_name=_("library"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(
        _("what the library did"), max_length=300, blank=True, help_text=_("Optional, e.g. a game evening.")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("told by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reported_at = models.DateTimeField(_("told on"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("theme-week participation")
        verbose_name_plural = _("theme-week participations")
        ordering = ["theme_week", "library"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme_week", "library"],
                name="theme_week_participation_once",
                violation_error_message=_("This library has already told that it took part in this week."),
            )
        ]

    def __str__(self):
        return f"{self.theme_week}: {self.library}"


class PickupPoint(models.Model):
    """A stop of the shared transport to an in-person event (plan §2.1)."""

    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="pickup_points")
    name = models.CharField(_("pick-up point"), max_length=200)
    departs_at = models.DateTimeField(_("departs"), null=True, blank=True)
    seats = models.PositiveIntegerField(_("seats"))
    sort_order = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("pick-up point")
        verbose_name_plural = _("pick-up points")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class ViewingRoom(models.Model):
    """A shared viewing room of a remote event (a kielikylpykatsomo, plan 2024 pilot).

    People follow the remote event together in a library, where a stronger Swedish speaker supports
    the others. A room has its own seats beside the event's remote seats (the desk pool); taking part in
    a room is taking part in the event: the event counts once in every indicator.
    """

    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="viewing_rooms")
    host_library = models.ForeignKey(
        "networks.Library", verbose_name=_("hosting library"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address and room"), max_length=200)
    seats = models.PositiveIntegerField(_("seats"))
    support_person = models.CharField(
        _("support person"),
        max_length=200,
        blank=True,
        help_text=_("e.g. a stronger Swedish speaker who supports the others in the room."),
    )
    sort_order = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("viewing room")
        verbose_name_plural = _("viewing rooms")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.host_library}, {self.address}"


class RegistrationQuestion(models.Model):
    """A question an event asks on its registration form (text, a choice, or yes/no)."""

    class Type(models.TextChoices):
        TEXT = "text", _("free text")
        CHOICE = "choice", _("choice from a list")
        YES_NO = "yes_no", _("yes or no")

    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="registration_questions")
    text = models.CharField(_("question"), max_length=300)
    type = models.CharField(_("type"), max_length=10, choices=Type.choices, default=Type.TEXT)
    options = models.TextField(
        _("options"),
        blank=True,
        help_text=_("For a choice: one option per line, in the same order in every language."),
    )
    required = models.BooleanField(_("required"), default=False)
    sort_order = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.text

    def option_list(self, language: str | None = None) -> list[str]:
        """The options in ``language`` (Finnish where a line is missing), in the Finnish order."""
        finnish = [
            line.strip() for line in (self.options_fi or self.options or "").splitlines() if line.strip()
        ]
        if language in ("sv", "en"):
            own = [
                line.strip()
                for line in (getattr(self, f"options_{language}") or "").splitlines()
                if line.strip()
            ]
            return [own[i] if i < len(own) else text for i, text in enumerate(finnish)]
        return finnish


class RegistrationQuerySet(models.QuerySet):
    def holding_seat(self):
        return self.filter(status__in=Registration.SEAT_HOLDING)

    def active(self):
        return self.filter(status__in=Registration.ACTIVE)


class Registration(ConstraintErrorsOnFields, GuestFields):
    constraint_error_fields = {"registration_email_lower": "email", "registration_region_or_guest": "library"}

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waitlist")
        OFFERED = "offered", _("seat offered")
        # A registration the person or AKE cancelled (Swedish "avbokad"; an event called off is "inställt").
        CANCELLED = "cancelled", pgettext_lazy("registration", "cancelled")
        DECLINED = "declined", _("offer declined")
        EXPIRED = "expired", _("offer expired")
        # Approval mode: the registration waits for AKE's decision, which may be "not approved".
        AWAITING_APPROVAL = "awaiting", _("awaiting approval")
        NOT_APPROVED = "not_approved", _("not approved")

    class Source(models.TextChoices):
        SELF = "self", _("registered themselves")
        AKE = "ake", _("registered by AKE")
        IMPORT = "import", _("imported from a list")

    SEAT_HOLDING = (Status.CONFIRMED, Status.OFFERED)
    ACTIVE = (Status.CONFIRMED, Status.OFFERED, Status.WAITLISTED, Status.AWAITING_APPROVAL)
    # Approved by AKE (or needing no approval) and still taking part or waiting for a seat: what the
    # per-library quota of an approval-mode event counts.
    APPROVED = (Status.CONFIRMED, Status.OFFERED, Status.WAITLISTED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    library = models.ForeignKey(
        "networks.Library",
        verbose_name=_("library"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for a guest from outside the region."),
    )
    language = models.CharField(_("language"), max_length=2, default="fi")
    participation = models.CharField(
        _("participation"), max_length=10, choices=Participation.choices, default=Participation.ON_SITE
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    waitlisted_at = models.DateTimeField(_("joined the waitlist"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    diet = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    emergency_contact = models.CharField(_("emergency contact"), max_length=200, blank=True)
    # The free answers (diet, accessibility, emergency contact, the event's free-text questions) are
    # read as written, in the language of whoever filled in the form: the person, or AKE for them.
    answers_language = TextLanguageField(_("language of the answers"))
    pickup_point = models.ForeignKey(
        PickupPoint,
        verbose_name=_("transport from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="passengers",
    )
    viewing_room = models.ForeignKey(
        ViewingRoom,
        verbose_name=_("viewing room"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrants",
        help_text=_("Empty: at their own desk."),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.SELF)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    cancelled_at = models.DateTimeField(pgettext_lazy("registration", "cancelled"), null=True, blank=True)
    decided_at = models.DateTimeField(_("approval decided"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = RegistrationQuerySet.as_manager()

    written_in = {
        "diet": "answers_language",
        "accessibility": "answers_language",
        "emergency_contact": "answers_language",
    }

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            # One row per person and event: re-registering after a cancellation reuses it.
            models.UniqueConstraint(fields=["event", "email"], name="registration_unique_person"),
            models.CheckConstraint(
                condition=Q(email=Lower("email")),
                name="registration_email_lower",
                violation_error_message=_("Write the email address in lower case."),
            ),
            GuestFields.region_xor_guest("registration_region_or_guest"),
        ]
        indexes = [
            models.Index(fields=["event", "status", "participation"]),
            models.Index(fields=["status", "offer_expires_at"]),
        ]

    def __str__(self):
        return f"{self.full_name} – {self.event.title}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEAT_HOLDING

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class RegistrationAnswer(models.Model):
    """A registrant's answer to one of the event's registration questions (a choice in Finnish)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(RegistrationQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("registration answer")
        verbose_name_plural = _("registration answers")
        constraints = [
            models.UniqueConstraint(fields=["registration", "question"], name="registration_answer_once")
        ]

    def __str__(self):
        return f"{self.question_id}: {self.value[:30]}"

    written_in = {"value": "answers_language"}

    @property
    def answers_language(self) -> str:
        """The registration's answers' language for a free-text answer; '' (never marked) for a yes/no
        or a choice, which are shown as the site's own words. Listings prefetch the answers from their
        registrations, which sets `self.registration` without a query."""
        if self.question.type != RegistrationQuestion.Type.TEXT:
            return ""
        return self.registration.answers_language

    @property
    def display_value(self) -> str:
        if self.question.type == RegistrationQuestion.Type.YES_NO and self.value in ("yes", "no"):
            return str(_("yes") if self.value == "yes" else _("no"))
        return self.value


class Attendance(ConstraintErrorsOnFields, GuestFields):
    """Who actually took part: what the yearly indicators count (not registrations).

    A guest from outside the region (no ``library``) is kept and shown beside the figures, never in them.
    """

    constraint_error_fields = {"attendance_region_or_guest": "library"}

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendances"
    )
    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=300, blank=True)
    library = models.ForeignKey(
        "networks.Library",
        verbose_name=_("library"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    participation = models.CharField(_("participation"), max_length=10, choices=Participation.choices)
    viewing_room = models.ForeignKey(
        ViewingRoom,
        verbose_name=_("viewing room"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=2, default="fi")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["event", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="attendance_unique_person"),
            GuestFields.region_xor_guest("attendance_region_or_guest"),
        ]

    def __str__(self):
        return f"{self.name or self.email} – {self.event.title}"


class FeedbackReceipt(models.Model):
    """That a person has answered an event's survey: kept apart from the answers on purpose.

    Only the date is stored and the responses use random keys, so neither time nor row order links
    a receipt to a response.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback_receipts")
    email = models.EmailField()
    answered_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = _("feedback receipt")
        verbose_name_plural = _("feedback receipts")
        constraints = [models.UniqueConstraint(fields=["event", "email"], name="feedback_once_per_person")]

    def __str__(self):
        return f"{self.event_id}: {self.email}"


class Material(ClusterableModel):
    """Slides, a recording or other material of an event, shown in the training archive."""

    class Kind(models.TextChoices):
        SLIDES = "slides", _("slides")
        RECORDING = "recording", _("recording")
        OTHER = "other", _("other material")

    class Status(models.TextChoices):
        DRAFT = "draft", _("not published")
        PUBLISHED = "published", _("published")
        HIDDEN = "hidden", _("hidden at the review date")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Slides or a recording file (documents are access-controlled; images are not)."),
    )
    url = models.URLField(_("link"), blank=True, help_text=_("e.g. a recording on a streaming service"))
    captions = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("caption file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_date = models.DateField(
        _("retention review date"),
        null=True,
        blank=True,
        help_text=_("The recording is hidden on this date."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Asked to renew or delete the recording at the review date."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("material or recording")
        verbose_name_plural = _("materials and recordings")
        ordering = ["event", "kind", "title"]

    def __str__(self):
        return self.title

    @property
    def link(self) -> str:
        if self.url:
            return self.url
        return self.document.url if self.document_id else ""


class PresenterConsent(models.Model):
    material = ParentalKey(Material, on_delete=models.CASCADE, related_name="consents")
    presenter = models.CharField(_("presenter"), max_length=200)
    consent_given = models.BooleanField(_("consent to publish the recording"), default=False)
    recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    recorded_by = models.CharField(_("recorded by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("presenter's consent")
        verbose_name_plural = _("presenters' consents")

    def __str__(self):
        return self.presenter


class ScheduledMailing(models.Model):
    """A mail to every participant of an event at a set time; beat picks it up when due."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("reminder before the event")
        FEEDBACK_REQUEST = "feedback_request", _("feedback request after the event")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="mailings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "kind"], name="mailing_once_per_event")]
        indexes = [models.Index(fields=["processed_at", "due_at"])]

    def __str__(self):
        return f"{self.kind} {self.event_id} @ {self.due_at:%Y-%m-%d %H:%M}"


class EventMail(models.Model):
    """The outbox: one row per message, written with the change that causes it.

    Rows move pending -> sending -> sent under a row lock, so a resumed run never sends a row twice
    (a worker killed between SMTP and the status update is the at-least-once window).
    """

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("registration confirmed")
        WAITLISTED = "waitlisted", _("on the waitlist")
        OFFER = "offer", _("seat offered")
        REMINDER = "reminder", _("reminder")
        FEEDBACK_REQUEST = "feedback_request", _("feedback request")
        EVENT_CANCELLED = "event_cancelled", _("event cancelled")
        MATERIAL_REVIEW = "material_review", _("recording review")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("skipped")
        FAILED = "failed", _("failed")

    # Kinds a recipient gets at most once per event, whatever reruns or double clicks happen.
    ONCE_PER_EVENT = (Kind.REMINDER, Kind.FEEDBACK_REQUEST, Kind.EVENT_CANCELLED)

    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="mails")
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    attendance = models.ForeignKey(
        Attendance, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    material = models.ForeignKey(Material, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    mailing = models.ForeignKey(
        ScheduledMailing, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    recipient = models.EmailField()
    language = models.CharField(max_length=2, default="fi")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event mail")
        verbose_name_plural = _("event mails")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "kind", "recipient"],
                condition=Q(kind__in=["reminder", "feedback_request", "event_cancelled"]),
                name="event_mail_once_per_recipient",
                violation_error_message=_("This mail has already been queued for this recipient."),
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.kind} → {self.recipient} ({self.status})"


class CalendarFeedToken(models.Model):
    """The secret in the address of a person's private "my registrations" calendar feed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")

    def __str__(self):
        return f"{self.user_id}"


class ParticipantMessage(models.Model):
    """A message AKE writes once and sends to the people of an event, a working group, or the contact
    people of the libraries taking part in a campaign or a project (issue #17).

    The text is written in Finnish, Swedish and English or in one language only (modeltranslation:
    subject_fi/sv/en, body_fi/sv/en); each recipient gets the version in their language, else the
    fallback one. Sending is one transaction: the recipient rows (the log AKE sees) and one outbox row
    per recipient, keyed by message and address, so a second click or a retry queues nobody twice.
    """

    class Audience(models.TextChoices):
        ALL = "all", _("everyone registered")
        CONFIRMED = "confirmed", _("confirmed participants")
        WAITLIST = "waitlist", _("the waitlist")
        ATTENDED = "attended", _("those who attended")
        NOT_ATTENDED = "not_attended", _("those with a seat who did not attend")

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="participant_messages",
    )
    audience = models.CharField(
        _("to whom (of the event)"), max_length=15, choices=Audience.choices, default=Audience.ALL
    )
    working_group = models.ForeignKey(
        "networks.WorkingGroup",
        verbose_name=_("working group (its members)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    campaign = models.ForeignKey(
        "networks.Campaign",
        verbose_name=_("campaign (contact people of the libraries taking part)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    project = models.ForeignKey(
        "networks.DevelopmentProject",
        verbose_name=_("project (contact people of the libraries taking part)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0, editable=False)

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        event__isnull=False,
                        working_group__isnull=True,
                        campaign__isnull=True,
                        project__isnull=True,
                    )
                    | Q(
                        event__isnull=True,
                        working_group__isnull=False,
                        campaign__isnull=True,
                        project__isnull=True,
                    )
                    | Q(
                        event__isnull=True,
                        working_group__isnull=True,
                        campaign__isnull=False,
                        project__isnull=True,
                    )
                    | Q(
                        event__isnull=True,
                        working_group__isnull=True,
                        campaign__isnull=True,
                        project__isnull=False,
                    )
                ),
                name="participantmessage_one_source",
                violation_error_message=_(
                    "Choose exactly one: an event, a working group, a campaign or a project."
                ),
            )
        ]

    def __str__(self):
        return languages.text(self, "subject") or str(_("(no subject)"))

    def clean(self):
        from django.core.exceptions import ValidationError

        sources = [self.event_id, self.working_group_id, self.campaign_id, self.project_id]
        if sum(1 for source in sources if source) != 1:
            raise ValidationError(
                {"event": _("Choose exactly one: an event, a working group, a campaign or a project.")}
            )
        errors = {}
        written = self.written_languages()
        for code in languages.LANGUAGES:
            has_subject = languages.has_text(self, "subject", code)
            has_body = languages.has_text(self, "body", code)
            if has_subject and not has_body:
                errors[f"body_{code}"] = _(
                    "Write the message in this language too, or leave its subject empty."
                )
            elif has_body and not has_subject:
                errors[f"subject_{code}"] = _(
                    "Write a subject in this language too, or leave its message empty."
                )
        if not written and not errors:
            errors["subject_fi"] = _("Write the subject and the message in at least one language.")
        if errors:
            raise ValidationError(errors)

    @property
    def source(self):
        return self.event or self.working_group or self.campaign or self.project

    @property
    def source_label(self) -> str:
        if self.event_id:
            return f"{self.event} – {self.get_audience_display()}"
        if self.working_group_id:
            return str(_("%(group)s – members") % {"group": self.working_group})
        return str(_("%(name)s – contact people of the libraries") % {"name": self.source})

    def written_languages(self) -> list[str]:
        """The languages with both a subject and a message."""
        return [
            code
            for code in languages.LANGUAGES
            if languages.has_text(self, "subject", code) and languages.has_text(self, "body", code)
        ]

    def version_for(self, language: str) -> str:
        """The language of the version a recipient gets: theirs, else its fallback, else any written one."""
        written = self.written_languages()
        for code in languages.fallback_chain(language):
            if code in written:
                return code
        return written[0] if written else languages.DEFAULT_LANGUAGE


class MessageRecipient(models.Model):
    """One recipient of a sent message: the log of what was sent to whom and when."""

    message = models.ForeignKey(ParticipantMessage, on_delete=models.CASCADE, related_name="recipients")
    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=2, default="fi")
    outbox = models.ForeignKey(
        "ake.OutboxMail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)

    class Meta:
        verbose_name = _("message recipient")
        verbose_name_plural = _("message recipients")
        ordering = ["message", "email"]
        constraints = [models.UniqueConstraint(fields=["message", "email"], name="message_recipient_once")]

    def __str__(self):
        return f"{self.message_id} → {self.email}"
