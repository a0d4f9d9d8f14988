"""Tests run on PostgreSQL (DATABASE_URL, default: the local server as user postgres).

`backoffice.settings` (the package, i.e. the development settings) is imported before this module, so the
database is chosen here explicitly rather than through the environment default of base.py.
"""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, database

# As in production (server-side binding, prepared statements), without persistent connections.
DATABASES = {
    "default": database(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/backoffice"), conn_max_age=0)
}
# The read replica is the test database itself (a second connection to it); only tests that ask for it route there
# (tests/backoffice/test_replica.py sets DATABASE_REPLICA_ALIAS).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_REPLICA_ALIAS = None
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail stays in memory, except in the Celery workers of the delivery integration tests (TEST_WORKER_SMTP=1):
# they keep base.py's SMTP mailer (EMAIL_HOST/EMAIL_PORT) and talk to the test's own SMTP server.
if os.environ.get("TEST_WORKER_SMTP") != "1":
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
TICKET_ATTACHMENT_ROOT = BASE_DIR / "var" / "test-ticket-attachments"
SEED_DEMO_ACCOUNTS = True  # tests/demo seed as `make run` does; the refusal is tested with the setting off
# Nobody's geocoder is asked by a test that did not set up its own (tests/addresses: a fake Nominatim): port 9 on
# this machine refuses at once, so an order placed in a test shows "map unavailable" and is never flagged.
GEOCODER_URL = "http://127.0.0.1:9"
GEOCODER_MIN_INTERVAL = 0.0
GEOCODE_MAX_RETRIES = 0
