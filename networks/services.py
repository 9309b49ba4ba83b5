import datetime
import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ake.languages import mark_quoted_languages, writer_language, written_texts
from ake.sanitize import header_text

from .models import (
    AccessRequest,
    Campaign,
    CampaignParticipation,
    GroupActionPlan,
    GroupJoinRequest,
    GroupMembership,
    Library,
    RotationPeriod,
    RotationPlacement,
    RotationWish,
    User,
    WorkingGroup,
)
from .privacy import erasers, exporters

logger = logging.getLogger(__name__)


def _mail(subject, body: str, to: str, purpose: str, quotes=()) -> None:
    """One mail as an outbox row in the current transaction (ake/outbox.py): sent after the commit.
    `quotes`: the free texts it quotes with their languages (`ake.languages.written_texts`), marked
    with ``lang`` in an HTML part where they are not in the mail's language."""
    from ake.outbox import outbox_enqueue

    message = mark_quoted_languages(EmailMessage(str(subject), body, None, [to]), quotes)
    outbox_enqueue(message, purpose=purpose)


def _to_ake():
    """AKE's mails are written in AKE's language (the site's default), not in the language of the
    page the person happened to use, as the loans app's mails to AKE are."""
    return translation.override(settings.LANGUAGE_CODE)


ACCESS_REQUEST_NOT_PENDING = _("This access request has already been decided.")
ACCESS_REQUEST_EMAIL_TAKEN = _("An account with this email address exists already.")


class ServiceError(Exception):
    """A rule of the domain refused the action; the message is for the user."""


@transaction.atomic
def access_request_create(
    *, email, first_name, last_name, library, reason, raw_password, language
) -> AccessRequest:
    request = AccessRequest(
        email=email.lower(),
        first_name=first_name,
        last_name=last_name,
        library=library,
        reason=reason,
        language=language,
        password_hash=make_password(raw_password),
    )
    request.full_clean(exclude=["password_hash"])
    request.save()
    _notify_ake_of_access_request(request.pk)
    return request


def _notify_ake_of_access_request(request_id: int) -> None:
    request = AccessRequest.objects.get(pk=request_id)
    with _to_ake():
        body = render_to_string("networks/email/access_request_new.txt", {"access_request": request})
        subject = _("New access request to the extranet")
        quotes = written_texts(request, "reason")
        _mail(subject, body, settings.AKE_CONTACT_EMAIL, "networks.access_request", quotes)


@transaction.atomic
def access_request_approve(*, access_request: AccessRequest, decided_by: User, library=None) -> User:
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if access_request.status != AccessRequest.Status.PENDING:
        raise ServiceError(ACCESS_REQUEST_NOT_PENDING)
    if User.objects.filter(email__iexact=access_request.email).exists():
        raise ServiceError(ACCESS_REQUEST_EMAIL_TAKEN)
    user = User(
        email=access_request.email,
        first_name=access_request.first_name,
        last_name=access_request.last_name,
        library=library or access_request.library,
        language=access_request.language,
        password=access_request.password_hash,
    )
    user.save()
    from django.contrib.auth.models import Group

    from .roles import LIBRARY_STAFF

    user.groups.add(Group.objects.get(name=LIBRARY_STAFF))
    # The address has not been proven yet: the person verifies it before the first login.
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    access_request.status = AccessRequest.Status.APPROVED
    access_request.decided_by = decided_by
    access_request.decided_at = timezone.now()
    access_request.password_hash = ""
    access_request.save()
    _send_verification(address.pk)  # an outbox row in this transaction
    return user


def _send_verification(address_id: int) -> None:
    address = EmailAddress.objects.select_related("user").get(pk=address_id)
    with translation.override(address.user.language):
        address.send_confirmation(request=None, signup=False)


@transaction.atomic
def access_request_reject(*, access_request: AccessRequest, decided_by: User, note: str) -> AccessRequest:
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if access_request.status != AccessRequest.Status.PENDING:
        raise ServiceError(ACCESS_REQUEST_NOT_PENDING)
    access_request.status = AccessRequest.Status.REJECTED
    access_request.decision_note = note
    access_request.decided_by = decided_by
    access_request.decided_at = timezone.now()
    access_request.password_hash = ""
    access_request.save()
    email, language = access_request.email, access_request.language

    with translation.override(language):
        body = render_to_string(
            "networks/email/access_request_rejected.txt",
            {"note": note, "AKE_CONTACT_EMAIL": settings.AKE_CONTACT_EMAIL},
        )
        _mail(_("Your access request to the extranet"), body, email, "networks.access_request_rejected")
    return access_request


def user_data_export(*, user: User) -> dict:
    data = {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "title": user.title,
            "phone": user.phone,
            "library": user.library.name_fi if user.library else None,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": list(
                EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
            ),
        }
    }
    for section, exporter in sorted(exporters().items()):
        data[section] = exporter(user)
    return data


# What history rows show in place of an erased person's name.
ERASED_LABEL = "–"


@transaction.atomic
def user_erase(*, user: User) -> None:
    """Deletes the account; other apps anonymise what the yearly indicators still count."""
    from ake.outbox import outbox_erase_address

    for eraser in erasers().values():
        eraser(user)
    # Last: an eraser may have queued a mail (a cancelled registration is told by mail).
    outbox_erase_address(user.email, names=(user.get_full_name(),))
    AccessRequest.objects.filter(email__iexact=user.email).delete()
    _admin_log_entries_anonymise(user)
    _sessions_end(user)
    user.delete()


def _sessions_end(user: User) -> None:
    """Signs the person out everywhere: sessions in other browsers would otherwise outlive the account."""
    from django.contrib.sessions.models import Session

    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            session.delete()


def _admin_log_entries_anonymise(user: User) -> None:
    """Wagtail's history of the account ("edited user Maija Virtanen") keeps its rows, not the name.

    The label is the object's str() when it was logged; entries the person wrote point at a user id
    that no longer resolves, and Wagtail shows them as a deleted user.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(label=ERASED_LABEL, data={})


# --------------------------------------------------------------------------- working groups
GROUP_ALREADY_MEMBER = gettext_lazy("You are already a member of this group.")
GROUP_REQUEST_PENDING = gettext_lazy("Your request to join this group is already waiting for AKE.")
GROUP_NOT_ACTIVE = gettext_lazy("This group no longer takes new members.")
GROUP_MEMBERSHIP_OVERLAPS = gettext_lazy(
    "The membership overlaps another one: the person is already a member for these dates, or the "
    "consortium already has a representative for them."
)
JOIN_REQUEST_NOT_PENDING = gettext_lazy("This request has already been decided.")
# A rotating consortium representative's term (plan §3.2).
CONSORTIUM_TERM_YEARS = 2


def term_end(starts_on: datetime.date, years: int = CONSORTIUM_TERM_YEARS) -> datetime.date:
    """The last day of a term of ``years`` starting on ``starts_on`` (1.1.2024 -> 31.12.2025)."""
    try:
        anniversary = starts_on.replace(year=starts_on.year + years)
    except ValueError:  # 29 February
        anniversary = starts_on.replace(year=starts_on.year + years, day=28) + datetime.timedelta(days=1)
    return anniversary - datetime.timedelta(days=1)


@transaction.atomic
def group_membership_add(
    *,
    group: WorkingGroup,
    user: User | None = None,
    library: Library | None = None,
    role: str = GroupMembership.Role.MEMBER,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    consortium: str = "",
) -> GroupMembership:
    if role == GroupMembership.Role.CONSORTIUM_REPRESENTATIVE:
        starts_on = starts_on or timezone.localdate()
        ends_on = ends_on or term_end(starts_on)
    membership = GroupMembership(
        group=group,
        user=user,
        library=library or (user.library if user else None),
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
        consortium=consortium,
    )
    try:
        membership.full_clean()
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages)) from error
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:
        # Two requests passed full_clean at once: the exclusion constraint keeps one.
        raise ServiceError(GROUP_MEMBERSHIP_OVERLAPS) from error
    return membership


@transaction.atomic
def group_join_request_create(*, group: WorkingGroup, user: User, message: str = "") -> GroupJoinRequest:
    """Open networks take the person in at once; other groups queue the request for AKE."""
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    if not group.active:
        raise ServiceError(GROUP_NOT_ACTIVE)
    today = timezone.localdate()
    if GroupMembership.objects.filter(group=group, user=user).current_on(today).exists():
        raise ServiceError(GROUP_ALREADY_MEMBER)
    if GroupJoinRequest.objects.filter(
        group=group, user=user, status=GroupJoinRequest.Status.PENDING
    ).exists():
        raise ServiceError(GROUP_REQUEST_PENDING)
    join_request = GroupJoinRequest(
        group=group,
        user=user,
        library=user.library,
        message=message.strip(),
        message_language=writer_language(user),
    )
    join_request.full_clean()
    if group.open_to_join:
        join_request.status = GroupJoinRequest.Status.APPROVED
        join_request.decided_at = timezone.now()
        join_request.save()
        group_membership_add(group=group, user=user, starts_on=today)
    else:
        join_request.save()
        _notify_ake_of_join_request(join_request.pk)
    return join_request


def _notify_ake_of_join_request(join_request_id: int) -> None:
    join_request = GroupJoinRequest.objects.select_related("group", "user", "library").get(pk=join_request_id)
    with _to_ake():
        body = render_to_string("networks/email/group_join_request_new.txt", {"join_request": join_request})
        subject = _("New request to join a working group")
        quotes = written_texts(join_request, "message")
        _mail(subject, body, settings.AKE_CONTACT_EMAIL, "networks.join_request", quotes)


def _notify_person_of_join_decision(join_request_id: int) -> None:
    join_request = GroupJoinRequest.objects.select_related("group", "user").get(pk=join_request_id)
    if join_request.user is None:
        return
    with translation.override(join_request.user.language):
        body = render_to_string(
            "networks/email/group_join_request_decided.txt",
            {"join_request": join_request, "AKE_CONTACT_EMAIL": settings.AKE_CONTACT_EMAIL},
        )
        subject = header_text(_("Your request to join %(group)s") % {"group": join_request.group.name})
        _mail(subject, body, join_request.user.email, "networks.join_decision")


@transaction.atomic
def group_join_request_approve(*, join_request: GroupJoinRequest, decided_by: User) -> GroupMembership:
    join_request = GroupJoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != GroupJoinRequest.Status.PENDING or join_request.user is None:
        raise ServiceError(JOIN_REQUEST_NOT_PENDING)
    membership = group_membership_add(
        group=join_request.group, user=join_request.user, starts_on=timezone.localdate()
    )
    join_request.status = GroupJoinRequest.Status.APPROVED
    join_request.decided_by = decided_by
    join_request.decided_at = timezone.now()
    join_request.save()
    _notify_person_of_join_decision(join_request.pk)
    return membership


@transaction.atomic
def group_join_request_reject(
    *, join_request: GroupJoinRequest, decided_by: User, note: str = ""
) -> GroupJoinRequest:
    join_request = GroupJoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != GroupJoinRequest.Status.PENDING:
        raise ServiceError(JOIN_REQUEST_NOT_PENDING)
    join_request.status = GroupJoinRequest.Status.REJECTED
    join_request.decided_by = decided_by
    join_request.decided_at = timezone.now()
    join_request.decision_note = note
    join_request.save()
    _notify_person_of_join_decision(join_request.pk)
    return join_request


@transaction.atomic
def group_action_plan_approve(*, plan: GroupActionPlan) -> GroupActionPlan:
    plan = GroupActionPlan.objects.select_for_update().get(pk=plan.pk)
    plan.status = GroupActionPlan.Status.APPROVED
    plan.approved_at = timezone.localdate()
    plan.save(update_fields=["status", "approved_at", "updated_at"])
    return plan


# --------------------------------------------------------------------------- job rotation
ROTATION_OUTSIDE_WINDOW = gettext_lazy("The dates fall outside the placement's time window.")
ROTATION_NOT_RECIPROCAL = gettext_lazy(
    "A reciprocal exchange goes the other way: the other period's home library must be this one's host."
)
ROTATION_NOT_YOURS = gettext_lazy("You can claim costs only for your own rotation period.")
ROTATION_CANCELLED = gettext_lazy("The period was cancelled.")
ROTATION_WISH_NOT_OPEN = gettext_lazy("This wish has already been matched or withdrawn.")


@transaction.atomic
def rotation_wish_create(
    *, person: User, interests: str, timing: str, preferred_libraries=(), home_library: Library | None = None
) -> RotationWish:
    wish = RotationWish(
        person=person,
        home_library=home_library or person.library,
        interests=interests,
        timing=timing,
        text_language=writer_language(person),
    )
    wish.full_clean()
    wish.save()
    wish.preferred_libraries.set(preferred_libraries)
    _notify_ake_of_rotation_wish(wish.pk)
    return wish


def _notify_ake_of_rotation_wish(wish_id: int) -> None:
    wish = RotationWish.objects.select_related("person", "home_library").get(pk=wish_id)
    with _to_ake():
        body = render_to_string("networks/email/rotation_wish_new.txt", {"wish": wish})
        quotes = written_texts(wish, "interests", "timing")
        _mail(_("New job rotation wish"), body, settings.AKE_CONTACT_EMAIL, "networks.rotation_wish", quotes)


@transaction.atomic
def rotation_match(
    *, wish: RotationWish, placement: RotationPlacement, starts_on: datetime.date, ends_on: datetime.date
) -> RotationPeriod:
    """AKE matches a wish with a placement: the period starts as planned, with the host's onboarding plan."""
    wish = RotationWish.objects.select_for_update().get(pk=wish.pk)
    placement = RotationPlacement.objects.select_for_update().get(pk=placement.pk)
    if wish.status != RotationWish.Status.OPEN:
        raise ServiceError(ROTATION_WISH_NOT_OPEN)
    if starts_on < placement.window_starts or ends_on > placement.window_ends:
        raise ServiceError(ROTATION_OUTSIDE_WINDOW)
    period = RotationPeriod(
        person=wish.person,
        home_library=wish.home_library,
        host_library=placement.host_library,
        host_supervisor=str(placement.contact or ""),
        starts_on=starts_on,
        ends_on=ends_on,
        placement=placement,
        wish=wish,
        onboarding_plan=placement.onboarding_plan,
    )
    try:
        period.full_clean()
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages)) from error
    period.save()
    wish.status = RotationWish.Status.MATCHED
    wish.save(update_fields=["status"])
    placement.status = RotationPlacement.Status.FILLED
    placement.save(update_fields=["status"])
    return period


@transaction.atomic
def rotation_period_link_reciprocal(*, period: RotationPeriod, other: RotationPeriod) -> None:
    periods = {
        p.pk: p for p in RotationPeriod.objects.select_for_update().filter(pk__in=[period.pk, other.pk])
    }
    period, other = periods[period.pk], periods[other.pk]
    if period.host_library_id != other.home_library_id or period.home_library_id != other.host_library_id:
        raise ServiceError(ROTATION_NOT_RECIPROCAL)
    # Each side points at the other, so either period finds its partner without a second lookup.
    RotationPeriod.objects.filter(reciprocal__in=[period, other]).update(reciprocal=None)
    period.reciprocal = other
    period.save(update_fields=["reciprocal"])
    other.reciprocal = period
    other.save(update_fields=["reciprocal"])


@transaction.atomic
def rotation_cost_claim_create(
    *, period: RotationPeriod, person: User, kind: str, claimed_amount, description: str = ""
):
    """A participant's claim, recorded as a cost of the period against the grant (finance.Cost).

    It waits for AKE's approval and counts against the grant only once approved (with the approved
    amount as the amount budgeted). Travel and lodging are reimbursed to the person through the city's
    payroll, substitutes to the home library.
    """
    from finance.models import Activity, ClaimStatus, Cost, PayeeType

    period = RotationPeriod.objects.select_for_update().get(pk=period.pk)
    if period.person_id != person.pk:
        raise ServiceError(ROTATION_NOT_YOURS)
    if period.status == RotationPeriod.Status.CANCELLED:
        raise ServiceError(ROTATION_CANCELLED)
    cost = Cost(
        activity=Activity.ROTATION,
        rotation_period=period,
        category=kind,
        claimed_amount=claimed_amount,
        claim_status=ClaimStatus.PENDING,
        amount_budgeted=0,
        description=description,
        date=timezone.localdate(),
        payee_type=PayeeType.PUBLIC if kind == "substitutes" else PayeeType.PERSON,
        recorded_by=person,
    )
    cost.full_clean()
    cost.save()
    return cost


# --------------------------------------------------------------------------- campaigns
CAMPAIGN_CLOSED = gettext_lazy("Sign-up for this campaign is closed; ask AKE.")
CAMPAIGN_ALREADY = gettext_lazy("Your library is already taking part in this campaign.")
CAMPAIGN_NO_LIBRARY = gettext_lazy("Your profile has no library yet.")


@transaction.atomic
def campaign_sign_up(
    *, campaign: Campaign, library: Library | None, signed_up_by: User | None
) -> CampaignParticipation:
    """Signs a library up for a campaign: from the site (staff, while sign-up is open) or by AKE."""
    if library is None:
        raise ServiceError(CAMPAIGN_NO_LIBRARY)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    from_site = signed_up_by is not None and not _is_ake(signed_up_by)
    if from_site and not campaign.sign_up_open:
        raise ServiceError(CAMPAIGN_CLOSED)
    if CampaignParticipation.objects.filter(campaign=campaign, library=library).exists():
        raise ServiceError(CAMPAIGN_ALREADY)
    participation = CampaignParticipation(campaign=campaign, library=library, signed_up_by=signed_up_by)
    try:
        with transaction.atomic():
            participation.save()
    except IntegrityError as error:
        raise ServiceError(CAMPAIGN_ALREADY) from error
    return participation


def _is_ake(user: User) -> bool:
    from .roles import user_is_ake

    return user_is_ake(user)


# --------------------------------------------------------------------------- development projects
PROJECT_SIGN_UP_CLOSED = gettext_lazy("Sign-up for this project is not open; ask AKE.")
PROJECT_ALREADY = gettext_lazy("Your library has already signed up for this project.")


@transaction.atomic
def project_sign_up(*, project, library: Library | None, kind: str, signed_up_by: User):
    """A library signs up for a project (as a pilot or as interested) from its page; AKE accepts."""
    from .models import DevelopmentProject, ProjectSignUp

    if library is None:
        raise ServiceError(CAMPAIGN_NO_LIBRARY)
    project = DevelopmentProject.objects.select_for_update().get(pk=project.pk)
    if not (project.public and project.sign_up_open):
        raise ServiceError(PROJECT_SIGN_UP_CLOSED)
    if ProjectSignUp.objects.filter(project=project, library=library).exists():
        raise ServiceError(PROJECT_ALREADY)
    sign_up = ProjectSignUp(project=project, library=library, kind=kind, signed_up_by=signed_up_by)
    sign_up.full_clean()
    sign_up.save()
    return sign_up
