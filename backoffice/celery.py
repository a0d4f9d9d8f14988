"""The Celery app. Each Django app keeps its jobs in `<app>/jobs.py`.

Without REDIS_URL (``make run``) jobs run in-process (CELERY_TASK_ALWAYS_EAGER); with it, start a worker:
``celery -A backoffice worker -l info -Q default,email,pdf,geocode`` and beat: ``celery -A backoffice beat``.

Logging: a worker keeps Django's LOGGING (JSON lines in production) instead of installing its own handlers, and
every job a request enqueued logs with that request's id (the signals below; backoffice/observability.py).
"""

import os

from celery import Celery, signals

from . import observability

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")

app = Celery("backoffice")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")


@signals.setup_logging.connect
def keep_django_logging(**kwargs) -> None:
    """A receiver here tells Celery not to configure logging itself: Django's LOGGING (applied by django.setup() in
    the worker) stays, with its format and the request id on every line."""


@signals.before_task_publish.connect
def send_request_id(headers=None, **kwargs) -> None:
    """A job enqueued while a request runs carries the request's id in its message headers."""
    request_id = observability.current_request_id()
    if request_id is not None and headers is not None:
        headers[observability.JOB_HEADER] = request_id


@signals.task_prerun.connect
def restore_request_id(task_id=None, task=None, **kwargs) -> None:
    """While the worker runs the job its log lines carry the request id it was sent with, and the job's name and id.
    A job run in-process (no REDIS_URL) has no such header and keeps the id of the request it runs in."""
    tokens = []
    request_id = observability.valid_request_id(getattr(task.request, observability.JOB_HEADER, None))
    if request_id is not None:
        tokens.append((observability.request_id_var, observability.request_id_var.set(request_id)))
    tokens.append((observability.job_var, observability.job_var.set((task.name, task_id))))
    task.request.backoffice_log_context = tokens


@signals.task_postrun.connect
def forget_request_id(task=None, **kwargs) -> None:
    for variable, token in reversed(getattr(task.request, "backoffice_log_context", None) or []):
        variable.reset(token)
    task.request.backoffice_log_context = None
