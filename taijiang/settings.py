"""Settings for the Taijiang portal, read from the environment.

With no environment at all the portal runs embedded: SQLite, Celery tasks run eagerly,
email to the console. DATABASE_URL and REDIS_URL switch on the production shape
(PostgreSQL, Redis broker, a Celery worker and beat). DJANGO_ENV=production makes the
secrets compulsory and turns on the HTTPS hardening that `check --deploy` expects.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
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
    "knox",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    # the portal, bottom layer first: an app comes after the apps it builds on. seed_demo runs
    # each app's demo.py in this order and beat collects each app's schedule.py from this list.
    "taijiang.core",
    "taijiang.users",
    "taijiang.workdays",
    "taijiang.notifications",
    "grid",
    "services",
    "appeals",
    "spaces",
    "rota",
    "workload",
    "canteen",
    "taijiang.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # DEBUG only: the portal's Chinese 404 instead of Django's technical page (inside CSP, so it gets a nonce).
    "taijiang.core.middleware.FriendlyNotFoundMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "taijiang.users.middleware.PasswordChangeRequiredMiddleware",
    # Late, so its 400 page has the user, language and messages: NUL or lone surrogates in a request.
    "taijiang.core.middleware.UntrustedInputMiddleware",
    # Last, so it sees the flag the login views' authenticate() call left on the request.
    "axes.middleware.AxesMiddleware",
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
# Transaction-mode PgBouncer (docker-compose.yml) hands each transaction to any server connection:
# no server-side cursors (they outlive a transaction) and no session state. Migrations connect
# to PostgreSQL directly (the compose file's `migrate` service).
DATABASE_POOLER = env.str("DATABASE_POOLER", default="")  # "pgbouncer" or empty
if DATABASE_POOLER == "pgbouncer":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# A read replica for dashboards, exports, the public board and Open311 GET (taijiang/core/db.py).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL") | {
        "ATOMIC_REQUESTS": False,
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "DISABLE_SERVER_SIDE_CURSORS": DATABASE_POOLER == "pgbouncer",
        "TEST": {"MIRROR": "default"},  # in tests the replica is the primary itself
    }
DATABASE_ROUTERS = ["taijiang.core.db.ReplicaRouter"]
USING_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and authentication --------------------------------------------------------
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses (and records) a login while its account/address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "taijiang.users.backends.UsernameOrPhoneBackend",
]
LOGIN_URL = "users:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


# --- Login lockout (django-axes; taijiang/users/lockout.py, docs/security.md) ---------
# Failures are counted in the database (not Redis): the login itself needs the database, so the
# lockout is up exactly when logging in is possible.
AXES_HANDLER = "taijiang.users.lockout.PortalAxesHandler"
# Locked per account+address, and per address at a higher limit; never per account alone
# (that would let anyone lock a clerk out by typing her name).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env.int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", default=30)
if LOGIN_FAILURE_LIMIT_PER_ADDRESS < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT_PER_ADDRESS must not be below LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
# Trying again while locked does not extend the lock: a clerk waiting out a typo is not punished.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "taijiang.core.http.client_ip"
AXES_USERNAME_CALLABLE = "taijiang.users.lockout.lockout_username"
AXES_LOCKOUT_CALLABLE = "taijiang.users.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# An audit row per failed login (AccessFailureLog) besides the counters an admin deletes to unlock.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 1000
AXES_VERBOSE = False  # no version banner on every manage.py command; lockouts are still logged

# --- API tokens (django-rest-knox) -----------------------------------------------------
# Only a SHA-512 digest of each token is stored. A token lives TOKEN_TTL after its last use
# (auto-refresh, at most one write a minute) and never longer than AUTO_REFRESH_MAX_TTL after
# it was issued; then the client logs in again. docs/api.md.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=10)),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": timedelta(days=env.int("API_TOKEN_MAX_DAYS", default=30)),
    "MIN_REFRESH_INTERVAL": 60,
    "TOKEN_LIMIT_PER_USER": None,
    "AUTH_HEADER_PREFIX": "Token",
}

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
# SMS_BACKEND names the adapter (docs/notifications.md). Production has no default: unset, or the
# logging backend, is a `check --deploy` error, and such deliveries are marked "not sent", never
# "sent". SMS_DISABLED=true switches SMS off on purpose (deliveries "not sent", with the reason).
SMS_DISABLED = env.bool("SMS_DISABLED", default=False)
SMS_BACKEND = env.str(
    "SMS_BACKEND", default="" if PRODUCTION else "taijiang.notifications.channels.LoggingSmsBackend"
)
if SMS_DISABLED:
    SMS_BACKEND = "taijiang.notifications.channels.DisabledSmsBackend"
# For SMS_BACKEND=taijiang.notifications.channels.HttpSmsBackend (a JSON gateway).
SMS_HTTP_URL = env.str("SMS_HTTP_URL", default="")
SMS_HTTP_TOKEN = env.str("SMS_HTTP_TOKEN", default="")

# --- Celery --------------------------------------------------------------------------
# Every choice below is about never losing and never repeating work; docs/background-work.md.
REDIS_URL = env.str("REDIS_URL", default="")
# `make run` starts a real worker and beat beside the web server without any server to install:
# they meet on Kombu's filesystem transport, a folder of message files under var/celery/.
# Anywhere else without REDIS_URL (tests, a bare runserver) tasks run inline.
EMBEDDED_WORKER = env.bool("EMBEDDED_WORKER", default=False) and not REDIS_URL
EMBEDDED_BROKER_DIR = BASE_DIR / "var" / "celery"
if EMBEDDED_WORKER:
    CELERY_BROKER_URL = "filesystem://"
    # The filesystem transport has no fanout exchange, which remote control (ping, inspect) needs.
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
else:
    CELERY_BROKER_URL = REDIS_URL or "memory://"
# No result backend: tasks write their outcome to the database (the outbox rows), not to Redis.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Without a broker every task runs inline, so `make run` needs no services.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL and not EMBEDDED_WORKER
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
# the hard limit kills a process stuck in C code or a network call. The sweep (at most
# notifications.delivery.BATCH_SIZE = 1000 rows, each with a provider call bounded by its own
# timeout) stops at its own SWEEP_TIME_BUDGET of 90 s, within them.
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "data_folder_in": str(EMBEDDED_BROKER_DIR / "queue"),
    "data_folder_out": str(EMBEDDED_BROKER_DIR / "queue"),
    "processed_folder": str(EMBEDDED_BROKER_DIR / "processed"),
    "control_folder": str(EMBEDDED_BROKER_DIR / "control"),
    "store_processed": False,
} if EMBEDDED_WORKER else {
    # Redis re-delivers a message not acked within this time. It must exceed the longest task
    # (hard limit 180 s) and every countdown we use (none over 5 minutes, a test checks), or a
    # task runs twice. An hour keeps a wide margin; the outbox sweep covers lost messages sooner.
    "visibility_timeout": 3600,
    # Publishing from a web request gives up quickly when Redis is unreachable.
    "socket_connect_timeout": 2,
    # ...at the first refused connection, instead of sleeping 2 s and trying again: every
    # notification of a request is one publish, and the outbox sweep delivers what was missed.
    # (The worker's own consuming connection retries under broker_connection_retry, not this.)
    "max_retries": 0,
}
# Queues split by latency, so a long nightly report never delays a notification: each kind of
# worker in docker-compose.yml consumes its own queue; `make run` and the CI smoke consume all four
# (-Q default,notifications,sweeps,reports).
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "taijiang.notifications.tasks.deliver_notification": {"queue": "notifications"},
    "taijiang.dashboard.tasks.*": {"queue": "reports"},
    "*.tasks.sweep_*": {"queue": "sweeps"},
    "appeals.tasks.auto_close_unrated": {"queue": "sweeps"},
    "spaces.tasks.release_no_shows": {"queue": "sweeps"},
    "services.tasks.mark_missed_appointments": {"queue": "sweeps"},
    "grid.tasks.purge_stale_imports": {"queue": "sweeps"},
    "taijiang.notifications.tasks.purge_expired": {"queue": "sweeps"},
    "taijiang.core.tasks.maintain_history": {"queue": "sweeps"},
}
# A request must never fail because Redis is down: publishing gives up quickly (no retry loop)
# and the outbox sweep delivers later (taijiang/notifications).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
# The worker itself keeps reconnecting when Redis restarts, also at startup.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Periodic work: every job due hours or days ahead is a row with a due time scanned here.
# Each app lists its periodic tasks in <app>/schedule.py; taijiang/beat.py finds them through
# INSTALLED_APPS (no list to keep).
from taijiang.beat import collect_beat_schedule  # noqa: E402

CELERY_BEAT_SCHEDULE = collect_beat_schedule(INSTALLED_APPS, BASE_DIR)

# --- Cache ---------------------------------------------------------------------------
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
         "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Rate limits ---------------------------------------------------------------------
# Every limit in one place (docs/security.md). taijiang/core/ratelimit.py reads them at each
# request. "N/period", the period s, m, h or d with an optional multiple ("6/10m"). Keyed on the
# account when logged in, else on the client address (below); Open311 on the API key.
RATE_LIMITS = {
    # 易说事 submissions per resident account (page and API).
    "appeal_submit": env.str("APPEAL_SUBMIT_RATE", default="10/h"),
    # Tickets from the public kiosk per device address (registered hall kiosks are exempt).
    "kiosk_ticket": env.str("KIOSK_TICKET_RATE", default="6/10m"),
    # Registrations per client address.
    "register": env.str("REGISTER_RATE", default="10/h"),
    # API token requests per client address.
    "api_login": env.str("API_LOGIN_RATE", default="20/m"),
    # Open311 reads (GET) and filings (POST) per API key; reads without a key per client address.
    "open311_read": env.str("OPEN311_READ_RATE", default="600/h"),
    "open311_write": env.str("OPEN311_WRITE_RATE", default="120/h"),
}
# Counters live in the default cache (Redis in production). When it is unreachable every limit
# lets the request through, logs a warning and counts it in /healthz: a limit never costs a
# resident's submission. django-ratelimit is used as a library, not as an installed app (its
# system check refuses the local-memory cache that `make run` uses).
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True
RATELIMIT_CACHE_PREFIX = "rl:"
# How many reverse proxies in front of gunicorn append to X-Forwarded-For. 0: trust only
# REMOTE_ADDR (the header can be written by anyone); 1 behind one nginx; taijiang.core.http.client_ip.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes a missing or expired token a 401, the
        # signal for a mobile client to log in again (docs/api.md).
        "taijiang.users.auth.PortalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "taijiang.core.filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "taijiang.core.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "taijiang.core.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "taijiang.core.api.exception_handler",
    "DEFAULT_METADATA_CLASS": "taijiang.core.metadata.Metadata",
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
        "WorkloadTaskListEnum": "workload.models.TaskList",
        "WorkloadApplicationStatusEnum": "workload.models.ApplicationStatus",
        "FunctionEnum": "spaces.models.Function",
        "VisitKindEnum": "grid.models.visits.Visit.Kind",
        "OnBehalfChannelEnum": [("visit", "visit"), ("phone", "phone"), ("window", "window")],
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

# Content-Security-Policy on every response (django-csp; docs/security.md). Scripts come only from
# our own static files: no inline script, no handler attribute, no eval, so injected markup cannot
# run. Styles allow 'unsafe-inline' because ECharts writes its tooltips as HTML with style
# attributes and some templates size charts with style attributes; a style cannot run script.
# CSP_REPORT_ONLY=true sends the same policy as Content-Security-Policy-Report-Only (browsers
# report, nothing is blocked), to try a change of policy on a live site before enforcing it.
_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "worker-src": [SELF],
    "manifest-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "frame-ancestors": [NONE],
    "form-action": [SELF],
}
if _csp_report_uri := env.str("CSP_REPORT_URI", default=""):
    _CSP_DIRECTIVES["report-uri"] = [_csp_report_uri]
if env.bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}

# --- Logging -------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- App tunables (administrators may override through the environment) ---------------------
# One way for every app: a top-level setting named after its app, declared here with its default,
# read at call time through taijiang.core.conf.setting()/setting_int() (docs/development.md).
# 易说事: reopen window and auto-close without a rating (the submission limit is in RATE_LIMITS).
APPEAL_REOPEN_DAYS = env.int("APPEAL_REOPEN_DAYS", default=7)
APPEAL_AUTO_CLOSE_DAYS = env.int("APPEAL_AUTO_CLOSE_DAYS", default=7)
# 准入 of community tasks (workload app, docs/workload.md): a department files at least this many
# working days before the task starts, and the district decides within this many working days.
WORKLOAD_ADMISSION_NOTICE_DAYS = env.int("WORKLOAD_ADMISSION_NOTICE_DAYS", default=30)
WORKLOAD_DECISION_DAYS = env.int("WORKLOAD_DECISION_DAYS", default=15)
# Time freed: minutes counted per activity when no rota exists yet (definition in docs/workload.md).
WORKLOAD_MINUTES_PER_VISIT = env.int("WORKLOAD_MINUTES_PER_VISIT", default=30)
WORKLOAD_MINUTES_PER_PROXY = env.int("WORKLOAD_MINUTES_PER_PROXY", default=60)
WORKLOAD_MINUTES_PER_TICKET = env.int("WORKLOAD_MINUTES_PER_TICKET", default=15)
WORKLOAD_MINUTES_PER_REQUEST = env.int("WORKLOAD_MINUTES_PER_REQUEST", default=20)
# Open311: the keyless GET requests.json answer is served from the cache for this many seconds
# (0: off, as in the tests, which turn it on where they test it).
OPEN311_PUBLIC_CACHE_SECONDS = env.int("OPEN311_PUBLIC_CACHE_SECONDS", default=60)
# The queue: a called ticket becomes a no-show after this many recalls.
QUEUE_RECALLS_BEFORE_NO_SHOW = env.int("QUEUE_RECALLS_BEFORE_NO_SHOW", default=2)
# The hall's own kiosk machines by address, never rate-limited (besides the ones registered by
# the centre's staff with a signed cookie): comma-separated, e.g. "10.1.2.3,10.1.2.4".
SERVICES_KIOSK_TRUSTED_IPS = env.list("SERVICES_KIOSK_TRUSTED_IPS", default=[])
# History and retention (docs/performance.md, "History and retention"). On PostgreSQL the history
# tables are partitioned by year; a table's years older than its retention here leave the request
# paths (detached and renamed archive_…, kept for the operator to dump). 0 or absent: kept forever.
# Appeal and request timelines are the record of what was done for a resident: kept. Ticket steps
# serve the queue figures: three years. The personal-data access log: five years, then archived.
HISTORY_RETENTION_YEARS = {"services_ticketevent": env.int("TICKET_EVENT_RETENTION_YEARS", default=3),
                           "grid_accesslog": env.int("ACCESS_LOG_RETENTION_YEARS", default=5)}
# The in-app inbox and its delivery rows: removed after this many days (a pending delivery is kept).
NOTIFICATION_RETENTION_DAYS = env.int("NOTIFICATION_RETENTION_DAYS", default=365)
# 长者食堂+ (docs/canteen.md): orders close at this local time on the meal's day, or that many days
# before; a canteen may set its own. Menus may be published this many days ahead.
CANTEEN_ORDER_CUTOFF = env.str("CANTEEN_ORDER_CUTOFF", default="09:30")
CANTEEN_CUTOFF_DAYS_BEFORE = env.int("CANTEEN_CUTOFF_DAYS_BEFORE", default=0)
CANTEEN_MENU_DAYS_AHEAD = env.int("CANTEEN_MENU_DAYS_AHEAD", default=14)

# --- Benchmark (make bench) ------------------------------------------------------------
# BENCH=1 adds a query-count header to every response and the ceiling views under /__bench__/
# (taijiang.core.bench). Only benchmarks/run.py sets it, on a loopback server; never in production.
BENCH = env.bool("BENCH", default=False)
if BENCH:
    MIDDLEWARE = ["taijiang.core.bench.QueryCountMiddleware", *MIDDLEWARE]

# --- Tests ---------------------------------------------------------------------------
TESTING = env.bool("TESTING", default="pytest" in sys.modules)
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    OPEN311_PUBLIC_CACHE_SECONDS = 0  # the cache is shared by every test of a run
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

