"""Logs and error reports: the request id, the log configuration (JSON lines or text) and Sentry.

Every log line written while a request or a job runs carries that request's id: the middleware
(`backoffice.middleware.RequestLogMiddleware`) takes it from the request's `X-Request-ID` header when it is a
sensible one, or makes a new one, and keeps it in a context variable; the Celery signals in `backoffice/celery.py`
carry it in the message headers of every job the request enqueues and put it back while the worker runs the job.
`RequestContextFilter` writes it (and the job's name and id) on each record the console handler prints.

Nothing personal is logged or sent on purpose: the request line has the path without its query string (a search
term is often a name or an e-mail address) and the user's id, never a name or an address; Sentry gets no cookies,
request bodies, query strings, local variables or user details, and e-mail addresses are masked in what remains.

No settings are read at import time: `backoffice/settings/` imports `logging_config` from here.
"""

import logging
import re
import uuid
from contextvars import ContextVar
from typing import Any

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's or load balancer's id is kept when it looks like one (a UUID, 32 hex digits, "web-1.abc_2"); anything
# longer or with other characters (a newline, quotes, spaces: a forged log line) is replaced by a new id.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")
# The name of the Celery message header that carries the request id into a job.
JOB_HEADER = "backoffice_request_id"

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
job_var: ContextVar[tuple[str, str] | None] = ContextVar("job", default=None)  # (job name, Celery task id)


def valid_request_id(value: str | None) -> str | None:
    """The value when it can be used as a request id as it is, else None."""
    if value and REQUEST_ID_PATTERN.fullmatch(value):
        return value
    return None


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return request_id_var.get()


class RequestContextFilter(logging.Filter):
    """Writes the current request id and job (name and id) on every record a handler prints.

    Outside a request or job the attributes are not set: the text format shows "-", the JSON lines leave them out.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = request_id_var.get()
        if request_id is not None:
            record.request_id = request_id
        job = job_var.get()
        if job is not None:
            record.job, record.job_id = job
        return True


# Attributes some callers attach to a record that must never reach a log line: django.request and
# django.security put the whole HttpRequest there, whose text holds the query string.
NEVER_LOGGED = ("request",)


def logging_config(*, log_format: str, level: str, quiet_jobs: bool) -> dict[str, Any]:
    """Django's LOGGING: one console handler, JSON lines (`json`, production) or plain text (`text`).

    `quiet_jobs`: jobs run in-process (no REDIS_URL), so Celery's "Task … succeeded" line per job says nothing to a
    person; a failed job still logs its error.
    """
    if log_format not in {"json", "text"}:
        raise ValueError(f"LOG_FORMAT is 'json' or 'text', not {log_format!r}.")
    from pythonjsonlogger.core import RESERVED_ATTRS

    formatters = {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,  # "timestamp": ISO 8601 in UTC
            "reserved_attrs": [*RESERVED_ATTRS, *NEVER_LOGGED],
        },
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
            "defaults": {"request_id": "-"},
        },
    }
    config: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "backoffice.observability.RequestContextFilter"}},
        "formatters": {log_format: formatters[log_format]},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": log_format, "filters": ["request_context"]}
        },
        "root": {"handlers": ["console"], "level": level},
        # WeasyPrint narrates every rendering step at INFO; only its warnings matter. runserver's (make run) own
        # line per request would repeat the request line, with the query string.
        "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "django.server")},
    }
    if quiet_jobs:
        config["loggers"]["celery.app.trace"] = {"level": "WARNING"}
    return config


# Sentry --------------------------------------------------------------------------------------------------------

EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# What a request may tell Sentry: no body, no cookies, no query string, no server environment, no client address.
DROPPED_REQUEST_KEYS = ("data", "cookies", "query_string", "env")
DROPPED_HEADERS = {"cookie", "authorization", "x-csrftoken", "referer", "x-forwarded-for", "x-real-ip", "forwarded"}
# sentry-sdk's own switches (its `data_collection`, which replaces `send_default_pii`): no user, cookies, bodies,
# query strings, SQL parameters or local variables are collected in the first place; before_send is the second net.
DATA_COLLECTION = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {"request": {"mode": "denylist", "terms": sorted(DROPPED_HEADERS)}},
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "database_query_data": False,
    "stack_frame_variables": False,  # a frame's locals hold forms, e-mail addresses, the request
}


def sentry_before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Strips what could identify a person from an error report and tags it with the request id."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in DROPPED_REQUEST_KEYS:
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {key: value for key, value in headers.items() if key.lower() not in DROPPED_HEADERS}
    event.pop("user", None)
    if isinstance(event.get("extra"), dict):
        for key in NEVER_LOGGED:
            event["extra"].pop(key, None)
    # An exception's or a log line's text may name a customer's address (an SMTP refusal does): masked there.
    for key in ("message", "logentry", "exception", "breadcrumbs"):
        if key in event:
            event[key] = _mask_emails(event[key])
    request_id = request_id_var.get()
    if request_id is not None:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def _mask_emails(value: Any) -> Any:
    if isinstance(value, str):
        return EMAIL_PATTERN.sub("[e-mail]", value)
    if isinstance(value, dict):
        return {key: _mask_emails(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_mask_emails(item) for item in value]
    return value


def sentry_init(*, dsn: str, environment: str, release: str | None, traces_sample_rate: float, **options) -> None:
    """Error reports to Sentry from web processes and Celery workers. `options` go to `sentry_sdk.init` as they are
    (the tests pass a `transport` that keeps the events)."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=environment,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        data_collection=DATA_COLLECTION,
        max_request_body_size="never",
        before_send=sentry_before_send,
        **options,
    )


def sentry_init_from_settings() -> None:
    """Called once per process (BackofficeConfig.ready): nothing happens unless SENTRY_DSN is set."""
    from django.conf import settings

    if settings.SENTRY_DSN:
        sentry_init(
            dsn=settings.SENTRY_DSN,
            environment=settings.SENTRY_ENVIRONMENT,
            release=settings.SENTRY_RELEASE,
            traces_sample_rate=settings.SENTRY_TRACES_SAMPLE_RATE,
        )
