"""Cross-cutting fixtures: real SMTP, real Redis, a real Celery worker, users of every role."""

import asyncio
import email
import fcntl
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from email.message import Message
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


# --------------------------------------------------------------------------- database
# What the migrations put in the test database (registry, roles, page tree, Table 1) is copied once
# into a schema of its own; every transactional test ends by putting it back with plain SQL, in
# place of Django's flush (which re-ran every post_migrate handler, permissions and roles included)
# and a JSON reload of the copy object by object.
SNAPSHOT_SCHEMA = "ake_migrated"
_snapshot_tables: list[str] = []
# The columns of each copied table, by name: a test that adds a column (a migration test migrating
# backwards and forwards) may leave the live table's columns in another order than the copy's.
_snapshot_columns: dict[str, str] = {}


def _uses_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or any(
        name in item.fixturenames for name in ("db", "transactional_db", "live_server")
    )


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's set-up, except in pytest-xdist workers: there the migrations run once per run,
    into a template database, and each worker copies it (``CREATE DATABASE ... TEMPLATE``, as Django's
    own parallel runner does) instead of migrating its own. Migrating is minutes of CPU; two workers
    migrating side by side on two cores kept both from starting their tests."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    verbosity = request.config.option.verbose
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    if worker is None or django_db_keepdb or not django_db_use_migrations or aliases != {"default"}:
        if not django_db_use_migrations:
            _disable_migrations()
        keepdb = {"keepdb": True} if django_db_keepdb and not django_db_createdb else {}
        with django_db_blocker.unblock():
            db_cfg = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
                **keepdb,
            )
        yield
        if not django_db_keepdb:
            with django_db_blocker.unblock():
                teardown_databases(db_cfg, verbosity=verbosity)
        return

    with django_db_blocker.unblock():
        original_name = _worker_database(worker, verbosity, serialize="default" in serialized_aliases)
    yield
    from django.db import connection

    with django_db_blocker.unblock(), _template_lock(connection) as (lock, template):
        connection.creation.destroy_test_db(original_name, verbosity)
        # The first worker to finish drops the template; a worker that still needs it (one that
        # received no file yet) finds the mark cleared and migrates it again.
        lock.seek(0)
        lock.truncate()
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)}")


@contextmanager
def _template_lock(connection):
    """Holds the lock of this run's template database (the test database's name without _gwN)."""
    test_name = connection.settings_dict["TEST"]["NAME"]
    template = re.sub(r"_gw\d+$", "", test_name)
    with (Path(tempfile.gettempdir()) / f"{template}.template.lock").open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield lock, template
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _worker_database(worker: str, verbosity: int, *, serialize: bool) -> str:
    """Points the connection at this worker's copy of the migrated template; returns the name the
    connection had before (the non-test database's, for the teardown)."""
    from django.conf import settings
    from django.db import connection

    original_name = connection.settings_dict["NAME"]
    clone_name = connection.settings_dict["TEST"]["NAME"]  # test_<name>_gwN (pytest-django)
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")
    with _template_lock(connection) as (lock, template):
        lock.seek(0)
        connection.settings_dict["TEST"]["NAME"] = template
        if not run or lock.read() != run:
            # Sets NAME to the template in the connection and in settings.
            connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False)
            lock.seek(0)
            lock.truncate()
            lock.write(run)
            lock.flush()
        else:
            connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = template
        connection.creation.clone_test_db(suffix=worker, verbosity=verbosity)
    connection.settings_dict.update(connection.creation.get_test_db_clone_settings(worker))
    connection.settings_dict["TEST"]["NAME"] = settings.DATABASES["default"]["NAME"] = clone_name
    assert connection.settings_dict["NAME"] == clone_name, connection.settings_dict["NAME"]
    if serialize:
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    return original_name


@pytest.fixture(scope="session", autouse=True)
def _migrated_data_snapshot(request, django_db_blocker):
    """Takes the copy when a selected test uses the test database. A run of tests that ask for no
    database (or set it up themselves, like ``committed_db``) never touches the real one."""
    if not any(_uses_database(item) for item in request.session.items):
        return
    request.getfixturevalue("django_db_setup")
    from django.db import connection

    if not connection.settings_dict["NAME"].startswith("test_"):
        return
    with django_db_blocker.unblock():
        _snapshot_take(connection)


def _snapshot_take(connection) -> None:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE; CREATE SCHEMA {SNAPSHOT_SCHEMA}")
        for table in tables:
            cursor.execute(f"CREATE TABLE {SNAPSHOT_SCHEMA}.{quote(table)} AS TABLE {quote(table)}")
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE schemaname = %s AND n_live_tup > 0",
            [SNAPSHOT_SCHEMA],
        )
        # Statistics may lag: an empty table is skipped on restore only when counted empty now.
        non_empty = {row[0] for row in cursor.fetchall()}
        for table in tables:
            if table not in non_empty:
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {SNAPSHOT_SCHEMA}.{quote(table)})")
                if cursor.fetchone()[0]:
                    non_empty.add(table)
    _snapshot_tables[:] = [table for table in tables if table in non_empty]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) "
            "FROM information_schema.columns WHERE table_schema = %s GROUP BY table_name",
            [SNAPSHOT_SCHEMA],
        )
        _snapshot_columns.clear()
        _snapshot_columns.update(cursor.fetchall())
    _snapshot_tables.append("")  # marks the copy as taken even when every table was empty


def _snapshot_restore(connection) -> None:
    """Empties every table and copies the snapshot back in one transaction and one round trip
    (Django's foreign keys are checked at commit), then moves each sequence past the ids restored.

    DELETE, not TRUNCATE: the tables are small, and TRUNCATE makes PostgreSQL replace every table's
    files, which cost seconds per test on a busy disk.
    """
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import transaction

    quote = connection.ops.quote_name
    tables = set(connection.introspection.django_table_names(only_existing=True, include_views=False))
    models = [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in tables]
    statements = [f"DELETE FROM {quote(table)}" for table in sorted(tables)]
    statements += [
        f"INSERT INTO {quote(table)} ({_snapshot_columns[table]}) "
        f"SELECT {_snapshot_columns[table]} FROM {SNAPSHOT_SCHEMA}.{quote(table)}"
        for table in filter(None, _snapshot_tables)
    ]
    statements += connection.ops.sequence_reset_sql(no_style(), models)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # Triggers off while the copy goes back (replica role): the audit trail's triggers would
        # otherwise record the reset itself as deletions and insertions of every tracked row.
        cursor.execute(
            "SET LOCAL session_replication_role = replica;\nSET CONSTRAINTS ALL DEFERRED;\n"
            + ";\n".join(statements)
        )


def _install_fast_teardown() -> None:
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.test import TransactionTestCase

    flush = TransactionTestCase._fixture_teardown

    def _fixture_teardown(self):
        connection = connections[DEFAULT_DB_ALIAS]
        if (
            _snapshot_tables
            and connection.settings_dict["NAME"].startswith("test_")
            and list(self._databases_names(include_mirrors=False)) == [DEFAULT_DB_ALIAS]
        ):
            _snapshot_restore(connection)
        else:
            flush(self)

    TransactionTestCase._fixture_teardown = _fixture_teardown


def pytest_configure(config):
    _install_fast_teardown()


@pytest.fixture(scope="session")
def migration_walk(django_db_setup, django_db_blocker):
    """One forward walk of the migrations for every collected file that registered steps, in a
    database of its own, dropped at the session's end (tests/migration_walk.py)."""
    from tests import migration_walk as walk

    with django_db_blocker.unblock():
        walk.create()
        try:
            with walk.in_walk_database():
                walked = walk.walk()
        except BaseException:
            walk.drop()
            raise
    yield walked
    with django_db_blocker.unblock():
        walk.drop()


@pytest.fixture(scope="module")
def walked(migration_walk, django_db_blocker):
    """The walk's results by step; the connection points at the walked database for the file's tests."""
    from tests import migration_walk as walk

    with django_db_blocker.unblock(), walk.in_walk_database():
        yield migration_walk


# --------------------------------------------------------------------------- parallel workers
# `make test` runs the suite in two pytest-xdist workers (ake/scripts/test.sh: -n 2 --dist loadfile).
# Each has a test database of its own (pytest-django adds _gw0, _gw1), a Redis database of its own
# (ake/settings/test.py), and starts its own SMTP server, live server, Chromium and Celery workers on
# free ports. A file's tests run together on one worker, in the file's order, so module fixtures are
# built once. What the workers still share is the PostgreSQL server's connection limit (100).

# Files that open 20 to 50 PostgreSQL connections at once: one worker runs them one after another,
# so that two of them never add up past the server's limit.
MANY_CONNECTIONS = "many-connections"
_SCOPES = dict.fromkeys(
    (
        "tests/loans/test_booking_concurrency.py",
        "tests/trainings/test_concurrency.py",
        "tests/trainings/test_watch_parties.py",
    ),
    MANY_CONNECTIONS,
)
# The files that read one forward walk of the migrations (tests/migration_walk.py): on one worker, the
# walk runs once a run.
MIGRATION_WALK = "migration-walk"
_SCOPES.update(
    dict.fromkeys(
        (
            "tests/test_language_migrations.py",
            "tests/finance/test_cost_migration.py",
            "tests/networks/test_project_migration.py",
        ),
        MIGRATION_WALK,
    )
)
# The longest files (minutes each) start first, so that neither worker is left with one of them at
# the end while the other has finished; the rest follow in xdist's order (most tests first). xdist's
# order puts a file of one long test (the crawls: minutes each) at the very end: name it here.
# Seconds in the evening's full run of 7 Dec 2026 (a machine 2.5 times slower than in the afternoon):
# the crawls 391 and 338, the access matrix 250, the XSS file 153, the restore drill 137, the feedback
# migrations 87 and 72; the form fuzzing (1,201 then) is three files of about a third each since, and the
# migration walk's three files (184 + 240 + 132 then) one walk of about 200.
LONGEST_FIRST = (
    "tests/e2e/test_no_finnish_ui_text.py",
    "tests/security/test_form_fuzzing_notices_trainings.py",
    "tests/security/test_form_fuzzing.py",
    "tests/security/test_form_fuzzing_loans_networks.py",
    "tests/e2e/test_language_crawl.py",
    "tests/security/test_access_matrix.py",
    MIGRATION_WALK,
    "tests/e2e/test_xss.py",
    "tests/surveys/test_feedback_migration.py",
    "tests/surveys/test_feedback_questions_migration.py",
    "tests/reporting/test_query_budget.py",
    "tests/reporting/test_pdf.py",
    MANY_CONNECTIONS,
    "tests/faults/test_worker_kills.py",
    "tests/faults/test_postgres_restart.py",
    "tests/faults/test_redis_down.py",
    "tests/operations/test_restore_drill.py",
)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """--dist loadfile with the groups and the order above. (xdist's --dist loadgroup would need an
    xdist_group mark, which it reads by rewriting node ids: pytest 9.2 ignores that, pytest-xdist
    issue #1386.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FileScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid):
            path = super()._split_scope(nodeid)
            return _SCOPES.get(path, path)

        def _assign_work_unit(self, node):
            longest = next((scope for scope in LONGEST_FIRST if scope in self.workqueue), None)
            if longest is not None:
                self.workqueue.move_to_end(longest, last=False)
            super()._assign_work_unit(node)

    return FileScheduling(config, log)


# Seconds per file (setup, call and teardown of its tests, module fixtures included), printed at the
# end of a run of several files: the figures LONGEST_FIRST is to follow. Under xdist the controller
# receives every worker's reports.
_file_seconds: dict[str, float] = {}


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    _file_seconds[path] = _file_seconds.get(path, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter, config):
    if hasattr(config, "workerinput") or len(_file_seconds) < 5:
        return
    terminalreporter.write_sep("=", "slowest files (seconds of their tests, fixtures included)")
    for path, seconds in sorted(_file_seconds.items(), key=lambda item: -item[1])[:25]:
        terminalreporter.write_line(f"{seconds:8.1f}  {path}")


@pytest.fixture(autouse=True)
def _no_event_loop_left(request):
    """A test that is not a browser test starts with no event loop marked running in this thread.

    A sync Playwright that is still started leaves one (tests/e2e/conftest.py, ``browser``); the
    test would then fail far from the cause, on an async view or an ORM call. Name the cause here.
    """
    if "browser" not in request.fixturenames and asyncio._get_running_loop() is not None:
        pytest.fail(
            "an event loop is marked running in the test thread before this test: a sync Playwright "
            "(or another async tool) was left started by an earlier test in this process"
        )


@pytest.fixture(autouse=True)
def _reset_language():
    """A request in another language leaves that language active in the thread; the tests after it
    would then reverse URLs under /en/ or /sv/."""
    yield
    from django.utils import translation

    translation.deactivate()


# --------------------------------------------------------------------------- real services
def _redis_available() -> bool:
    try:
        return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture(scope="session", autouse=True)
def _require_services():
    if not _redis_available():
        message = f"Redis is not reachable at {settings.REDIS_URL}"
        if IN_CI:
            pytest.exit(message + " (CI: a missing service is a failure)", returncode=3)
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache, so rate limits of one test never leak into the next."""
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    yield


@pytest.fixture(autouse=True)
def _media_storage(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


# --------------------------------------------------------------------------- SMTP
class _Mailbox:
    """Messages a real SMTP server (aiosmtpd) received, in arrival order."""

    def __init__(self):
        self._messages: list[Message] = []
        self._envelopes: list = []
        self._lock = threading.Lock()
        self.refuse: dict[str, str] = {}  # address -> SMTP reply, to simulate server errors

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd API
        reply = self.refuse.get(address) or self.refuse.get("*")
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        with self._lock:
            for recipient in envelope.rcpt_tos:
                copy = email.message_from_bytes(envelope.original_content or envelope.content)
                copy["X-Envelope-To"] = recipient
                self._messages.append(copy)
            self._envelopes.append(envelope)
        del message
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[Message]:
        with self._lock:
            return list(self._messages)

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["X-Envelope-To"].lower() == address.lower()]

    def clear(self):
        with self._lock:
            self._messages.clear()
            self._envelopes.clear()
        self.refuse.clear()

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.messages) >= count:
                return self.messages
            time.sleep(0.05)
        return self.messages


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    handler = _Mailbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    yield handler
    controller.stop()


@pytest.fixture(autouse=True)
def mailbox(smtp_server, settings):
    """Every test sends mail to the real SMTP server; this is what it received during the test."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    smtp_server.clear()
    yield smtp_server
    smtp_server.clear()


def message_text(message: Message) -> str:
    """The plain-text body of a received message (first text/plain part)."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


# --------------------------------------------------------------------------- Celery worker
class WorkerProcess:
    """A real `celery worker` child process talking to the test database, Redis and SMTP server."""

    def __init__(self, env: dict):
        self.env = env
        self.process: subprocess.Popen | None = None
        self.log_path = Path(env["AKE_WORKER_LOG"])

    def start(self, concurrency: int = 1):
        # Only what this start writes counts: a restarted worker must say "ready." anew.
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ake",
                "worker",
                "--loglevel=INFO",
                f"--concurrency={concurrency}",
                "--pool=prefork",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if b"ready." in self.log_path.read_bytes()[offset:]:
                return self
            time.sleep(0.1)
        raise RuntimeError("worker did not start:\n" + self.log_path.read_text(errors="replace")[-3000:])

    def kill(self, sig=signal.SIGKILL):
        """Kill the whole worker (main process and pool children) at once."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def celery_worker_env(smtp_server, tmp_path, settings):
    from django.db import connection

    db = connection.settings_dict
    host = db["HOST"] or "127.0.0.1"
    from urllib.parse import quote

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="ake.settings.test",
        AKE_CELERY_EAGER="0",
        DATABASE_URL=f"postgres://{db['USER']}@{quote(host, safe='')}:{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL=settings.REDIS_URL,
        AKE_TEST_SMTP_PORT=str(smtp_server.port),
        AKE_WORKER_LOG=str(tmp_path / "worker.log"),
        DJANGO_MEDIA_ROOT=settings.MEDIA_ROOT,
    )
    return env


@pytest.fixture
def celery_worker(celery_worker_env):
    """Starts a real worker; tasks published in the test go through Redis to it."""
    from ake.celery import app

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    worker = WorkerProcess(celery_worker_env).start()
    yield worker
    worker.stop()
    app.conf.task_always_eager = previous


# --------------------------------------------------------------------------- people
@pytest.fixture
def libraries(db):
    from networks.models import Library

    return {
        "turku": Library.objects.get(name_fi="Turun kaupunginkirjasto"),
        "pori": Library.objects.get(name_fi="Porin kaupunginkirjasto"),
        "kaarina": Library.objects.get(name_fi="Kaarinan kaupunginkirjasto"),
    }


def make_user(email, *, library=None, role=None, password="correct-horse-battery", **extra):
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    from networks.models import User
    from networks.roles import LIBRARY_STAFF

    user = User.objects.create_user(
        email=email,
        password=password,
        library=library,
        first_name=extra.pop("first_name", "Test"),
        last_name=extra.pop("last_name", email.split("@")[0].title()),
        **extra,
    )
    user.groups.add(Group.objects.get(name=role or LIBRARY_STAFF))
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def staff_user(libraries):
    return make_user("maija.virtanen@kaarina.fi", library=libraries["kaarina"])


@pytest.fixture
def other_library_user(libraries):
    return make_user("pekka.salo@pori.fi", library=libraries["pori"])


@pytest.fixture
def editor(libraries):
    from networks.roles import AKE_EDITORS

    return make_user("editor@turku.fi", library=libraries["turku"], role=AKE_EDITORS)


@pytest.fixture
def ake_admin(libraries):
    from networks.roles import AKE_ADMINS

    return make_user("admin@turku.fi", library=libraries["turku"], role=AKE_ADMINS)


@pytest.fixture
def planning_member(libraries):
    from networks.roles import PLANNING_GROUP

    return make_user("planner@pori.fi", library=libraries["pori"], role=PLANNING_GROUP)
