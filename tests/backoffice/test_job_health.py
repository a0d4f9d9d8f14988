"""The healthchecks of the worker and beat containers: `manage.py worker_ping` asks a real worker through a real
Redis; `manage.py beat_ping` reads the heartbeat that a real beat writes on every tick (backoffice/beat.py)."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from backoffice.celery import app as celery_app
from tests.notifications.conftest import REDIS_SERVER, JobProcess, RedisServer, free_port, wait_for


@pytest.fixture
def redis_server(tmp_path):
    if not os.path.exists(REDIS_SERVER):
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(tmp_path / "redis.log")
    server.start()
    yield server
    server.stop()


def job_env(redis_url: str, tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backoffice.settings.test",
        "REDIS_URL": redis_url,
        "BEAT_HEARTBEAT_FILE": str(tmp_path / "celerybeat-heartbeat"),
        "PYTHONUNBUFFERED": "1",
    }


def manage(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )


def test_worker_ping_says_whether_the_worker_answers(redis_server, tmp_path):
    env = job_env(redis_server.url, tmp_path)
    command = [sys.executable, "-m", "celery", "-A", "backoffice", "worker", "-Q", "default", "-c", "1"]
    command += ["--pool=solo", "-l", "info", "-n", "ping-test@%h", "--without-gossip", "--without-mingle"]
    worker = JobProcess("worker", command, env, tmp_path / "worker.log")
    try:
        wait_for(lambda: " ready." in worker.log(), "the worker", timeout=90, details=worker.log)  # a busy machine

        answered = manage(env, "worker_ping", "--node", "ping-test@%h")
        someone_else = manage(env, "worker_ping", "--node", "pdf@%h", "--timeout", "1")
    finally:
        worker.kill()
    gone = manage(env, "worker_ping", "--node", "ping-test@%h", "--timeout", "1")

    assert answered.returncode == 0, answered.stderr + worker.log()
    assert "'ok': 'pong'" in answered.stdout
    assert (someone_else.returncode, gone.returncode) == (1, 1)
    assert "did not answer within 1 s" in gone.stderr


def test_worker_ping_fails_when_the_broker_is_down(tmp_path):
    result = manage(job_env(f"redis://127.0.0.1:{free_port()}/0", tmp_path), "worker_ping", "--timeout", "1")

    assert result.returncode == 1
    assert "cannot ask celery@" in result.stderr


def test_beat_ticks_a_heartbeat_that_beat_ping_reads(redis_server, tmp_path):
    env = job_env(redis_server.url, tmp_path)
    heartbeat = tmp_path / "celerybeat-heartbeat"
    before = manage(env, "beat_ping")
    command = [sys.executable, "-m", "celery", "-A", "backoffice", "beat", "-l", "info"]
    beat = JobProcess("beat", [*command, "--schedule", str(tmp_path / "celerybeat-schedule")], env, tmp_path / "b.log")
    try:
        wait_for(heartbeat.exists, "beat's first heartbeat", timeout=90, details=beat.log)
    finally:
        beat.kill()
    after = manage(env, "beat_ping")

    assert before.returncode == 1 and "beat has not ticked yet" in before.stderr
    assert after.returncode == 0, after.stderr + beat.log()
    assert "backoffice.beat.HeartbeatScheduler" in beat.log()


def test_beat_ping_fails_when_the_heartbeat_is_old(settings, tmp_path):
    settings.BEAT_HEARTBEAT_FILE = tmp_path / "celerybeat-heartbeat"
    settings.BEAT_HEARTBEAT_FILE.touch()
    call_command("beat_ping", "--max-age", "180")  # fresh: no error

    four_minutes_ago = time.time() - 240
    os.utime(settings.BEAT_HEARTBEAT_FILE, (four_minutes_ago, four_minutes_ago))
    with pytest.raises(CommandError, match=r"beat last ticked 24\d s ago") as refused:
        call_command("beat_ping", "--max-age", "180")
    assert refused.value.returncode == 1


def test_the_beat_of_every_environment_keeps_a_heartbeat():
    assert celery_app.conf.beat_scheduler == "backoffice.beat:HeartbeatScheduler"
    assert celery_app.conf.beat_max_loop_interval <= 60  # beat_ping's default 180 s is three missed ticks
