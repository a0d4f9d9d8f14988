import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection


def test_tests_run_on_postgresql():
    assert connection.vendor == "postgresql", settings.DATABASES["default"]


def test_production_settings_pass_the_deploy_check():
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "backoffice.settings.production",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "DJANGO_ALLOWED_HOSTS": "backoffice.example.com",
        "EMAIL_HOST": "smtp.example.com",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/backoffice",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


IN_PROCESS_JOB = """
import django
django.setup()
from backoffice.celery import app

@app.task(name="tests.noop")
def noop():
    return None

noop.delay()
with app.connection_for_write() as connection:
    connection.info()
print("done")
"""


def test_jobs_run_in_process_in_development_print_nothing_but_what_a_person_needs():
    """make run / seed_demo: no "Task … succeeded" line per job, no kombu warning about the broker's host."""
    dropped = ("REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    inherited = {key: value for key, value in os.environ.items() if key not in dropped}
    env = {**inherited, "DJANGO_SETTINGS_MODULE": "backoffice.settings", "DATABASE_URL": "sqlite:///:memory:"}
    result = subprocess.run(
        [sys.executable, "-c", IN_PROCESS_JOB], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "done\n")


SHARED_COUNTER = """
import django
django.setup()
from django.conf import settings
from django.core.cache import caches

first, second = caches.create_connection("default"), caches.create_connection("default")  # two processes' caches
first.delete("tests:shared-counter")
first.add("tests:shared-counter", 0)
first.incr("tests:shared-counter")
print(
    second.incr("tests:shared-counter"),
    type(first).__name__,
    settings.SESSION_ENGINE.rsplit(".", 1)[1],
    settings.PERMISSIONS_CACHE_SECONDS,
)
first.delete("tests:shared-counter")
"""


@pytest.mark.parametrize(
    "redis_url, expected",
    [("redis://127.0.0.1:6379/15", "2 RedisCache cached_db 3600"), ("", "2 DatabaseCache db 0")],
    ids=["redis", "no-redis"],
)
def test_production_counts_in_one_cache_for_every_process_and_shares_sessions(redis_url, expected, transactional_db):
    """Mijn account's reset requests per address are counted in the cache: with several gunicorn workers (and
    machines) that must be one cache, or each worker would allow the limit again. Redis when there is one, else a
    database table (made by `migrate`: backoffice's migration 0005); sessions in the database, read through Redis
    when there is one, and the users' permissions cached there too (never in a database table: that would be a
    query to save a query). Never the per-process memory cache."""
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    database = connection.settings_dict
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "backoffice.settings.production",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "EMAIL_HOST": "smtp.example.com",
        "REDIS_URL": redis_url,
        # the test database, where this test's migrations ran (and where no cache table exists yet)
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    if not redis_url:  # what backoffice's migration 0005 does under production settings
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS backoffice_cache")
        migrate = [sys.executable, "-c", MIGRATION_0005]
        created = subprocess.run(migrate, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)
        assert created.returncode == 0, created.stderr
    result = subprocess.run(
        [sys.executable, "-c", SHARED_COUNTER], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert (result.returncode, result.stdout.strip()) == (0, expected), result.stderr


MIGRATION_0005 = """
import importlib
import django
django.setup()
from django.db import connection
migration = importlib.import_module("backoffice.migrations.0005_cache_table")
migration.cache_table_create(None, connection.schema_editor())
"""


def test_postgresql_binds_parameters_on_the_server():
    """Prepared statements need it (backoffice/db.py); SQLite (make run) knows no such option."""
    from backoffice.settings.base import database

    assert database("postgres://postgres@db:5432/backoffice")["OPTIONS"] == {"server_side_binding": True}
    assert "server_side_binding" not in database("sqlite:///var/x.sqlite3").get("OPTIONS", {})
