"""Settings shared by every environment; the environment decides the rest.

Every value that differs between machines comes from an environment variable, documented in
README.md and .env.example.
"""

from pathlib import Path
from urllib.parse import unquote

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = BASE_DIR / ".data"

env = environ.Env()

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
# Earlier keys, still accepted for sessions and signed links while a new one is rolled out.
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# `make run` serves on AKE_PORT: without AKE_SITE_URL, the links in mail point at that server.
RUN_PORT = env.int("AKE_PORT", default=8000)
SITE_URL = env("AKE_SITE_URL", default=f"http://127.0.0.1:{RUN_PORT}")
WAGTAILADMIN_BASE_URL = SITE_URL
SITE_ID = 1

TIME_ZONE = "Europe/Helsinki"
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", "Suomi"),
    ("sv", "Svenska"),
    ("en", "English"),
]
# Translated model texts (django-modeltranslation, see ake/languages.py): every registered field `x`
# has the columns x_fi, x_sv and x_en; the others fall back by this ONE rule: Swedish and English to
# Finnish. Everything that falls back (model fields, mails, calendars) reads it from here. The last
# resort of each language is the remaining one, so a text that staff wrote only in Swedish (a group's
# plan) still shows on the Finnish page instead of nothing.
AKE_LANGUAGE_FALLBACKS = {
    "default": ("fi", "sv", "en"),
    "fi": ("sv", "en"),
    "sv": ("fi", "en"),
    "en": ("fi", "sv"),
}
MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_LANGUAGES = ("fi", "sv", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = AKE_LANGUAGE_FALLBACKS
# `Model.objects.create(name="…")` fills the active language and Finnish (never a record without Finnish).
MODELTRANSLATION_AUTO_POPULATE = "default"
# Our rich text field (ake/fields.py) is a TextField underneath: translatable like one.
MODELTRANSLATION_CUSTOM_FIELDS = ("SanitizedRichTextField", "RichTextField")
# Every catalog of ours is listed, not only found through INSTALLED_APPS: Django merges all catalogs
# into one per language, and an installed app listed earlier (Wagtail, allauth, Django's own) would
# otherwise win for a msgid it shares with us ("Title" was shown as Wagtail's "Otsikko" in the staff
# table, "cancelled" as "inställd"). LOCALE_PATHS win over apps; among them the first listed wins.
LOCALE_PATHS = [
    BASE_DIR / app / "locale"
    for app in (
        "ake",
        "networks",
        "extranet",
        "trainings",
        "loans",
        "reporting",
        "finance",
        "surveys",
        "audit",
    )
]

ROOT_URLCONF = "ake.urls"
WSGI_APPLICATION = "ake.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "networks.User"

# DATABASES
# ------------------------------------------------------------------------------
# DATABASE_URL is required; `make run` / `make test` export the embedded PostgreSQL's
# address when none is given (see ake/embedded_db.py).
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/ake")}
# A socket directory in the URL arrives percent-encoded (the embedded server listens on a socket).
DATABASES["default"]["HOST"] = unquote(DATABASES["default"].get("HOST", ""))
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
# A connection that died with a PostgreSQL restart is replaced instead of failing the next request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    # Before every admin (its docs require it ahead of django.contrib.admin; here Wagtail's admin):
    # it patches the registered models when it is ready, before admin forms and panels are built.
    "modeltranslation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "pgtrigger",
    "pghistory",
    "health_check",
]
LOCAL_APPS = [
    "ake",
    "networks",
    "extranet",
    "trainings",
    "loans",
    "reporting",
    "finance",
    "surveys",
    "audit",  # after the apps whose records it tracks
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside CSP (a served page gets a fresh nonce) and outside everything that reads the session.
    "ake.page_cache.AnonymousPageCacheMiddleware",
    "ake.memo.SiteLookupMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, the session's user read by a statement compiled once per process (ake/auth_backends.py).
    "ake.auth_backends.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Attaches the user and path to every audit event written during the request (audit/models.py).
    "audit.middleware.AuditContextMiddleware",
    "ake.middleware.AdminLanguageMiddleware",
    "ake.middleware.AdminRequiresTwoFactorMiddleware",
    "ake.middleware.PrivatePagesNoStoreMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "ake.context_processors.site",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = [
    # ModelBackend with the permission set kept in the cache (ake/auth_backends.py).
    "ake.auth_backends.CachedPermissionsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# STATIC AND MEDIA
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(DATA_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # whitenoise's CompressedManifestStaticFilesStorage, each file's URL kept per process.
    "staticfiles": {"BACKEND": "ake.static_storage.StaticFilesStorage"},
}
# Django caps neither file uploads nor their number by default (RELIABILITY.md #2): forms check sizes,
# and these keep non-file request bodies small.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20
MAX_UPLOAD_SIZE = env.int("AKE_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
# Spreadsheet imports are read whole into memory, so they get a tighter limit of their own.
MAX_IMPORT_SIZE = env.int("AKE_MAX_IMPORT_SIZE", default=5 * 1024 * 1024)
MAX_IMPORT_ROWS = env.int("AKE_MAX_IMPORT_ROWS", default=20000)

# CACHES AND SESSIONS
# ------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Swallows connection errors so that a Redis outage degrades to "no cache".
            "BACKEND": "ake.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("AKE_CACHE_PREFIX", default="ake"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous visitors' pages are served from the shared cache (ake/page_cache.py). Only with Redis:
# a per-process cache could not be invalidated across the web server's processes.
PAGE_CACHE_ENABLED = env.bool("AKE_PAGE_CACHE", default=bool(REDIS_URL))
PAGE_CACHE_SECONDS = env.int("AKE_PAGE_CACHE_SECONDS", default=300)
# Sessions live in PostgreSQL only, so a Redis outage logs nobody out, and a logout during one cannot
# leave a live copy in the cache to come back with Redis (which cached_db would).
# Django's database sessions, the row read by a statement compiled once per process (ake/sessions.py).
SESSION_ENGINE = "ake.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True

# EMAIL
# ------------------------------------------------------------------------------
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 20
EMAIL_FILE_PATH = str(DATA_DIR / "mail")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="AKE-extranet <extranet@ake.example.fi>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[AKE] "  # Django's own mails to the admins
# Every mail the site sends starts its subject with this, so that it is recognisable in an inbox and
# easy to filter (ake.outbox.subject_with_prefix adds it once: outbox, notices, event mails, allauth).
AKE_MAIL_SUBJECT_PREFIX = env("AKE_MAIL_SUBJECT_PREFIX", default="[AKE-extranet]")

# SECURITY
# ------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
# https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# LOGGING (structured, to stdout)
# ------------------------------------------------------------------------------
LOG_LEVEL = env("DJANGO_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"task_context": {"()": "ake.log_filters.TaskContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(task_id)s %(task_name)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["task_context"],
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "celery": {"level": "INFO"},
    },
}

# WAGTAIL
# ------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Lounais-Suomen kirjastojen extranet"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
# Every page exists in every content language: `manage.py page_trees_sync` gives each Finnish page
# without a translation an alias in the other trees (extranet/page_trees.py). In development it also
# runs after every migrate; tests build the trees they need themselves.
AKE_PAGE_TREES_SYNC_AFTER_MIGRATE = env.bool("AKE_PAGE_TREES_SYNC_AFTER_MIGRATE", default=False)
# The site's name in the header and the page titles, per language (the context processor picks one).
AKE_SITE_NAMES = {
    "fi": "Lounais-Suomen kirjastojen extranet",
    "sv": "Extranät för biblioteken i sydvästra Finland",
    "en": "Extranet of the libraries of Southwest Finland",
}
# PostgreSQL text search configuration per content language: pages are indexed and searched with
# the configuration of their own language (extranet/search_backend.py).
AKE_SEARCH_CONFIGS = {"fi": "finnish", "sv": "swedish", "en": "english"}
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No avatars from gravatar.com: the CSP blocks them (a broken image) and the address's hash would leave.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "pptx", "xlsx", "odt", "odp", "ods", "txt", "csv", "vtt", "mp4"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "finnish",
    }
}
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]},
    }
}

# ALLAUTH
# ------------------------------------------------------------------------------
# https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Enumeration protection only holds when verification is mandatory (RELIABILITY.md #4).
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# allauth's defaults, counted in the shared cache, except failed logins: 10 a minute per client, and 5
# in 5 minutes per (account, client) (networks/adapters.py makes the "key" the address with the
# client's), so nobody locks a colleague out. Failed logins are also counted in PostgreSQL with the
# same limits (networks/throttle.py): the throttle holds while Redis is unreachable.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Answers to one survey by its open link (no account, no invitation) from one browser in an hour:
# a staff room's shared computer stays well within it, a flood does not (surveys/views.py).
AKE_SURVEY_OPEN_ANSWERS_PER_HOUR = env.int("AKE_SURVEY_OPEN_ANSWERS_PER_HOUR", default=20)
ACCOUNT_ADAPTER = "networks.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "networks.forms.LibrarySignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = AKE_MAIL_SUBJECT_PREFIX + " "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL  # restricted pages sign in through allauth
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "AKE-extranet"

# CELERY
# ------------------------------------------------------------------------------
# Defaults lose tasks when a worker dies (RELIABILITY.md #5); the outbox tables plus sweepers remain
# the source of truth, these settings only make loss rarer.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Socket timeouts: without them a Redis that accepts connections but does not answer (frozen, or
# a network partition) blocks every publish, and so every request that queues mail, for ever.
# 2 s stays above kombu's 1 s BRPOP timeout, which the worker's consumer waits on.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 1800,
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
# Beat schedules are declared in code, one entry per periodic job (apps add theirs in this file).
CELERY_BEAT_SCHEDULE: dict = {}
# trainings: scheduled mails, waitlist offers, purge and recording reviews are due times kept in the
# database (never long ETAs, RELIABILITY.md #5); these jobs pick them up.
CELERY_BEAT_SCHEDULE.update(
    {
        "trainings-mailings": {"task": "trainings.tasks.mailings_process", "schedule": 300},
        "trainings-mail-sweep": {"task": "trainings.tasks.event_mails_sweep", "schedule": 120},
        "trainings-offers-expire": {"task": "trainings.tasks.offers_expire", "schedule": 300},
        "trainings-details-purge": {
            "task": "trainings.tasks.registration_details_purge",
            "schedule": 3600 * 6,
        },
        "trainings-materials-review": {"task": "trainings.tasks.materials_review_due", "schedule": 3600 * 6},
    }
)

# PERSONAL DATA RETENTION (see README, "Retention of personal data")
# ------------------------------------------------------------------------------
# Days each kind of personal data is kept once it is no longer needed; networks.tasks.retention_run
# (daily) and `manage.py purge_expired_data` remove what is older.
AKE_RETENTION_DAYS = {
    "sessions": 0,  # expired sessions
    "access_requests": 90,  # after the decision
    "subscriptions_unconfirmed": 30,  # never-confirmed subscription requests
    "delivery_errors": 30,  # bounce texts quoting an address, after the delivery
    "kit_reminder_errors": 30,  # the same for kit reminders
    "interlibrary_contacts": 365,  # contact person of a returned / not supplied request
    "event_mails": 180,  # outbox rows and feedback receipts, after the event ended
    "recordings": 90,  # recordings hidden at their review date and not renewed
    "outbox": 30,  # sent and given-up mails of the outbox (ake/outbox.py), after they were queued
    "login_failures": 1,  # failed logins counted for the login throttle (a client address each)
}
# The mail outbox (ake/outbox.py): re-sends what a lost task, a killed worker or an outage left.
CELERY_BEAT_SCHEDULE["ake-outbox-sweep"] = {"task": "ake.tasks.outbox_sweep", "schedule": 60}
CELERY_BEAT_SCHEDULE["networks-retention"] = {
    "task": "networks.tasks.retention_run",
    "schedule": crontab(minute=30, hour=3),
}

# AKE
# ------------------------------------------------------------------------------
AKE_CONTACT_EMAIL = env("AKE_CONTACT_EMAIL", default="ake@ake.example.fi")
# Where replies to AKE's messages to participants go (the Reply-To of those mails).
AKE_REPLY_TO_EMAIL = env("AKE_REPLY_TO_EMAIL", default=AKE_CONTACT_EMAIL)
AKE_ORGANISATION_NAME = _("Turku City Library – regional development task")
# Mounts the fixed-cost floor views that bench/pages.py compares pages with; never in production.
AKE_BENCH_FLOORS = env.bool("AKE_BENCH_FLOORS", default=False)
# bench/pages.py's "before" of the busy-hour mix: every write retires every content area, as one
# content version did before the areas (ake/areas.py). Never set in production.
AKE_BENCH_RETIRE_ALL = env.bool("AKE_BENCH_RETIRE_ALL", default=False)

# EXTRANET (issue #3)
# ------------------------------------------------------------------------------
# Notice mail: rows claimed per task, pause between messages (for relays that limit the rate), and
# how long a row may sit in "sending" before the sweeper decides its worker died.
EXTRANET_DELIVERY_BATCH_SIZE = env.int("AKE_DELIVERY_BATCH_SIZE", default=25)
EXTRANET_DELIVERY_PAUSE = env.float("AKE_DELIVERY_PAUSE", default=0.0)
EXTRANET_DELIVERY_STALE_SECONDS = env.int("AKE_DELIVERY_STALE_SECONDS", default=15 * 60)
# Uploaded documents are checked by extension and content, and always downloaded, never shown inline.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "extranet.forms.CheckedDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "extranet.forms.CheckedImageForm"
# The redirect import keeps the uploaded file between its two steps: in the cache it expires, in the
# default temporary folder an abandoned import would stay for ever.
WAGTAIL_REDIRECTS_FILE_STORAGE = "cache"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
# Outside the page cache, so that pages served from it are counted too.
MIDDLEWARE.insert(MIDDLEWARE.index("csp.middleware.CSPMiddleware"), "extranet.usage.UsageCountingMiddleware")
CELERY_BEAT_SCHEDULE.update(
    {
        "extranet-publish-scheduled": {"task": "extranet.tasks.notices_publish_scheduled", "schedule": 120.0},
        "extranet-deliveries-sweep": {"task": "extranet.tasks.deliveries_sweep", "schedule": 300.0},
        "extranet-usage-flush": {"task": "extranet.tasks.usage_flush", "schedule": 600.0},
        "extranet-weekly-digest": {
            "task": "extranet.tasks.digest_weekly_send",
            "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
        },
    }
)
# Finds inflected Finnish forms ("koulutukset" -> "koulutus"); see extranet/search_backend.py.
WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "extranet.search_backend"

# LOANS (kit bookings)
# ------------------------------------------------------------------------------
# Reminders before pick-up and return are rows with a due day; this sweep sends the due ones, so no
# task ever waits on a Celery ETA longer than the broker's visibility timeout (RELIABILITY.md #5).
CELERY_BEAT_SCHEDULE["loans-kit-reminders"] = {"task": "loans.tasks.kit_reminders_send", "schedule": 15 * 60}

# OPERATIONS (issue #19): backups, health, error reporting
# ------------------------------------------------------------------------------
# Backups (ake/backup.py): pg_dump + a tar of MEDIA_ROOT with a manifest of SHA-256 hashes, encrypted
# with AKE_BACKUP_KEY (a Fernet key) when it is set, kept grandfather-father-son.
AKE_BACKUP_DIR = env("AKE_BACKUP_DIR", default=str(DATA_DIR / "backups"))
AKE_BACKUP_KEY = env("AKE_BACKUP_KEY", default="")
AKE_BACKUP_KEEP_DAILY = env.int("AKE_BACKUP_KEEP_DAILY", default=14)
AKE_BACKUP_KEEP_WEEKLY = env.int("AKE_BACKUP_KEEP_WEEKLY", default=8)
AKE_BACKUP_KEEP_MONTHLY = env.int("AKE_BACKUP_KEEP_MONTHLY", default=12)
# The readiness check fails when the newest backup is older than this.
AKE_BACKUP_MAX_AGE_HOURS = env.int("AKE_BACKUP_MAX_AGE_HOURS", default=26)
# docker-compose runs backups in a worker of their own (the `backup` service) on this queue.
AKE_BACKUP_QUEUE = env("AKE_BACKUP_QUEUE", default="celery")
# /readyz fails when the disk of MEDIA_ROOT or AKE_BACKUP_DIR is this full (percent).
AKE_HEALTH_MAX_DISK_PERCENT = env.int("AKE_HEALTH_MAX_DISK_PERCENT", default=90)
# Error reporting (ake/sentry.py): only with a DSN; personal data is scrubbed before sending.
SENTRY_DSN = env("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", default="production")
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
CELERY_BEAT_SCHEDULE["ake-backup"] = {
    "task": "ake.tasks.backup_run",
    "schedule": crontab(minute=15, hour=2),
    "options": {"queue": AKE_BACKUP_QUEUE},
}
