"""Storingen end to end (issue 16's proof): a real SMTP server (aiosmtpd) refuses a mail, a real Celery worker on a
real Redis gives up on it, Storingen shows it failed with the server's answer; Opnieuw proberen, clicked twice, with
the server accepting again, sends it exactly once. The workers, Redis and the SMTP server are the ones the outbox's
own delivery tests use (tests/notifications/conftest.py)."""

import pytest
from django.db import transaction

from customers.services import customer_inform
from notifications.models import OutboxMessage, OutboxStatus
from tests.notifications.conftest import SmtpServer, wait_for
from tests.orders.factories import make_order
from tests.support import element, elements

pytestmark = pytest.mark.django_db(transaction=True)


class RefusingSmtpServer(SmtpServer):
    """Answers DATA with a permanent refusal while `refusing` is set, then accepts like SmtpServer."""

    refusing = True
    refused = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refusing:
            self.refused += 1
            return "554 5.7.1 Message rejected: sender not allowed"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp_server():
    server = RefusingSmtpServer()
    server.start()
    yield server
    server.stop()


def test_a_refused_mail_shows_on_storingen_and_retrying_it_twice_sends_it_once(smtp_server, jobs, admin_user, client):
    jobs.worker("worker", OUTBOX_MAX_ATTEMPTS="1")  # fails for good at the first refusal; the job waits in Redis
    order = make_order()
    with transaction.atomic():
        email = customer_inform(order=order, actor=admin_user, message="Uw pakket is onderweg.")

    failed = wait_for(
        lambda: OutboxMessage.objects.filter(pk=email.pk, status=OutboxStatus.FAILED).first(),
        "the refused mail to be marked failed",
        timeout=60,  # the worker's start included: slow on a busy machine
        details=jobs.logs,
    )
    assert smtp_server.refused >= 1 and smtp_server.messages == []
    assert failed.attempts == 1 and "554" in failed.last_error and "sender not allowed" in failed.last_error

    client.force_login(admin_user)
    row = element(client.get("/support/").text, "tr", id=f"email-{email.pk}")
    assert row.attrs["data-status"] == "failed" and "554" in row.text and "sender not allowed" in row.text

    smtp_server.refusing = False
    first = client.post(f"/support/emails/{email.pk}/retry/", follow=True)
    second = client.post(f"/support/emails/{email.pk}/retry/", follow=True)  # the double click
    assert "wordt opnieuw verstuurd" in first.text
    assert "Deze e-mail staat al in de wachtrij" in second.text or "Deze e-mail is al verstuurd." in second.text

    smtp_server.wait_for(email.message_id, details=jobs.logs)
    jobs.wait_until_sent(email.pk)
    jobs.deliver(email.pk)  # one more delivery, waited for: nothing queued earlier can still send it
    assert len(smtp_server.received(email.message_id)) == 1 and len(smtp_server.messages) == 1
    sent = OutboxMessage.objects.get(pk=email.pk)
    assert sent.status == OutboxStatus.SENT and sent.attempts == 2
    assert not elements(client.get("/support/").text, "tr", id=f"email-{email.pk}")
