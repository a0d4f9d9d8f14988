"""The Celery app. Each Django app keeps its jobs in `<app>/jobs.py`.

Without REDIS_URL (``make run``) jobs run in-process (CELERY_TASK_ALWAYS_EAGER); with it, start a worker:
``celery -A backoffice worker -l info -Q default,email,pdf,geocode`` and beat: ``celery -A backoffice beat``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")

app = Celery("backoffice")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")
