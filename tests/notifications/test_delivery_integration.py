"""The outbox end to end: PostgreSQL, a real Redis, real Celery worker processes and beat, a real SMTP server.

Every test ends by delivering the job once more and waiting for it (see `Jobs.deliver`): when that is done
no earlier job can still send, so "one mail at the SMTP server" then means exactly once.
"""

import time

import pytest

from customers.services import customer_inform
from notifications.jobs import send_outbox_message
from notifications.models import OutboxMessage, OutboxStatus
from tests.orders.factories import make_order

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Uw pakket is onderweg."


def row(email: OutboxMessage) -> OutboxMessage:
    return OutboxMessage.objects.get(pk=email.pk)


def test_the_mail_of_an_action_reaches_the_smtp_server_once(staff, smtp_server, jobs):
    jobs.worker("worker")
    order = make_order()

    email = customer_inform(order=order, actor=staff, message=TEXT)

    received = smtp_server.wait_for(email.message_id, details=jobs.logs)
    jobs.deliver(email.pk)
    assert len(smtp_server.messages) == 1
    assert received["To"] == order.email and received["Subject"] == email.subject
    assert TEXT in received.get_content()
    sent = row(email)
    assert sent.status == OutboxStatus.SENT and sent.attempts == 1 and sent.enqueued_at and sent.sent_at
    assert jobs.failures() == []


def test_an_action_while_redis_is_down_succeeds_and_its_mail_is_sent_once_redis_is_back(
    staff, smtp_server, redis_server, jobs
):
    jobs.worker("worker").wait_ready()
    order = make_order()
    redis_server.stop()

    started = time.monotonic()
    email = customer_inform(order=order, actor=staff, message=TEXT)
    took = time.monotonic() - started

    waiting = row(email)  # committed: this query runs on a connection outside the action's transaction
    assert waiting.status == OutboxStatus.PENDING and waiting.enqueued_at is None and waiting.attempts == 0
    assert took < 10, f"the action waited {took:.1f}s for the broker"
    assert smtp_server.messages == []

    redis_server.start()
    jobs.beat(every=1.0)  # the periodic requeue; in production every minute

    smtp_server.wait_for(email.message_id, details=jobs.logs)
    jobs.deliver(email.pk)
    assert len(smtp_server.messages) == 1
    assert row(email).status == OutboxStatus.SENT and row(email).attempts == 1
    assert jobs.failures() == []


def test_the_job_delivered_twice_sends_the_mail_once(staff, smtp_server, jobs):
    # A long lease: the first delivery stays claimed however long the SMTP server is held below.
    first = jobs.worker("first", OUTBOX_SENDING_LEASE_SECONDS="300")
    second = jobs.worker("second", OUTBOX_SENDING_LEASE_SECONDS="300")
    first.wait_ready()
    second.wait_ready()
    order = make_order()
    smtp_server.hold_next()

    email = customer_inform(order=order, actor=staff, message=TEXT)  # delivery 1, after the commit
    wait_for_holding(smtp_server, jobs)
    duplicate = send_outbox_message.delay(email.pk)  # delivery 2, while delivery 1 is mid-send
    jobs.wait_for_task(duplicate.id)  # the other worker ran it: the row is claimed, it did nothing

    claimed = row(email)
    assert claimed.status == OutboxStatus.SENDING and claimed.attempts == 1
    smtp_server.release()
    smtp_server.wait_for(email.message_id, details=jobs.logs)
    jobs.wait_until_sent(email.pk)
    jobs.deliver(email.pk)  # delivery 3, after it was sent
    assert len(smtp_server.messages) == 1
    assert row(email).status == OutboxStatus.SENT and row(email).attempts == 1
    assert jobs.failures() == []


def test_a_worker_killed_mid_send_is_replaced_and_the_mail_is_sent_once(staff, smtp_server, jobs):
    doomed = jobs.worker("doomed")  # lease 2 s, requeue after 1 s
    order = make_order()
    smtp_server.hold_next()

    email = customer_inform(order=order, actor=staff, message=TEXT)
    wait_for_holding(smtp_server, jobs)
    doomed.kill()

    assert smtp_server.dropped.wait(10), "the SMTP server did not notice the killed worker"
    assert smtp_server.messages == []
    assert row(email).status == OutboxStatus.SENDING and row(email).attempts == 1

    jobs.worker("replacement")
    jobs.beat(every=1.0)

    smtp_server.wait_for(email.message_id, details=jobs.logs)
    jobs.deliver(email.pk)
    assert len(smtp_server.messages) == 1
    assert row(email).status == OutboxStatus.SENT and row(email).attempts == 2
    assert jobs.failures() == []


def wait_for_holding(smtp_server, jobs) -> None:
    assert smtp_server.holding.wait(20), f"no worker reached the SMTP DATA phase\n{jobs.logs()}"
