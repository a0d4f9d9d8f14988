"""Production: everything secret or host-specific must come from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from backoffice.observability import logging_config

from .base import *  # noqa: F403
from .base import CELERY_TASK_ALWAYS_EAGER, LOG_LEVEL, REDIS_URL, env_bool

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
if not os.environ.get("EMAIL_HOST"):
    raise ImproperlyConfigured("Production sends mail over SMTP: set EMAIL_HOST (and EMAIL_PORT, credentials).")
DEBUG = env_bool("DJANGO_DEBUG", False)
SEED_DEMO_ACCOUNTS = False  # even with DEBUG on: seed_demo needs --allow-demo-accounts here

# JSON lines for the log collector; gunicorn's own access log is off (the request line has the same and more).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING = logging_config(log_format=LOG_FORMAT, level=LOG_LEVEL, quiet_jobs=CELERY_TASK_ALWAYS_EAGER)
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "production")

# gunicorn serves the static files itself, compressed and with far-future caching.
MIDDLEWARE.insert(  # noqa: F405
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind that proxy every request comes from its address: the login rate limit reads X-Forwarded-For instead.
LOGIN_TRUSTED_PROXIES = int(os.environ.get("LOGIN_TRUSTED_PROXIES", "1"))
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# A container probe speaks plain http. backoffice.health answers these before SecurityMiddleware anyway; this keeps
# them unredirected should that middleware ever move.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# One cache and one session store for every process on every machine, never one per process: counters that must
# hold across gunicorn workers (Mijn account's reset requests per address) and the saved views' counts live in the
# cache. With Redis: the cache there, and sessions read from it (written to the database as well, so a Redis restart
# logs nobody out): one query less on every page. Without Redis: the cache is a database table (created by
# backoffice's migration 0005) and sessions stay in the database.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # Each user's permissions too, so a page checks them without a query (backoffice/permissions.py).
    PERMISSIONS_CACHE_SECONDS = int(os.environ.get("PERMISSIONS_CACHE_SECONDS", "3600"))
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "backoffice_cache"}}
