"""The compose stack is a production-shaped reference deployment (Docker is not needed: the files are read with
PyYAML and checked against the settings): every variable the production settings require is set, every service
the settings name exists, everything waits for what it needs, every routed queue has a worker, and the secrets come
from the uncommitted .env. `make worker` consumes every queue too."""

import re
import runpy
import shlex
import subprocess
from urllib.parse import urlsplit

import pytest
import yaml
from django.conf import settings

ROOT = settings.BASE_DIR
APP_SERVICES = {"migrate", "web", "worker", "worker-pdf", "beat"}
LONG_RUNNING = {"web", "worker", "worker-pdf", "beat", "postgres", "redis"}
# ${NAME:?message} or ${NAME} inside a value: compose fills it in from the shell or .env.
SIZES_WITH_A_DEFAULT = {"PDF_WORKERS"}
INTERPOLATION = re.compile(r"\$\{(\w+)(?::?[?-][^}]*)?\}")


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text())


@pytest.fixture(scope="module")
def compose() -> dict:
    return load("docker-compose.yml")


@pytest.fixture(scope="module")
def example_env() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return {name.strip(): value for name, value in pairs}


def routed_queues() -> set[str]:
    return {settings.CELERY_TASK_DEFAULT_QUEUE} | {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}


def command_words(service: dict) -> list[str]:
    command = service.get("command", [])
    return shlex.split(command) if isinstance(command, str) else list(command)


def option(words: list[str], name: str) -> str | None:
    return words[words.index(name) + 1] if name in words else None


def workers(compose: dict) -> dict[str, list[str]]:
    return {
        name: words
        for name, service in compose["services"].items()
        if (words := command_words(service))[:4] == ["celery", "-A", "backoffice", "worker"]
    }


def required_production_variables() -> set[str]:
    """Every variable backoffice/settings/production.py reads without a default, or refuses to start without."""
    source = (ROOT / "backoffice" / "settings" / "production.py").read_text()
    indexed = re.findall(r"os\.environ\[\"(\w+)\"\]", source)
    refused = re.findall(r"if not os\.environ\.get\(\"(\w+)\"\):\s*\n\s*raise ImproperlyConfigured", source)
    return set(indexed) | set(refused)


def test_the_required_variables_are_found_in_the_production_settings():
    assert required_production_variables() >= {"DJANGO_SECRET_KEY", "EMAIL_HOST"}


def test_every_app_service_gets_every_variable_the_production_settings_require(compose, example_env):
    required = required_production_variables() | {"DATABASE_URL", "REDIS_URL"}
    assert set(compose["services"]) >= APP_SERVICES
    for name in APP_SERVICES:
        service = compose["services"][name]
        assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "backoffice.settings.production", name
        from_env_file = set(example_env) if ".env" in service.get("env_file", []) else set()
        missing = required - set(service["environment"]) - from_env_file
        assert not missing, f"{name} lacks {missing}"
        assert example_env.get("EMAIL_HOST"), "the base file's EMAIL_HOST comes from .env"


def test_every_variable_the_file_interpolates_is_in_the_example_env(compose, example_env):
    used = set(INTERPOLATION.findall((ROOT / "docker-compose.yml").read_text()))
    assert used <= set(example_env), used - set(example_env)


def test_the_secret_key_and_the_database_password_are_required_and_never_defaulted(compose):
    for name in APP_SERVICES:
        environment = compose["services"][name]["environment"]
        assert re.fullmatch(r"\$\{DJANGO_SECRET_KEY:\?[^}]+\}", environment["DJANGO_SECRET_KEY"]), name
        assert "${POSTGRES_PASSWORD:?" in environment["DATABASE_URL"], name
    assert compose["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    # No variable silently falls back to a default, except a size that is safe to leave as it is (PDF_WORKERS).
    defaulted = set(re.findall(r"\$\{(\w+):-", (ROOT / "docker-compose.yml").read_text()))
    assert defaulted <= SIZES_WITH_A_DEFAULT, defaulted - SIZES_WITH_A_DEFAULT


def test_the_env_file_is_not_committed_and_the_example_holds_no_secret(example_env):
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT).returncode == 0
    assert ignored, ".env must be in .gitignore"
    assert ".env" in (ROOT / ".dockerignore").read_text().split()
    assert example_env["DJANGO_SECRET_KEY"].startswith("change-me") and example_env["POSTGRES_PASSWORD"] == "change-me"


def test_every_service_the_settings_name_exists(compose):
    environment = compose["services"]["web"]["environment"]
    for variable in ("DATABASE_URL", "REDIS_URL"):
        host = urlsplit(INTERPOLATION.sub("secret", environment[variable])).hostname
        assert host in compose["services"], f"{variable} names {host}, which is not a service"
        assert "healthcheck" in compose["services"][host]
    assert urlsplit(environment["DATABASE_URL"]).scheme == "postgres"
    assert compose["services"]["postgres"]["image"].startswith("postgres:")
    assert compose["services"]["redis"]["image"].startswith("redis:")


def test_every_app_service_waits_for_the_migrations_and_for_healthy_postgres_and_redis(compose):
    migrate = compose["services"]["migrate"]
    assert command_words(migrate) == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    for name in APP_SERVICES - {"migrate"}:
        depends_on = compose["services"][name]["depends_on"]
        assert depends_on["migrate"] == {"condition": "service_completed_successfully"}, name
        assert depends_on["postgres"] == {"condition": "service_healthy"}, name
        assert depends_on["redis"] == {"condition": "service_healthy"}, name
        assert "migrate" not in " ".join(command_words(compose["services"][name])), f"{name} must not migrate itself"


def test_every_routed_queue_has_a_worker_and_pdfs_have_their_own(compose):
    queues = {name: set(option(words, "-Q").split(",")) for name, words in workers(compose).items()}

    assert set().union(*queues.values()) == routed_queues()
    assert queues["worker-pdf"] == {"pdf"}
    assert "pdf" not in queues["worker"] and "email" in queues["worker"]


def test_the_pdf_workers_are_scaled_to_n_replicas_of_one_process(compose, example_env):
    """Pakbonnen printen and Facturen printen render their chunks side by side on the pdf workers: N containers of
    one process each, every one its own Celery node (-n pdf@%h: the container's host name), nothing fixed that two
    replicas could not share."""
    service = compose["services"]["worker-pdf"]
    words = workers(compose)["worker-pdf"]

    assert service["deploy"]["replicas"] == "${PDF_WORKERS:-2}"
    assert int(example_env["PDF_WORKERS"]) >= 2
    assert option(words, "--concurrency") == "1" and option(words, "-n") == "pdf@%h"
    assert "container_name" not in service and "ports" not in service and "hostname" not in service


def test_the_workers_are_bounded_for_weasyprint(compose):
    for words in workers(compose).values():
        assert int(option(words, "--concurrency")) >= 1 and int(option(words, "--max-tasks-per-child")) >= 1
    pdf = workers(compose)["worker-pdf"]
    assert 100_000 <= int(option(pdf, "--max-memory-per-child")) <= 2_000_000  # KiB
    assert compose["services"]["worker-pdf"]["mem_limit"]


def test_every_long_running_service_has_a_healthcheck_and_a_restart_policy(compose):
    for name in LONG_RUNNING:
        service = compose["services"][name]
        assert service["restart"] == "unless-stopped", name
        assert service["healthcheck"]["test"][0] in {"CMD", "CMD-SHELL"}, name
    assert "/healthz" in " ".join(compose["services"]["web"]["healthcheck"]["test"])
    assert compose["services"]["beat"]["healthcheck"]["test"][1:] == ["python", "manage.py", "beat_ping"]
    for name, words in workers(compose).items():  # the healthcheck pings the very node the command starts
        check = compose["services"][name]["healthcheck"]["test"]
        assert check[1:4] == ["python", "manage.py", "worker_ping"] and option(check, "--node") == option(words, "-n")


def test_mailpit_is_only_in_the_development_override(compose):
    override = load("compose.override.yml")

    assert "mailpit" not in compose["services"]
    assert not [name for name, service in compose["services"].items() if "mailpit" in str(service).lower()]
    assert "mailpit" in override["services"]
    for name in APP_SERVICES:
        assert override["services"][name]["environment"]["EMAIL_HOST"] == "mailpit", name


def test_gunicorn_is_configured_in_one_file_as_the_benchmark_measured(monkeypatch):
    for variable in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_BIND", "GUNICORN_ACCESS_LOG"):
        monkeypatch.delenv(variable, raising=False)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    bench = (ROOT / "bench" / "run.py").read_text()
    bench_default = dict(re.findall(r'"--(workers|threads)", type=int, default=(\d+)', bench))

    assert (config["worker_class"], config["workers"], config["threads"]) == (
        "gthread",
        int(bench_default["workers"]),
        int(bench_default["threads"]),
    )
    assert config["wsgi_app"] == "backoffice.wsgi:application" and config["bind"] == "0.0.0.0:8000"
    assert '"--config", str(ROOT / "gunicorn.conf.py")' in bench
    assert 'CMD ["gunicorn", "--config", "gunicorn.conf.py"]' in (ROOT / "Dockerfile").read_text()


def test_make_worker_consumes_every_queue():
    [queues] = re.findall(r"celery -A backoffice worker [^\n]*-Q ([\w,]+)", (ROOT / "Makefile").read_text())
    assert set(queues.split(",")) == routed_queues()
    assert "geocode" in routed_queues()
