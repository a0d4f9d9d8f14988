"""Tests run on PostgreSQL (DATABASE_URL, default: the local server as user postgres)."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/backoffice")

from .base import *  # noqa: E402, F403
from .base import BASE_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
