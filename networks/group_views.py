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
    group_active_get,
    group_join_request_pending,
    group_list_active,
    group_meetings,
    group_members_current_kept,
)
from .services import ServiceError, group_join_request_create


@shows_areas(REGISTRY)
def group_list(request):
    return render(request, "networks/group_list.html", {"groups": group_list_active()})


# The meetings show no seat figure: a registration leaves the page warm.
@shows_areas(REGISTRY, EVENTS, without=SEATS)
def group_detail(request, slug):
    today = timezone.localdate()
    language = get_language()
    # The group, kept while the registry holds; after a registry write its row is read again (one
    # compiled statement) and the group built again only if the row changed. An event's edit
    # leaves it kept.
    group, group_stamp = memoized(
        request, ("group", slug), lambda: group_active_get(slug=slug), areas=REGISTRY
    )
    if group is None:
        raise Http404
    # The meetings are the same for every visitor; "upcoming" moves with the clock. Per language:
    # their titles are in it and their links carry its prefix. After an event's edit their rows are
    # read again (one compiled statement) and built again only if they changed; a registry write
    # leaves them kept.
    meetings = memoized(
        request,
        ("group_meetings", group.pk, today.year, language, current_minute()),
        lambda: group_meetings(group=group, year=today.year, user=None),
        areas=EVENTS,
        without=SEATS,
    )
    context = {
        "group": group,
        "group_stamp": group_stamp,  # the key of the group's kept heading (with the meetings')
        "year": today.year,
        "meetings": meetings,
        # The empty form is the same for everyone in a language and shows no stored row: rendered
        # once per process and language (a sixth of the member's page, issue #20).
        "join_form_html": memoized_unstored(
            request, ("group_join_form", language), lambda: GroupJoinForm().as_p()
        ),
    }
    if request.user.is_authenticated:
        # The same for every member (kept per process while nothing of the registry or users changes;
        # then read again and built again only if the rows changed); the visitor's own pending
        # request comes with the session's user: kept copies hold nothing of the visitor (ake/memo.py).
        user = request.user
        members, members_stamp = memoized(
            request,
            ("group_members", group.pk, today),
            lambda: group_members_current_kept(group=group, day=today),
            areas=(REGISTRY, USERS),
        )
        context["members"] = members
        context["members_stamp"] = members_stamp  # the key of the members table's kept rendering
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
