from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, env

SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests talk to a real Redis (REDIS_URL, default 127.0.0.1:6379, a database of its own).
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/9")
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
