"""The registry's sections of a staff member's "My page" (ake/my_page.py): my groups and their next
meetings, my rotation and my library's partnership."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ake import extensions
from ake.my_page import Item, Section

from .models import GroupMembership, Partnership, RotationPeriod, RotationWish


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _groups(user, now) -> Section:
    today = timezone.localdate(now)
    memberships = list(
        GroupMembership.objects.current_on(today)
        .filter(user=user, group__active=True)
        .select_related("group")
        .order_by("group__name_fi")
    )
    provider = extensions.first("next_group_meetings")
    meetings = (
        provider(group_ids=[m.group_id for m in memberships], now=now) if provider and memberships else {}
    )
    items = []
    for membership in memberships:
        meeting = meetings.get(membership.group_id)
        detail = (
            _("next: %(title)s %(time)s")
            % {
                "title": meeting.title,
                "time": date_format(timezone.localtime(meeting.start), "SHORT_DATETIME_FORMAT"),
            }
            if meeting
            else _("no meeting scheduled")
        )
        items.append(
            Item(
                text=membership.group.name,
                url=meeting.url if meeting else reverse("group_detail", args=[membership.group.slug]),
                detail=detail,
                badge=str(membership.get_role_display()),
            )
        )
    return Section(
        key="groups",
        order=40,
        title=_("My groups and their next meetings"),
        items=items,
        empty_text=_("You are not a member of any working group or network."),
        link_url=reverse("group_list"),
        link_label=_("All groups and networks"),
    )


def _rotation(user, now) -> Section:
    today = timezone.localdate(now)
    items = []
    periods = (
        RotationPeriod.objects.filter(person=user, ends_on__gte=today.replace(month=1, day=1))
        .exclude(status=RotationPeriod.Status.CANCELLED)
        .select_related("host_library")
        .order_by("starts_on")
    )
    for period in periods:
        items.append(
            Item(
                text=_("Rotation in %(library)s") % {"library": period.host_library.name},
                url=reverse("rotation_period_detail", args=[period.pk]),
                detail=f"{_day(period.starts_on)}–{_day(period.ends_on)}",
                badge=str(period.get_status_display()),
            )
        )
    for wish in RotationWish.objects.filter(person=user, status=RotationWish.Status.OPEN).order_by(
        "created_at"
    ):
        items.append(
            Item(
                text=_("My rotation wish"),
                url=reverse("rotation_index"),
                detail=_("sent %(date)s") % {"date": _day(timezone.localtime(wish.created_at))},
                badge=str(wish.get_status_display()),
            )
        )
    if user.library_id:
        partnerships = (
            Partnership.objects.filter(Q(libraries=user.library_id) | Q(libraries__branches=user.library_id))
            .filter(starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            .distinct()
            .order_by("theme")
        )
        for partnership in partnerships:
            items.append(
                Item(
                    text=_("Partnership: %(theme)s") % {"theme": partnership.theme},
                    url=reverse("partners"),
                    detail=_("since %(date)s") % {"date": _day(partnership.starts_on)},
                )
            )
    return Section(
        key="rotation",
        order=50,
        title=_("My rotation and partnership"),
        items=items,
        empty_text=_("No rotation period or partnership of yours this year."),
        link_url=reverse("rotation_index"),
        link_label=_("Job rotation"),
    )


def my_page(*, user, now) -> list[Section]:
    return [_groups(user, now), _rotation(user, now)]
