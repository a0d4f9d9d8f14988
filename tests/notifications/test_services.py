import email
from datetime import timedelta
from email import policy
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from backoffice.exceptions import ActionRefused
from history.registry import sentence
from notifications.defaults import DEFAULTS
from notifications.models import EmailTemplate, OutboxMessage, OutboxStatus
from notifications.registry import EmailKind
from notifications.services import (
    email_template_reset,
    email_template_save,
    mail_queue,
    outbox_deliver,
    outbox_requeue,
)
from orders.models import Order
from tests.orders.factories import make_order
from tests.support import event_types, shop_settings

pytestmark = pytest.mark.django_db


def queue(order, actor=None, message="Uw pakket is onderweg.") -> OutboxMessage:
    with transaction.atomic():
        return mail_queue(order=order, kind=EmailKind.INFORM_CUSTOMER, extra={"message": message}, actor=actor)


def test_every_email_has_default_texts_in_four_languages():
    for kind in EmailKind:
        assert set(DEFAULTS[kind]) >= {"nl", "en", "de", "fr"}, kind


def test_mail_queue_writes_the_composed_email_and_sends_after_commit(staff, django_capture_on_commit_callbacks):
    order = make_order()

    with django_capture_on_commit_callbacks(execute=True):
        message = queue(order, staff)

    message.refresh_from_db()
    assert message.to == order.email and message.language == "nl"
    assert order.number in message.subject
    assert "Uw pakket is onderweg." in message.body and order.billing_name in message.body
    assert message.status == OutboxStatus.SENT and message.attempts == 1 and message.sent_at
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (sent.subject, sent.body, sent.to) == (message.subject, message.body, [order.email])
    assert sent.extra_headers["Message-ID"] == message.message_id


def test_nothing_is_sent_when_the_action_rolls_back(django_capture_on_commit_callbacks):
    order = make_order()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            mail_queue(order=order, kind=EmailKind.INFORM_CUSTOMER, extra={"message": "x"}, actor=None)
            raise RuntimeError("the action failed after queueing")

    assert OutboxMessage.objects.count() == 0 and mail.outbox == []


def test_the_email_speaks_the_order_language_when_the_shop_offers_it():
    shop_settings(languages=["nl", "de"])
    german = make_order(language="de")
    french = make_order(language="fr")

    assert queue(german).language == "de"
    assert queue(french).language == "nl"  # the shop does not offer French


def test_the_shops_own_text_replaces_the_default(admin_user):
    email_template_save(
        kind=EmailKind.INFORM_CUSTOMER,
        language="nl",
        subject="Nieuws over {{ order_number }}",
        body="Beste {{ customer_name }},\n\n{{ message }}\n\nGroet, {{ shop_name }}",
        actor=admin_user,
    )
    order = make_order()

    message = queue(order, message="Hallo!")

    assert message.subject == f"Nieuws over {order.number}"
    assert message.body.startswith(f"Beste {order.billing_name},\n\nHallo!")
    email_template_reset(kind=EmailKind.INFORM_CUSTOMER, language="nl", actor=admin_user)
    assert EmailTemplate.objects.count() == 0


@pytest.mark.parametrize(
    ("subject", "body", "problem"),
    [
        ("Order {{ order_number }}", "{{ wachtwoord }}", "Onbekende plaatshouder {{ wachtwoord }}"),
        ("Order {{ order_number }", "tekst", "zonder geldige plaatshouder"),
        ("", "tekst", "mogen niet leeg zijn"),
    ],
)
def test_broken_templates_are_refused_and_change_nothing(admin_user, subject, body, problem):
    with pytest.raises(ActionRefused, match=problem):
        email_template_save(kind=EmailKind.INFORM_CUSTOMER, language="nl", subject=subject, body=body, actor=admin_user)
    assert EmailTemplate.objects.count() == 0


def test_an_order_without_email_is_refused():
    order = make_order()
    Order.objects.filter(pk=order.pk).update(email="")
    order.refresh_from_db()

    with pytest.raises(ActionRefused, match="geen e-mailadres"):
        queue(order)
    assert OutboxMessage.objects.count() == 0


def test_delivering_twice_sends_once():
    message = queue(make_order())

    outbox_deliver(message_id=message.pk)
    outbox_deliver(message_id=message.pk)

    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 1


def test_a_message_claimed_by_a_live_worker_is_left_alone_and_a_dead_claim_expires(settings):
    message = queue(make_order())
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.SENDING, claimed_at=timezone.now())

    outbox_deliver(message_id=message.pk)
    assert mail.outbox == []

    expired = timezone.now() - timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS + 1)
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=expired)
    outbox_deliver(message_id=message.pk)
    assert len(mail.outbox) == 1


def sent_from() -> tuple[str, str, email.message.EmailMessage]:
    """(display name, address) of the From header as a mail program reads the one message sent, and the message."""
    parsed = email.message_from_bytes(mail.outbox[0].message().as_bytes(), policy=policy.default)
    [sender] = parsed["From"].addresses
    return sender.display_name, sender.addr_spec, parsed


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("De Gouden Boon", "De Gouden Boon"),
        ('Koffie, Thee & "Zo"', 'Koffie, Thee & "Zo"'),
        ("Café Ürsel – Düsseldorf", "Café Ürsel – Düsseldorf"),
        ("Boon\r\nBcc: spy@example.org", "Boon Bcc: spy@example.org"),  # a typed line break is no header
    ],
)
def test_customer_mail_comes_from_the_shop_name_and_email(settings, name, expected):
    settings.DEFAULT_FROM_EMAIL = "Webwinkel <shop@example.com>"
    shop_settings(name=name, email="info@degoudenboon.nl")

    outbox_deliver(message_id=queue(make_order()).pk)

    display_name, address, parsed = sent_from()
    assert (display_name, address) == (expected, "info@degoudenboon.nl")
    assert parsed["Bcc"] is None and mail.outbox[0].recipients() == [mail.outbox[0].to[0]]


def test_without_a_shop_email_the_shop_name_goes_with_the_default_address(settings):
    settings.DEFAULT_FROM_EMAIL = "Webwinkel <noreply@backoffice.example>"
    shop_settings(name="De Gouden Boon", email="")

    outbox_deliver(message_id=queue(make_order()).pk)

    assert sent_from()[:2] == ("De Gouden Boon", "noreply@backoffice.example")
    assert "contact met ons op via noreply@backoffice.example." in mail.outbox[0].body  # {{ shop_email }}: no name


def test_a_failed_send_keeps_the_message_pending_with_the_error():
    message = queue(make_order())

    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("connection refused")):
        with pytest.raises(OSError):
            outbox_deliver(message_id=message.pk)

    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING and message.claimed_at is None
    assert message.last_error == "OSError: connection refused" and message.attempts == 1


def test_requeue_picks_up_what_was_never_enqueued_and_dead_claims(settings):
    never = queue(make_order())
    recent = queue(make_order())
    dead = queue(make_order())
    sent = queue(make_order())
    long_ago = timezone.now() - timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS + 60)
    OutboxMessage.objects.filter(pk=never.pk).update(created_at=long_ago)
    OutboxMessage.objects.filter(pk=dead.pk).update(status=OutboxStatus.SENDING, claimed_at=long_ago)
    OutboxMessage.objects.filter(pk=sent.pk).update(status=OutboxStatus.SENT, created_at=long_ago)

    with mock.patch("notifications.jobs.send_outbox_message.delay") as delay:
        assert outbox_requeue() == 2

    assert sorted(call.args[0] for call in delay.call_args_list) == sorted([never.pk, dead.pk])
    assert recent.pk not in [call.args[0] for call in delay.call_args_list]


def test_a_broker_that_is_down_does_not_fail_the_action(django_capture_on_commit_callbacks):
    order = make_order()

    with mock.patch("notifications.jobs.send_outbox_message.delay", side_effect=ConnectionError("redis down")):
        with django_capture_on_commit_callbacks(execute=True):
            message = queue(order)

    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING and message.enqueued_at is None


def test_a_line_break_in_a_name_never_reaches_the_subject(staff):
    EmailTemplate.objects.create(
        kind=EmailKind.INFORM_CUSTOMER, language="nl", subject="Voor {{ customer_name }}", body="{{ message }}"
    )
    order = make_order()
    Order.objects.filter(pk=order.pk).update(billing_name="Sanne\r\nBcc: iedereen@example.com")
    order.refresh_from_db()

    message = queue(order, staff)
    outbox_deliver(message_id=message.pk)

    message.refresh_from_db()
    assert message.subject == "Voor Sanne Bcc: iedereen@example.com"
    assert message.status == OutboxStatus.SENT and mail.outbox[0].subject == message.subject


def test_a_subject_with_a_line_break_is_refused():
    with pytest.raises(ActionRefused, match="Het onderwerp is één regel"):
        email_template_save(
            kind=EmailKind.INFORM_CUSTOMER,
            language="nl",
            subject="Over uw order\nBcc: x@y.z",
            body="{{ message }}",
            actor=None,
        )

    assert not EmailTemplate.objects.exists()


def test_a_message_that_fails_for_good_says_so_in_the_orders_history(settings):
    order = make_order()
    message = queue(order)
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=settings.OUTBOX_MAX_ATTEMPTS - 1)

    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("connection refused")):
        with pytest.raises(OSError):
            outbox_deliver(message_id=message.pk)

    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    event = order.events.get(type="EMAIL_FAILED")
    assert event.data["email_id"] == message.pk
    assert sentence(event.type, event.data) == (
        f"De e-mail “{message.subject}” aan {order.email} kon niet worden verstuurd, "
        f"ook niet na {settings.OUTBOX_MAX_ATTEMPTS} pogingen."
    )


def test_a_header_that_cannot_be_written_fails_at_once_without_retries():
    order = make_order()
    message = queue(order)
    OutboxMessage.objects.filter(pk=message.pk).update(subject="Twee\nregels")  # stored before the subject was checked

    with pytest.raises(ValueError):
        outbox_deliver(message_id=message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 1) and not mail.outbox
    assert "EMAIL_FAILED" in event_types(order)
