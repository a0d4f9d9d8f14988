import os
import subprocess
import sys

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
