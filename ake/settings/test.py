import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, env

SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests talk to a real Redis (REDIS_URL, default 127.0.0.1:6379, a database of its own).
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/9")


def _worker_redis_url(url: str, worker: int, workers: int) -> str:
    """The Redis database of pytest-xdist worker ``worker`` of ``workers``: gw0 keeps REDIS_URL's, the
    others are spread evenly over Redis's 16 (with 2 workers: the one 8 further on). Each test
    flushes its database and a Celery worker reads its queues there, so two test processes must never
    share one; spreading them also stays clear of the neighbouring databases (1, 2, 3, ...) that
    other checkouts on the same server use."""
    parts = urlsplit(url)
    base = int(parts.path.lstrip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base + worker * (16 // max(workers, 1))) % 16}"))


# `make test` runs the suite in pytest-xdist workers gw0, gw1, ... (ake/scripts/test.sh). The worker's
# database goes into the environment, marked as done, so the processes the tests start (Celery
# workers, manage.py) use it too rather than moving it once more.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist_worker[2:].isdigit() and os.environ.get("AKE_TEST_REDIS_WORKER") != _xdist_worker:
    REDIS_URL = _worker_redis_url(
        REDIS_URL, int(_xdist_worker[2:]), int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "2"))
    )
    os.environ.update(REDIS_URL=REDIS_URL, AKE_TEST_REDIS_WORKER=_xdist_worker)
CACHES = {
    "default": {
        "BACKEND": "ake.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("AKE_CACHE_PREFIX", default="ake-test"),
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
CELERY_BROKER_URL = REDIS_URL
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
