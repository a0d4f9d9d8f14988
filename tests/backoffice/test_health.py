"""/healthz and /readyz (backoffice/health.py): answered before the host check, the https redirect and the login,
200 "ok" or 503 with a body that names nothing; why is in the log."""

import logging
import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from backoffice import health

LOGGER = "backoffice.health"
FOREIGN_HOST = "10.0.0.7:8000"  # what a container probe sends: the pod's address, not in ALLOWED_HOSTS


@pytest.fixture(autouse=True)
def migrations_unchecked(monkeypatch):
    """Each test starts as a fresh process: the migrations have not been found applied yet."""
    monkeypatch.setattr(health, "_migrations_applied", False)


def failed_checks(caplog) -> list[str]:
    return [record.args[0] for record in caplog.records if record.name == LOGGER]


def test_healthz_answers_without_the_database():
    # No django_db mark: pytest-django refuses any query, so a 200 here touched no database.
    response = Client().get("/healthz")

    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Content-Type"] == "text/plain; charset=utf-8" and response["Cache-Control"] == "no-store"
    assert "sessionid" not in response.cookies and "Set-Cookie" not in response


def test_the_probes_pass_the_host_check_and_need_no_login(db):
    probe = Client(HTTP_HOST=FOREIGN_HOST)

    assert probe.get("/healthz").status_code == 200
    assert probe.head("/readyz").status_code == 200
    assert probe.get("/login/").status_code == 400  # the host check itself still stands for every page


@pytest.mark.django_db
def test_readyz_is_ok_with_database_redis_storage_and_migrations(geocode_redis, media_root, caplog):
    response = Client().get("/readyz")

    assert (response.status_code, response.content) == (200, b"ok\n")
    assert failed_checks(caplog) == []
    assert list(media_root.iterdir()) == []  # the probe's file is gone again
    assert health._migrations_applied  # asked once per process


def test_readyz_fails_with_the_database_down(django_db_blocker, caplog):
    answers = []

    def probe():  # a thread of its own has a connection of its own, pointed at a port where nobody listens
        connection = connections[DEFAULT_DB_ALIAS]
        connection.settings_dict = {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": "9"}
        try:
            answers.append(Client().get("/readyz"))
        finally:
            connection.close()

    with django_db_blocker.unblock():
        thread = threading.Thread(target=probe)
        thread.start()
        thread.join()
    [response] = answers

    assert (response.status_code, response.content) == (503, b"unavailable\n")
    assert failed_checks(caplog) == ["check_database"]
    assert "Connection refused" in caplog.text or "connection failed" in caplog.text.lower()


@pytest.mark.django_db
def test_readyz_fails_with_redis_down_when_it_is_configured(settings, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"

    response = Client().get("/readyz")

    assert (response.status_code, response.content) == (503, b"unavailable\n")
    assert failed_checks(caplog) == ["check_redis"]


@pytest.mark.django_db
def test_readyz_does_not_ask_redis_when_none_is_configured(settings, monkeypatch):
    settings.REDIS_URL = ""
    monkeypatch.setattr("redis.Redis.from_url", lambda *args, **kwargs: pytest.fail("Redis was asked"))

    assert Client().get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_fails_when_the_media_storage_takes_no_file(settings, tmp_path, caplog):
    occupied = tmp_path / "a-file"
    occupied.write_text("")
    settings.MEDIA_ROOT = occupied / "media"  # under a file: no directory can be made there

    response = Client().get("/readyz")

    assert (response.status_code, response.content) == (503, b"unavailable\n")
    assert failed_checks(caplog) == ["check_media_storage"]


@pytest.mark.django_db
def test_readyz_fails_while_a_migration_is_not_applied(caplog):
    latest = MigrationRecorder.Migration.objects.filter(app="backoffice").order_by("-name").first()
    latest.delete()  # as if the new code came with this migration and `migrate` has not run

    response = Client().get("/readyz")

    assert (response.status_code, response.content) == (503, b"unavailable\n")
    assert failed_checks(caplog) == ["check_migrations"]
    assert f"the first backoffice.{latest.name}" in caplog.text
    assert not health._migrations_applied  # asked again by the next probe


def test_a_failing_check_logs_an_error(settings, django_db_blocker, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    with django_db_blocker.unblock(), caplog.at_level(logging.ERROR, logger=LOGGER):
        health.readiness()
    assert [record.levelname for record in caplog.records if record.name == LOGGER] == ["ERROR"]


# The production settings as the image runs them, except that static files come from the finders (the manifest
# exists only after collectstatic); the same module as tests/backoffice/test_headers.py writes.
PRODUCTION_AS_TESTED = """
from backoffice.settings.production import *
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
"""
PRODUCTION_PROBE = f"""
import django
django.setup()
from django.conf import settings
from django.test import Client
probe = Client(HTTP_HOST="{FOREIGN_HOST}")
print(probe.get("/healthz").status_code, probe.get("/login/").status_code, Client().get("/login/").status_code)
print(settings.MIDDLEWARE[:4])
"""


def test_production_answers_a_plain_http_probe_from_any_host(tmp_path):
    (tmp_path / "production_as_tested.py").write_text(PRODUCTION_AS_TESTED)
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
        "DJANGO_SETTINGS_MODULE": "production_as_tested",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "DJANGO_ALLOWED_HOSTS": "backoffice.example.com,testserver",
        "EMAIL_HOST": "smtp.example.com",
    }
    env.pop("DJANGO_SECURE_SSL_REDIRECT", None)  # production's default: every page redirects to https
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    statuses, middleware = result.stdout.splitlines()
    assert statuses == "200 400 301"  # the probe: ok; a page from that host: refused; from ours: to https
    assert middleware == str(
        [
            "backoffice.health.HealthCheckMiddleware",
            "backoffice.middleware.RequestLogMiddleware",  # after the probes: they are not logged
            "django.middleware.security.SecurityMiddleware",
            "whitenoise.middleware.WhiteNoiseMiddleware",
        ]
    )
