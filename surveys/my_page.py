"""The surveys' section of a staff member's "My page" (ake/my_page.py): surveys waiting for my answer.

An invitation not yet used, of a survey open now, links to its answering page (the link of the
invitation mail: only the invitee sees it here). One query whatever the number of invitations.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ake.my_page import Item, Section

from .models import Invitation
from .tokens import invitation_token


def my_page(*, user, now) -> list[Section]:
    invitations = list(
        Invitation.objects.filter(
            Q(user=user) | Q(email__iexact=user.email),
            answered=False,
            survey__opens_at__lte=now,
            survey__closes_at__gt=now,
        )
        .select_related("survey")
        .order_by("survey__closes_at", "pk")
    )
    if not invitations:
        return []
    items = [
        Item(
            text=invitation.survey.title,
            url=reverse("surveys:answer", args=[invitation_token(invitation)]),
            detail=str(invitation.survey.get_kind_display()),
            badge=_("answer by %(date)s")
            % {"date": date_format(timezone.localtime(invitation.survey.closes_at), "SHORT_DATE_FORMAT")},
            attention=True,
        )
        for invitation in invitations
    ]
    return [Section(key="surveys", order=15, title=_("Surveys waiting for my answer"), items=items)]
