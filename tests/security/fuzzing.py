"""Every form a site user can submit, fuzzed with hypothesis through the real view.

Each case draws form data from ``hypothesis.extra.django.from_form`` (well-formed values for every
field the form has, with strategies for the model choices) and, half of the time, corrupts it: fields
dropped or repeated, values replaced by hostile ones (huge strings, NUL bytes, lone surrogates and
control characters, invalid UTF-8, negative and huge numbers, impossible dates, ids of other people's
objects) and extra fields a mass-assignment attack would add. The data is sent as a raw urlencoded
body, so values a browser cannot encode reach the server too.

The request runs through the whole stack (middleware, view, service, template) as the user who may
submit the form, inside a savepoint that is rolled back afterwards, so every example starts from the
same state. PostgreSQL's own row counters (dbdiff.py) tell which rows the request wrote. Asserted:

* no 5xx;
* when the form is invalid (decided by the form itself, bound to exactly what the server decoded):
  no row written, and the page shows one of the form's error messages (or an error message);
* when valid: either the view accepted it (a redirect, or the page it promises) or it refused it
  with a message and wrote nothing; the rows written point only at the user's own objects.

Figure: forms fuzzed, examples per form, 5xx, rows written by invalid input.

The forms, the world and the checks are here; the tests are in three files (test_form_fuzzing.py:
accounts; test_form_fuzzing_notices_trainings.py; test_form_fuzzing_loans_networks.py), so that the
two workers of `make test` share the minutes of fuzzing. Each file passes alone.
"""

import datetime
import html
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote_plus

import pytest
from django import forms
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import from_form

from tests.conftest import make_user
from tests.security.dbdiff import Recorder
from tests.security.probe import client_for, cookies_kept

EXAMPLES = int(os.environ.get("AKE_FUZZ_EXAMPLES", "200"))
PASSWORD = "correct-horse-battery"
STRONG = "Vahva-salasana-2026!"

RESULTS: dict[str, dict] = {}


# --------------------------------------------------------------------------- hostile values
FIXED_BAD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202e\u2066evil",
    "\ufeff",
    "\r\nBcc: victim@example.org",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "-1",
    "0",
    "-2147483649",
    "2147483648",
    "9223372036854775808",
    "9" * 60,
    "1e309",
    "NaN",
    "Infinity",
    "-0",
    "0x10",
    "1_000",
    "1,5",
    "١٢٣",
    "2024-02-30",
    "2023-02-29",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2024-13-01",
    "31.12.99999",
    "1.1.1",
    "32.1.2025",
    "29.2.2023",
    "tomorrow",
    "2025-W01",
    "@",
    "a@",
    "@b",
    "x@y",
    "a" * 64 + "@" + "b" * 250 + ".fi",
    "on",
    "true",
    "None",
    "null",
    "[]",
    "{}",
]

SURROGATES = st.text(st.characters(categories=["Cs"]), min_size=1, max_size=5)
CONTROL = st.text(st.characters(categories=["Cc", "Cf", "Co", "Zl", "Zp", "Mn"]), min_size=1, max_size=40)
HUGE = st.builds(
    lambda count, char: char * count,
    st.sampled_from([151, 255, 301, 1001, 4001, 70_000]),
    st.sampled_from(["a", "ä", "😀", "\x00", "<", "\u0301"]),
)
INVALID_UTF8 = st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"a\xffb\x00"])


def hostile(ids: list[str]) -> st.SearchStrategy:
    return st.one_of(
        st.sampled_from(FIXED_BAD),
        st.text(max_size=60),
        SURROGATES,
        CONTROL,
        HUGE,
        INVALID_UTF8,
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.sampled_from(ids or ["1"]),
    )


# Fields a mass-assignment attack adds; values point at another library and another user.
def extra_fields(world) -> dict:
    return {
        "is_staff": ["1", "on", "true"],
        "is_superuser": ["on"],
        "library": [str(world.third_library.pk)],
        "user": [str(world.other.pk)],
        "booked_by": [str(world.other.pk)],
        "status": ["confirmed", "approved", "active"],
        "email": ["intruder@example.org"],
        "person": [str(world.other.pk)],
        "event": [str(world.event.pk)],
    }


def _pairs(data: dict) -> list[tuple[str, object]]:
    """A form's data dict as the (name, value) pairs a browser sends."""
    pairs = []
    for name, value in data.items():
        if value is None or value is False:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            if hasattr(item, "pk"):
                item = item.pk
            if item is True:
                item = "on"
            pairs.append((name, item if isinstance(item, bytes) else str(item)))
    return pairs


@st.composite
def corrupted(draw, data: dict, world) -> list[tuple[str, object]]:
    pairs = _pairs(data)
    ids = world.foreign_ids
    bad = hostile(ids)
    result = []
    for name, value in pairs:
        action = draw(st.sampled_from(["keep", "keep", "drop", "replace", "replace", "repeat"]))
        if action == "keep":
            result.append((name, value))
        elif action == "replace":
            result.append((name, draw(bad)))
        elif action == "repeat":
            result += [(name, value), (name, draw(bad))]
    names = sorted({name for name, _ in pairs} | set(data))
    for name in draw(st.lists(st.sampled_from(names), max_size=2)) if names else []:
        result.append((name, draw(bad)))
    extras = extra_fields(world)
    for name in draw(st.lists(st.sampled_from(sorted(extras)), max_size=3, unique=True)):
        result.append((name, draw(st.sampled_from(extras[name]))))
    if draw(st.booleans()):
        result = draw(st.permutations(result))
    return result


def encode(pairs: list[tuple[str, object]]) -> bytes:
    """application/x-www-form-urlencoded, with lone surrogates and raw bytes sent as they are."""
    parts = []
    for name, value in pairs:
        raw = value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")
        parts.append(f"{quote_plus(name)}={quote_plus(raw)}")
    return "&".join(parts).encode("ascii")


# --------------------------------------------------------------------------- the world
@dataclass
class World:
    staff: object
    other: object
    nolib: object
    library: object
    other_library: object
    third_library: object
    event: object  # hybrid study trip with pick-up points and a per-library cap
    own_registration: object
    offer_registration: object
    feedback_event: object
    attendance: object
    kit: object
    booking: object
    other_booking: object
    subscription: object
    pending_subscription: object
    group: object
    closed_group: object
    period: object
    campaign: object
    notice_index: object
    archive: object
    categories: list = field(default_factory=list)
    foreign_ids: list = field(default_factory=list)
    restriction: object = None  # a password-protected page
    document_restriction: object = None  # a password-protected collection of documents
    foreign_objects: set = field(default_factory=set)  # (model, pk) of Pekka's own things

    def users(self, role):
        return {"anonymous": None, "staff": self.staff, "nolib": self.nolib}[role]


@pytest.fixture
def world(libraries, settings):
    from extranet.models import HomePage, NoticeCategory, NoticeIndexPage, Subscription, TrainingArchivePage
    from loans.models import Delivery
    from loans.services import kit_booking_create
    from networks.models import Campaign, Library, RotationPeriod, WorkingGroup
    from tests.loans.conftest import ensure_game_rule, make_kit
    from tests.trainings.conftest import make_event
    from trainings.models import (
        Attendance,
        EventFormat,
        EventKind,
        Participation,
        PickupPoint,
        Registration,
    )
    from trainings.services import registration_create

    # allauth's limits would refuse most of 200 attempts from one address; throttling has its own suite.
    settings.ACCOUNT_RATE_LIMITS = False
    staff = make_user("maija.virtanen@kaarina.fi", library=libraries["kaarina"])
    other = make_user("pekka.salo@pori.fi", library=libraries["pori"])
    nolib = make_user("ulla@example.org", library=None)
    third = libraries["turku"]
    today = timezone.localdate()
    start = (timezone.now() + datetime.timedelta(days=14)).replace(microsecond=0)

    event = make_event(
        title="Opintomatka Tukholmaan",
        kind=EventKind.STUDY_TRIP,
        format=EventFormat.HYBRID,
        seats_on_site=3,
        seats_remote=2,
        max_per_library=1,
        online_url="https://meet.example.org/x",
        start=start,
    )
    PickupPoint.objects.create(event=event, name="Turku", seats=1, departs_at=start)
    PickupPoint.objects.create(event=event, name="Pori", seats=2)
    # Pekka takes the only seat of the Turku pick-up point and Pori's one place (the per-library cap).
    registration_create(
        event=event,
        email=other.email,
        first_name="Pekka",
        last_name="Salo",
        library=other.library,
        user=other,
        participation=Participation.ON_SITE,
        pickup_point=event.pickup_points.get(name="Turku"),
    )
    other_event = make_event(
        title="Pieni koulutus", seats_on_site=1, start=start + datetime.timedelta(days=1)
    )
    # Pekka takes the only seat, Maija waits and is then offered it (as the waitlist would).
    registration_create(
        event=other_event,
        email=other.email,
        first_name="Pekka",
        last_name="Salo",
        library=other.library,
        user=other,
    )
    offer_registration = registration_create(
        event=other_event,
        email=staff.email,
        first_name="Maija",
        last_name="Virtanen",
        library=staff.library,
        user=staff,
    )
    Registration.objects.filter(pk=offer_registration.pk).update(
        status=Registration.Status.OFFERED, offer_expires_at=timezone.now() + datetime.timedelta(hours=12)
    )
    offer_registration.refresh_from_db()
    third_event = make_event(
        title="Kolmas koulutus", seats_on_site=10, start=start + datetime.timedelta(days=2)
    )
    own_registration = registration_create(
        event=third_event,
        email=staff.email,
        first_name="Maija",
        last_name="Virtanen",
        library=staff.library,
        user=staff,
    )

    past = make_event(
        title="Mennyt koulutus",
        start=timezone.now() - datetime.timedelta(days=3),
    )
    from surveys.feedback import feedback_survey
    from surveys.models import Question as SurveyQuestion

    feedback = feedback_survey(past)
    SurveyQuestion.objects.create(survey=feedback, key="learnt", text="Mitä opit?", kind="text", sort_order=1)
    SurveyQuestion.objects.create(
        survey=feedback, key="useful", text="Hyödyllisyys", kind="scale", required=True, sort_order=2
    )
    attendance = Attendance.objects.create(
        event=past,
        email=staff.email,
        name="Maija Virtanen",
        library=staff.library,
        participation=Participation.ON_SITE,
    )

    ensure_game_rule()
    kit = make_kit("Pelisalkku", units=2)
    booking = kit_booking_create(
        kit=kit,
        library=staff.library,
        booked_by=staff,
        pickup_date=today + datetime.timedelta(days=20),
        return_date=today + datetime.timedelta(days=27),
        delivery=Delivery.COLLECTED,
        notes="",
    )
    other_booking = kit_booking_create(
        kit=kit,
        library=other.library,
        booked_by=other,
        pickup_date=today + datetime.timedelta(days=60),
        return_date=today + datetime.timedelta(days=67),
        delivery=Delivery.COLLECTED,
        notes="",
    )

    categories = [
        NoticeCategory.objects.create(name_fi="Koulutukset", slug="trainings", sort_order=1),
        NoticeCategory.objects.create(name_fi="Yleiset", slug="general", sort_order=2),
    ]
    subscription = Subscription.objects.create(
        email="tilaaja@example.org", status=Subscription.Status.ACTIVE, confirmed_at=timezone.now()
    )
    pending = Subscription.objects.create(email="odottaa@example.org", status=Subscription.Status.PENDING)

    group = WorkingGroup.objects.create(
        slug="avoin-verkosto", name_fi="Avoin verkosto", kind=WorkingGroup.Kind.NETWORK, open_to_join=True
    )
    closed_group = WorkingGroup.objects.create(
        slug="suljettu-ryhma",
        name_fi="Suljettu ryhmä",
        kind=WorkingGroup.Kind.WORKING_GROUP,
        open_to_join=False,
    )
    period = RotationPeriod.objects.create(
        person=staff,
        home_library=staff.library,
        host_library=other.library,
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=44),
    )
    campaign = Campaign.objects.create(year=today.year, theme="Lukukampanja", sign_up_open=True)

    home = HomePage.objects.get(depth=2)
    notice_index = NoticeIndexPage(title="Tiedotteet", slug="fuzz-tiedotteet", introduction="")
    home.add_child(instance=notice_index)
    notice_index.save_revision().publish()
    archive = TrainingArchivePage(title="Arkisto", slug="fuzz-arkisto")
    home.add_child(instance=archive)
    archive.save_revision().publish()

    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    from extranet.models import StandardPage

    private_page = StandardPage(title="Salainen", slug="fuzz-salainen", introduction="")
    home.add_child(instance=private_page)
    private_page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=private_page, restriction_type=PageViewRestriction.PASSWORD, password="sivun-salasana-7"
    )

    collection = Collection.get_first_root_node().add_child(name="Salaiset asiakirjat")
    document_restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="kansion-salasana-3",
    )

    foreign = [
        str(pk)
        for pk in (
            other.pk,
            other_booking.pk,
            third.pk,
            Library.objects.order_by("-pk").first().pk + 1,
            event.pk,
            past.pk,
        )
    ]
    from loans.models import KitBooking
    from networks.models import User

    foreign_objects = {(User, str(other.pk)), (KitBooking, str(other_booking.pk))} | {
        (Registration, str(pk)) for pk in Registration.objects.filter(user=other).values_list("pk", flat=True)
    }
    return World(
        foreign_objects=foreign_objects,
        staff=staff,
        other=other,
        nolib=nolib,
        library=staff.library,
        other_library=other.library,
        third_library=third,
        event=event,
        own_registration=own_registration,
        offer_registration=offer_registration,
        feedback_event=past,
        attendance=attendance,
        kit=kit,
        booking=booking,
        other_booking=other_booking,
        subscription=subscription,
        pending_subscription=pending,
        group=group,
        closed_group=closed_group,
        period=period,
        campaign=campaign,
        notice_index=notice_index,
        archive=archive,
        categories=categories,
        foreign_ids=foreign,
        restriction=restriction,
        document_restriction=document_restriction,
    )


# --------------------------------------------------------------------------- cases
@dataclass
class Case:
    name: str
    url: Callable[[World], str]
    data: Callable[[World], st.SearchStrategy]  # well-formed data: a dict of field values
    role: str = "staff"
    method: str = "post"
    # Binds the form the view binds to the data the server decoded; None: no form, or the view's own.
    form: Callable[[World, QueryDict], forms.BaseForm] | None = None
    read_only: bool = False  # GET filters and searches: never write, an invalid filter may be ignored
    accepted: Callable[[object], bool] = lambda response: (
        response.status_code in (301, 302, 303) and not _message_errors(response, message_levels.ERROR)
    )
    fixed: tuple = ()  # pairs the page's form always sends (its submit button's name, say)
    # Steps a browser takes before it can post the form (opening a link that stores a key in the
    # session, say); returns the address to post to, or None for ``url``.
    prepare: Callable[[object, World], str | None] | None = None
    # What must hold after any request, checked before the rollback (seat limits, say).
    invariant: Callable[[World], None] | None = None
    # Tables a valid request that the service refused may still write (besides sessions and logs).
    allowed_on_refusal: frozenset = frozenset()
    # Tables any refused request may write: the record of a failed password check, which the login
    # throttle counts in PostgreSQL so that it holds while Redis is down (networks.models.LoginFailure).
    recorded_on_any_refusal: frozenset = frozenset()


LOGIN_FAILURES = frozenset({"networks_loginfailure"})


def _form_data(form_class, form_kwargs=None, **strategies) -> st.SearchStrategy:
    return from_form(form_class, form_kwargs=form_kwargs or {}, **strategies).map(
        lambda form: dict(form.data)
    )


def _dates() -> st.SearchStrategy:
    today = timezone.localdate()
    return st.one_of(
        st.dates(
            min_value=today - datetime.timedelta(days=30), max_value=today + datetime.timedelta(days=400)
        ),
        st.dates(),
    )


def _text(max_size=60) -> st.SearchStrategy:
    return st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=max_size)


def _library_ids(world) -> st.SearchStrategy:
    return st.sampled_from([world.library.pk, world.other_library.pk, world.third_library.pk])


def _signup(world):
    from networks.forms import LibrarySignupForm

    email = st.one_of(
        st.emails(),
        st.sampled_from(["uusi.ihminen@kaarina.fi", "ulkopuolinen@example.org", world.staff.email]),
    )
    password = st.one_of(st.just(STRONG), _text(20))
    return _form_data(
        LibrarySignupForm,
        email=email,
        library=st.one_of(st.none(), _library_ids(world)),
        password1=password,
        password2=password,
        first_name=_text(40),
        last_name=_text(40),
        reason=_text(200),
    )


def _login(world):
    return st.fixed_dictionaries(
        {
            "login": st.one_of(st.emails(), st.sampled_from([world.staff.email, world.nolib.email])),
            "password": st.one_of(st.just(PASSWORD), _text(30)),
        },
        optional={"remember": st.booleans()},
    )


def _registration(world):
    from trainings.forms import RegistrationForm
    from trainings.selectors import seat_choices

    event = world.event
    points, _rooms = seat_choices(event=event)
    return _form_data(
        RegistrationForm,
        form_kwargs={"event": event, "pickup_points": points},
        # No library field: a person registers for their profile's library; the extra fields of a
        # mass-assignment attack still post one.
        pickup_point=st.one_of(st.none(), st.sampled_from([p.pk for p in points])),
    )


def _registration_form(world, data):
    from trainings.forms import RegistrationForm
    from trainings.selectors import seat_choices

    return RegistrationForm(data, event=world.event, pickup_points=seat_choices(event=world.event)[0])


def _seat_limits_hold(world):
    """No more seat holders than seats, per participation, per pick-up point and per library."""
    from django.db.models import Q

    from trainings.models import Participation, Registration

    event = world.event
    holding = Registration.objects.holding_seat().filter(event=event)
    for participation, seats in (
        (Participation.ON_SITE, event.seats_on_site),
        (Participation.REMOTE, event.seats_remote),
    ):
        assert holding.filter(participation=participation).count() <= seats, participation
    for point in event.pickup_points.all():
        assert holding.filter(pickup_point=point).count() <= point.seats, point.name
    for library in (world.library, world.other_library, world.third_library):
        organisation = library.parent_id or library.pk
        count = holding.filter(Q(library_id=organisation) | Q(library__parent_id=organisation)).count()
        assert count <= event.max_per_library, library
    mine = Registration.objects.filter(event=event).exclude(user=world.other)
    assert all(r.user_id == world.staff.pk and r.email == world.staff.email for r in mine)


def _feedback_questions(world):
    from surveys.feedback import feedback_survey
    from surveys.selectors import survey_questions

    return survey_questions(feedback_survey(world.feedback_event))


def _feedback_data(world):
    from surveys.forms import SurveyAnswerForm

    return _form_data(
        SurveyAnswerForm, form_kwargs={"questions": _feedback_questions(world), "language": "fi"}
    )


def _feedback_form(world, data):
    from surveys.forms import SurveyAnswerForm

    return SurveyAnswerForm(data, questions=_feedback_questions(world), language="fi")


def _token(kind):
    def url(world):
        from extranet.tokens import subscription_token
        from trainings.tokens import feedback_token, offer_token

        if kind == "offer":
            return reverse("trainings:offer", args=[offer_token(world.offer_registration)])
        if kind == "feedback":
            return reverse("surveys:feedback", args=[feedback_token(world.attendance)])
        if kind == "confirm":
            return reverse(
                "extranet:subscription_confirm",
                args=[subscription_token(world.pending_subscription, "confirm")],
            )
        return reverse(
            f"extranet:{kind}",
            args=[subscription_token(world.subscription, kind.replace("subscription_", ""))],
        )

    return url


def _reset_url(world):
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    key = default_token_generator.make_token(world.staff)
    return reverse("account_reset_password_from_key", args=[user_pk_to_url_str(world.staff), key])


def _open_reset_link(client, world):
    """allauth keeps the key of the opened link in the session and asks for the password elsewhere."""
    response = client.get(_reset_url(world))
    assert response.status_code == 302, response.status_code
    return response["Location"]


def _reset_form(world, data):
    from allauth.account.forms import ResetPasswordKeyForm, default_token_generator

    return ResetPasswordKeyForm(
        data=data, user=world.staff, temp_key=default_token_generator.make_token(world.staff)
    )


def _page_password_form(world, data):
    from wagtail.forms import PasswordViewRestrictionForm

    from ake.views import return_url_is_path

    if not return_url_is_path(data.get("return_url", "")):
        data = data.copy()
        data["return_url"] = world.restriction.page.url  # as the view does (ake.views)
    return PasswordViewRestrictionForm(data, instance=world.restriction)


def _document_password_form(world, data):
    from wagtail.forms import PasswordViewRestrictionForm

    from ake.views import return_url_is_path

    if not return_url_is_path(data.get("return_url", "")):
        data = data.copy()
        data["return_url"] = "/"  # as the view does (ake.views)
    return PasswordViewRestrictionForm(data, instance=world.document_restriction)


def _no_fields(world):
    return st.just({})


FORM_MODULES = {
    "allauth.account.forms": [
        "AddEmailForm",
        "ChangePasswordForm",
        "ResetPasswordForm",
    ],
    "extranet.forms": [
        "ArchiveFilterForm",
        "NoticeFilterForm",
        "PreferencesForm",
        "SearchForm",
        "SubscribeForm",
        "TrainingWishForm",
    ],
    "loans.forms": [
        "InterlibraryLoanRequestForm",
        "KitBookingCancelForm",
        "KitBookingExtendForm",
        "KitBookingForm",
        "MonthForm",
    ],
    "networks.forms": [
        "AccountDeleteForm",
        "GroupJoinForm",
        "LibrarySignupForm",
        "ProfileForm",
        "RotationCostClaimForm",
        "RotationWishForm",
        "SimilarLibrariesForm",
    ],
    "trainings.forms": ["CalendarFilterForm"],
}


class _FormClasses(dict):
    """Form classes by name, imported on first use (the module is collected before Django is set up)."""

    def __missing__(self, name):
        from django.utils.module_loading import import_string

        module = next(module for module, names in FORM_MODULES.items() if name in names)
        self[name] = import_string(f"{module}.{name}")
        return self[name]


_FORMS = _FormClasses()


def forms_() -> dict:
    return _FORMS


def _pref_form(world, data):
    return forms_()["PreferencesForm"](data, instance=world.subscription)


def _category_ids(world):
    return st.lists(st.sampled_from([c.pk for c in world.categories]), unique=True)


def _notice_choices():
    from extranet.selectors import notice_filter_choices

    return notice_filter_choices()


# The forms in three lists, one per test file (test_form_fuzzing*.py), so that the two workers of
# `make test` share the fuzzing (a file's tests run on one worker).
ACCOUNT_CASES = [
    # ----- accounts (allauth and the profile)
    Case(
        "signup",
        lambda w: reverse("account_signup"),
        _signup,
        role="anonymous",
        form=lambda w, d: forms_()["LibrarySignupForm"](d),
    ),
    Case(
        "login",
        lambda w: reverse("account_login"),
        _login,
        role="anonymous",
        recorded_on_any_refusal=LOGIN_FAILURES,
    ),
    Case(
        "password reset",
        lambda w: reverse("account_reset_password"),
        lambda w: st.fixed_dictionaries(
            {"email": st.one_of(st.emails(), st.sampled_from([w.staff.email, "tuntematon@kaarina.fi"]))}
        ),
        role="anonymous",
        form=lambda w, d: forms_()["ResetPasswordForm"](d),
    ),
    Case(
        "password change",
        lambda w: reverse("account_change_password"),
        lambda w: st.fixed_dictionaries(
            {
                "oldpassword": st.one_of(st.just(PASSWORD), _text(20)),
                "password1": st.one_of(st.just(STRONG), _text(20)),
                "password2": st.one_of(st.just(STRONG), _text(20)),
            }
        ),
        form=lambda w, d: forms_()["ChangePasswordForm"](data=d, user=w.staff),
    ),
    Case(
        "email address add",
        lambda w: reverse("account_email"),
        lambda w: st.fixed_dictionaries({"email": st.one_of(st.emails(), st.just(w.other.email))}),
        fixed=(("action_add", ""),),
        form=lambda w, d: forms_()["AddEmailForm"](data=d, user=w.staff),
    ),
    Case(
        "password reset from key",
        _reset_url,
        lambda w: st.fixed_dictionaries(
            {
                "password1": st.one_of(st.just(STRONG), _text(20)),
                "password2": st.one_of(st.just(STRONG), _text(20)),
            }
        ),
        role="anonymous",
        form=_reset_form,
        prepare=_open_reset_link,
    ),
    Case(
        "Wagtail front-end login (goes to allauth)",
        lambda w: reverse("wagtailcore_login"),
        lambda w: st.fixed_dictionaries(
            {
                "username": st.one_of(st.emails(), st.just(w.staff.email)),
                "password": st.one_of(st.just(PASSWORD), _text(20)),
            }
        ),
        role="anonymous",
    ),
    Case(
        "page password",
        lambda w: reverse(
            "wagtailcore_authenticate_with_password", args=[w.restriction.pk, w.restriction.page_id]
        ),
        lambda w: st.fixed_dictionaries(
            {
                "password": st.one_of(st.just("sivun-salasana-7"), _text(20)),
                "return_url": st.sampled_from(
                    ["/fi/fuzz-salainen/", "https://evil.example/", "//evil.example"]
                ),
            }
        ),
        role="anonymous",
        form=_page_password_form,
    ),
    Case(
        "document collection password",
        lambda w: reverse("wagtaildocs_authenticate_with_password", args=[w.document_restriction.pk]),
        lambda w: st.fixed_dictionaries(
            {
                "password": st.one_of(st.just("kansion-salasana-3"), _text(20)),
                "return_url": st.sampled_from(["/documents/1/x.pdf", "https://evil.example/", "x"]),
            }
        ),
        role="anonymous",
        form=_document_password_form,
    ),
    Case("logout", lambda w: reverse("account_logout"), _no_fields),
    Case(
        "reauthenticate (before account security changes)",
        lambda w: reverse("account_reauthenticate"),
        lambda w: st.fixed_dictionaries({"password": st.one_of(st.just(PASSWORD), _text(30))}),
        # No oracle: allauth checks the password through the request being served.
        recorded_on_any_refusal=LOGIN_FAILURES,
    ),
    Case(
        "profile",
        lambda w: reverse("profile"),
        lambda w: _form_data(
            forms_()["ProfileForm"], form_kwargs={"instance": w.staff}, library=_library_ids(w)
        ),
        form=lambda w, d: forms_()["ProfileForm"](d, instance=w.staff),
    ),
    Case(
        "account delete",
        lambda w: reverse("profile_delete"),
        lambda w: _form_data(forms_()["AccountDeleteForm"]),
        form=lambda w, d: forms_()["AccountDeleteForm"](d),
    ),
]

NOTICE_AND_TRAINING_CASES = [
    # ----- notices: subscription, wishes, search, filters
    Case(
        "notice subscribe",
        lambda w: reverse("extranet:subscribe"),
        lambda w: _form_data(
            forms_()["SubscribeForm"],
            categories=_category_ids(w),
            email=st.one_of(st.emails(), st.just(w.subscription.email)),
        ),
        role="anonymous",
        form=lambda w, d: forms_()["SubscribeForm"](d),
    ),
    Case(
        "subscription preferences",
        _token("subscription_manage"),
        lambda w: _form_data(forms_()["PreferencesForm"], categories=_category_ids(w)),
        role="anonymous",
        form=_pref_form,
    ),
    Case(
        "subscription confirm",
        _token("confirm"),
        _no_fields,
        role="anonymous",
    ),
    Case(
        "one-click unsubscribe",
        _token("unsubscribe"),
        _no_fields,
        role="anonymous",
        accepted=lambda r: r.status_code == 200,
    ),
    Case(
        "anonymous training wish",
        lambda w: reverse("extranet:training_wish"),
        lambda w: _form_data(forms_()["TrainingWishForm"], website=st.one_of(st.just(""), _text(10))),
        role="anonymous",
        form=lambda w, d: forms_()["TrainingWishForm"](d),
    ),
    Case(
        "site search",
        lambda w: reverse("extranet:search"),
        lambda w: _form_data(forms_()["SearchForm"]),
        method="get",
        read_only=True,
    ),
    Case(
        "notice filters",
        lambda w: w.notice_index.url,
        lambda w: _form_data(forms_()["NoticeFilterForm"], form_kwargs={"choices": _notice_choices()}),
        method="get",
        read_only=True,
    ),
    Case(
        "training archive filters",
        lambda w: w.archive.url,
        lambda w: _form_data(forms_()["ArchiveFilterForm"]),
        method="get",
        read_only=True,
    ),
    # ----- trainings
    Case(
        "event calendar filters",
        lambda w: reverse("trainings:calendar"),
        lambda w: _form_data(forms_()["CalendarFilterForm"]),
        method="get",
        read_only=True,
        role="anonymous",
    ),
    Case(
        "event registration (hybrid study trip, pick-up points, per-library cap)",
        lambda w: reverse("trainings:register", args=[w.event.pk]),
        _registration,
        form=_registration_form,
        invariant=_seat_limits_hold,
    ),
    Case(
        "registration cancel",
        lambda w: reverse("trainings:registration_cancel", args=[w.own_registration.pk]),
        _no_fields,
    ),
    Case(
        "waitlist offer accept/decline",
        _token("offer"),
        lambda w: st.fixed_dictionaries({"decision": st.sampled_from(["accept", "decline"])}),
        role="anonymous",
    ),
    Case(
        "training feedback",
        _token("feedback"),
        _feedback_data,
        role="anonymous",
        form=_feedback_form,
        accepted=lambda r: r.status_code == 200 and r.context and r.context.get("thanks"),
    ),
]

LOAN_AND_NETWORK_CASES = [
    # ----- kits and interlibrary loans
    Case(
        "kit booking",
        lambda w: reverse("loans:kit_book", args=[w.kit.pk]),
        lambda w: _form_data(forms_()["KitBookingForm"], pickup_date=_dates(), return_date=_dates()),
        form=lambda w, d: forms_()["KitBookingForm"](d),
    ),
    Case(
        "kit booking edit",
        lambda w: reverse("loans:booking_edit", args=[w.booking.pk]),
        lambda w: _form_data(forms_()["KitBookingForm"], pickup_date=_dates(), return_date=_dates()),
        form=lambda w, d: forms_()["KitBookingForm"](d),
    ),
    Case(
        "kit booking extension",
        lambda w: reverse("loans:booking_extend", args=[w.booking.pk]),
        lambda w: _form_data(forms_()["KitBookingExtendForm"], return_date=_dates()),
        form=lambda w, d: forms_()["KitBookingExtendForm"](d),
        # A refused extension is kept in the booking's history on purpose (loans.services).
        allowed_on_refusal=frozenset({"loans_kitbookingevent"}),
    ),
    Case(
        "kit booking cancel",
        lambda w: reverse("loans:booking_cancel", args=[w.booking.pk]),
        lambda w: _form_data(forms_()["KitBookingCancelForm"]),
        form=lambda w, d: forms_()["KitBookingCancelForm"](d),
    ),
    Case(
        "kit calendar month",
        lambda w: reverse("loans:kit_calendar"),
        lambda w: _form_data(forms_()["MonthForm"]),
        method="get",
        read_only=True,
        role="anonymous",
    ),
    Case(
        "interlibrary loan request",
        lambda w: reverse("loans:interlibrary_request"),
        lambda w: _form_data(
            forms_()["InterlibraryLoanRequestForm"], needed_by=st.one_of(st.none(), _dates())
        ),
        form=lambda w, d: forms_()["InterlibraryLoanRequestForm"](d),
    ),
    # ----- networks: groups, rotation, cooperation
    Case(
        "group join request",
        lambda w: reverse("group_join", args=[w.closed_group.slug]),
        lambda w: _form_data(forms_()["GroupJoinForm"]),
        form=lambda w, d: forms_()["GroupJoinForm"](d),
    ),
    Case(
        "rotation wish",
        lambda w: reverse("rotation_wish"),
        lambda w: _form_data(
            forms_()["RotationWishForm"],
            preferred_libraries=st.lists(_library_ids(w), unique=True, max_size=3),
        ),
        form=lambda w, d: forms_()["RotationWishForm"](d),
    ),
    Case(
        "rotation cost claim",
        lambda w: reverse("rotation_period_detail", args=[w.period.pk]),
        lambda w: _form_data(forms_()["RotationCostClaimForm"]),
        form=lambda w, d: forms_()["RotationCostClaimForm"](d),
    ),
    Case(
        "campaign sign-up",
        lambda w: reverse("campaign_join", args=[w.campaign.pk]),
        _no_fields,
    ),
    Case(
        "similar libraries",
        lambda w: reverse("partners"),
        lambda w: _form_data(forms_()["SimilarLibrariesForm"], library=_library_ids(w)),
        method="get",
        read_only=True,
    ),
    Case(
        "language switch",
        lambda w: reverse("set_language"),
        lambda w: st.fixed_dictionaries(
            {
                "language": st.sampled_from(["fi", "sv", "en"]),
                "next": st.sampled_from(["/fi/", "/sv/events/"]),
            }
        ),
        role="anonymous",
    ),
]

CASES = ACCOUNT_CASES + NOTICE_AND_TRAINING_CASES + LOAN_AND_NETWORK_CASES


# --------------------------------------------------------------------------- the checks
def _error_texts(form) -> list[str]:
    texts = []
    for errors in form.errors.values():
        texts += [str(message) for message in errors]
    return texts


def _message_errors(response, level=message_levels.WARNING) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level >= level]


def _body(response) -> str:
    return response.content.decode("utf-8", errors="replace") if not response.streaming else ""


def _shows_error(response, form) -> bool:
    """The user sees why: one of the form's messages in the page, or an error message queued."""
    if _message_errors(response):
        return True
    body = _body(response)
    for text in _error_texts(form) if form is not None else []:
        if html.escape(text) in body or text in body:
            return True
    return False


def _attempt(client, case: Case, world: World, recorder: Recorder, pairs, stats):
    if case.method == "post":
        # A browser always sends the CSRF token (the test client does not check it): without it an
        # empty POST would look like a GET to the views that bind ``request.POST or None``.
        pairs = [("csrfmiddlewaretoken", "x" * 64), *case.fixed, *pairs]
    body = encode(pairs)
    url = case.url(world)
    if case.prepare is not None:
        url = case.prepare(client, world) or url
    cache.clear()  # rate limits of the previous example (the suite for throttling is elsewhere)
    bound = None

    def action():
        nonlocal bound
        if case.form is not None:
            # Judged on the state the request meets, before it runs.
            with translation.override("fi"):
                bound = case.form(world, QueryDict(body, encoding="utf-8"))
                bound.is_valid()
        if case.method == "get":
            response = client.get(f"{url}?{body.decode('ascii')}")
        else:
            response = client.generic("POST", url, body, content_type="application/x-www-form-urlencoded")
        if case.invariant is not None and response.status_code < 500:
            case.invariant(world)
        return response

    with cookies_kept(client):
        response, diff = recorder.run(action)
    stats["examples"] += 1
    shown = f"{case.name}: {pairs!r}"[:3000]
    if response.status_code >= 500:
        stats["5xx"] += 1
    assert response.status_code < 500, f"{response.status_code} from {shown}"
    if case.read_only:
        assert not diff, f"a {case.method.upper()} wrote {sorted(diff.tables())}: {shown}"
        assert response.status_code in (200, 400, 404), f"{response.status_code}: {shown}"
        return
    valid = bound.is_valid() if bound is not None else None
    accepted = bool(case.accepted(response))
    if valid is False or not accepted:
        written = diff.tables() - (case.allowed_on_refusal if valid else frozenset())
        written -= case.recorded_on_any_refusal
        if written:
            stats["rows_written_by_invalid"] += len(diff.inserted)
        assert not written, f"refused input wrote {sorted(written)}: {shown}"
    if valid is False:
        stats["invalid"] += 1
        assert not accepted, f"the view accepted what the form refuses ({bound.errors.as_data()}): {shown}"
        if response.status_code != 400 or response.context is not None:
            assert _shows_error(response, bound), (
                f"no error shown for {dict(bound.errors)}, status {response.status_code}: {shown}"
            )
    elif not accepted:
        stats["refused"] += 1
        if response.status_code != 400 or response.context is not None:
            assert _shows_error(response, response.context.get("form") if response.context else None), (
                f"refused without a message, status {response.status_code}: {shown}"
            )
    else:
        stats["accepted"] += 1
    # Whatever any request wrote never touches another person's account, registration or booking
    # (the extra fields ``user``, ``person``, ``booked_by`` point at them).
    touched = diff.touched() & world.foreign_objects
    assert not touched, f"wrote rows of another person {touched}: {shown}"


def fuzz_case(case: Case, world: World) -> None:
    """Fuzzes one form: ``EXAMPLES`` examples through the real view, each checked by ``_attempt``."""
    user = world.users(case.role)
    client = client_for(user)
    recorder = Recorder()
    strategy_for_data = case.data(world)
    stats = RESULTS.setdefault(
        case.name,
        {"examples": 0, "5xx": 0, "rows_written_by_invalid": 0, "invalid": 0, "accepted": 0, "refused": 0},
    )

    pairs_strategy = st.one_of(
        strategy_for_data.map(_pairs),
        strategy_for_data.flatmap(lambda data: corrupted(data, world)),
    )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )
    @given(pairs=pairs_strategy)
    def fuzz(pairs):
        _attempt(client, case, world, recorder, pairs, stats)

    fuzz()


def print_figure(request, cases: list[Case]) -> None:
    """The figure of one file's forms (forms fuzzed, examples per form, 5xx, rows written by invalid
    input), printed at the file's end."""
    results = {case.name: RESULTS[case.name] for case in cases if case.name in RESULTS}
    if not results:
        return
    capture = request.config.pluginmanager.getplugin("capturemanager")
    lines = [
        f"  {name}: {s['examples']} examples ({s['invalid']} invalid, {s['accepted']} accepted, "
        f"{s['refused']} refused by the service), 5xx {s['5xx']}, rows written by invalid input "
        f"{s['rows_written_by_invalid']}"
        for name, s in results.items()
    ]
    total = {
        key: sum(s[key] for s in results.values()) for key in ("examples", "5xx", "rows_written_by_invalid")
    }
    per_form = min(s["examples"] for s in results.values())
    with capture.global_and_fixture_disabled():
        print(
            f"\n[form fuzzing, {request.module.__name__.rsplit('.', 1)[-1]}] forms fuzzed {len(results)} "
            f"of {len(CASES)}, examples per form >= {per_form} ({total['examples']} in all), "
            f"5xx {total['5xx']}, rows written by invalid input {total['rows_written_by_invalid']}"
        )
        print("\n".join(lines))
