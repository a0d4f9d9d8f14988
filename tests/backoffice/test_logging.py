"""Logs: one JSON line per request, the request id (taken, replaced, returned) on every line of the request and of
the Celery jobs it enqueued, and nothing personal (no query string, no e-mail address)."""

import io
import json
import logging
import logging.config
import re
import uuid

import pytest
from django.conf import settings

from backoffice.observability import logging_config
from notifications.jobs import send_outbox_message
from notifications.models import OutboxMessage
from tests.notifications.conftest import wait_for
from tests.orders.factories import make_order

NEW_ID = re.compile(r"[0-9a-f]{32}")


def lines(stream: io.StringIO) -> list[dict]:
    """Every line written, each parsed as JSON (a line that is not JSON fails the test)."""
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def request_lines(stream: io.StringIO) -> list[dict]:
    return [line for line in lines(stream) if line["logger"] == "backoffice.requests"]


@pytest.fixture
def json_log():
    """The production log configuration (LOG_FORMAT=json), its console handler writing into a buffer."""
    logging.config.dictConfig(logging_config(log_format="json", level="INFO", quiet_jobs=True))
    stream = io.StringIO()
    (handler,) = logging.getLogger().handlers
    handler.setStream(stream)
    yield stream
    logging.config.dictConfig(settings.LOGGING)


def test_a_request_is_one_json_line_with_method_path_status_duration_user_and_request_id(staff, staff_client, json_log):
    response = staff_client.get("/orders/", {"q": "klant@example.com"}, headers={"X-Request-ID": "req-42"})

    assert response.status_code == 200
    (line,) = request_lines(json_log)
    assert line["method"] == "GET"
    assert line["path"] == "/orders/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], int | float) and line["duration_ms"] >= 0
    assert line["user_id"] == staff.pk
    assert line["request_id"] == "req-42"
    assert line["level"] == "INFO" and line["timestamp"] and line["message"].startswith("GET /orders/ 200 ")
    written = json_log.getvalue()
    assert "klant@example.com" not in written and "q=" not in written  # the search term stays out
    assert staff.email not in written


def test_an_anonymous_request_has_no_user_id_and_a_refused_one_its_status(client, json_log):
    client.get("/orders/")

    (line,) = request_lines(json_log)
    assert (line["path"], line["status"], line["user_id"]) == ("/orders/", 302, None)


def test_every_line_of_a_request_carries_its_id_and_no_e_mail_address(client, json_log):
    """Wachtwoord vergeten? for an unknown address: the accounts service logs a line of its own."""
    client.post("/password-reset/", {"email": "onbekend@example.com"}, headers={"X-Request-ID": "reset-7"})

    written = lines(json_log)
    service_line = next(line for line in written if line["logger"] == "accounts.services")
    assert service_line["request_id"] == "reset-7"
    assert {line["request_id"] for line in written} == {"reset-7"}
    assert "onbekend@example.com" not in json_log.getvalue()


def test_a_password_reset_link_is_logged_as_its_pattern_not_with_its_token(client, json_log):
    client.get("/password-reset/MQ/abc-secret-token/")

    (line,) = request_lines(json_log)
    assert line["path"] == "/password-reset/<uidb64>/<token>/"
    assert "abc-secret-token" not in json_log.getvalue()


def test_a_request_id_comes_back_in_the_response(client):
    response = client.get("/login/", headers={"X-Request-ID": "test-123"})

    assert response.headers["X-Request-ID"] == "test-123"


def test_without_a_request_id_each_request_gets_a_new_one(client):
    first = client.get("/login/").headers["X-Request-ID"]
    second = client.get("/login/").headers["X-Request-ID"]

    assert NEW_ID.fullmatch(first) and NEW_ID.fullmatch(second) and first != second


@pytest.mark.parametrize(
    "hostile",
    [
        "x" * 65,  # too long
        "abc\nINFO forged line",  # a second log line
        'abc" "user_id": 1',  # breaking out of a quoted value
        "abc def",
        "ünïcode",
        "",
    ],
)
def test_a_hostile_request_id_is_replaced_by_a_new_one(client, json_log, hostile):
    response = client.get("/login/", headers={"X-Request-ID": hostile})

    returned = response.headers["X-Request-ID"]
    assert NEW_ID.fullmatch(returned)
    (line,) = request_lines(json_log)
    assert line["request_id"] == returned
    assert "forged" not in json_log.getvalue()


def test_the_longest_request_id_taken_as_it_is(client):
    longest = "a1-._" + "b" * 59

    assert client.get("/login/", headers={"X-Request-ID": longest}).headers["X-Request-ID"] == longest


def test_text_lines_show_the_request_id_and_a_dash_outside_a_request(client, capfd):
    logging.config.dictConfig(logging_config(log_format="text", level="INFO", quiet_jobs=True))
    try:
        logging.getLogger("tests").info("outside")
        client.get("/login/", headers={"X-Request-ID": "text-1"})
    finally:
        logging.config.dictConfig(settings.LOGGING)

    written = capfd.readouterr().err.splitlines()
    assert any(line.endswith("INFO tests [-] outside") for line in written), written
    assert any("INFO backoffice.requests [text-1] GET /login/ 200 " in line for line in written), written


def test_log_format_is_json_or_text():
    with pytest.raises(ValueError):
        logging_config(log_format="xml", level="INFO", quiet_jobs=False)


# The request id in a job: a real Celery worker (its own process, LOG_FORMAT=json) on a real Redis, as in
# production. Fixtures: tests/notifications/conftest.py.


def worker_lines(worker) -> list[dict]:
    """The worker's JSON log lines (its start-up banner is printed, not logged)."""
    return [json.loads(line) for line in worker.log().splitlines() if line.startswith("{")]


@pytest.mark.django_db(transaction=True)
def test_the_request_id_of_a_request_appears_in_the_log_line_of_the_job_it_enqueued(staff_client, jobs):
    worker = jobs.worker("worker", LOG_FORMAT="json")  # not waited for: the job waits in Redis until it is up
    order = make_order()

    response = staff_client.post(
        f"/orders/{order.number}/customer/inform/",
        {"message": "Uw pakket is onderweg.", "submit_key": str(uuid.uuid4())},
        headers={"X-Request-ID": "test-123"},
    )

    assert response.status_code in {200, 302}, response.content
    job_lines = wait_for(
        lambda: [line for line in worker_lines(worker) if line.get("request_id") == "test-123"],
        "the job's log line with the request id",
        timeout=90,  # a worker's start on a busy machine (CI shares its cores) included
        details=jobs.logs,
    )
    (succeeded,) = [line for line in job_lines if "succeeded" in line["message"]]
    assert succeeded["job"] == "notifications.send_outbox_message"
    assert succeeded["logger"] == "celery.app.trace"
    assert succeeded["job_id"] in succeeded["message"]

    # A job enqueued outside any request, run next by the same worker process, has no request id: none is left over.
    email = OutboxMessage.objects.get(order=order, body__contains="Uw pakket is onderweg.")
    task_id = send_outbox_message.delay(email.pk).id
    jobs.wait_for_task(task_id)
    (later,) = [line for line in worker_lines(worker) if line.get("job_id") == task_id]
    assert "request_id" not in later
    assert jobs.failures() == []
