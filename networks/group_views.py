"""Working groups and networks on the site: list, group page, joining, the printable action plan."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ake.areas import EVENTS, REGISTRY, SEATS, USERS, shows_areas
from ake.decorators import post_action
from ake.memo import current_minute, memoized, memoized_unstored

from .forms import GroupJoinForm
from .models import WorkingGroup
from .pdf import pdf_render
from .roles import user_is_ake
from .selectors import (
    action_plan_cost_totals,
    action_plan_get,
    action_plan_list,
    group_join_request_pending,
    group_list_active,
    group_meetings,
    group_member_list_current,
)
from .services import ServiceError, group_join_request_create


@shows_areas(REGISTRY)
def group_list(request):
    return render(request, "networks/group_list.html", {"groups": group_list_active()})


# The meetings show no seat figure: a registration leaves the page warm.
@shows_areas(REGISTRY, EVENTS, without=SEATS)
def group_detail(request, slug):
    today = timezone.localdate()

    def group_and_meetings():
        group = WorkingGroup.objects.filter(slug=slug, active=True).first()
        if group is None:
            return None
        # The meetings are the same for every visitor; "upcoming" moves with the clock.
        return group, group_meetings(group=group, year=today.year, user=None)

    minute = current_minute()
    # Per language: the meetings' titles are in it and their links carry its prefix.
    key = ("group_detail", slug, get_language(), minute)
    found = memoized(request, key, group_and_meetings, areas=(REGISTRY, EVENTS), without=SEATS)
    if found is None:
        raise Http404
    group, meetings = found
    context = {
        "group": group,
        "year": today.year,
        "meetings": meetings,
        "meetings_minute": minute,  # the key of the group's kept heading and meetings
        # The empty form is the same for everyone in a language and shows no stored row: rendered
        # once per process and language (a sixth of the member's page, issue #20).
        "join_form_html": memoized_unstored(
            request, ("group_join_form", get_language()), lambda: GroupJoinForm().as_p()
        ),
    }
    if request.user.is_authenticated:
        # The same for every member (kept per process while nothing of the registry or users changes);
        # the visitor's own pending request is read per request: kept copies hold nothing of the
        # visitor (ake/memo.py).
        user = request.user
        members = memoized(
            request,
            ("group_members", group.pk, today),
            lambda: group_member_list_current(group=group, day=today),
            areas=(REGISTRY, USERS),
        )
        context["members"] = members
        context["members_day"] = today  # the key of the members table's kept rendering
        context["is_member"] = any(m.user_id == user.pk for m in members)
        context["pending_request"] = not context["is_member"] and _waits_to_join(user, group)
        include_drafts = user_is_ake(user)
        context["plans"] = memoized(
            request,
            ("group_plans", group.pk, include_drafts),
            lambda: action_plan_list(group=group, include_drafts=include_drafts),
            areas=REGISTRY,
        )
    return render(request, "networks/group_detail.html", context)


def _waits_to_join(user, group) -> bool:
    """Whether the visitor's own request to join ``group`` waits for AKE's decision: from the
    visitor's row as the session read it (``networks.User.for_session``: no query of its own, and
    nothing of it kept); a user read some other way costs a query."""
    pending = getattr(user, "pending_join_group_ids", None)
    if pending is None:
        return group_join_request_pending(group=group, user=user) is not None
    return group.pk in pending


@post_action(lambda request, slug: reverse("group_detail", args=[slug]))
@login_required
def group_join(request, slug):
    group = get_object_or_404(WorkingGroup, slug=slug, active=True)
    form = GroupJoinForm(request.POST)
    if form.is_valid():
        try:
            join_request = group_join_request_create(
                group=group, user=request.user, message=form.cleaned_data["message"]
            )
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            if join_request.status == join_request.Status.APPROVED:
                messages.success(
                    request, _("Welcome! You are now a member of %(group)s.") % {"group": group.name}
                )
            else:
                messages.success(request, _("Your request was sent. AKE will let you know by email."))
    else:
        messages.error(request, _("The message is too long."))
    return redirect("group_detail", slug=group.slug)


def _plan_or_404(request, slug, year):
    group = get_object_or_404(WorkingGroup, slug=slug)
    plan = action_plan_get(group=group, year=year)
    # Drafts are AKE's working copies; staff see the approved plan.
    if plan is None or (not plan.is_approved and not user_is_ake(request.user)):
        raise Http404
    return plan


def _plan_context(plan):
    return {
        "plan": plan,
        "group": plan.group,
        "totals": action_plan_cost_totals(plan=plan),
        "AKE_ORGANISATION_NAME": settings.AKE_ORGANISATION_NAME,
    }


@login_required
def action_plan_detail(request, slug, year):
    plan = _plan_or_404(request, slug, year)
    return render(request, "networks/action_plan.html", _plan_context(plan))


@login_required
def action_plan_pdf(request, slug, year):
    plan = _plan_or_404(request, slug, year)
    pdf = pdf_render(template_name="networks/pdf/action_plan.html", context=_plan_context(plan))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="action-plan-{plan.group.slug}-{plan.year}.pdf"'
    return response
