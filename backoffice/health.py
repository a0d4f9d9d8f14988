"""/healthz and /readyz for container probes and load balancers: unauthenticated, cheap, and telling nobody why.

- ``/healthz`` (liveness): the process answers. It touches nothing: a database outage must not get every web
  container restarted.
- ``/readyz`` (readiness): the database answers, Redis answers (when REDIS_URL is set), the media storage takes a
  file, and no migration is waiting. Each failure is logged (logger ``backoffice.health``) with its reason; the
  answer itself only says 503.

`HealthCheckMiddleware` sits first in MIDDLEWARE and answers these two paths before anything else runs: a probe sends
``Host: 127.0.0.1:8000`` or the pod's address (not in ALLOWED_HOSTS), speaks plain http (no redirect to https), and
has no session, cookie or CSRF token. Own code rather than django-health-check: its views list every check with its
result (HTML or JSON) and are routed through the URLconf, so the host check and the https redirect would still stop
a probe; this is the handful of lines that these two answers need.
"""

import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse

logger = logging.getLogger(__name__)

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
REDIS_TIMEOUT_SECONDS = 2

# Once every migration is applied it stays so for this process: new migrations come with new code, a new process.
_migrations_applied = False


def check_database() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        connection.close()  # the next request (or probe) connects afresh instead of reusing a dead connection
        raise


def check_redis() -> None:
    if not settings.REDIS_URL:
        return
    import redis  # celery[redis] brings it; only needed where Redis is configured

    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    finally:
        client.close()


def check_media_storage() -> None:
    """Invoice PDFs and packing slips are written here: a read-only or full volume fails readiness."""
    name = default_storage.save(f"readyz-{uuid.uuid4().hex}.tmp", ContentFile(b"ok"))
    default_storage.delete(name)


def check_migrations() -> None:
    global _migrations_applied
    if _migrations_applied:
        return
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} unapplied migration(s), the first {plan[0][0]}")
    _migrations_applied = True


READINESS_CHECKS = [check_database, check_redis, check_media_storage, check_migrations]


def _answer(status: int, text: str) -> HttpResponse:
    response = HttpResponse(f"{text}\n", status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def liveness() -> HttpResponse:
    return _answer(200, "ok")


def readiness() -> HttpResponse:
    failed = False
    for check in READINESS_CHECKS:
        try:
            check()
        except Exception:
            logger.exception("Readiness check %s failed.", check.__name__)
            failed = True
            if check is check_database:
                break  # migrations cannot be read either; one line in the log says it
    return _answer(503, "unavailable") if failed else _answer(200, "ok")


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers GET/HEAD /healthz and /readyz before the host check, the https redirect, the
    session, CSRF and the login decorators see the request. Any other path or method goes on unchanged."""

    ANSWERS = {LIVENESS_PATH: liveness, READINESS_PATH: readiness}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        answer = self.ANSWERS.get(request.path_info)
        if answer is not None and request.method in ("GET", "HEAD"):
            return answer()
        return self.get_response(request)
