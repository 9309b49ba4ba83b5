"""Objects owned by two people of two libraries, built with each app's own services and models.

Each object says which roles may see it and carries a marker: a short unique string written into one
of its text fields (or its file). A page that shows a marker to a role outside ``visible_to`` leaked
someone else's data. Builders for apps that are not installed, or not merged yet, add nothing.
"""

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone

ANON, STAFF_A, STAFF_B, EDITOR, PLANNING, ADMIN = (
    "anonymous",
    "staff_a",
    "staff_b",
    "editor",
    "planning",
    "admin",
)
ROLES = (ANON, STAFF_A, STAFF_B, EDITOR, PLANNING, ADMIN)
AKE = {EDITOR, ADMIN}
LOGGED_IN = set(ROLES) - {ANON}
EVERYONE = set(ROLES)
# The planning-group member works in library B (Pori), so library B's objects are theirs to see too.
LIBRARY_A_ROLES = {STAFF_A}
LIBRARY_B_ROLES = {STAFF_B, PLANNING}
REPORT_VIEWERS = {PLANNING, EDITOR, ADMIN}


@dataclass
class Owned:
    obj: object
    visible_to: set[str]
    marker: str | None = None
    touchable_by: set[str] | None = None  # who may write rows that point at it; default visible_to
    keys: dict = field(default_factory=dict)  # route parameter values by parameter name or converter
    route_keys: dict = field(default_factory=dict)  # route name -> parameter values for that route only
    reach: bool = True  # some role that may see it must find its marker on some page
    forged_only: bool = False  # its real key is a capability: only tampered keys are tried
    routes: set = field(default_factory=set)  # route names known to serve it by its id
    # Roles outside visible_to get no page for it on its routes (403, 404, a redirect). Wagtail's
    # restricted pages answer with a password or login form instead, so only their markers count.
    gate: bool = True
    label: str = ""

    def __post_init__(self):
        if self.touchable_by is None:
            self.touchable_by = set(self.visible_to)
        self.label = self.label or f"{type(self.obj).__name__}#{self.obj.pk}"

    @property
    def model(self):
        return type(self.obj)._meta.concrete_model


@dataclass
class Context:
    users: dict  # role -> User (None for anonymous)
    library_a: object
    library_b: object
    third_library: object  # nobody's library: mass-assignment probes point at it
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def marker(self, hint: str) -> str:
        # Letters and digits only, so that HTML escaping, PDF text extraction and CSV quoting keep it.
        return f"zq{next(self.counter):03d}{hint}"

    @property
    def a(self):
        return self.users[STAFF_A]

    @property
    def b(self):
        return self.users[STAFF_B]


BUILDERS: list[Callable[[Context], list[Owned]]] = []


def builder(func):
    BUILDERS.append(func)
    return func


def model_or_none(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def build_all(ctx: Context) -> list[Owned]:
    owned = []
    for build in BUILDERS:
        owned += build(ctx)
    return owned


# --------------------------------------------------------------------------- networks
@builder
def rotation(ctx: Context) -> list[Owned]:
    from networks.models import RotationPeriod, RotationWish
    from networks.services import rotation_cost_claim_create, rotation_wish_create

    owned = []
    today = timezone.localdate()
    for person, host, roles, hint in (
        (ctx.a, ctx.library_b, LIBRARY_A_ROLES - {PLANNING}, "A"),
        (ctx.b, ctx.library_a, {STAFF_B}, "B"),
    ):
        period = RotationPeriod.objects.create(
            person=person,
            home_library=person.library,
            host_library=host,
            starts_on=today + datetime.timedelta(days=30),
            ends_on=today + datetime.timedelta(days=44),
            experience_story=ctx.marker(f"story{hint}"),
            home_supervisor=ctx.marker(f"sup{hint}"),
        )
        visible = roles | AKE
        owned.append(
            Owned(
                period,
                visible,
                period.home_supervisor,
                routes={"rotation_period_detail", "rotation_agreement_pdf"},
                label=f"rotation period of {hint}",
            )
        )
        cost = rotation_cost_claim_create(
            period=period,
            person=person,
            kind="travel",
            claimed_amount=12,
            description=ctx.marker(f"cost{hint}"),
        )
        # Money: the participant and AKE admins, not editors (issue #18).
        # A cost has no page of its own: it shows on its period's page, which editors may open; the
        # marker check still fails when an editor sees the cost's text (gate=False: no route gate).
        owned.append(
            Owned(cost, roles | {ADMIN}, cost.description, gate=False, label=f"rotation cost of {hint}")
        )
        wish = rotation_wish_create(person=person, interests=ctx.marker(f"wish{hint}"), timing="keväällä")
        assert isinstance(wish, RotationWish)
        owned.append(Owned(wish, visible, wish.interests, label=f"rotation wish of {hint}"))
    return owned


@builder
def groups(ctx: Context) -> list[Owned]:
    from networks.models import GroupActionPlan, GroupJoinRequest, WorkingGroup
    from networks.services import group_join_request_create

    group = WorkingGroup.objects.create(
        slug="matrix-group", name_fi="Matriisiryhmä", kind=WorkingGroup.Kind.WORKING_GROUP, open_to_join=False
    )
    open_network = WorkingGroup.objects.create(
        slug="matrix-network", name_fi="Matriisiverkosto", kind=WorkingGroup.Kind.NETWORK, open_to_join=True
    )
    owned = [
        Owned(
            group,
            EVERYONE,
            touchable_by=LOGGED_IN,
            keys={"slug": group.slug},
            routes={"group_detail", "group_join"},
            label="closed group",
        ),
        Owned(
            open_network, EVERYONE, touchable_by=LOGGED_IN, keys={"slug": open_network.slug}, label="network"
        ),
    ]
    year = timezone.localdate().year
    draft = GroupActionPlan.objects.create(group=group, year=year, basic_activity=ctx.marker("draft"))
    owned.append(
        Owned(draft, AKE, draft.basic_activity, keys={"slug": group.slug, "year": year}, label="draft plan")
    )
    approved = GroupActionPlan.objects.create(
        group=group,
        year=year - 1,
        status=GroupActionPlan.Status.APPROVED,
        basic_activity=ctx.marker("plan"),
    )
    owned.append(
        Owned(
            approved,
            LOGGED_IN,
            approved.basic_activity,
            touchable_by=AKE,
            keys={"slug": group.slug, "year": year - 1},
            label="approved plan",
        )
    )
    for person, roles, hint in ((ctx.a, LIBRARY_A_ROLES, "A"), (ctx.b, {STAFF_B}, "B")):
        join = group_join_request_create(group=group, user=person, message=ctx.marker(f"join{hint}"))
        assert join.status == GroupJoinRequest.Status.PENDING
        owned.append(Owned(join, roles | AKE, join.message, reach=False, label=f"join request of {hint}"))
    return owned


@builder
def visits_and_cooperation(ctx: Context) -> list[Owned]:
    from networks.models import Campaign, LiboppiCompletion, LiboppiModule, LibraryVisit

    today = timezone.localdate()
    visit = LibraryVisit.objects.create(
        date=today.replace(month=1, day=15), place=ctx.library_a, internal_notes=ctx.marker("visitnote")
    )
    campaign = Campaign.objects.create(year=today.year, theme="Matriisikampanja", sign_up_open=True)
    closed = Campaign.objects.create(year=today.year, theme="Suljettu kampanja", sign_up_open=False)
    module = LiboppiModule.objects.create(
        title="Matriisimoduuli", first_offered_on=today.replace(month=1, day=1)
    )
    owned = [
        # Internal notes are AKE's: never on the site, so no page is expected to show them.
        Owned(visit, AKE, visit.internal_notes, reach=False, label="visit internal notes"),
        Owned(campaign, LOGGED_IN, routes={"campaign_join"}, label="open campaign"),
        Owned(closed, LOGGED_IN, touchable_by=AKE, routes={"campaign_join"}, label="closed campaign"),
    ]
    for person, roles, hint in ((ctx.a, LIBRARY_A_ROLES, "A"), (ctx.b, {STAFF_B}, "B")):
        completion = LiboppiCompletion.objects.create(
            module=module, library=person.library, completed_on=today, person=person, person_ref=person.email
        )
        owned.append(Owned(completion, roles | AKE, reach=False, label=f"liboppi completion of {hint}"))
    return owned


@builder
def access_requests(ctx: Context) -> list[Owned]:
    from networks.models import AccessRequest

    request = AccessRequest.objects.create(
        email="outsider@example.org",
        first_name="Ulla",
        last_name="Ulkopuolinen",
        reason=ctx.marker("reason"),
        password_hash="!",
    )
    return [Owned(request, AKE, request.reason, reach=False, label="access request")]


# --------------------------------------------------------------------------- reporting
@builder
def reports(ctx: Context) -> list[Owned]:
    ManualValue = model_or_none("reporting.ManualValue")
    if ManualValue is None:
        return []
    from django.core.files.base import ContentFile

    from reporting.models import IndicatorDefinition, PdfRender

    year = timezone.localdate().year - 1
    indicator = IndicatorDefinition.objects.order_by("order").first()
    manual = ManualValue.objects.create(
        indicator=indicator, year=year, value=1, note=ctx.marker("note"), override=True
    )
    render = PdfRender.objects.create(year=year, language="fi", content_hash="m" * 64, status="done")
    marker = ctx.marker("pdf")
    render.file.save("matrix.pdf", ContentFile(f"%PDF-1.4\n% {marker}\n%%EOF\n".encode()), save=True)
    return [
        Owned(
            manual, REPORT_VIEWERS, manual.note, touchable_by=AKE, keys={"year": year}, label="manual value"
        ),
        Owned(
            render,
            REPORT_VIEWERS,
            marker,
            touchable_by=AKE,
            routes={"reporting:report_pdf_status", "reporting:report_pdf_file"},
            label="report PDF",
        ),
    ]


# --------------------------------------------------------------------------- Wagtail documents
@builder
def private_documents(ctx: Context) -> list[Owned]:
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    from networks.roles import AKE_EDITORS

    Document = get_document_model()
    root = Collection.get_first_root_node()
    owned = []
    for name, restriction, groups, visible in (
        ("AKE only", CollectionViewRestriction.GROUPS, [AKE_EDITORS], AKE),
        ("Staff only", CollectionViewRestriction.LOGIN, [], LOGGED_IN),
    ):
        collection = root.add_child(name=f"Matrix {name}")
        view_restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=restriction
        )
        view_restriction.groups.set(Group.objects.filter(name__in=groups))
        marker = ctx.marker("doc")
        document = Document(title=f"Matrix {name}", collection=collection)
        document.file.save(f"matrix-{marker}.txt", ContentFile(f"secret {marker}\n".encode()), save=False)
        document.save()
        owned.append(
            Owned(
                document,
                visible,
                marker,
                touchable_by=AKE,
                keys={"filename": document.filename},
                routes={"wagtaildocs_serve"},
                label=f"document ({name})",
            )
        )
    return owned


# --------------------------------------------------------------------------- extranet
@builder
def subscriptions(ctx: Context) -> list[Owned]:
    Subscription = model_or_none("extranet.Subscription")
    if Subscription is None:
        return []
    from extranet.tokens import subscription_token

    owned = []
    for person, hint in ((ctx.a, "a"), (ctx.b, "b")):
        domain = person.email.split("@")[1]
        subscription = Subscription.objects.create(
            email=f"{ctx.marker('sub' + hint)}@{domain}", user=person, status=Subscription.Status.ACTIVE
        )
        marker = subscription.email.split("@")[0]
        # The signed link is the key: whoever holds it manages the subscription, signed in or not.
        owned.append(
            Owned(
                subscription,
                EVERYONE,
                marker,
                routes={
                    "extranet:subscription_confirm",
                    "extranet:subscription_manage",
                    "extranet:unsubscribe",
                },
                route_keys={
                    f"extranet:subscription_{purpose}": {"token": subscription_token(subscription, purpose)}
                    for purpose in ("confirm", "manage")
                }
                | {"extranet:unsubscribe": {"token": subscription_token(subscription, "unsubscribe")}},
                label=f"subscription of {hint.upper()}",
            )
        )
    TrainingWish = model_or_none("extranet.TrainingWish")
    if TrainingWish is not None:
        wish = TrainingWish.objects.create(text=ctx.marker("trainingwish"))
        owned.append(Owned(wish, AKE, wish.text, reach=False, label="anonymous training wish"))
    return owned


@builder
def private_pages(ctx: Context) -> list[Owned]:
    """Pages with a view restriction, a draft, and a material bank over restricted collections."""
    StandardPage = model_or_none("extranet.StandardPage")
    if StandardPage is None:
        return []
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, Page, PageViewRestriction

    from networks.roles import AKE_EDITORS

    home = Page.objects.filter(depth=2).order_by("path").first().specific
    owned = []
    for slug, restriction, groups, visible in (
        ("matrix-staff", PageViewRestriction.LOGIN, [], LOGGED_IN),
        ("matrix-ake", PageViewRestriction.GROUPS, [AKE_EDITORS], AKE),
        ("matrix-draft", None, [], set()),
        ("matrix-password", PageViewRestriction.PASSWORD, [], set()),
    ):
        marker = ctx.marker("page")
        page = StandardPage(
            title=f"Matrix {slug}", slug=slug, introduction=marker, live=restriction is not None
        )
        home.add_child(instance=page)
        keys = {"path": f"{page.slug}/"}
        if restriction is not None:
            page.save_revision().publish()
            view_restriction = PageViewRestriction.objects.create(
                page=page, restriction_type=restriction, password="matrix-password-9f3"
            )
            view_restriction.groups.set(Group.objects.filter(name__in=groups))
            keys |= {"page_view_restriction_id": view_restriction.pk, "page_id": page.pk}
        owned.append(
            Owned(
                page,
                visible,
                marker,
                touchable_by=AKE,
                keys=keys,
                routes={"wagtail_serve", "wagtailcore_authenticate_with_password"},
                gate=False,
                reach=bool(visible),
                label=f"page {slug}",
            )
        )
    MaterialBankPage = model_or_none("extranet.MaterialBankPage")
    if MaterialBankPage is not None:
        bank = MaterialBankPage(
            title="Matrix materials", slug="matrix-materials", collection=Collection.get_first_root_node()
        )
        home.add_child(instance=bank)
        bank.save_revision().publish()
        owned.append(
            Owned(bank, EVERYONE, touchable_by=AKE, keys={"path": "matrix-materials/"}, label="bank")
        )
    return owned


# --------------------------------------------------------------------------- allauth keys
@builder
def account_keys(ctx: Context) -> list[Owned]:
    """An email confirmation key and a password reset key of A: only tampered copies are tried."""
    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str

    address = EmailAddress.objects.create(
        user=ctx.a, email=f"{ctx.marker('second')}@kaarina.fi", verified=False, primary=False
    )
    key = EmailConfirmationHMAC(address).key
    return [
        Owned(
            address,
            {STAFF_A} | AKE,
            address.email.split("@")[0],
            reach=False,
            forged_only=True,
            routes={"account_confirm_email", "account_reset_password_from_key"},
            route_keys={
                "account_confirm_email": {"key": key},
                "account_reset_password_from_key": {
                    "uidb36": user_pk_to_url_str(ctx.a),
                    "key": default_token_generator.make_token(ctx.a),
                },
            },
            label="second address and reset key of A",
        )
    ]


# --------------------------------------------------------------------------- loans
@builder
def kit_bookings(ctx: Context) -> list[Owned]:
    Kit = model_or_none("loans.Kit")
    if Kit is None:
        return []
    from loans.models import Delivery, KitType, KitUnit
    from loans.services import interlibrary_loan_request_create, kit_booking_create
    from tests.loans.conftest import ensure_game_rule

    ensure_game_rule()
    kit = Kit.objects.create(name_fi="Matriisisalkku", kit_type=KitType.GAME)
    for code in ("1", "2"):
        KitUnit.objects.create(kit=kit, code=code)
    owned = [
        Owned(
            kit, EVERYONE, touchable_by=LOGGED_IN, routes={"loans:kit_detail", "loans:kit_book"}, label="kit"
        )
    ]
    today = timezone.localdate()
    for offset, (person, roles, hint) in enumerate(
        ((ctx.a, LIBRARY_A_ROLES, "A"), (ctx.b, LIBRARY_B_ROLES, "B"))
    ):
        pickup = today + datetime.timedelta(days=20 + 40 * offset)
        booking = kit_booking_create(
            kit=kit,
            library=person.library,
            booked_by=person,
            pickup_date=pickup,
            return_date=pickup + datetime.timedelta(days=7),
            delivery=Delivery.COLLECTED,
            notes=ctx.marker(f"booking{hint}"),
        )
        # A library's bookings belong to all its staff (the planning member works in library B).
        owned.append(
            Owned(
                booking,
                roles | AKE,
                booking.notes,
                routes={"loans:booking_edit", "loans:booking_cancel", "loans:booking_extend"},
                label=f"kit booking of {hint}",
            )
        )
        loan = interlibrary_loan_request_create(
            user=person,
            title=ctx.marker(f"loan{hint}"),
            contact_name="Matriisi",
            contact_email=person.email,
        )
        owned.append(Owned(loan, roles | AKE, loan.title, label=f"interlibrary loan of {hint}"))
    return owned


# --------------------------------------------------------------------------- trainings
@builder
def trainings(ctx: Context) -> list[Owned]:
    Event = model_or_none("trainings.Event")
    if Event is None:
        return []
    from surveys.feedback import feedback_survey
    from surveys.models import Question as SurveyQuestion
    from trainings.models import Attendance, EventFormat, Participation
    from trainings.services import calendar_token_get, event_save, feedback_submit, registration_create
    from trainings.tokens import feedback_token, offer_token

    start = (timezone.now() + datetime.timedelta(days=10)).replace(microsecond=0)
    owned = []
    events = {}
    for status, visible, hint in (
        (Event.Status.PUBLISHED, EVERYONE, "event"),
        (Event.Status.DRAFT, AKE, "draft"),
    ):
        event = Event.objects.create(
            title=f"Matrix {hint}",
            summary=ctx.marker(hint),
            format=EventFormat.IN_PERSON,
            start=start,
            end=start + datetime.timedelta(hours=2),
            status=status,
            seats_on_site=5,
            venue="Turun pääkirjasto",
            municipality="Turku",
        )
        event_save(event=event, previous=None)
        events[hint] = event
        owned.append(
            Owned(
                event,
                visible,
                event.summary,
                touchable_by=LOGGED_IN if status == Event.Status.PUBLISHED else AKE,
                routes={"trainings:event_detail", "trainings:event_ics", "trainings:register"},
                reach=status == Event.Status.PUBLISHED,  # drafts show in the admin only
                label=f"{hint} training",
            )
        )
    past = Event.objects.create(
        title="Matrix past",
        format=EventFormat.IN_PERSON,
        start=start - datetime.timedelta(days=30),
        end=start - datetime.timedelta(days=30) + datetime.timedelta(hours=2),
        status=Event.Status.PUBLISHED,
    )
    question = SurveyQuestion.objects.create(
        survey=feedback_survey(past), key="other", text="Mitä muuta?", kind="text", sort_order=1
    )
    for person, hint in ((ctx.a, "A"), (ctx.b, "B")):
        registration = registration_create(
            event=events["event"],
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            library=person.library,
            user=person,
            diet=ctx.marker(f"diet{hint}"),
        )
        visible = {STAFF_A if hint == "A" else STAFF_B} | AKE
        owned.append(
            Owned(
                registration,
                visible,
                registration.diet,
                routes={"trainings:registration_cancel"},
                reach=False,  # dietary needs show in AKE's admin lists only
                label=f"registration of {hint}",
            )
        )
        attendance = Attendance.objects.create(
            event=past,
            email=person.email,
            name=person.get_full_name(),
            library=person.library,
            participation=Participation.ON_SITE,
        )
        response = feedback_submit(
            event=past, email=person.email, overall=4, answers={question.key: ctx.marker(f"feedback{hint}")}
        )
        owned.append(
            Owned(
                response,
                AKE,
                response.answers.exclude(text="").get().text,
                reach=False,
                label=f"feedback of {hint}",
            )
        )
        # Links from mails: whoever holds one acts on it, so only tampered copies are tried.
        registration.offer_expires_at = timezone.now() + datetime.timedelta(hours=12)
        owned.append(
            Owned(
                attendance,
                visible,
                forged_only=True,
                routes={
                    "surveys:feedback",
                    "trainings:feedback",
                    "trainings:offer",
                    "trainings:private_feed",
                },
                route_keys={
                    "surveys:feedback": {"token": feedback_token(attendance)},
                    "trainings:feedback": {"token": feedback_token(attendance)},
                    "trainings:offer": {"token": offer_token(registration)},
                    "trainings:private_feed": {"token": calendar_token_get(user=person).token},
                },
                label=f"mail links of {hint}",
            )
        )
    return owned
