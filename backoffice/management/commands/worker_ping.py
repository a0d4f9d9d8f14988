"""`manage.py worker_ping`: exit 0 when the local Celery worker answers a ping through the broker, else 1.

Celery's `inspect ping` aimed at one node: the worker container's healthcheck (docker-compose.yml). The node name
is the worker's `-n`; `%h` stands for this host's name, as in Celery (`-n pdf@%h` → `--node pdf@%h`).
"""

import socket

from django.core.management.base import BaseCommand, CommandError

from backoffice.celery import app


class Command(BaseCommand):
    help = "Exit 0 when the Celery worker --node answers a ping within --timeout seconds, else 1."

    def add_arguments(self, parser):
        parser.add_argument("--node", default="celery@%h", help="the worker's node name (default celery@%%h)")
        parser.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for the answer (default 5)")

    def handle(self, *args, node, timeout, **options):
        node = node.replace("%h", socket.gethostname())
        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1)  # a broker that is down fails at once, not after retries
                replies = app.control.inspect(destination=[node], timeout=timeout, connection=connection).ping()
        except Exception as error:  # the broker is unreachable: the worker cannot be asked, so it is not healthy
            raise CommandError(f"cannot ask {node}: {error}", returncode=1) from error
        replies = replies or {}
        if node not in replies:
            raise CommandError(f"{node} did not answer within {timeout:g} s", returncode=1)
        self.stdout.write(f"{node}: {replies[node]}")
