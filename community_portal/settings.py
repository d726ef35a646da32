"""Settings for Community Portal, read from the environment.

With no environment at all the site runs embedded: SQLite under ``var/``, Celery
tasks executed in-process after commit, e-mail written as files under
``var/mail/``. Setting ``DATABASE_URL`` and ``REDIS_URL`` moves it onto
PostgreSQL with real Celery workers and beat.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent
# Everything the site writes at run time (SQLite database, mail, cache, uploads).
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

# --- Core -----------------------------------------------------------------------------

# Off unless set: a deployment that forgets it gets production mode, never the
# debug pages. `make run` sets DEBUG=1; so does the test suite (tests/settings.py).
DEBUG = env.bool("DEBUG", default=False)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The absolute address of the site, used in every link that leaves it (e-mails,
# letters, certificates and their QR codes, Open Badges ids). By default the
# address `make run` serves, which exports PORT; the sites framework's Site 1
# follows it on every migrate (community_portal.core.sites).
PORT = env.int("PORT", default=8000)
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{PORT}").rstrip("/")
SITE_ID = 1

# --- The community this deployment serves ------------------------------------------------

COMMUNITY_NAME = env.str("COMMUNITY_NAME", default="Open Source Community")
COMMUNITY_LOGO_URL = env.str("COMMUNITY_LOGO_URL", default="")  # empty: the bundled logo
CODE_OF_CONDUCT_URL = env.str(
    "CODE_OF_CONDUCT_URL",
    default="https://www.contributor-covenant.org/version/2/1/code_of_conduct/",
)
CODE_OF_CONDUCT_VERSION = env.str("CODE_OF_CONDUCT_VERSION", default="2.1")
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="community@example.org")
# Signs certificates (Open Badges VC-JWT): `manage.py create_signing_key` makes one.
# Empty: certificates are published unsigned, with their revocation status only.
OPEN_BADGES_SIGNING_KEY = env.str("OPEN_BADGES_SIGNING_KEY", default="")
# Earlier keys' public parts (comma-separated), still published so that what they
# signed verifies: `manage.py rotate_signing_key` prints both lines.
OPEN_BADGES_RETIRED_KEYS = env.list("OPEN_BADGES_RETIRED_KEYS", default=[])

# --- Applications ---------------------------------------------------------------------

INSTALLED_APPS = [
    # Before the admin: its TranslationAdmin and the per-language model fields.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "django_filters",
    "csp",
    # The read API's docs page uses ninja's templates and its own copy of Swagger UI.
    "ninja",
    "corsheaders",
    "django_prometheus",
    "community_portal.core",
    "community_portal.notifications",
    # Outgoing webhooks to the community's own systems (the domain services announce events).
    "community_portal.webhooks",
    "community_portal.chat",
    # Domain apps, in the order their demo data builds on each other.
    "members",
    "submissions",
    "programs",
    "stations",
    # The community health dashboard: reads every domain app.
    "insight",
    # The points store: rewards redeemed through the ledger's services.
    "store",
    # Certificates of service and the titles profiles show (station leads, volunteers).
    "titles",
    # The partner program: organizations apply with their program participation.
    "partners",
    # Stars of the month and of the year, the essay competition's green channel.
    "recognition",
    # The open-data API over all of them, and the members' access tokens.
    "api",
    # Reads every domain app; none reads it.
    "opendata",
    # Webhooks in from GitHub and Discourse (after submissions: it extends its admin).
    "integrations",
]

AUTH_USER_MODEL = "members.User"

MIDDLEWARE = [
    # /healthz, /readyz, /metrics: before host checks, HTTPS redirect and sessions.
    "community_portal.core.operations.OperationsMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # /api/ only: HEAD answered as GET without the body, a JSON 405 with Allow
    # (before the page cache, which then sees the GET).
    "api.middleware.APIMethodsMiddleware",
    # Cached public pages for anonymous visitors, before sessions, auth, CSRF, locale.
    "community_portal.core.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that may answer (CommonMiddleware); acts on /api/ only.
    "corsheaders.middleware.CorsMiddleware",
    # Django's, reusing the session the page cache read for a member page.
    "community_portal.core.page_cache.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "community_portal.core.page_cache.PrivateForMembersMiddleware",
    "members.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A GET on a POST-only address: a page with a way back, not a bare 405
    # (inside CSP and security headers, so the page gets them too).
    "community_portal.core.http.MethodNotAllowedPageMiddleware",
    # After authentication: visitors' GETs of public pages may read the replica.
    "community_portal.db.replica.ReplicaReadsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "community_portal.urls"
WSGI_APPLICATION = "community_portal.wsgi.application"
ASGI_APPLICATION = "community_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "community_portal.core.context_processors.community",
                "community_portal.notifications.context_processors.inbox",
                # Last: a page being cached gets a placeholder for the CSRF token.
                "community_portal.core.page_cache.csrf_placeholder",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------

DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend with SQLite's real parameter limit (bulk inserts in one statement).
    DATABASES["default"]["ENGINE"] = "community_portal.db.sqlite3"
    # Writers queue up for the lock instead of failing with "database is locked":
    # every transaction takes the write lock at BEGIN, and waits up to 20 s for it.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # Django's backend reading timestamps with psycopg's C loader.
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["ENGINE"] = "community_portal.db.postgresql"
    # DATABASE_POOL=1 (default): Django's own psycopg pool in each process, which
    # `make bench` measured 15-35 % faster than a kept connection with health
    # checks (a "SELECT 1" before each request's first query). 0: one persistent
    # connection per process (CONN_MAX_AGE, checked before reuse).
    DATABASE_POOL = env.bool("DATABASE_POOL", default=True)
    if DATABASE_POOL:
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=1),
            "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=4),
            "timeout": 10,
        }
    else:
        DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Optional read replica: visitors' public pages and exports read from it
# (community_portal/db/replica.py); writes and transactions stay on the primary.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
REPLICA_READS = bool(DATABASE_REPLICA_URL)
if DATABASE_REPLICA_URL:
    _primary = DATABASES["default"]
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        **{key: _primary[key] for key in ("ENGINE", "CONN_MAX_AGE", "OPTIONS") if key in _primary},
        "TEST": {"MIRROR": "default"},  # the tests read the primary through the alias
    }
    if "CONN_HEALTH_CHECKS" in _primary:
        DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
DATABASE_ROUTERS = ["community_portal.db.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Redis and Celery ----------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache that answers from local memory while Redis is
            # down, so sign-in, sessions and pages never fail with it.
            "BACKEND": "community_portal.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            # Each process keeps copies of the page cache's entries, dropped the
            # moment Redis says they changed (community_portal/core/near_cache.py).
            "OPTIONS": (
                {"NEAR_CACHE_PREFIX": "pagecache:"}
                if env.bool("PAGE_CACHE_NEAR", default=True)
                else {}
            ),
        }
    }
else:
    # A real cache shared by every process on the machine: allauth's rate limits
    # count in it, so a dummy cache would switch them off.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Sessions live in the cache, written through to the database: a signed-in request
# reads its session from Redis instead of a query. Without Redis the file cache
# would add a disk read to the database one, so sessions stay in the database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# Anonymous public pages are kept in the cache until what they show changes
# (community_portal/core/page_cache.py); this bounds how long any page lives.
PAGE_CACHE_TTL = env.int("PAGE_CACHE_TTL", default=300)
# A page whose time is up is renewed by one request while the others still get it,
# for at most this many seconds.
PAGE_CACHE_GRACE = env.int("PAGE_CACHE_GRACE", default=30)

CELERY_BROKER_URL = REDIS_URL or "memory://"
# No broker: tasks run in-process. They are only ever queued from
# transaction.on_commit, so "in-process" still means "after commit".
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing happens right after a change commits, inside the web request: with
# the broker down it must fail at once, not hold the member up. One attempt, a
# short connect timeout, no retries; nothing is lost, the notifications stay
# pending and the sweep below queues them again once the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 0.3
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
# acks_late is set per task, only on idempotent ones. With Redis a task that is
# not acknowledged within the visibility timeout is delivered again, so it must
# exceed the longest countdown/ETA we ever use (the capped retry delay, one hour).
CELERY_TASK_ACKS_LATE = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 4 * 60 * 60,
    # Redis itself: a connection that can't be made in 0.3 s, or a command that
    # gets no answer in 5 s (more than the workers' 1 s BRPOP), has failed.
    "socket_connect_timeout": 0.3,
    "socket_timeout": 5,
    "max_retries": 0,
}
# Outgoing webhooks: seconds to wait for an endpoint's answer (Standard Webhooks: 15-30),
# and the days of failing attempts after which an endpoint is disabled and its owner told.
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=15)
WEBHOOK_DISABLE_AFTER_DAYS = env.int("WEBHOOK_DISABLE_AFTER_DAYS", default=3)

CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Crontab times are in CELERY_TIMEZONE (the community's TIME_ZONE). Each reminder
# is sent once per recipient and occasion whatever the schedule, and catches up
# on a missed run; the README ("Scheduled jobs") explains each window.
CELERY_BEAT_SCHEDULE = {
    # Every minute: a notification whose worker was killed is sent again within
    # two minutes (its one-minute claim expires, then the next sweep queues it).
    "notifications-sweep-undelivered": {
        "task": "community_portal.notifications.tasks.sweep_undelivered",
        "schedule": 60,
    },
    # Every minute: webhook deliveries whose backoff is over, or whose worker died.
    "webhooks-sweep-due": {
        "task": "community_portal.webhooks.tasks.sweep_webhooks",
        "schedule": 60,
    },
    # Chat deliveries that are due: retried or postponed ones, and any the broker missed.
    "chat-sweep-undelivered": {
        "task": "community_portal.chat.tasks.sweep_chat_undelivered",
        "schedule": 60,
    },
    "reminders-overdue-reviews": {
        "task": "community_portal.notifications.tasks.remind_overdue_reviews",
        "schedule": crontab(minute=30, hour=8),
    },
    # The members' daily digest, early enough to be read in the morning.
    "notifications-daily-digest": {
        "task": "community_portal.notifications.tasks.send_daily_digests",
        "schedule": crontab(minute=0, hour=7),
    },
    "reminders-escalated-reviews": {
        "task": "community_portal.notifications.tasks.escalate_stalled_reviews",
        "schedule": crontab(minute=40, hour=8),
    },
    # The 1st of each month: last month's authors of selected content are nominated
    # (each selection nominates already; this catches up, and creates nothing twice).
    "recognition-nominate-last-month": {
        "task": "recognition.tasks.nominate_last_month",
        "schedule": crontab(minute=15, hour=0, day_of_month=1),
    },
    "reminders-program-deadlines": {
        "task": "programs.tasks.remind_program_deadlines",
        "schedule": crontab(minute=0, hour=9),
    },
    "reminders-campaign-ends": {
        "task": "submissions.tasks.remind_campaign_ends",
        "schedule": crontab(minute=10, hour=9),
    },
    "reminders-certificate-expiry": {
        "task": "members.tasks.remind_certificate_expiry",
        "schedule": crontab(minute=20, hour=9),
    },
    "reminders-volunteer-answers": {
        "task": "members.tasks.remind_volunteer_answers",
        "schedule": crontab(minute=30, hour=9),
    },
    "reminders-newly-qualified": {
        "task": "members.tasks.remind_newly_qualified",
        "schedule": crontab(minute=40, hour=9),
    },
    "reminders-station-health": {
        "task": "stations.tasks.remind_station_health",
        "schedule": crontab(minute=50, hour=9),
    },
    "reminders-partner-evaluations": {
        "task": "partners.tasks.remind_partner_evaluations",
        "schedule": crontab(minute=5, hour=10),
    },
    "reminders-events": {
        "task": "stations.tasks.remind_events",
        "schedule": crontab(minute="*/15"),
    },
    # Weekly: the coming years' holidays, as soon as the library knows them.
    "calendar-preload": {
        "task": "community_portal.core.tasks.preload_calendar",
        "schedule": crontab(minute=0, hour=3, day_of_week=1),
    },
}

# Chat channels post only to their provider's webhook hosts over HTTPS; hosts listed
# here are allowed too, over HTTP as well (a relay of your own; the tests' receiver).
CHAT_WEBHOOK_EXTRA_HOSTS = env.list("CHAT_WEBHOOK_EXTRA_HOSTS", default=[])

# --- Accounts (django-allauth) ----------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Password reset and sign-up never tell whether an address has an account.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{COMMUNITY_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# allauth's default rate limits stay on (login, failed logins, sign-up, resets...).
ACCOUNT_RATE_LIMITS = {}

# GitHub login is offered only when both keys are configured.
GITHUB_CLIENT_ID = env.str("GITHUB_CLIENT_ID", default="")
GITHUB_CLIENT_SECRET = env.str("GITHUB_CLIENT_SECRET", default="")
SOCIALACCOUNT_PROVIDERS = {}
if GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET:
    # Installed only when configured: allauth mounts /accounts/github/... for
    # each installed provider, and without keys those pages could only fail.
    INSTALLED_APPS.insert(
        INSTALLED_APPS.index("allauth.socialaccount") + 1, "allauth.socialaccount.providers.github"
    )
    SOCIALACCOUNT_PROVIDERS["github"] = {
        "APP": {"client_id": GITHUB_CLIENT_ID, "secret": GITHUB_CLIENT_SECRET},
        "SCOPE": ["read:user", "user:email"],
    }
# The secrets GitHub's and the forum's webhooks are signed with (README, "Webhooks
# in"); a secret saved in the admin takes precedence. None: that receiver refuses all.
GITHUB_WEBHOOK_SECRET = env.str("GITHUB_WEBHOOK_SECRET", default="")
DISCOURSE_WEBHOOK_SECRET = env.str("DISCOURSE_WEBHOOK_SECRET", default="")
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_ONLY = False

# --- Internationalisation ---------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("fr", _("French")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
# Where working days' holidays and make-up days are preloaded from: "CN" reads
# chinese_calendar, another ISO country code the holidays package, "" nothing
# (community_portal/core/calendar_preload.py; `manage.py load_calendar`).
WORKDAY_CALENDAR = env.str("WORKDAY_CALENDAR", default="CN")
USE_I18N = True

# The community's own content (programs, campaigns, tiers, stations, events...) has a
# column per language (django-modeltranslation): `obj.title` reads the active
# language's column and falls back to the default language's text when it is empty.
MODELTRANSLATION_LANGUAGES = ("en", "zh-hans", "fr")
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
# A row created in another language (a lead writing in Chinese) gets the same text in
# the default language too, so no reader ever falls back to an empty one.
MODELTRANSLATION_AUTO_POPULATE = "default"
# Slugs are prepopulated from the default language's name, whatever the admin's language.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = LANGUAGE_CODE
USE_TZ = True
# Each language's named formats (dates, times, thousands separators), on top of
# Django's; templates name them (``|date:"YEAR_MONTH_FORMAT"``), never spell them.
FORMAT_MODULE_PATH = ["community_portal.formats"]
# Off on purpose: on, every number in a template is grouped, years and ids too
# ("2,026"). Counts and points are grouped where they are shown, with humanize's
# intcomma (community_portal.core.formatting.grouped in Python).
USE_THOUSAND_SEPARATOR = False

# --- Static and media files -------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# In development whitenoise serves straight from the source folders; in
# production from the collected, hashed and compressed copies.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

# --- E-mail -----------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default=f"{COMMUNITY_NAME} <noreply@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    # Each message becomes one .eml file under var/mail/ that a mail program opens.
    EMAIL_BACKEND = "community_portal.core.mail.EmlFileBackend"
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
# Seconds each step of an SMTP exchange may take. Delivery holds a notification
# for notifications.delivery.CLAIM_LEASE (60 s), renewed while a batch is sent:
# keep this well under it (a test checks it is at most a third).
EMAIL_TIMEOUT = 20

# --- Security ---------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

_form_action = [SELF]
if "github" in SOCIALACCOUNT_PROVIDERS:
    _form_action.append("https://github.com")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": _form_action,
    },
}

# --- The open-data API (/api/v1/) ------------------------------------------------------

# The community's own websites may call the API from a browser: a comma-separated
# list of origins (https://www.example.org). Only /api/ answers CORS, and only
# reads; no cookies are sent along (tokens go in the Authorization header).
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = [
    "accept",
    "accept-language",
    "authorization",
    "if-none-match",
    "if-modified-since",
]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Content-Language", "Retry-After"]
CORS_ALLOW_CREDENTIALS = False
CORS_PREFLIGHT_MAX_AGE = 86400
# Requests per client address without a token, and per token: "120/min", "1000/hour".
API_ANONYMOUS_RATE = env.str("API_ANONYMOUS_RATE", default="120/min")
API_TOKEN_RATE = env.str("API_TOKEN_RATE", default="600/min")
# Behind a TLS proxy the client address is the last one the proxy adds to
# X-Forwarded-For; otherwise REMOTE_ADDR (a client can't choose its own limit).
NINJA_NUM_PROXIES = 1 if env.bool("BEHIND_TLS_PROXY", default=False) else 0

# --- Operations: probes, metrics, error reports, logs -----------------------------------

# /metrics tells request rates, the outbox and reminder runs: for operators only.
# Allowed from these addresses (a scraper on the same host or network; behind a
# proxy REMOTE_ADDR is the proxy's) or with "Authorization: Bearer METRICS_TOKEN",
# which Prometheus sends with `authorization: {credentials: ...}`.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
# /readyz answers 503 when the oldest undelivered notification is older (seconds; 0: never).
READYZ_MAX_OUTBOX_AGE = env.int("READYZ_MAX_OUTBOX_AGE", default=0)

SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,  # no member addresses or cookies in error reports
    )

LOG_FORMAT = env.str("LOG_FORMAT", default="plain")  # "json": one JSON object a line
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "community_portal.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # urllib3 logs every request's URL at DEBUG, and a chat robot's webhook URL
        # carries its token: chat delivery logs its own, scrubbed, failures instead.
        "urllib3": {"level": "ERROR"},
    },
}
if not REDIS_URL:
    # In-process tasks would log every delivery into the console of `make run`,
    # and the in-memory broker warns that it has no host name.
    LOGGING["loggers"].update(
        {"celery.app.trace": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"}}
    )

VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)
