"""Lendable kits and their bookings, and the interlibrary loans Turku sends free of charge.

How a booking blocks a kit unit (the rule the exclusion constraint enforces):

* Every booking holds one physical unit for an inclusive range of days, ``blocked_start`` ..
  ``blocked_end``. The range is the loan itself (pick-up day .. return day) widened by the kit
  type's handling days:

  - delivered by the AKE courier: ``transit_days`` before pick-up (the unit is on its way) and
    ``transit_days`` + ``checking_days`` after the return day (on its way back, then checked);
  - collected by the library in Turku: ``checking_days`` after the return day only.

* Two bookings of one unit may not share a single blocked day while both hold the unit
  (requested, confirmed, handed over, returned). Cancelled and refused bookings hold nothing.

* Hence "return day = next pick-up day" is never allowed on the same unit: a unit collected back on
  day D is free for a new pick-up on D + checking_days + 1 at the earliest (for a courier
  delivery, the new loan's transit days must also fall after that). A kit with a second unit can
  still be handed over on day D, from the other unit.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from ake.constraints import ConstraintErrorsOnFields
from ake.fields import TextLanguageField


class DateRange(Func):
    function = "DATERANGE"
    output_field = DateRangeField()


class KitType(models.TextChoices):
    DIGITAL_DEVICE = "digital_device", _("digital-device kit")
    GAME = "game", _("game kit")
    ESCAPE_GAME = "escape_game", _("escape-game kit")
    STORY = "story", _("story kit")
    REMINISCENCE = "reminiscence", _("reminiscence kit")
    BABY_RHYME = "baby_rhyme", _("baby-rhyme kit")
    OTHER = "other", _("other kit")


class Delivery(models.TextChoices):
    COLLECTED = "collected", _("collected by the library")
    COURIER = "courier", _("sent by the AKE courier")


class KitTypeRule(models.Model):
    """Booking rules of one kit type; a booking outside them waits for AKE's approval."""

    kit_type = models.CharField(_("kit type"), max_length=20, choices=KitType.choices, unique=True)
    longest_loan_days = models.PositiveSmallIntegerField(
        _("longest loan (days)"),
        default=28,
        validators=[MinValueValidator(1)],
        help_text=_("Pick-up day and return day both count."),
    )
    shortest_lead_days = models.PositiveSmallIntegerField(
        _("shortest lead time (days)"),
        default=3,
        help_text=_("How many days before the pick-up a booking must be made at the latest."),
    )
    max_ahead_days = models.PositiveSmallIntegerField(
        _("how far ahead (days)"),
        default=365,
        validators=[MinValueValidator(1)],
        help_text=_("How many days ahead a pick-up may be booked."),
    )
    transit_days = models.PositiveSmallIntegerField(
        _("transit days"),
        default=2,
        help_text=_("Days the courier needs each way; blocked before the pick-up and after the return."),
    )
    checking_days = models.PositiveSmallIntegerField(
        _("checking days"),
        default=1,
        help_text=_("Days AKE needs to check and refill a returned kit; blocked after the return."),
    )

    class Meta:
        verbose_name = _("kit type rule")
        verbose_name_plural = _("kit type rules")
        ordering = ["kit_type"]

    def __str__(self):
        return str(self.get_kit_type_display())

    def blocked_range(
        self, *, pickup_date: datetime.date, return_date: datetime.date, delivery: str
    ) -> tuple[datetime.date, datetime.date]:
        before = self.transit_days if delivery == Delivery.COURIER else 0
        after = self.checking_days + (self.transit_days if delivery == Delivery.COURIER else 0)
        return pickup_date - datetime.timedelta(days=before), return_date + datetime.timedelta(days=after)


class Kit(ClusterableModel):
    # Translated (loans/translation.py): name, description and target_group in fi/sv/en.
    name = models.CharField(_("name"), max_length=200)
    kit_type = models.CharField(_("type"), max_length=20, choices=KitType.choices)
    description = models.TextField(_("description"), blank=True)
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    contents = models.TextField(
        _("contents checklist"),
        blank=True,
        help_text=_("One item per line; checked at hand-over and return."),
    )
    default_loan_days = models.PositiveSmallIntegerField(
        _("default loan length (days)"), default=14, validators=[MinValueValidator(1)]
    )
    active = models.BooleanField(_("available for booking"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("kit")
        verbose_name_plural = _("kits")
        ordering = ["kit_type", "name_fi"]

    def __str__(self):
        return self.name

    @property
    def contents_list(self) -> list[str]:
        return [line.strip() for line in self.contents.splitlines() if line.strip()]


class KitPhoto(Orderable):
    kit = ParentalKey(Kit, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")


class KitDocument(Orderable):
    kit = ParentalKey(Kit, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(_("label"), max_length=250, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("instructions document")
        verbose_name_plural = _("instructions documents")

    @property
    def title(self) -> str:
        return self.label or self.document.title


class KitUnit(models.Model):
    """One physical copy of a kit; bookings hold a unit, never the kit as a whole."""

    class State(models.TextChoices):
        AVAILABLE = "available", _("available")
        IN_REPAIR = "in_repair", _("in repair")
        RETIRED = "retired", _("retired")

    kit = models.ForeignKey(Kit, verbose_name=_("kit"), on_delete=models.CASCADE, related_name="units")
    code = models.CharField(_("unit code"), max_length=40, help_text=_("e.g. the number on the case"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.AVAILABLE)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("kit unit")
        verbose_name_plural = _("kit units")
        ordering = ["kit", "code"]
        constraints = [models.UniqueConstraint(fields=["kit", "code"], name="kitunit_unique_code_per_kit")]

    def __str__(self):
        return f"{self.kit} #{self.code}"


class KitBooking(ConstraintErrorsOnFields, models.Model):
    constraint_error_fields = {"kitbooking_return_after_pickup": "return_date"}

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        CONFIRMED = "confirmed", _("confirmed")
        HANDED_OVER = "handed_over", _("handed over")
        RETURNED = "returned", _("returned")
        CANCELLED = "cancelled", pgettext_lazy("booking", "cancelled")
        REFUSED = "refused", _("refused")

    # Statuses in which the booking keeps its unit; the exclusion constraint applies to these only.
    HOLDING_STATUSES = (Status.REQUESTED, Status.CONFIRMED, Status.HANDED_OVER, Status.RETURNED)
    # Statuses in which the library may still change or cancel the booking.
    OPEN_STATUSES = (Status.REQUESTED, Status.CONFIRMED)

    kit = models.ForeignKey(Kit, verbose_name=_("kit"), on_delete=models.PROTECT, related_name="bookings")
    unit = models.ForeignKey(
        KitUnit, verbose_name=pgettext_lazy("kit", "unit"), on_delete=models.PROTECT, related_name="bookings"
    )
    library = models.ForeignKey(
        "networks.Library", verbose_name=_("library"), on_delete=models.PROTECT, related_name="kit_bookings"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kit_bookings",
    )
    pickup_date = models.DateField(_("pick-up date"))
    return_date = models.DateField(_("return date"))
    delivery = models.CharField(_("delivery method"), max_length=20, choices=Delivery.choices)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    blocked_start = models.DateField(_("unit blocked from"), editable=False)
    blocked_end = models.DateField(_("unit blocked until"), editable=False)
    rule_notes = models.TextField(_("why approval is needed"), blank=True, editable=False)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    # The booker writes the notes, AKE (or whoever cancels) the reason: two writers, two languages.
    notes_language = TextLanguageField(_("language of the notes"))
    decision_language = TextLanguageField(_("language of the reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    condition_notes = models.TextField(_("condition on return"), blank=True)
    missing_contents = models.TextField(_("missing contents"), blank=True)
    created_at = models.DateTimeField(_("booked at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    written_in = {"notes": "notes_language", "decision_reason": "decision_language"}

    class Meta:
        verbose_name = _("kit booking")
        verbose_name_plural = _("kit bookings")
        ordering = ["-pickup_date", "-pk"]
        indexes = [
            models.Index(fields=["kit", "pickup_date"]),
            models.Index(fields=["status", "return_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(return_date__gte=F("pickup_date")),
                name="kitbooking_return_after_pickup",
                violation_error_message=_("The return date cannot be before the pick-up date."),
            ),
            models.CheckConstraint(
                condition=Q(blocked_end__gte=F("blocked_start")),
                name="kitbooking_blocked_range_valid",
                violation_error_message=_("The blocked days cannot end before they start."),
            ),
            # The guard against double booking: concurrent requests, admin edits and imports alike.
            ExclusionConstraint(
                name="kitbooking_unit_no_overlap",
                expressions=[
                    ("unit", RangeOperators.EQUAL),
                    (
                        DateRange("blocked_start", "blocked_end", RangeBoundary(True, True)),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(status__in=["requested", "confirmed", "handed_over", "returned"]),
                violation_error_message=_("The unit is already booked for some of these days."),
            ),
        ]

    def __str__(self):
        return f"{self.kit} – {self.library} ({self.pickup_date:%d.%m.%Y}–{self.return_date:%d.%m.%Y})"

    @property
    def loan_days(self) -> int:
        return (self.return_date - self.pickup_date).days + 1

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_current(self) -> bool:
        """Still ahead or under way (as opposed to returned, cancelled or refused)."""
        return self.status in (self.Status.REQUESTED, self.Status.CONFIRMED, self.Status.HANDED_OVER)

    @property
    def can_extend(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.HANDED_OVER)

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.HANDED_OVER and self.return_date < timezone.localdate()


class KitBookingEvent(models.Model):
    """The history of a booking: who did what and when (kept when the booker's account goes)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("booked")
        REQUESTED = "requested", _("sent for approval")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")
        CHANGED = "changed", _("dates changed")
        EXTENDED = "extended", _("extended")
        EXTENSION_REFUSED = "extension_refused", _("extension refused")
        HANDED_OVER = "handed_over", _("handed over")
        RETURNED = "returned", _("returned")
        CANCELLED = "cancelled", pgettext_lazy("booking", "cancelled")

    booking = models.ForeignKey(KitBooking, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(pgettext_lazy("history", "event"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("booking event")
        verbose_name_plural = _("booking events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%d.%m.%Y}"


class KitReminder(models.Model):
    """A reminder due on a day; a beat task sends the due ones (no long Celery ETAs)."""

    class Kind(models.TextChoices):
        PICKUP = "pickup", _("before pick-up")
        RETURN = "return", _("before return")
        OVERDUE = "overdue", _("overdue notice")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", pgettext_lazy("mail", "cancelled")

    booking = models.ForeignKey(KitBooking, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("kit reminder")
        verbose_name_plural = _("kit reminders")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "kind"], name="kitreminder_one_per_kind"),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_on:%d.%m.%Y}"


# --------------------------------------------------------------------------- interlibrary loans
class ShippingMethod(models.TextChoices):
    POST = "post", _("post")
    COURIER = "courier", _("courier (regional transport)")
    MATKAHUOLTO = "matkahuolto", _("Matkahuolto")
    COLLECTED = "collected", _("collected")
    OTHER = "other", _("other")


class InterlibraryLoan(models.Model):
    """One interlibrary-loan request that Turku received, and what was sent.

    Always free of charge to the borrowing library; postage is Turku's cost.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        SENT = "sent", _("sent")
        RETURNED = "returned", _("returned")
        NOT_SUPPLIED = "not_supplied", _("not supplied")

    title = models.CharField(pgettext_lazy("book", "title"), max_length=500)
    author = models.CharField(_("author"), max_length=300, blank=True)
    identifier = models.CharField(_("ISBN or other identifier"), max_length=100, blank=True)
    library = models.ForeignKey(
        "networks.Library",
        verbose_name=_("requesting library"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interlibrary_loans",
    )
    outside_library = models.CharField(
        _("requesting library outside the registry"), max_length=200, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interlibrary_loan_requests",
    )
    requested_on = models.DateField(_("request date"), default=timezone.localdate)
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    volumes = models.PositiveSmallIntegerField(_("volumes"), default=1)
    shipping_method = models.CharField(
        _("shipping method"), max_length=20, choices=ShippingMethod.choices, blank=True
    )
    postage_cost = models.DecimalField(
        _("postage cost (€)"), max_digits=8, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    not_supplied_reason = models.TextField(_("reason not supplied"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # The requesting library's staff write the notes (the request form), Turku's lending staff the
    # reason a loan was not supplied: two writers, two languages, each read as written.
    notes_language = TextLanguageField(_("language of the notes"))
    reason_language = TextLanguageField(_("language of the reason"))
    external_id = models.CharField(
        _("library system id"),
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Set by the import; the same id is never imported twice."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    written_in = {"notes": "notes_language", "not_supplied_reason": "reason_language"}

    class Meta:
        verbose_name = _("interlibrary loan")
        verbose_name_plural = _("interlibrary loans")
        ordering = ["-requested_on", "-pk"]
        indexes = [models.Index(fields=["status", "sent_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(library__isnull=False) | ~Q(outside_library=""),
                name="ill_has_requesting_library",
                violation_error_message=_(
                    "Choose the requesting library or write the name of a library outside the registry."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["sent", "returned"]) | Q(sent_on__isnull=False),
                name="ill_sent_has_date",
                violation_error_message=_("A sent or returned loan needs the date it was sent."),
            ),
        ]

    def __str__(self):
        return f"{self.title} → {self.requesting_library_name}"

    @property
    def requesting_library_name(self) -> str:
        return self.library.name if self.library_id else self.outside_library


class InterlibraryMonthlyTotal(ConstraintErrorsOnFields, models.Model):
    """Volumes and costs of one month for one receiving library, from the library system.

    The rule for the year's figures (C7, costs): a month with a total for a library replaces that
    library's per-loan rows sent in that month, so nothing is counted twice. A total without a
    library stands for all requesting libraries outside the registry together, and replaces the
    per-loan rows of that month that name an outside library.
    """

    constraint_error_fields = {"ill_monthly_total_month": "month"}

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    month = models.PositiveSmallIntegerField(
        _("month"), choices=[(m, str(m)) for m in range(1, 13)], validators=[MinValueValidator(1)]
    )
    library = models.ForeignKey(
        "networks.Library",
        verbose_name=_("receiving library"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: all libraries outside the registry together."),
    )
    volumes = models.PositiveIntegerField(_("volumes"))
    cost = models.DecimalField(
        _("costs (€)"), max_digits=10, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("monthly interlibrary-loan total")
        verbose_name_plural = _("monthly interlibrary-loan totals")
        ordering = ["-year", "-month", "library__name_fi"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "month", "library"], name="ill_monthly_total_unique", nulls_distinct=False
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12),
                name="ill_monthly_total_month",
                violation_error_message=_("The month must be from 1 to 12."),
            ),
        ]

    def __str__(self):
        library = self.library or _("outside the registry")  # outside the f-string, for makemessages
        return f"{self.month}/{self.year} {library}"
