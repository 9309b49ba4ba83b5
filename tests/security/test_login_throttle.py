"""Issue #15 item 23: the login throttle counts per (account, client) and per client, and keeps
counting while Redis is unreachable.

Before: five wrong passwords from anywhere locked the account for five minutes (anyone could lock a
colleague out), and with Redis down allauth's counters read empty (the resilient cache treats an
outage as a miss): twelve wrong passwords in a row were all checked. Now every failure is also a
row in PostgreSQL (networks.LoginFailure) and the same limits are checked against those rows.
The outage here is real: the cache points at a port where nothing listens.
"""

import pytest
from django.test import Client
from django.urls import reverse

from networks.models import LoginFailure
from tests.conftest import make_user
from tests.faults.conftest import free_port

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def _client(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def _login(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _too_many(response) -> bool:
    from allauth.account.adapter import get_adapter

    form = response.context and response.context.get("form")
    message = str(get_adapter().error_messages["too_many_login_attempts"])
    return bool(form) and message in [str(error) for error in form.non_field_errors()]


@pytest.fixture
def redis_unreachable(settings):
    """The cache on a closed port: every call fails to connect, as in an outage."""
    port = free_port()  # bound and released at once: nothing listens there
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    from django.core.cache import cache

    assert cache.set("probe", 1) is None and cache.get("probe") is None  # really unreachable
    return port


def test_wrong_passwords_elsewhere_do_not_lock_the_owner_out(libraries):
    owner = make_user("maija@kaarina.fi", library=libraries["kaarina"], password=PASSWORD)
    attacker = _client("203.0.113.7")
    for _ in range(6):
        _login(attacker, owner.email, "wrong")
    assert _too_many(_login(attacker, owner.email, PASSWORD)) and not _logged_in(attacker)
    # The owner, at her own desk, logs in at once.
    desk = _client("198.51.100.20")
    _login(desk, owner.email, PASSWORD)
    assert _logged_in(desk)


def test_one_client_is_throttled_across_accounts(libraries):
    people = [
        make_user(f"henkilo{number}@kaarina.fi", library=libraries["kaarina"], password=PASSWORD)
        for number in range(12)
    ]
    sprayer = _client("203.0.113.8")
    answers = [_too_many(_login(sprayer, person.email, "wrong")) for person in people[:11]]
    assert answers[:10] == [False] * 10 and answers[10]  # 10 a minute per client
    assert _too_many(_login(sprayer, people[11].email, PASSWORD)) and not _logged_in(sprayer)


def test_the_throttle_keeps_counting_while_redis_is_unreachable(libraries, redis_unreachable, capsys):
    owner = make_user("matti@kaarina.fi", library=libraries["kaarina"], password=PASSWORD)
    attacker = _client("203.0.113.9")
    refused = [_too_many(_login(attacker, owner.email, f"guess-{number}")) for number in range(12)]
    with capsys.disabled():
        print(
            f"\n[login throttle, Redis unreachable] 12 wrong passwords: {refused.count(False)} checked, "
            f"{refused.count(True)} refused"
        )
    assert refused[:5] == [False] * 5 and all(refused[5:]), refused
    assert _too_many(_login(attacker, owner.email, PASSWORD)) and not _logged_in(attacker)
    assert LoginFailure.objects.count() == 5
    desk = _client("198.51.100.21")
    _login(desk, owner.email, PASSWORD)
    assert _logged_in(desk)


def test_failed_logins_are_kept_a_day_and_name_nobody(libraries):
    import datetime

    from django.utils import timezone

    from networks.throttle import login_failures_purge

    owner = make_user("liisa@kaarina.fi", library=libraries["kaarina"], password=PASSWORD)
    _login(_client("203.0.113.10"), owner.email, "wrong")
    row = LoginFailure.objects.get()
    assert owner.email not in row.key and "liisa" not in row.key
    assert login_failures_purge(now=timezone.now(), keep=datetime.timedelta(days=1)) == 0
    later = timezone.now() + datetime.timedelta(days=2)
    assert login_failures_purge(now=later, keep=datetime.timedelta(days=1)) == 1
