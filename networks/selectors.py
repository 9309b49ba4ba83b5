import datetime
from dataclasses import dataclass

from ake.memo import from_rows
from ake.prepared import PreparedQuery, PreparedRows

from .models import CountedLibraries, Library, LibraryEmailDomain


def library_for_email(email: str) -> Library | None:
    """The library whose registered mail domain the address belongs to (sub-domains included)."""
    domain = email.rsplit("@", 1)[-1].strip().lower()
    candidates = []
    parts = domain.split(".")
    for index in range(len(parts) - 1):
        candidates.append(".".join(parts[index:]))
    match = (
        LibraryEmailDomain.objects.filter(domain__in=candidates)
        .select_related("library")
        .order_by("-domain")  # a longer, more specific domain wins
        .first()
    )
    return match.library if match else None


def library_list_counted(*, year: int) -> list[Library]:
    """The library organisations that form the denominator of every share indicator for ``year``.

    AKE's explicit choice for the year when one is saved; otherwise the organisations active on
    31 December of the year.
    """
    decision = CountedLibraries.objects.filter(year=year).first()
    if decision is not None:
        return list(decision.libraries.order_by("name_fi"))
    return list(Library.objects.organisations().active_on(datetime.date(year, 12, 31)).order_by("name_fi"))


@dataclass(frozen=True)
class LibraryRow:
    pk: int
    parent_id: int | None
    name_fi: str
    name_sv: str
    name_en: str
    active_from: datetime.date | None
    active_to: datetime.date | None

    @property
    def organisation_id(self) -> int:
        return self.parent_id or self.pk

    def active_on(self, day: datetime.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or self.active_to >= day
        )


def library_registry_for_years(*, years) -> tuple[dict[int, LibraryRow], dict[int, set[int]]]:
    """Every library of the registry, and the ids counted for each of ``years`` (the rule of
    library_list_counted), in two queries whatever the number of years: what the report reads."""
    from django.contrib.postgres.aggregates import ArrayAgg

    libraries = {
        row[0]: LibraryRow(*row)
        for row in Library.objects.values_list(
            "pk", "parent_id", "name_fi", "name_sv", "name_en", "active_from", "active_to"
        )
    }
    decisions = dict(
        CountedLibraries.objects.filter(year__in=list(years))
        .annotate(ids=ArrayAgg("libraries", default=[]))
        .values_list("year", "ids")
    )
    counted = {}
    for year in years:
        if year in decisions:
            counted[year] = {pk for pk in decisions[year] if pk is not None}
        else:
            day = datetime.date(year, 12, 31)
            counted[year] = {
                pk for pk, row in libraries.items() if row.parent_id is None and row.active_on(day)
            }
    return libraries, counted


def library_organisation_map() -> dict[int, int]:
    """Maps every library id (branches included) to the id of the organisation it counts for."""
    return {pk: parent_id or pk for pk, parent_id in Library.objects.values_list("pk", "parent_id")}


# --------------------------------------------------------------------------- working groups
def group_list_active():
    from .models import WorkingGroup

    return WorkingGroup.objects.filter(active=True).order_by("name_fi")


def _active_group_query(slug):
    from .models import WorkingGroup

    return WorkingGroup.objects.filter(slug=slug, active=True).order_by("pk")[:1]


_active_group = PreparedQuery(_active_group_query, "ake-sample-group-slug")


def group_active_get(*, slug) -> tuple:
    """``(group, stamp)``: the active group of ``slug`` (or None) from its row, read with a statement
    compiled once per process and built again only when the row changed (ake/memo.py
    ``from_rows``); ``stamp`` changes with it, so the page keeps the group's HTML by it."""
    return from_rows(
        ("networks.group", slug),
        _active_group.rows(slug),
        lambda rows: next(iter(_active_group.instances(rows)), None),
    )


def _by_role(members: list) -> list:
    from .models import GroupMembership

    role_order = {
        GroupMembership.Role.CHAIR: 0,
        GroupMembership.Role.PERMANENT: 1,
        GroupMembership.Role.CONSORTIUM_REPRESENTATIVE: 2,
        GroupMembership.Role.MEMBER: 3,
    }
    members.sort(key=lambda membership: role_order.get(membership.role, 9))
    return members


def _members_shown_query(group_id, day):
    from django.db.models import F

    from .models import GroupMembership

    # The person's name and address as the table shows them, not the user: a kept copy holds no
    # user (ake/memo.py).
    return (
        GroupMembership.objects.filter(group_id=group_id)
        .current_on(day)
        .select_related("library")
        .annotate(
            member_first_name=F("user__first_name"),
            member_last_name=F("user__last_name"),
            member_email=F("user__email"),
        )
        .order_by("user__last_name", "user__first_name", "library__name_fi", "pk")
    )


_members_shown = PreparedQuery(_members_shown_query, -1_000_003, datetime.date(1901, 2, 3))


def _members_from_rows(rows) -> list:
    members = _members_shown.instances(rows)
    for membership in members:
        # str(user): the full name, else the address; nobody without a user.
        name = f"{membership.member_first_name or ''} {membership.member_last_name or ''}".strip()
        membership.member_name = (name or membership.member_email or "") if membership.user_id else ""
    return _by_role(members)


def group_members_current_kept(*, group, day: datetime.date) -> tuple:
    """``(members, stamp)``: the group's members on ``day`` as its page lists them (chairs and
    permanent members first, expired terms left out; each with ``member_name`` and its library,
    not its user), from
    rows read now with a statement compiled once per process and built again only when the rows
    changed (ake/memo.py ``from_rows``); ``stamp`` changes with them, so the page keeps the
    members' table by it."""
    return from_rows(
        ("networks.group_members", group.pk), _members_shown.rows(group.pk, day), _members_from_rows
    )


def group_meetings(*, group, year: int, user) -> dict:
    """Upcoming meetings and meetings held in ``year``, from the app that keeps events (if installed)."""
    from ake import extensions

    provider = extensions.first("group_meetings")
    if provider is None:
        return {"available": False, "upcoming": [], "held_count": 0, "stamp": None}
    data = provider(group=group, year=year, user=user)
    return {
        "available": True,
        "upcoming": list(data.get("upcoming", [])),
        "held_count": int(data.get("held_count", 0)),
        # Changes whenever the meetings do (a provider that keeps them by their rows says so).
        "stamp": data.get("stamp"),
    }


def _pending_request_query(group_id, user_id):
    from .models import GroupJoinRequest

    return GroupJoinRequest.objects.filter(
        group_id=group_id, user_id=user_id, status=GroupJoinRequest.Status.PENDING
    ).order_by("pk")[:1]


# The visitor's own request, for a user not read with the session (the session's user carries it:
# networks.User.for_session): compiled once per process (ake/prepared.py).
_pending_request = PreparedQuery(_pending_request_query, -1_000_001, -1_000_002)


def group_join_request_pending(*, group, user):
    if not user.is_authenticated:
        return None
    return _pending_request.first(group.pk, user.pk)


def action_plan_get(*, group, year: int):
    from .models import GroupActionPlan

    return (
        GroupActionPlan.objects.filter(group=group, year=year)
        .prefetch_related("actions", "costs", "confirmed_members__user", "confirmed_members__library")
        .first()
    )


def action_plan_cost_totals(*, plan) -> dict:
    """Budget per cost kind (in the order of the kinds) and the total."""
    from decimal import Decimal

    from .models import ActionPlanCost

    totals = {kind: Decimal("0") for kind in ActionPlanCost.Kind.values}
    for cost in plan.costs.all():
        totals[cost.kind] += cost.amount
    labels = dict(ActionPlanCost.Kind.choices)
    rows = [(labels[kind], amount) for kind, amount in totals.items() if amount]
    return {"rows": rows, "total": sum(totals.values(), Decimal("0"))}


@dataclass(frozen=True)
class ActionPlanLink:
    """A group's action plan as its page lists it."""

    year: int
    status: str
    status_label: str  # lazy: shown in the page's language
    is_approved: bool


def _action_plan_rows_query(group_id):
    from django.db.models import QuerySet

    from .models import GroupActionPlan

    # A plain queryset: modeltranslation's values_list() reads fields its own way (in no fixed order).
    return QuerySet(GroupActionPlan).filter(group_id=group_id).order_by("-year").values_list("year", "status")


_action_plan_rows = PreparedRows(_action_plan_rows_query, -1_000_004)


def action_plan_list(*, group, include_drafts: bool = False) -> list[ActionPlanLink]:
    """The group's action plans, newest first (approved ones only unless ``include_drafts``), from
    one statement compiled once per process: a page lists their years and statuses only."""
    from .models import GroupActionPlan

    labels = dict(GroupActionPlan.Status.choices)
    approved = GroupActionPlan.Status.APPROVED
    return [
        ActionPlanLink(year, status, labels.get(status, status), status == approved)
        for year, status in _action_plan_rows.rows(group.pk)
        if include_drafts or status == approved
    ]


# --------------------------------------------------------------------------- AKE visits
def visit_list(*, year: int):
    """The year's visits for the site: never the internal notes."""
    from .models import LibraryVisit

    return (
        LibraryVisit.objects.filter(date__year=year)
        .select_related("place")
        .prefetch_related("participating_libraries")
        .defer("internal_notes")
        .order_by("-date")
    )


def visited_organisations(*, year: int) -> dict[int, list]:
    """Organisation id -> the year's visits that reached it (as the place or a participating library)."""
    from .models import LibraryVisit

    organisation_of = library_organisation_map()
    reached: dict[int, list] = {}
    visits = (
        LibraryVisit.objects.filter(date__year=year)
        .select_related("place")
        .prefetch_related("participating_libraries")
        .defer("internal_notes")
        .order_by("date")
    )
    for visit in visits:
        library_ids = {visit.place_id} | {library.pk for library in visit.participating_libraries.all()}
        for organisation_id in {organisation_of.get(pk, pk) for pk in library_ids}:
            reached.setdefault(organisation_id, []).append(visit)
    return reached


def visit_planning(*, year: int) -> dict:
    """Which counted libraries AKE visited this year and last, and which still wait.

    The plan's goal for a year is to visit the libraries that were not visited the year before
    (plan §3.1): ``priority`` lists those not visited last year and not yet this year.
    """
    this_year = visited_organisations(year=year)
    last_year = visited_organisations(year=year - 1)
    rows = []
    for library in library_list_counted(year=year):
        rows.append(
            {
                "library": library,
                "this_year": this_year.get(library.pk, []),
                "last_year": last_year.get(library.pk, []),
            }
        )
    return {
        "year": year,
        "rows": rows,
        "visited_this_year": [row["library"] for row in rows if row["this_year"]],
        "visited_last_year": [row["library"] for row in rows if row["last_year"]],
        "not_yet": [row["library"] for row in rows if not row["this_year"]],
        "priority": [row["library"] for row in rows if not row["this_year"] and not row["last_year"]],
    }


# --------------------------------------------------------------------------- job rotation
def rotation_placement_list_open(*, today: datetime.date):
    from .models import RotationPlacement

    return (
        RotationPlacement.objects.filter(status=RotationPlacement.Status.OPEN, window_ends__gte=today)
        .select_related("host_library", "contact")
        .order_by("window_starts")
    )


def rotation_period_list_for_person(*, user):
    """The person's own periods with their own cost claims; nobody else's."""
    from .models import RotationPeriod

    return (
        RotationPeriod.objects.filter(person=user)
        .select_related("home_library", "host_library")
        .prefetch_related("grant_costs")
        .order_by("-starts_on")
    )


def rotation_wish_list_for_person(*, user):
    from .models import RotationWish

    return RotationWish.objects.filter(person=user).select_related("home_library").order_by("-created_at")


def rotation_period_for_viewer(*, pk: int, user):
    """The period if ``user`` may see it (its participant or AKE), else None."""
    from .models import RotationPeriod
    from .roles import user_is_ake

    periods = RotationPeriod.objects.select_related(
        "person", "home_library", "host_library", "placement", "reciprocal", "reciprocal_of"
    ).prefetch_related("grant_costs")
    if not user_is_ake(user):
        periods = periods.filter(person=user)
    return periods.filter(pk=pk).first()


def rotation_cost_totals(*, period) -> dict:
    from decimal import Decimal

    # The period's own costs (finance.Cost): the participant sees their claims, not the year's money.
    # A claim waiting for approval (or not approved) has no approved amount: it is not counted as 0 €.
    costs = list(period.grant_costs.all())
    return {
        "claimed": sum((c.claimed_amount or Decimal("0") for c in costs), Decimal("0")),
        "approved": sum((c.amount_budgeted for c in costs if c.counts), Decimal("0")),
        "paid": sum((c.amount_paid or Decimal("0") for c in costs), Decimal("0")),
        "pending": sum(1 for c in costs if c.claim_status == "pending"),
    }


# --------------------------------------------------------------------------- partner libraries
def library_similar(*, library, limit: int = 5) -> list:
    """Organisations most alike ``library`` by municipality population and staff (plan §3.1).

    Likeness is the sum of the absolute log-ratios of population and staff, so that 5 000 vs 10 000
    inhabitants weighs as much as 50 000 vs 100 000. A missing figure on either side is left out of
    the sum; libraries with neither figure are not suggested.
    """
    import math

    from .models import Library

    organisation = library.organisation
    candidates = Library.objects.organisations().exclude(pk=organisation.pk)
    from django.utils import timezone

    candidates = candidates.active_on(timezone.localdate())
    scored = []
    for other in candidates:
        distance, compared = 0.0, 0
        for field in ("population", "staff_count"):
            mine, theirs = getattr(organisation, field), getattr(other, field)
            if mine and theirs:
                distance += abs(math.log(mine / theirs))
                compared += 1
        if compared:
            scored.append((distance / compared, other.name_fi, other))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [other for _distance, _name, other in scored[:limit]]


def partnership_list_active(*, year: int):
    from django.db.models import Q

    from .models import Partnership

    return (
        Partnership.objects.filter(starts_on__lte=datetime.date(year, 12, 31))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=datetime.date(year, 1, 1)))
        .prefetch_related("libraries", "visits")
        .order_by("theme_fi")
    )


# --------------------------------------------------------------------------- campaigns
def campaign_list(*, year: int):
    from django.db.models import Prefetch

    from .models import Campaign, CampaignMaterial

    materials = CampaignMaterial.objects.select_related("document__collection").order_by(
        "language", "sort_order", "pk"
    )
    return (
        Campaign.objects.filter(year=year)
        .prefetch_related("participations__library", Prefetch("materials", queryset=materials))
        .order_by("theme")
    )


def _restricted_collection_ids() -> set[int]:
    """Collections under a view restriction, their sub-collections included (restrictions inherit)."""
    from django.db.models import Q
    from wagtail.models import Collection, CollectionViewRestriction

    restricted_paths = list(
        Collection.objects.filter(
            pk__in=CollectionViewRestriction.objects.values("collection_id")
        ).values_list("path", flat=True)
    )
    if not restricted_paths:
        return set()
    condition = Q()
    for path in restricted_paths:
        condition |= Q(path__startswith=path)
    return set(Collection.objects.filter(condition).values_list("pk", flat=True))


def campaign_material_list_visible(*, campaign, request) -> dict[str, list]:
    """The campaign's materials this request may download, by language ("fi", "sv").

    A document in a restricted (e.g. staff-only) collection is listed only to those whom every
    restriction accepts; Wagtail's document serve view checks the same restrictions on download.
    ``campaign.materials`` should be prefetched (see ``campaign_list``).
    """
    materials = list(campaign.materials.all())
    by_language: dict[str, list] = {"fi": [], "sv": []}
    if not materials:
        return by_language
    restricted = getattr(request, "_campaign_restricted_collections", None)
    if restricted is None:
        # Once per request: the campaigns page lists several campaigns.
        restricted = request._campaign_restricted_collections = _restricted_collection_ids()
    accepted: dict[int, bool] = getattr(request, "_campaign_accepted_collections", {})
    request._campaign_accepted_collections = accepted
    for material in materials:
        document = material.document
        material.staff_only = document.collection_id in restricted
        if material.staff_only:
            if document.collection_id not in accepted:
                accepted[document.collection_id] = all(
                    restriction.accept_request(request)
                    for restriction in document.collection.get_view_restrictions()
                )
            if not accepted[document.collection_id]:
                continue
        by_language.setdefault(material.language, []).append(material)
    return by_language


def rotation_story_list_publishable(*, year: int | None = None):
    """Experience stories the participants agreed to share, for the extranet to publish as notices.

    networks never imports extranet: the extranet app reads this selector (the dependency points down).
    """
    from .models import RotationPeriod

    periods = (
        RotationPeriod.objects.filter(story_may_be_published=True)
        .exclude(experience_story="")
        .exclude(status=RotationPeriod.Status.CANCELLED)
        .select_related("person", "home_library", "host_library")
        .order_by("-starts_on")
    )
    if year is not None:
        periods = periods.filter(starts_on__year=year)
    return periods


def access_request_list_pending():
    """Access requests waiting for AKE's decision, oldest first (the dashboard, issue #18)."""
    from .models import AccessRequest

    return (
        AccessRequest.objects.filter(status=AccessRequest.Status.PENDING)
        .select_related("library")
        .order_by("created_at", "pk")
    )
