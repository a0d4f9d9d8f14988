"""`manage.py beat_ping`: exit 0 when Celery beat ticked recently (its heartbeat file is fresh), else 1.

The beat container's healthcheck (docker-compose.yml). backoffice/beat.py writes the heartbeat.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Exit 0 when Celery beat ticked within --max-age seconds (its heartbeat file), else 1."

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=180, help="seconds (default 180: three missed ticks)")

    def handle(self, *args, max_age, **options):
        path = Path(settings.BEAT_HEARTBEAT_FILE)
        try:
            age = time.time() - path.stat().st_mtime
        except FileNotFoundError:
            raise CommandError(f"beat has not ticked yet: no {path}", returncode=1) from None
        if age > max_age:
            raise CommandError(f"beat last ticked {age:.0f} s ago (more than {max_age} s)", returncode=1)
        self.stdout.write(f"beat ticked {age:.0f} s ago")
