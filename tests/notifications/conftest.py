"""Real services for the delivery integration tests: an SMTP server, a Redis, Celery workers and beat.

Each test gets its own Redis (so stopping it disturbs no one else), its own SMTP server (aiosmtpd, in a
thread of this process) and workers started as separate processes against the test database. Every
process is killed in the fixture's teardown, also when the test fails; their logs are printed then.
"""

import asyncio
import contextlib
import email
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from kombu import pools as kombu_pools

from backoffice.celery import app as celery_app

DEADLINE_SECONDS = 20.0
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
# How a worker logs a job that did not succeed (celery.app.trace).
JOB_NOT_SUCCEEDED = r"(?:raised|retry|rejected|ignored|INTERNAL ERROR)"

# The beat the project deploys, with a schedule short enough for a test (the real one runs every minute).
BEAT_LAUNCHER = """
import sys
from backoffice.celery import app
app.conf.beat_schedule = {
    "requeue-outbox": {"task": "notifications.requeue_outbox", "schedule": float(sys.argv[1])},
}
app.start(["beat", "-l", "info", "--schedule", sys.argv[2]])
"""


def wait_for(condition, what: str, timeout: float = DEADLINE_SECONDS, details=lambda: ""):
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f}s for {what}\n{details()}")
        time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    """A local SMTP server that keeps what it accepted. `hold_next()` makes it sit on the next message's
    DATA (the client has sent the whole message and waits for "250") until `release()` or until the client
    disconnects; a message whose client went away first is not accepted."""

    def __init__(self) -> None:
        self.port = free_port()
        self._accepted: list[EmailMessage] = []
        self._lock = threading.Lock()
        self._hold = threading.Event()
        self._release = threading.Event()
        self.holding = threading.Event()
        self.dropped = threading.Event()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd's hook, called per message
        if self._hold.is_set():
            self._hold.clear()
            self.holding.set()
            try:
                while not self._release.is_set():
                    await asyncio.sleep(0.02)
            except asyncio.CancelledError:  # the client disconnected before it got an answer
                self.dropped.set()
                raise
        with self._lock:
            self._accepted.append(email.message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._release.set()
        self._controller.stop()

    def hold_next(self) -> None:
        self._hold.set()

    def release(self) -> None:
        self._release.set()

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return list(self._accepted)

    def received(self, message_id: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["Message-ID"] == message_id]

    def wait_for(self, message_id: str, details=lambda: "") -> EmailMessage:
        return wait_for(
            lambda: self.received(message_id), f"the mail {message_id} at the SMTP server", details=details
        )[0]


class RedisServer:
    """Our own redis-server on a free port, without persistence: stop() and start() again empty."""

    def __init__(self, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._log_path = log_path
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        arguments = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        with self._log_path.open("ab") as log:
            self._process = subprocess.Popen(
                [REDIS_SERVER, *arguments, "--daemonize", "no"], stdout=log, stderr=subprocess.STDOUT
            )
        wait_for(self.answers, f"redis-server on port {self.port}", details=self._log_path.read_text)

    def answers(self) -> bool:
        try:
            return redis.Redis(port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5).ping()
        except redis.ConnectionError:
            return False

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None


class JobProcess:
    """A Celery worker or beat running as its own process (own session, so a kill takes all of it)."""

    def __init__(self, name: str, command: list[str], env: dict, log_path: Path) -> None:
        self.name, self.log_path = name, log_path
        with log_path.open("wb") as log:
            self._process = subprocess.Popen(
                command, env=env, cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    @property
    def alive(self) -> bool:
        return self._process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self) -> None:
        def ready() -> bool:
            if not self.alive:
                raise AssertionError(f"{self.name} exited with {self._process.returncode}:\n{self.log()}")
            return " ready." in self.log()

        wait_for(ready, f"{self.name} to be ready", details=self.log)

    def kill(self) -> None:
        """SIGKILL: no cleanup, no acknowledgement, connections simply drop."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._process.pid, signal.SIGKILL)
        self._process.wait(timeout=10)


class Jobs:
    """Starts workers and beat configured like production, but on the test's Redis, database and SMTP server."""

    def __init__(self, tmp_path: Path, redis_url: str, smtp_port: int) -> None:
        self._tmp_path = tmp_path
        self.processes: list[JobProcess] = []
        db = connection.settings_dict
        login = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
        database_url = f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        self.env = {
            **{key: value for key, value in os.environ.items() if not key.startswith(("EMAIL_", "OUTBOX_"))},
            "DJANGO_SETTINGS_MODULE": "backoffice.settings.test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "TEST_WORKER_SMTP": "1",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "OUTBOX_SENDING_LEASE_SECONDS": "2",
            "OUTBOX_REQUEUE_AFTER_SECONDS": "1",
            "PYTHONUNBUFFERED": "1",
        }

    def worker(self, name: str, **env: str) -> JobProcess:
        """`celery worker --pool=solo`: the job runs in the worker process itself, so killing it kills the job."""
        command = [sys.executable, "-m", "celery", "-A", "backoffice", "worker", "-Q", "email,default", "-c", "1"]
        command += ["--pool=solo", "-l", "info", "-n", f"{name}@integration"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        return self._start(name, command, env)

    def beat(self, *, every: float) -> JobProcess:
        schedule = self._tmp_path / "celerybeat-schedule"
        return self._start("beat", [sys.executable, "-c", BEAT_LAUNCHER, str(every), str(schedule)], {})

    def launch(self, name: str, command: list[str], **env: str) -> JobProcess:
        """Any other process (another worker, a launcher of its own) with the same environment; killed afterwards."""
        return self._start(name, command, env)

    def _start(self, name: str, command: list[str], env: dict) -> JobProcess:
        process = JobProcess(name, command, self.env | env, self._tmp_path / f"{name}.log")
        self.processes.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(f"----- {process.name} -----\n{process.log()}" for process in self.processes)

    def wait_for_task(self, task_id: str) -> None:
        """Until a worker logs the job `task_id` as succeeded; fail at once if one logs it as failed."""

        def succeeded() -> bool:
            logs = self.logs()
            failure = re.search(rf"Task \S+\[{task_id}\] {JOB_NOT_SUCCEEDED}.*", logs)
            if failure:
                raise AssertionError(f"job {task_id} did not succeed: {failure.group(0)}\n{logs}")
            return f"[{task_id}] succeeded" in logs

        wait_for(succeeded, f"job {task_id}", details=self.logs)

    def deliver(self, message_id: int) -> None:
        """Deliver the send job for `message_id` once more and wait until it is done.

        With one worker consuming the queue in order, every job published before this one is done too, so
        after this nothing queued earlier can still send the mail.
        """
        from notifications.jobs import send_outbox_message

        self.wait_for_task(send_outbox_message.delay(message_id).id)

    def wait_until_sent(self, message_id: int) -> None:
        from notifications.models import OutboxMessage, OutboxStatus

        def sent() -> bool:
            return OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.SENT).exists()

        wait_for(sent, f"outbox message {message_id} to be marked sent", details=self.logs)

    def failures(self) -> list[str]:
        return re.findall(rf"Task \S+\[[\w-]+\] {JOB_NOT_SUCCEEDED}.*", self.logs())

    def kill_all(self) -> None:
        for process in self.processes:
            process.kill()


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_server(tmp_path):
    if not Path(REDIS_SERVER).exists():
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(tmp_path / "redis.log")
    server.start()
    yield server
    server.stop()


def _drop_broker_connections() -> None:
    pool, celery_app._pool = celery_app._pool, None
    amqp = celery_app.__dict__.get("amqp")
    producers = amqp._producer_pool if amqp else None
    if amqp:
        amqp._producer_pool = None
    for resource in (producers, pool):
        if resource is not None:
            resource.force_close_all()
    # kombu keeps its producer pools in a registry per connection: without this the next job enqueued on the
    # restored broker would get the closed pool back ("Acquire on closed pool") and never run.
    kombu_pools.reset()


@pytest.fixture
def broker(redis_server):
    """This process publishes jobs to the test's Redis (the rest of the suite runs them in-process)."""
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    _drop_broker_connections()
    celery_app.conf.update(broker_url=redis_server.url, task_always_eager=False)
    yield redis_server
    celery_app.conf.update(saved)
    _drop_broker_connections()


@pytest.fixture
def jobs(transactional_db, broker, smtp_server, tmp_path):
    """Start workers and beat with `jobs.worker(name)` / `jobs.beat(every=…)`; all are killed afterwards."""
    started = Jobs(tmp_path, broker.url, smtp_server.port)
    try:
        yield started
    finally:
        started.kill_all()
        print(started.logs())  # shown by pytest when the test failed
