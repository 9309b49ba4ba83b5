import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, DATABASES, env

SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests talk to a real Redis (REDIS_URL, default 127.0.0.1:6379, a database of its own).
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/9")


def _worker_redis_url(url: str, worker: int, workers: int) -> str:
    """The Redis database pytest-xdist worker ``worker`` of ``workers`` would like: gw0 keeps REDIS_URL's,
    the others are spread evenly over Redis's 16 (with 2 workers: the one 8 further on), clear of the
    neighbouring databases (1, 2, 3, ...) that other checkouts on the same server use."""
    parts = urlsplit(url)
    base = int(parts.path.lstrip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base + worker * (16 // max(workers, 1))) % 16}"))


# Each test flushes its Redis database and a Celery worker reads its queues there, so two test
# processes must never share one, also not those of two runs on the same machine: a run from database 1
# would take 1 and 9 and the default run 9 and 1. Every test process therefore marks the database it
# uses with a lock on a file of the server and database in the temporary directory (held until the
# process ends): a shared lock on the database REDIS_URL names (the pytest process; with xdist the
# controller, which outlives gw0, gw0's user), an exclusive one on a database it picked for itself (the
# other xdist workers, and a run whose REDIS_URL database another run's worker holds). A database held
# so is passed over for the next free one. Two runs given the same REDIS_URL still share it, and a
# process that is no test (`make run` on the same database) is not seen.
_redis_locks = []


def _redis_lock(url: str, *, exclusive: bool) -> bool:
    import fcntl
    import tempfile

    parts = urlsplit(url)
    name = f"ake-test-redis-{parts.hostname}-{parts.port or 6379}-{parts.path.lstrip('/') or 0}.lock"
    try:
        lock = open(os.path.join(tempfile.gettempdir(), name), "a")  # noqa: SIM115 - held until the process ends
    except OSError:  # another user's lock file: taken as held
        return False
    try:
        fcntl.flock(lock, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return False
    _redis_locks.append(lock)
    return True


def _claim_redis_url(url: str, *, shared: bool) -> str:
    """``url`` if this process may use its database, else the first database after it no test holds."""
    if _redis_lock(url, exclusive=not shared):
        return url
    parts = urlsplit(url)
    base = int(parts.path.lstrip("/") or 0)
    for step in range(1, 16):
        candidate = urlunsplit(parts._replace(path=f"/{(base + step) % 16}"))
        # Exclusive: only a database no other test process holds in any way is free, and no other
        # run may share it as its REDIS_URL's.
        if _redis_lock(candidate, exclusive=True):
            return candidate
    return url  # every database held: share, as before the locks


# `make test` runs the suite in pytest-xdist workers gw0, gw1, ... (ake/scripts/test.sh). The database
# a process settled on goes into the environment, marked with the process's name, so the processes it
# starts (Celery workers, manage.py, a nested pytest) use it too rather than claiming one of their own.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
_test_process = _xdist_worker or "main"
_claimed_by = os.environ.get("AKE_TEST_REDIS_WORKER")
if _claimed_by == "main" and _xdist_worker == "gw0":
    pass  # the xdist controller holds the run's database for the whole run: gw0 uses it
elif _claimed_by != _test_process:
    if _xdist_worker[2:].isdigit() and int(_xdist_worker[2:]) > 0:
        wanted = _worker_redis_url(
            REDIS_URL, int(_xdist_worker[2:]), int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "2"))
        )
        REDIS_URL = _claim_redis_url(wanted, shared=False)
    else:
        REDIS_URL = _claim_redis_url(REDIS_URL, shared=True)
    os.environ.update(REDIS_URL=REDIS_URL, AKE_TEST_REDIS_WORKER=_test_process)
CACHES = {
    "default": {
        "BACKEND": "ake.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("AKE_CACHE_PREFIX", default="ake-test"),
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
CELERY_BROKER_URL = REDIS_URL
# No JIT compilation of queries in tests. PostgreSQL compiles a query when the planner's cost passes
# jit_above_cost; the test database's small tables are never analyzed (autovacuum waits for 50 changed
# rows), so the planner takes them for huge, and the query that finds the page a URL serves (a join of
# every page type) cost 0.4-0.75 s of compiling for 1 ms of running: a notice index opened after a cache
# clear took 0.37-0.5 s instead of 40 ms, and every cold page of every test paid it.
DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
# Unit tests run tasks eagerly; delivery paths also have tests with a real worker process.
CELERY_TASK_ALWAYS_EAGER = env.bool("AKE_CELERY_EAGER", default=True)
# Mail goes to a real SMTP server (aiosmtpd) that tests/conftest.py starts.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = env.int("AKE_TEST_SMTP_PORT", default=2525)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY
AKE_PAGE_TREES_SYNC_AFTER_MIGRATE = False  # tests build the page trees they need
# Saving a row of a model that is in no content area fails (ake/areas.py; README, "Content areas").
AKE_CHECK_CONTENT_AREAS = True
