"""Writes of the surveys app: answering (once per invitation), invitations and reminders."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ake.languages import normalise
from ake.outbox import outbox_enqueue
from networks.models import Library, User

from .models import (
    Activity,
    Answer,
    Invitation,
    Response,
    Survey,
    SurveyKind,
    size_class_of,
)
from .tokens import invitation_id_from_token, invitation_token, token_matches

logger = logging.getLogger(__name__)


class SurveyError(Exception):
    """A refusal to show next to the form (already answered, closed)."""


class AlreadyAnswered(SurveyError):
    pass


class SurveyClosed(SurveyError):
    pass


def invitation_for_token(token: str) -> Invitation | None:
    pk = invitation_id_from_token(token)
    if pk is None:
        return None
    invitation = Invitation.objects.select_related("survey").filter(pk=pk).first()
    if invitation is None or not token_matches(invitation, token):
        return None
    return invitation


def _groups(library) -> dict:
    """The breakdown groups of a response: never the library itself (too small a group)."""
    if library is None:
        return {"consortium": "", "region": "", "size_class": ""}
    organisation = library.parent if library.parent_id else library
    return {
        "consortium": organisation.consortium,
        "region": organisation.region,
        "size_class": size_class_of(organisation),
    }


def _answer_rows(response: Response, answers: list[dict]) -> list[Answer]:
    return [Answer(response=response, **answer) for answer in answers]


def response_submit(
    *,
    survey: Survey,
    answers: list[dict],
    invitation: Invitation | None = None,
    library: Library | None = None,
    language: str = "fi",
    now: datetime.datetime | None = None,
) -> None:
    """Stores one anonymous response. With an invitation: at most one, however many submit at once.

    The invitation row is locked (SELECT … FOR UPDATE) and marked answered in the same transaction
    that writes the response: a second submission of the same link waits for the first and then finds
    it answered. The response gets the day only and the breakdown groups of the respondent's library.
    """
    now = now or timezone.now()
    with transaction.atomic():
        if invitation is not None:
            # Locked alone: FOR UPDATE cannot reach the nullable side of a join to the user.
            invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
            if invitation.answered:
                raise AlreadyAnswered(_("This invitation has already been used to answer. Thank you!"))
            if invitation.user_id is not None:
                # The invitee's library in the registry is the breakdown; a library they chose in
                # the form counts only for those without one.
                library = (
                    Library.objects.filter(staff__pk=invitation.user_id).select_related("parent").first()
                    or library
                )
        if not survey.is_open(now):
            raise SurveyClosed(_("The survey is not open for answers."))
        response = Response.objects.create(
            survey=survey,
            submitted_on=timezone.localdate(now),
            text_language=normalise(language),
            **_groups(library),
        )
        Answer.objects.bulk_create(_answer_rows(response, answers))
        if invitation is not None:
            Invitation.objects.filter(pk=invitation.pk).update(answered=True)


# --------------------------------------------------------------------------- invitations
def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _invitation_message(invitation: Invitation, *, reminder: bool) -> EmailMessage:
    survey = invitation.survey
    with translation.override(invitation.language):
        link = _absolute(reverse("surveys:answer", args=[invitation_token(invitation)]))
        context = {"survey": survey, "link": link, "reminder": reminder, "closes_at": survey.closes_at}
        body = render_to_string("surveys/email/invitation.txt", context)
        if reminder:
            subject = _("Reminder: %(title)s") % {"title": survey.title}
        else:
            subject = _("Survey: %(title)s") % {"title": survey.title}
    return EmailMessage(subject, body, None, [invitation.email])


def audience(survey: Survey) -> list[tuple[str, User | None]]:
    """Who the survey is for: the region's staff (yearly) or the participants of the activity."""
    active = User.objects.filter(is_active=True)
    emails: list[str] = []
    if survey.kind == SurveyKind.YEARLY or survey.activity == Activity.NONE:
        users = active.filter(library__isnull=False)
        return [(user.email, user) for user in users.order_by("pk")]
    if survey.activity in (Activity.EVENT, Activity.COFFEE_HOURS):
        from trainings.models import Attendance, EventKind, Registration

        if survey.activity == Activity.EVENT:
            events = Q(event=survey.event)
        else:
            events = Q(event__kind=EventKind.COFFEE_HOUR, event__start__year=survey.coffee_hour_year)
        emails = list(Attendance.objects.filter(events).values_list("email", flat=True))
        if not emails:  # before the attendance is recorded: the confirmed registrations
            emails = list(
                Registration.objects.filter(events, status=Registration.Status.CONFIRMED).values_list(
                    "email", flat=True
                )
            )
    elif survey.activity == Activity.GROUP:
        users = active.filter(group_memberships__in=survey.group.memberships.current_on(timezone.localdate()))
        return [(user.email, user) for user in users.distinct().order_by("pk")]
    else:
        target = survey.target
        if survey.activity == Activity.CAMPAIGN:
            library_ids = target.participations.values_list("library_id", flat=True)
        elif survey.activity == Activity.PROJECT:
            # The pilot libraries, whether AKE chose them in the project's form or accepted their
            # sign-up (which adds them there); an "interested" sign-up is not taking part.
            library_ids = target.pilot_libraries.values_list("pk", flat=True)
        else:
            library_ids = target.libraries.values_list("pk", flat=True)
        users = active.filter(Q(library_id__in=library_ids) | Q(library__parent_id__in=library_ids))
        return [(user.email, user) for user in users.distinct().order_by("pk")]
    seen: dict[str, None] = dict.fromkeys(email.lower() for email in emails)
    users_by_email = {user.email.lower(): user for user in active.filter(email__in=list(seen))}
    return [(email, users_by_email.get(email)) for email in seen]


def invitations_send(*, survey: Survey, extra_emails: list[str] = (), include_audience: bool = True) -> int:
    """Invites everyone not yet invited; each mail is an outbox row of this transaction, in the
    recipient's language. Returns the number of new invitations."""
    people = audience(survey) if include_audience else []
    known = {email.lower() for email, _user in people}
    for email in extra_emails:
        if email.lower() not in known:
            known.add(email.lower())
            people.append((email, User.objects.filter(email__iexact=email).first()))
    with transaction.atomic():
        already = {
            email.lower()
            for email in Invitation.objects.filter(survey=survey).values_list("email", flat=True)
        }
        new = [
            Invitation(
                survey=survey,
                user=user,
                email=email,
                language=normalise(user.language if user else "fi"),
            )
            for email, user in people
            if email.lower() not in already
        ]
        Invitation.objects.bulk_create(new, ignore_conflicts=True)
        created = Invitation.objects.filter(survey=survey, email__in=[i.email for i in new]).select_related(
            "survey"
        )
        count = 0
        for invitation in created:
            outbox_enqueue(
                _invitation_message(invitation, reminder=False),
                purpose="surveys.invitation",
                key=f"surveys.invitation:{invitation.pk}",
            )
            count += 1
    logger.info("survey invitations queued", extra={"survey": survey.pk, "count": count})
    return count


def reminders_send(*, survey: Survey) -> int:
    """A reminder to every invitee who has not answered (never to those who have)."""
    with transaction.atomic():
        pending = list(
            Invitation.objects.select_for_update()
            .filter(survey=survey, answered=False)
            .select_related("survey")
            .order_by("pk")
        )
        for invitation in pending:
            invitation.reminders += 1
            outbox_enqueue(
                _invitation_message(invitation, reminder=True),
                purpose="surveys.reminder",
                key=f"surveys.reminder:{invitation.pk}:{invitation.reminders}",
            )
        Invitation.objects.bulk_update(pending, ["reminders"])
    logger.info("survey reminders queued", extra={"survey": survey.pk, "count": len(pending)})
    return len(pending)
