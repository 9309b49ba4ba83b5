"""The visitor's rows read with statements compiled once per process (ake/prepared.py): the session,
its user and the visitor's registration on an event page are read on every request, give what the
ORM gave, and the process keeps nothing of whoever read them."""

import datetime

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ake import auth_backends, sessions
from ake.prepared import PreparedQuery
from networks.models import User
from tests.conftest import make_user
from tests.trainings.conftest import make_event
from trainings import selectors
from trainings.models import Registration, ViewingRoom

pytestmark = pytest.mark.django_db

BACKENDS = [
    "ake.auth_backends.CachedPermissionsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]


def _request_with_session(user, backend, *, session_hash=None):
    session = DjangoSessionStore()  # Django's own store writes the row; ours reads it
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = session_hash or user.get_session_auth_hash()
    session.create()
    request = RequestFactory().get("/fi/")
    request.session = sessions.SessionStore(session.session_key)
    return request


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_session_of_any_model_backend_gives_its_user_in_two_queries(staff_user, backend):
    request = _request_with_session(staff_user, backend)
    with CaptureQueriesContext(connection) as queries:
        user = auth_backends.session_user(request)
    assert user == staff_user and user.is_authenticated
    assert len(queries) == 2  # the session row, the user row with its admin profile
    with (
        CaptureQueriesContext(connection) as queries,
        pytest.raises(User.wagtail_userprofile.RelatedObjectDoesNotExist),
    ):
        user.wagtail_userprofile  # noqa: B018 - read from the join: no query
    assert len(queries) == 0


def test_a_changed_password_an_inactive_or_deleted_user_leave_the_visitor_anonymous(staff_user, libraries):
    stale = _request_with_session(staff_user, BACKENDS[0], session_hash="not-the-current-hash")
    assert not auth_backends.session_user(stale).is_authenticated
    assert stale.session.is_empty()  # Django's get_user flushed it, as before

    inactive = make_user("passiivinen@kaarina.fi", library=libraries["kaarina"])
    request = _request_with_session(inactive, BACKENDS[1])
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    assert not auth_backends.session_user(request).is_authenticated

    gone = make_user("poistuva@kaarina.fi", library=libraries["kaarina"])
    request = _request_with_session(gone, BACKENDS[2])
    gone.delete()
    assert not auth_backends.session_user(request).is_authenticated


def test_an_expired_session_is_no_session(staff_user):
    request = _request_with_session(staff_user, BACKENDS[0])
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key=request.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert not auth_backends.session_user(request).is_authenticated
    assert request.session.session_key is None


def test_a_changed_name_shows_on_the_next_request(staff_user):
    client = Client()
    client.force_login(staff_user)
    assert "Maija Virtanen" not in client.get(reverse("my_page")).content.decode()
    User.objects.filter(pk=staff_user.pk).update(first_name="Maija", last_name="Virtanen")
    assert "Maija Virtanen" in client.get(reverse("my_page")).content.decode()
    User.objects.filter(pk=staff_user.pk).update(first_name="Maija", last_name="Lehtonen")
    assert "Maija Lehtonen" in client.get(reverse("my_page")).content.decode()


def test_a_changed_language_shows_on_the_next_request(staff_user):
    client = Client()
    client.force_login(staff_user)
    User.objects.filter(pk=staff_user.pk).update(language="fi")
    form = client.get(reverse("profile")).context["form"]
    assert form["language"].value() == "fi"
    User.objects.filter(pk=staff_user.pk).update(language="sv")
    form = client.get(reverse("profile")).context["form"]
    assert form["language"].value() == "sv"


def _register(event, library, **fields):
    defaults = {"first_name": "Maija", "last_name": "V", "status": Registration.Status.CONFIRMED}
    return Registration.objects.create(event=event, library=library, **(defaults | fields))


def test_the_visitors_registration_is_the_latest_by_account_or_address(
    staff_user, other_library_user, libraries
):
    event = make_event(title="Etäkoulutus 3317", seats_on_site=10)
    assert selectors.registration_for(event=event, user=staff_user) is None
    # Registered by AKE under the person's address, without the account.
    older = _register(event, libraries["kaarina"], email=staff_user.email, user=None)
    assert selectors.registration_for(event=event, user=staff_user) == older
    # Registered with the account under the address it had before.
    room = ViewingRoom.objects.create(event=event, host_library=libraries["pori"], address="Sali 2", seats=5)
    newer = _register(
        event, libraries["kaarina"], email="vanha.osoite@kaarina.fi", user=staff_user, viewing_room=room
    )
    Registration.objects.filter(pk=older.pk).update(created_at=newer.created_at - datetime.timedelta(days=1))
    with CaptureQueriesContext(connection) as queries:
        found = selectors.registration_for(event=event, user=staff_user)
        assert found == newer and found.viewing_room == room
        assert found.viewing_room.host_library.name == libraries["pori"].name
    assert len(queries) == 1
    assert selectors.registration_for(event=event, user=other_library_user) is None


def test_the_prepared_statements_keep_nothing_of_their_visitors(staff_user, other_library_user):
    event = make_event(title="Koulutus 4471", seats_on_site=10)
    _register(event, staff_user.library, email=staff_user.email, user=staff_user)
    for user in (staff_user, other_library_user):
        client = Client()
        client.force_login(user)
        assert client.get(event.get_absolute_url()).status_code == 200
    for prepared in (sessions._session, auth_backends._user_by_id, selectors._registration_of):
        kept = prepared._ready
        assert kept is not None, "the page did not read through the prepared statement"
        # What is kept is made from the code's sample values: the same whoever came first.
        fresh = PreparedQuery(prepared._build, *prepared._sample)
        fresh.all(*prepared._sample)
        assert kept[:2] == fresh._ready[:2]  # the SQL and where its parameters come from
        assert kept[4] == fresh._ready[4]  # the columns of the model
        text = repr(kept)
        for user in (staff_user, other_library_user):
            assert user.email not in text


def test_a_value_the_lookup_changes_is_refused_on_first_use():
    wrapped = PreparedQuery(
        lambda email: User.objects.filter(email__icontains=email), "sample@example.invalid"
    )
    with pytest.raises(ImproperlyConfigured):
        wrapped.all("maija@kaarina.fi")
    with pytest.raises(ImproperlyConfigured):
        PreparedQuery(lambda a, b: User.objects.filter(pk__in=[a, b]), 1, 1)


def test_annotations_are_set_as_the_orm_sets_them_and_rows_build_the_same_instances(staff_user, libraries):
    """A queryset with annotations (an aggregate, a joined column) gives what the ORM gives; rows()
    and instances() are all() in two steps, and annotation_positions() says where each one is."""
    from django.contrib.postgres.aggregates import ArrayAgg
    from django.db.models import F

    def build(email):
        return (
            User.objects.filter(email=email)
            .annotate(group_ids=ArrayAgg("groups__id", distinct=True, default=[]))
            .annotate(library_name=F("library__name_fi"))
            .order_by("pk")
        )

    query = PreparedQuery(build, "sample@example.invalid")
    expected = list(build(staff_user.email))
    found = query.all(staff_user.email)
    assert [(user.pk, user.group_ids, user.library_name) for user in found] == [
        (user.pk, user.group_ids, user.library_name) for user in expected
    ]
    assert found[0].library_name == staff_user.library.name_fi
    rows = query.rows(staff_user.email)
    assert [user.pk for user in query.instances(rows)] == [staff_user.pk]
    positions = query.annotation_positions()
    assert rows[0][positions["library_name"]] == staff_user.library.name_fi


def test_prepared_rows_give_the_orms_values_list_converted_and_keep_no_value(staff_user, libraries):
    """PreparedRows: a values_list() of fields and aggregates, run with each call's values, gives the
    ORM's tuples (an aggregate converted as the ORM converts it); what it keeps is the statement,
    never a value of a call; anything but a values_list() is refused on first use."""
    from django.db.models import Count

    from ake.prepared import PreparedRows

    def build(email, library_id):
        return (
            User.objects.filter(email=email, library_id=library_id)
            .values("library_id")
            .annotate(users=Count("pk"))
            .order_by("library_id")
            .values_list("library_id", "users")
        )

    query = PreparedRows(build, "sample@example.invalid", -1)
    library_id = staff_user.library_id
    assert query.rows(staff_user.email, library_id) == list(build(staff_user.email, library_id))
    assert query.all(staff_user.email, library_id) == [(library_id, 1)]
    assert query.rows("nobody@example.invalid", library_id) == []
    assert staff_user.email not in repr(query._ready)
    with pytest.raises(ImproperlyConfigured):
        PreparedRows(lambda email: User.objects.filter(email=email), "sample@example.invalid").rows("x")
    with pytest.raises(ImproperlyConfigured):
        flat = PreparedRows(lambda email: User.objects.filter(email=email).values_list("pk", flat=True), "a")
        flat.rows("x")


def test_the_registry_gives_one_query_per_key_made_once():
    """ake.prepared.prepared(key, make): the process's query for a key, made by make() the first
    time and the same object after; another key gets its own. The page code's compiled queries
    (route and restrictions per depth, first live page per type, latest notices per limit, the
    notice list per page number, children per page type, translations) all come from it."""
    from ake.prepared import _registry, prepared

    made = []

    def make():
        made.append(1)
        return PreparedQuery(lambda email: User.objects.filter(email=email), "sample@example.invalid")

    key = ("tests.registry", 1)
    _registry.pop(key, None)
    try:
        first = prepared(key, make)
        assert prepared(key, make) is first and len(made) == 1
        other = prepared(("tests.registry", 2), make)
        assert other is not first and len(made) == 2
        assert first._ready is None  # made, not compiled: the SQL waits for the first use
    finally:
        _registry.pop(key, None)
        _registry.pop(("tests.registry", 2), None)


def test_the_pages_queries_come_from_the_registry(client):
    """A notice index and a notice page read their compiled queries from the registry, keyed by
    code (a name, a depth, a model, a number), and what the registry keeps holds no value of a
    request (the index's path, a notice's address)."""
    from ake.prepared import _registry
    from extranet.models import HomePage, NoticeIndexPage
    from tests.extranet.conftest import make_notice

    notice_index = NoticeIndexPage(title="Tiedotteet 7703", slug="tiedotteet-7703")
    HomePage.objects.get(depth=2).add_child(instance=notice_index)
    notice_index.save_revision().publish()
    notice = make_notice(notice_index, "Rekisteritiedote 7703")
    for url in (notice_index.url, notice.url):
        assert client.get(url).status_code == 200
    names = {key[0] if isinstance(key, tuple) else key for key in _registry}
    assert {"ake.route", "extranet.notice_list", "ake.page_translations"} <= names
    for key, query in _registry.items():
        assert notice.slug not in repr(key)
        for found in query if isinstance(query, tuple) else (query,):
            if isinstance(found, PreparedQuery):
                assert notice.slug not in repr(found._ready) and notice_index.path not in repr(found._ready)
