"""Gilde settings, read from the environment (12-factor).

Local defaults are safe and need no server: SQLite, a file-system Celery
broker, a file-based cache. Production (DEBUG off) has no default for secrets.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, STRICT_DYNAMIC
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("GILDE_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: production settings (DEBUG off) need a secret key."
        )
    SECRET_KEY = "django-insecure-gilde-local-development-only-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "taggit",
    "django_htmx",
    "template_partials",
    "core",
    "accounts",
    "branding",
    "analytics",
    "search",
    "moderation",
    "knowledge_base",
    "community",
    "support",
    "demo",
]

MIDDLEWARE = [
    "core.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.GildeCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.CleanInputMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "core.middleware.VisitorIdMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.ratelimits.AllauthLimitsMiddleware",  # Retry-After on allauth's 429s; failed-login limit answers 429
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "branding.context_processors.brand",
                "accounts.context_processors.roles",
            ],
        },
    }
]

# --- database -------------------------------------------------------------
try:
    DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
except Exception as exc:  # environ raises several kinds for a malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
    raise ImproperlyConfigured(
        "DATABASE_URL must start with sqlite:/// or postgres:// (Gilde supports SQLite and PostgreSQL)."
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections: a new one per request costs opening the file and the pragmas.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server and the Celery worker read while one writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # A new PostgreSQL connection per request halves throughput.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, sessions, broker ------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# Sessions live in the database with the cache in front: a cache restart (or a
# lost Redis) signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"REDIS_URL must start with redis://, rediss:// or unix://, got {REDIS_URL!r}.")
    CACHES = {
        "default": {
            # django-redis, because it can treat an unreachable Redis as a cache miss
            # (IGNORE_EXCEPTIONS): pages render from the database, slower but not broken.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gilde",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CONNECT_TIMEOUT", default=0.5),
                "SOCKET_TIMEOUT": env.float("REDIS_TIMEOUT", default=1.0),
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "gilde.cache"
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A message a worker took and never acknowledged (the worker was killed) is
        # delivered again after this long: just longer than the hard time limit of
        # the longest task, so a task still running is never handed out twice.
        "visibility_timeout": env.int("CELERY_TASK_TIME_LIMIT", default=300) + 60,
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
else:
    # Shared by the web server and the Celery worker on one machine.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            # Cached pages, threads and rows are many small files; the default of 300
            # would cull a third of them (version tokens too) every few hundred pages.
            "OPTIONS": {"MAX_ENTRIES": env.int("GILDE_FILE_CACHE_ENTRIES", default=50_000)},
        }
    }
    CELERY_BROKER_URL = "filesystem://"
    _queue = VAR_DIR / "celery"
    for _folder in ("out", "processed", "control"):
        (_queue / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue / "out"),
        "data_folder_out": str(_queue / "out"),
        "processed_folder": str(_queue / "processed"),
        "control_folder": str(_queue / "control"),
        "store_processed": False,
    }

# --- Celery -----------------------------------------------------------------
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = max(CELERY_TASK_TIME_LIMIT - 60, int(CELERY_TASK_TIME_LIMIT * 0.8))
# Every task is idempotent, so re-running one after a lost worker is safe and
# losing one is not: acknowledge only after it ran.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that sends a task must not hang while the broker is away: try briefly,
# then leave the job to the outbox (core/jobs.py), whose beat task sends it again.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# Work that must happen (notifications, emails, search index, webhooks) is written
# to the outbox in the same transaction as its cause; beat re-sends what is still
# pending after this many seconds (longer than any such task may run).
GILDE_JOB_REQUEUE_AFTER = env.int("GILDE_JOB_REQUEUE_AFTER", default=CELERY_TASK_TIME_LIMIT + 60)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {}  # apps add theirs in config/celery.py

# --- auth and allauth --------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.CachedPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
# allauth's default rate limits stay on (they answer 429); these are the defaults, written out.
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
# How many reverse proxies of our own stand in front of Django (docs/operations.md). The
# client address is then the Nth from the right in X-Forwarded-For (core/clientip.py);
# 0 = Django faces the clients and the header is never trusted. allauth reads the same.
GILDE_TRUSTED_PROXY_COUNT = env.int("GILDE_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = GILDE_TRUSTED_PROXY_COUNT
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Gilde")
# Staff roles must use MFA before they reach staff pages. The demo turns this off.
GILDE_STAFF_MFA_REQUIRED = env.bool("GILDE_STAFF_MFA_REQUIRED", default=True)

# --- i18n ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "gilde_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# --- static and media -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "core.storage.StaticStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- email -------------------------------------------------------------------------
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Gilde <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Without a mail server, mail lands in var/outbox and DEBUG shows it at /outbox/.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = str(VAR_DIR / "outbox")

# --- security ------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [NONCE, STRICT_DYNAMIC],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "https:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# --- logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"once_a_minute": {"()": "core.logfilters.OncePer", "seconds": 60}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "console_throttled": {"class": "logging.StreamHandler", "filters": ["once_a_minute"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-redis logs every cache call it answered as a miss while Redis was away.
        "gilde.cache": {"handlers": ["console_throttled"], "propagate": False, "level": "WARNING"},
    },
}

# --- error reporting (optional) ---------------------------------------------------------------------
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from core.errors import init as _sentry_init

    _sentry_init(SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default="production"))

# --- Gilde -------------------------------------------------------------------------------------
GILDE_DEMO = env.bool("GILDE_DEMO", default=False)
# /metrics answers on loopback, or to "Authorization: Bearer <this>" (docs/operations.md).
GILDE_METRICS_TOKEN = env.str("GILDE_METRICS_TOKEN", default="")

# Page views, searches and suggestions are written in batches (analytics/buffer.py):
# at most this many events or this many seconds per process before they reach the database.
GILDE_EVENT_BUFFER_SIZE = env.int("GILDE_EVENT_BUFFER_SIZE", default=200)
GILDE_EVENT_BUFFER_SECONDS = env.float("GILDE_EVENT_BUFFER_SECONDS", default=5.0)
# With Redis, read events queue there and beat writes them this often (analytics/queue.py).
GILDE_EVENT_QUEUE_SECONDS = env.float("GILDE_EVENT_QUEUE_SECONDS", default=5.0)

# Requests a minute per member, visitor cookie or (without one) address, counted with a
# sliding window (core/throttle.py): search results, as-you-type suggestions, Markdown
# previews. Each address may send IP_FACTOR times that, staff STAFF_FACTOR times.
GILDE_RATE_LIMITS = {
    "search": env.int("GILDE_SEARCHES_PER_MINUTE", default=30),
    "suggest": env.int("GILDE_SUGGESTIONS_PER_MINUTE", default=60),
    "preview": env.int("GILDE_PREVIEWS_PER_MINUTE", default=30),
    "ip_factor": env.int("GILDE_RATE_LIMIT_IP_FACTOR", default=10),
    "staff_factor": env.int("GILDE_RATE_LIMIT_STAFF_FACTOR", default=5),
}

# --- support and analytics ----------------------------------------------------------------------
HELPDESK_WEBHOOK_URL = env.str("HELPDESK_WEBHOOK_URL", default="")
HELPDESK_WEBHOOK_SECRET = env.str("HELPDESK_WEBHOOK_SECRET", default="")
# A failed delivery is tried again after this many seconds, doubling, at most an hour apart.
HELPDESK_WEBHOOK_RETRY_SECONDS = env.int("HELPDESK_WEBHOOK_RETRY_SECONDS", default=30)
# One attempt holds its delivery this long (longer than the POST's 10 s timeout).
HELPDESK_WEBHOOK_CLAIM_SECONDS = env.int("HELPDESK_WEBHOOK_CLAIM_SECONDS", default=120)
SUPPORT_TICKET_RATE_LIMIT = (env.int("SUPPORT_TICKETS_PER_HOUR", default=5), 3600)
# Per client address, over all members and visitors behind it (support/ratelimit.py).
SUPPORT_TICKET_IP_RATE_LIMIT = (env.int("SUPPORT_TICKETS_PER_HOUR_PER_IP", default=30), 3600)
SUPPORT_AUTO_ESCALATE_HOURS = env.int("SUPPORT_AUTO_ESCALATE_HOURS", default=48)  # 0 = off
ANALYTICS_DEFLECTION_WINDOW_HOURS = env.int("ANALYTICS_DEFLECTION_WINDOW_HOURS", default=24)
ANALYTICS_SETTLE_DAYS = env.int("ANALYTICS_SETTLE_DAYS", default=7)
