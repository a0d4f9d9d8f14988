"""Settings shared by every environment. Everything that differs comes from environment variables.

| variable               | default (development)                  |
|------------------------|----------------------------------------|
| DATABASE_URL           | sqlite:///var/backoffice.sqlite3       |
| DATABASE_REPLICA_URL   | unset: every read from DATABASE_URL (set: the orders list and exports read from it) |
| STORAGE_BACKEND        | filesystem (MEDIA_ROOT, TICKET_ATTACHMENT_ROOT); s3: a private bucket (S3_* variables) |
| S3_BUCKET, S3_ENDPOINT_URL, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY | the bucket for STORAGE_BACKEND=s3 |
| REDIS_URL              | unset: Celery jobs run in-process      |
| DJANGO_SECRET_KEY      | an insecure development key            |
| DJANGO_DEBUG           | true                                   |
| DJANGO_ALLOWED_HOSTS   | localhost,127.0.0.1                    |
| EMAIL_HOST (+ EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS) | unset: mail is written to var/mail/ |
| DEFAULT_FROM_EMAIL     | Webwinkel <shop@example.com>           |
| LOGIN_FAILURE_LIMIT    | 5 failed logins, then a lock-out       |
| LOGIN_COOLOFF_MINUTES  | 15: the first lock-out; it doubles as failures go on, at most a day |
| LOGIN_TRUSTED_PROXIES  | 0 (production: 1): proxies in front that append to X-Forwarded-For |
| BACKOFFICE_IDLE_TIMEOUT_MINUTES | 120: logged out after this long without a request |
| GEOCODER_PROVIDER      | nominatim (any geopy geocoder by its service name) |
| GEOCODER_URL           | https://nominatim.openstreetmap.org (a self-hosted Nominatim: its URL) |
| GEOCODER_USER_AGENT    | shop-backoffice/0.1 (+ DEFAULT_FROM_EMAIL): Nominatim wants to know who asks |
| MAP_TILE_URL, MAP_TILE_ATTRIBUTION | OpenStreetMap's tiles; offline the map shows a vendored country outline |
| LOG_FORMAT             | text (production: json)                |
| SENTRY_DSN (+ SENTRY_ENVIRONMENT, SENTRY_RELEASE, SENTRY_TRACES_SAMPLE_RATE) | unset: no error reports |
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP

from backoffice.observability import logging_config
from backoffice.storage import file_storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-development-only-never-in-production")
DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "backoffice",
    "history",
    "customers",
    "payments",
    "invoicing",
    "shipping",
    "returns",
    "status",
    "tasks",
    "memos",
    "addresses",
    "tickets",
    "shopaccount",
    "orders",
    "notifications",
    "accounts",
    "operations",
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django.forms",  # its widget templates, for FORM_RENDERER
]

MIDDLEWARE = [
    # First: /healthz and /readyz answer probes before any host check, and unlogged (a probe every few seconds
    # would drown the request log).
    "backoffice.health.HealthCheckMiddleware",
    "backoffice.middleware.RequestLogMiddleware",  # the request id and the one log line per request
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "backoffice.middleware.NoStoreMiddleware",
    "backoffice.middleware.RefuseNulMiddleware",  # before the session reads its cookie; its 400/404 get the headers
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "backoffice.middleware.IdleTimeoutMiddleware",
    "backoffice.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into the login page with when to try again
]

# Content-Security-Policy on every response, in every environment (tests too, so a page that needs an inline
# script or style fails them): scripts, styles and everything else only from our own origin, no inline code or
# event handlers, images also as data: URLs (the logo preview in Winkelgegevens), never inside a frame.
# htmx's own indicator <style> is switched off in templates/base.html (htmx-config includeIndicatorStyles).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "backoffice.urls"
WSGI_APPLICATION = "backoffice.wsgi.application"

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
                "backoffice.context_processors.shell",
            ],
            "builtins": ["backoffice.templatetags.backoffice"],
        },
    },
    {
        # The few templates in Jinja2 (backoffice/rendering.py): the apps' jinja2/ directories, e.g. the orders table.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "backoffice.rendering.page_environment"},
    },
]

FORM_RENDERER = "backoffice.rendering.FormRenderer"


def database(url: str, *, conn_max_age: int | None = None) -> dict:
    """One DATABASES entry from its URL, with persistent connections (DATABASE_CONN_MAX_AGE seconds by default).
    On PostgreSQL the server binds the queries' parameters, which prepared statements need (backoffice/db.py)."""
    if conn_max_age is None:
        conn_max_age = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
    entry = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    if entry["ENGINE"] == "django.db.backends.postgresql":
        entry["OPTIONS"] = entry.get("OPTIONS", {}) | {"server_side_binding": True}
    return entry


DATABASES = {
    "default": database(os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'backoffice.sqlite3'}"))
}
# A read replica for the reads that may be a second behind (the orders list, search, exports): backoffice/db.py.
if DATABASE_REPLICA_URL := os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database(DATABASE_REPLICA_URL)
DATABASE_REPLICA_ALIAS = "replica" if "replica" in DATABASES else None
# An order page's statements are prepared once a connection runs them this many times (backoffice/db.py); empty:
# never, for a PgBouncer in transaction mode older than 1.21 (without max_prepared_statements): docs/scaling.md.
_prepare_threshold = os.environ.get("DATABASE_PREPARE_THRESHOLD", "2")
DATABASE_PREPARE_THRESHOLD = int(_prepare_threshold) if _prepare_threshold else None
DATABASE_ROUTERS = ["backoffice.db.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "backoffice.User"
# Seconds a user's permissions stay in the cache (backoffice/permissions.py); 0: read them once per request. Only
# with a cache every process shares: production sets it with Redis.
PERMISSIONS_CACHE_SECONDS = 0
# The rate limit comes first: a locked-out client's password is never checked (backoffice/login_limits.py).
AUTHENTICATION_BACKENDS = ["backoffice.login_limits.LoginLimitBackend", "backoffice.permissions.OneQueryModelBackend"]
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "orders:list"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Dutch first; English complete. Invoices and e-mails also speak German and French: backoffice/languages.py.
LANGUAGE_CODE = "nl"
# Each language is named in itself in the switch (untranslated on purpose).
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "backoffice_language"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Documents and ticket attachments: folders on this machine, or one private S3-compatible bucket shared by every
# machine (STORAGE_BACKEND=s3 and S3_*: backoffice/storage.py).
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "filesystem")
STORAGES = {
    **file_storages(STORAGE_BACKEND),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
# The customers' ticket attachments: outside MEDIA_ROOT, only ever sent by the views that check who asks.
TICKET_ATTACHMENT_ROOT = Path(os.environ.get("TICKET_ATTACHMENT_ROOT", BASE_DIR / "var" / "ticket-attachments"))

# A session ends 12 hours after the login whatever happens, and after BACKOFFICE_IDLE_TIMEOUT without a request.
SESSION_COOKIE_AGE = 60 * 60 * 12
BACKOFFICE_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("BACKOFFICE_IDLE_TIMEOUT_MINUTES", "120")))
# How often the top bar asks for its counters (Mijn taken, ongelezen memo's); such a poll is not activity.
BACKOFFICE_COUNTER_POLL_SECONDS = 30
# A password reset link works this long (Django's token also dies when the password or last login changes).
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3

# Failed logins (django-axes, backoffice/login_limits.py): counted per account from one address and per address,
# never per account alone (nobody can lock a colleague out); the cool-off grows with the address's failures.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_COOLOFF_BASE = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
LOGIN_COOLOFF_MAX = timedelta(hours=24)
LOGIN_TRUSTED_PROXIES = int(os.environ.get("LOGIN_TRUSTED_PROXIES", "0"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_COOLOFF_TIME = "backoffice.login_limits.cool_off"
AXES_USERNAME_CALLABLE = "backoffice.login_limits.client_username"
AXES_CLIENT_IP_CALLABLE = "backoffice.login_limits.client_address"
AXES_LOCKOUT_CALLABLE = "backoffice.login_limits.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the failures of the last day make the cool-off grow
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False  # no banner on every manage.py command; failures and lock-outs are still logged (WARNING)
AXES_SENSITIVE_PARAMETERS = ["username"]  # the log shows the address; a typed name may be a misplaced password
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Celery: without REDIS_URL every job runs in-process, right after the transaction that queued it.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"  # a host: kombu warns about a URL without one
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
# Queues by job name ("<app>.<job>"); Celery 5.6 deprecates the per-task `queue` attribute STYLE.md shows.
CELERY_TASK_ROUTES = {
    "notifications.*": {"queue": "email"},
    "invoicing.expire_print_results": {"queue": "default"},
    "invoicing.*": {"queue": "pdf"},
    "shipping.expire_print_results": {"queue": "default"},  # deleting files must not wait behind a 1,000-slip print
    "shipping.*": {"queue": "pdf"},
    "addresses.*": {"queue": "geocode"},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# A failed publish must not hold up the request: the outbox's periodic requeue delivers what was missed.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
# Beat touches BEAT_HEARTBEAT_FILE on every tick of its loop (at least once a minute): `manage.py beat_ping`, the
# beat container's healthcheck, says whether that happened recently (backoffice/beat.py).
CELERY_BEAT_SCHEDULER = "backoffice.beat:HeartbeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = 60
BEAT_HEARTBEAT_FILE = Path(os.environ.get("BEAT_HEARTBEAT_FILE", BASE_DIR / "var" / "celerybeat-heartbeat"))
CELERY_BEAT_SCHEDULE = {
    "requeue-outbox": {"task": "notifications.requeue_outbox", "schedule": 60.0},
    "requeue-invoice-pdfs": {"task": "invoicing.requeue_pending_documents", "schedule": 300.0},
    # Hourly rather than daily: an order gets its reminder about N days after it was placed, not up to a day
    # later, each run has less to do (at most 500), and a run that was missed is made up an hour later.
    "send-due-payment-reminders": {"task": "payments.send_due_payment_reminders", "schedule": crontab(minute=7)},
    # Pakbonnen printen's merged PDFs older than PRINT_RESULT_RETENTION_DAYS are deleted (the print says "verlopen").
    "expire-print-results": {"task": "shipping.expire_print_results", "schedule": crontab(hour=3, minute=17)},
    # So are Facturen printen's, and the files of large exports (they hold customers' personal data).
    "expire-invoice-prints": {"task": "invoicing.expire_print_results", "schedule": crontab(hour=3, minute=19)},
    "expire-order-exports": {"task": "orders.expire_exports", "schedule": crontab(hour=3, minute=21)},
}

# The outbox: mail that was not handed to a worker is enqueued again after this long; a message a worker
# claimed and never finished (killed mid-send) is sent again after the lease.
OUTBOX_REQUEUE_AFTER_SECONDS = int(os.environ.get("OUTBOX_REQUEUE_AFTER_SECONDS", "120"))
OUTBOX_SENDING_LEASE_SECONDS = int(os.environ.get("OUTBOX_SENDING_LEASE_SECONDS", "300"))
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "10"))

# Storingen (operations): the merged PDF of a Pakbonnen printen job is kept this many days, then deleted by beat.
PRINT_RESULT_RETENTION_DAYS = int(os.environ.get("PRINT_RESULT_RETENTION_DAYS", "7"))
# Pakbonnen printen and Facturen printen render in chunks, one job each (backoffice/printing.py): a chunk taken by a job
# that has not finished it after this many seconds is taken over by the next delivery of its job (its worker died).
PRINT_CHUNK_LEASE_SECONDS = int(os.environ.get("PRINT_CHUNK_LEASE_SECONDS", "300"))
# Orders per chunk: what one WeasyPrint layout holds at a time (a pdf worker's memory follows it, not the print's size).
PRINT_CHUNK_SIZE = int(os.environ.get("PRINT_CHUNK_SIZE", "25"))
# /metrics (Prometheus) answers requests from these addresses or networks (REMOTE_ADDR: the proxy's address when
# there is one), or with `Authorization: Bearer <METRICS_BEARER_TOKEN>` when that is set; everyone else gets 403.
_metrics_addresses = os.environ.get("METRICS_ALLOWED_ADDRESSES", "127.0.0.1,::1")
METRICS_ALLOWED_ADDRESSES = [address.strip() for address in _metrics_addresses.split(",") if address.strip()]
METRICS_BEARER_TOKEN = os.environ.get("METRICS_BEARER_TOKEN", "")

# Mail (Django 6.1 MAILERS): SMTP when EMAIL_HOST is set (compose: the mail catcher), else files in var/mail/.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(BASE_DIR / "var" / "mail")},
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Webwinkel <shop@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# `seed_demo` makes logins with published passwords only where this is on (development); elsewhere it needs
# --allow-demo-accounts.
SEED_DEMO_ACCOUNTS = DEBUG

# Geocoding (addresses/geocoding.py): geopy with Nominatim's usage policy kept — an identifying User-Agent, one
# request at a time for the whole installation with GEOCODER_MIN_INTERVAL seconds from the end of one to the start
# of the next (a slot in Redis when REDIS_URL is set), every answer cached per normalised address (not found for
# GEOCODE_NOT_FOUND_DAYS, then asked again).
# GEOCODING_ENABLED=false: no job is queued at all (bench/run.py: its setup places hundreds of made-up orders).
GEOCODING_ENABLED = env_bool("GEOCODING_ENABLED", True)
GEOCODER_PROVIDER = os.environ.get("GEOCODER_PROVIDER", "nominatim")
GEOCODER_URL = os.environ.get("GEOCODER_URL", "https://nominatim.openstreetmap.org")
GEOCODER_OPTIONS = {"api_key": os.environ["GEOCODER_API_KEY"]} if os.environ.get("GEOCODER_API_KEY") else {}
GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", f"shop-backoffice/0.1 ({DEFAULT_FROM_EMAIL})")
GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "5"))
GEOCODER_MIN_INTERVAL = float(os.environ.get("GEOCODER_MIN_INTERVAL", "1.1"))
GEOCODE_NOT_FOUND_DAYS = 30
# A worker retries a lookup the geocoder could not answer after 30 s, 1 min, 2 min, …; in-process (no REDIS_URL)
# the job runs inside a request, so it does not wait and retry there: the next correction asks again.
GEOCODE_MAX_RETRIES = int(os.environ.get("GEOCODE_MAX_RETRIES", "6" if REDIS_URL else "0"))
GEOCODE_RETRY_BACKOFF = 30
# The map (Leaflet, vendored): tiles from here; the tile host is allowed in the CSP's img-src below.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
_tiles = urlsplit(MAP_TILE_URL)
if _tiles.netloc:  # a {s}ubdomain template becomes a wildcard: https://*.tile.example.org
    SECURE_CSP["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}")

ORDERS_PER_PAGE = 25
# The list counts matching orders up to this many; beyond it shows "10.000+" instead of a full COUNT.
ORDERS_COUNT_LIMIT = 10_000
# Exporteren (orders/export/): up to this many rows the CSV is streamed at once and the XLSX written and sent while
# the browser waits; a larger export is a job with a status page and a download.
ORDER_EXPORT_STREAM_LIMIT = int(os.environ.get("ORDER_EXPORT_STREAM_LIMIT", 200_000))
ORDER_EXPORT_XLSX_LIMIT = int(os.environ.get("ORDER_EXPORT_XLSX_LIMIT", 10_000))

# Logs (backoffice/observability.py): one console handler; every line in a request or job carries its request id.
# LOG_FORMAT=json writes JSON lines (production's default), text is for people (development, tests).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
LOGGING = logging_config(log_format=LOG_FORMAT, level=LOG_LEVEL, quiet_jobs=CELERY_TASK_ALWAYS_EAGER)

# Error reports (sentry-sdk, Django and Celery), only when SENTRY_DSN is set; nothing personal is sent.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "development")
SENTRY_RELEASE = os.environ.get("SENTRY_RELEASE", "")
SENTRY_TRACES_SAMPLE_RATE = float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0"))
