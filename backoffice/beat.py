"""Celery beat's scheduler with a heartbeat: every tick of beat's loop touches BEAT_HEARTBEAT_FILE.

The loop ticks at least every CELERY_BEAT_MAX_LOOP_INTERVAL seconds, so a file older than a few of those means beat
hangs or is gone: `manage.py beat_ping` (the beat container's healthcheck) says so. The file lives next to beat, not
in Redis or the database, so the check blames beat alone and not a worker that would have to run a job for it.
"""

from pathlib import Path

from celery.beat import PersistentScheduler
from django.conf import settings


class HeartbeatScheduler(PersistentScheduler):
    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        heartbeat_touch()
        return interval


def heartbeat_touch() -> None:
    path = Path(settings.BEAT_HEARTBEAT_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
