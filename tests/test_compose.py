"""Every queue the settings route jobs to has a worker: in the compose stack and in `make worker`."""

import re

from django.conf import settings

ROOT = settings.BASE_DIR


def routed_queues() -> set[str]:
    return {settings.CELERY_TASK_DEFAULT_QUEUE} | {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}


def worker_queues(text: str) -> set[str]:
    [queues] = re.findall(r"celery -A backoffice worker [^\n]*-Q ([\w,]+)", text)
    return set(queues.split(","))


def test_the_compose_worker_consumes_every_queue():
    assert worker_queues((ROOT / "docker-compose.yml").read_text()) == routed_queues()


def test_make_worker_consumes_every_queue():
    assert worker_queues((ROOT / "Makefile").read_text()) == routed_queues()
    assert "geocode" in routed_queues()
