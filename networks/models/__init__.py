"""The library registry, users and their libraries, and the working groups.

This is the lowest layer of the project: every other app may import it, it imports none of them.
"""

import datetime

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ake.constraints import ConstraintErrorsOnFields
from networks.municipalities import fill_municipality_names


class Region(models.TextChoices):
    VARSINAIS_SUOMI = "varsinais-suomi", _("Varsinais-Suomi")
    SATAKUNTA = "satakunta", _("Satakunta")


class Consortium(models.TextChoices):
    VASKI = "vaski", "Vaski"
    BLANKA = "blanka", "Blanka"
    LOISTO = "loisto", "Loisto"
    SATA = "sata", "Sata"
    NONE = "none", _("No consortium")


class LibraryQuerySet(models.QuerySet):
    def organisations(self):
        return self.filter(parent__isnull=True)

    def active_on(self, day: datetime.date):
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=day)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=day)
        )


class Library(models.Model):
    """A public library organisation of the region, or a branch under one (``parent`` set).

    Participation by a branch counts for its organisation (``organisation``).
    """

    # Translated (networks/translation.py): name_fi/sv/en, municipality_fi/sv/en.
    name = models.CharField(_("name"), max_length=200)
    municipality = models.CharField(_("municipality"), max_length=100)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    consortium = models.CharField(_("consortium"), max_length=10, choices=Consortium.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("organisation (for a branch)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    bilingual = models.BooleanField(_("bilingual municipality"), default=False)
    swedish_school_island = models.BooleanField(_("Swedish-school municipality"), default=False)
    population = models.PositiveIntegerField(_("population of the municipality"), null=True, blank=True)
    staff_count = models.PositiveIntegerField(
        _("staff (person-years)"),
        null=True,
        blank=True,
        help_text=_("Used to suggest similar partner libraries."),
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(
        _("active to"), null=True, blank=True, help_text=_("Set when a library ends, e.g. in a merger.")
    )
    source_note = models.TextField(_("source and confidence"), blank=True)
    # Whom AKE writes to about the campaigns and projects the library takes part in (issue #17); when
    # unset, whoever signed the library up is written to instead.
    contact_person = models.ForeignKey(
        "networks.User",
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_for_libraries",
        help_text=_(
            "A staff member of this library. AKE's messages about campaigns and projects go to them."
        ),
    )

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("library")
        verbose_name_plural = _("libraries")
        ordering = ["name_fi"]
        constraints = [models.UniqueConstraint(fields=["name_fi"], name="library_unique_name_fi")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The municipality's official Swedish name and its English one from the Finnish name, unless
        # AKE wrote another; see networks/municipalities.py.
        filled = fill_municipality_names(self)
        if filled and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *filled}
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        person = self.contact_person
        if person is not None and (person.library is None or person.library.organisation_id != self.pk):
            raise ValidationError({"contact_person": _("The contact person must work at this library.")})

    @property
    def organisation(self) -> "Library":
        return self.parent or self

    @property
    def organisation_id(self) -> int:
        return self.parent_id or self.pk


class LibraryEmailDomain(models.Model):
    """A mail domain whose owners may sign up without AKE's approval."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="email_domains")
    domain = models.CharField(_("email domain"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("email domain")
        verbose_name_plural = _("email domains")
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().lstrip("@")
        super().save(*args, **kwargs)


class CountedLibraries(models.Model):
    """AKE's decision, per year, of which library organisations form the denominator of the shares.

    Kept per year so that a later merger or correction in the registry never changes a past year.
    """

    year = models.PositiveIntegerField(_("year"), unique=True)
    libraries = models.ManyToManyField(Library, related_name="counted_in_years", verbose_name=_("libraries"))
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        "networks.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("libraries counted for a year")
        verbose_name_plural = _("libraries counted per year")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def for_session(self):
        """The users as every logged-in request reads its own (ake/auth_backends.py, one query): each
        with ``pending_join_group_ids``, the groups whose join request of theirs waits for AKE, so a
        group page decides "your request is waiting" from the visitor's own row without a query of
        its own (issue #20). Read per request, never kept (ake/memo.py)."""
        from django.contrib.postgres.expressions import ArraySubquery
        from django.contrib.postgres.fields import ArrayField
        from django.db.models import IntegerField, OuterRef

        from .groups import GroupJoinRequest

        pending = GroupJoinRequest.objects.filter(
            user=OuterRef("pk"), status=GroupJoinRequest.Status.PENDING
        ).order_by()
        return self.annotate(
            pending_join_group_ids=ArraySubquery(
                pending.values("group_id"), output_field=ArrayField(IntegerField())
            )
        )


class User(AbstractUser):
    """A person using the extranet; logs in by email."""

    class Language(models.TextChoices):
        FINNISH = "fi", "Suomi"
        SWEDISH = "sv", "Svenska"
        ENGLISH = "en", "English"

    username = None
    email = models.EmailField(_("email address"), unique=True)
    library = models.ForeignKey(
        Library,
        verbose_name=_("library"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FINNISH
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email


class AccessRequest(models.Model):
    """A sign-up from an address outside the libraries' domains, waiting for AKE's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    email = models.EmailField(_("email address"))
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    library = models.ForeignKey(
        Library, verbose_name=_("library"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=User.Language.choices, default="fi")
    password_hash = models.CharField(max_length=255, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, editable=False)

    # The requester has no profile yet: the language chosen on the sign-up form (their profile
    # language once approved) is the language their reason is written in.
    written_in = {"reason": "language"}

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.first_name} {self.last_name} <{self.email}>"


class WorkingGroup(models.Model):
    """A working group, network or core group of the plan (issue #5 grows it)."""

    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("working group")
        NETWORK = "network", _("network")
        CORE_GROUP = "core_group", _("core group")

    slug = models.SlugField(unique=True)
    # Translated (networks/translation.py): name_fi/sv/en, description_fi/sv/en.
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    teams_url = models.URLField(_("Teams workspace"), blank=True)
    mailing_list = models.EmailField(_("mailing list"), blank=True)
    is_swedish_cooperation_group = models.BooleanField(
        _("Swedish-language cooperation group (ÅKE)"), default=False
    )
    meeting_goal = models.PositiveSmallIntegerField(_("meetings a year (goal)"), default=2)
    active = models.BooleanField(_("active"), default=True)
    open_to_join = models.BooleanField(
        _("open to join"),
        default=False,
        help_text=_("Open networks accept a member at once; other groups wait for AKE's approval."),
    )

    class Meta:
        verbose_name = _("working group or network")
        verbose_name_plural = _("working groups and networks")
        ordering = ["name_fi"]

    def __str__(self):
        return self.name


class DateRange(models.Func):
    """PostgreSQL daterange over inclusive start and end days (a missing end is open-ended)."""

    function = "DATERANGE"
    output_field = DateRangeField()

    def __init__(self, start, end):
        super().__init__(start, end, models.Value("[]"))


class GroupMembershipQuerySet(models.QuerySet):
    def current_on(self, day: datetime.date):
        """Memberships in force on ``day``: an expired term no longer counts."""
        return self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=day)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )


class GroupMembership(ConstraintErrorsOnFields, models.Model):
    """A person's membership in a working group or network (issue #5 adds joining and terms)."""

    constraint_error_fields = {"groupmembership_term_in_order": "ends_on"}

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        MEMBER = "member", _("member")
        PERMANENT = "permanent", _("permanent member")
        CONSORTIUM_REPRESENTATIVE = "consortium_rep", _("rotating consortium representative")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="group_memberships"
    )
    library = models.ForeignKey(Library, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True, help_text=_("e.g. the end of a 2-year term"))
    consortium = models.CharField(
        _("represents consortium"),
        max_length=10,
        choices=Consortium.choices,
        blank=True,
        help_text=_("For a rotating consortium representative."),
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)

    objects = GroupMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["group__name_fi", "role", "user__last_name"]
        constraints = [
            # Two overlapping memberships of one person in one group would count the person twice.
            ExclusionConstraint(
                name="groupmembership_no_overlap_per_user",
                expressions=[
                    ("group", RangeOperators.EQUAL),
                    ("user", RangeOperators.EQUAL),
                    (DateRange("starts_on", "ends_on"), RangeOperators.OVERLAPS),
                ],
                condition=Q(user__isnull=False),
                violation_error_message=_("The person is already a member of the group for these dates."),
            ),
            # A consortium has one rotating representative at a time in a group.
            ExclusionConstraint(
                name="groupmembership_one_rep_per_consortium",
                expressions=[
                    ("group", RangeOperators.EQUAL),
                    ("consortium", RangeOperators.EQUAL),
                    (DateRange("starts_on", "ends_on"), RangeOperators.OVERLAPS),
                ],
                condition=Q(role="consortium_rep") & ~Q(consortium=""),
                violation_error_message=_("The consortium already has a representative for these dates."),
            ),
            models.CheckConstraint(
                name="groupmembership_term_in_order",
                violation_error_message=_("The end of the term cannot be before its start."),
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
            ),
        ]

    def __str__(self):
        return f"{self.user or self.library} – {self.group}"

    def is_current_on(self, day: datetime.date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or self.ends_on >= day
        )

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.role == self.Role.CONSORTIUM_REPRESENTATIVE:
            errors = {}
            if not self.consortium:
                errors["consortium"] = _("Choose the consortium the representative stands for.")
            if not self.starts_on or not self.ends_on:
                errors["starts_on"] = _("A rotating representative has a term: give its start and end.")
            if errors:
                raise ValidationError(errors)
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The term cannot end before it starts.")})


class LoginFailure(models.Model):
    """One failed login, counted in PostgreSQL so that the login throttle holds while Redis is down
    (networks/throttle.py). ``key`` is a hash of the login address with the client's address."""

    client = models.CharField(max_length=64)
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        indexes = [
            models.Index(fields=["client", "created_at"], name="networks_loginfail_client"),
            models.Index(fields=["key", "created_at"], name="networks_loginfail_key"),
        ]

    def __str__(self):
        return f"{self.client} {self.created_at:%Y-%m-%d %H:%M}"


# The cooperation registers (issue #5) live in submodules; importing them here registers their models
# and keeps ``from networks.models import X`` working.
from .cooperation import *  # noqa: E402, F403
from .groups import *  # noqa: E402, F403
from .rotation import *  # noqa: E402, F403
from .visits import *  # noqa: E402, F403
