from .base import *  # noqa: F403
from .base import DATA_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-not-for-production-use-0123456789")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
# Without an SMTP server at hand, mail is written to .data/mail for reading.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(DATA_DIR / "mail")
# The page trees of every language are completed after each migrate (extranet/page_trees.py).
AKE_PAGE_TREES_SYNC_AFTER_MIGRATE = env.bool("AKE_PAGE_TREES_SYNC_AFTER_MIGRATE", default=True)
