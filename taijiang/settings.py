"""Settings for the Taijiang portal, read from the environment.

With no environment at all the portal runs embedded: SQLite, Celery tasks run eagerly,
email to the console. DATABASE_URL and REDIS_URL switch on the production shape
(PostgreSQL, Redis broker, a Celery worker and beat). DJANGO_ENV=production makes the
secrets compulsory and turns on the HTTPS hardening that `check --deploy` expects.
"""

import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)  # optional, never committed

# --- Mode ---------------------------------------------------------------------------
PRODUCTION = env.str("DJANGO_ENV", default="development") == "production"
DEBUG = env.bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    # Production refuses to start rather than run with a guessable key or a throwaway DB.
    for required in ("SECRET_KEY", "DATABASE_URL"):
        if not env.str(required, default=""):
            raise ImproperlyConfigured(f"{required} must be set when DJANGO_ENV=production")

SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789abcdefghij")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    # the portal, bottom layer first
    "taijiang.core",
    "taijiang.users",
    "taijiang.workdays",
    "taijiang.notifications",
    "grid",
    "services",
    "appeals",
    "spaces",
    "rota",
    "taijiang.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "taijiang.urls"
WSGI_APPLICATION = "taijiang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "taijiang.core.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once when the dev server and a command overlap.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
USING_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and authentication --------------------------------------------------------
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = ["taijiang.users.backends.UsernameOrPhoneBackend"]
LOGIN_URL = "users:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ---------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True  # stored in UTC, shown in Asia/Shanghai

# --- Static and media ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024

# --- Personal data -------------------------------------------------------------------
# Fernet keys for personal fields (ID numbers, phones). The first key encrypts; all keys
# decrypt, so a key is rotated by putting a new one first and re-saving (docs/personal-data.md).
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEYS", default=["x8MCOvWlO8BuyXFNlIR1bMZVK0GSFgUdGzXSMe9YEjk="]
)
# Secret for the keyed hash that lets us look residents up by ID number without decrypting.
LOOKUP_HASH_KEY = env.str("LOOKUP_HASH_KEY", default="dev-only-lookup-hash-key")
if PRODUCTION:
    for required in ("FIELD_ENCRYPTION_KEYS", "LOOKUP_HASH_KEY"):
        if not env.str(required, default=""):
            raise ImproperlyConfigured(f"{required} must be set when DJANGO_ENV=production")

# --- Email and SMS -------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.smtp.EmailBackend"
        if PRODUCTION
        else "django.core.mail.backends.console.EmailBackend"
    ),
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="台江社区服务 <noreply@taijiang.local>")
SMS_BACKEND = env.str("SMS_BACKEND", default="taijiang.notifications.channels.LoggingSmsBackend")

# --- Celery --------------------------------------------------------------------------
# Every choice below is about never losing and never repeating work; docs/background-work.md.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# No result backend: tasks write their outcome to the database (the outbox rows), not to Redis.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Without a broker every task runs inline, so `make run` needs no services.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# Eager mode runs tasks inside the web request: a failing task must not fail the request
# (the outbox row stays pending and is retried, like with a real worker).
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TIMEZONE = TIME_ZONE
# JSON only: tasks carry ids, and no pickled object from the broker is ever executed.
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged after it ran, so a worker killed mid-task leaves it on the queue
# for another worker; every task is idempotent (it loads rows by id and checks their state).
CELERY_TASK_ACKS_LATE = True
# ...and when the worker process dies (OOM, kill -9) the message goes back too.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A task that raised or hit its time limit is acknowledged, not redelivered in a loop: the
# outbox row it was working on stays pending and the sweep retries it with backoff.
CELERY_TASK_ACKS_ON_FAILURE_OR_TIMEOUT = True
# If the worker loses Redis, it stops the tasks it had started instead of finishing them while
# Redis hands the same (unacknowledged) messages to another worker: no double run.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# One message at a time per process: late ack plus prefetching would hold messages hostage.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Soft limit raises SoftTimeLimitExceeded inside the task so its transaction rolls back cleanly;
# the hard limit kills a process stuck in C code or a network call. The sweep (100 rows, each
# with a provider call bounded by its own timeout) finishes well within them.
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis re-delivers a message not acked within this time. It must exceed the longest task
    # (hard limit 180 s) and every countdown we use (none over 5 minutes, a test checks), or a
    # task runs twice. An hour keeps a wide margin; the outbox sweep covers lost messages sooner.
    "visibility_timeout": 3600,
    # Publishing from a web request gives up quickly when Redis is unreachable.
    "socket_connect_timeout": 2,
}
# A request must never fail because Redis is down: publishing gives up quickly (no retry loop)
# and the outbox sweep delivers later (taijiang/notifications).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
# The worker itself keeps reconnecting when Redis restarts, also at startup.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Periodic work: every job due hours or days ahead is a row with a due time scanned here.
# Each app lists its periodic tasks in <app>/schedule.py; taijiang/beat.py collects them.
from taijiang.beat import collect_beat_schedule  # noqa: E402

CELERY_BEAT_SCHEDULE = collect_beat_schedule()

# --- Cache ---------------------------------------------------------------------------
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
         "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "taijiang.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Taijiang community service portal API",
    "DESCRIPTION": "One-window services, grid work, 易说事 appeals and spaces.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several apps name a field "status"/"level"/"channel": give each choice set a stable name.
    "ENUM_NAME_OVERRIDES": {
        "AppealStatusEnum": "appeals.workflow.Status",
        "AppealLevelEnum": "appeals.models.catalogue.Level",
        "AppealChannelEnum": "appeals.models.appeal.Channel",
        "ResidentStatusEnum": "grid.models.registry.Resident.Status",
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Container health checks call /healthz over plain HTTP from inside the host.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Logging -------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Portal rules (administrators may override through the environment) ---------------
PORTAL = {
    # 易说事: submissions per account or address, reopen window and auto-close without a rating.
    "APPEAL_SUBMIT_RATE": env.str("APPEAL_SUBMIT_RATE", default="10/h"),
    "APPEAL_REOPEN_DAYS": env.int("APPEAL_REOPEN_DAYS", default=7),
    "APPEAL_AUTO_CLOSE_DAYS": env.int("APPEAL_AUTO_CLOSE_DAYS", default=7),
}
# The queue: a called ticket becomes a no-show after this many recalls.
QUEUE_RECALLS_BEFORE_NO_SHOW = env.int("QUEUE_RECALLS_BEFORE_NO_SHOW", default=2)

# --- Tests ---------------------------------------------------------------------------
TESTING = env.bool("TESTING", default="pytest" in sys.modules)
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

