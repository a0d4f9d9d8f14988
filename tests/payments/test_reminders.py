"""Betaalherinnering: the service (every rule and refusal, the e-mail it queues) and the automatic reminder."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backoffice.celery import app as celery_app
from backoffice.documents import format_date
from backoffice.exceptions import ActionRefused
from backoffice.models import InvoiceTiming, ShopSettings
from history import registry
from history.models import OrderEvent
from history.selectors import history_tab
from invoicing.models import Invoice, InvoiceDocument, InvoiceKind
from notifications.models import OutboxMessage, OutboxStatus
from notifications.registry import EmailKind
from orders.models import Order, OrderStatus, PaymentMethod
from orders.services import order_hold
from payments import services
from payments.events import PaymentEventType
from payments.jobs import send_due_payment_reminders
from payments.models import PaymentReminder
from payments.services import (
    payment_mark_paid,
    payment_reminder_send,
    payment_reminders_due,
    payment_reminders_send_due,
)
from tests.concurrency import click_twice_at_once
from tests.customers.factories import CustomerFactory
from tests.invoicing.factories import make_credit_invoice, make_invoice
from tests.orders.factories import line, make_order
from tests.support import SHOP, shop_settings

# The shop as it starts out, invoicing on order (so an order has its invoice to remind of), with an IBAN.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop", "invoice_on_order")]
NBSP = "\N{NO-BREAK SPACE}"
IBAN = SHOP["iban"]


def reminder_emails():
    """Only the reminders: orders made by make_order also mail their invoice (INVOICE rows)."""
    return OutboxMessage.objects.filter(kind=EmailKind.PAYMENT_REMINDER)


def reminder_events(order) -> list[OrderEvent]:
    return list(OrderEvent.objects.filter(order=order, type=PaymentEventType.PAYMENT_REMINDER_SENT).order_by("id"))


def the_invoice(order) -> Invoice:
    return Invoice.objects.get(order=order, kind=InvoiceKind.INVOICE)


def nothing_sent(order) -> bool:
    return not reminder_emails().exists() and not reminder_events(order) and not PaymentReminder.objects.exists()


# By hand


def test_a_reminder_queues_one_email_with_amount_invoice_due_date_and_iban(staff):
    order = make_order(customer=CustomerFactory(email="jan@example.nl"))
    invoice = the_invoice(order)

    reminder = payment_reminder_send(order=order, actor=staff)

    email = reminder_emails().get()
    assert reminder.email == email and reminder.order == order and not reminder.automatic
    assert reminder.created_by == staff
    assert email.to == "jan@example.nl" and email.created_by == staff and email.language == "nl"
    assert email.subject == f"Betaalherinnering voor uw bestelling {order.number}"
    assert f"Factuurnummer: {invoice.number}\n" in email.body
    assert f"Openstaand bedrag: €{NBSP}29,90\n" in email.body  # 24,95 + 4,95 verzendkosten
    assert f"IBAN: {IBAN}\n" in email.body
    assert f"uiterlijk {format_date(invoice.due_date, 'nl')} over te maken" in email.body
    assert "{{" not in email.body


def test_the_invoice_is_attached_as_its_stored_pdf_and_goes_out_with_the_email(
    staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the invoice's PDF is rendered
        order = make_order()
    invoice = the_invoice(order)
    document = InvoiceDocument.objects.get(invoice=invoice, revision=invoice.revision, language=invoice.language)
    mail.outbox.clear()  # the invoice's own e-mail

    with django_capture_on_commit_callbacks(execute=True):
        reminder = payment_reminder_send(order=order, actor=staff)

    email = reminder_emails().get()
    assert email.attachments == [
        {"path": document.file, "name": f"{invoice.number}.pdf", "mimetype": "application/pdf"}
    ]
    reminder.email.refresh_from_db()
    assert reminder.email.status == OutboxStatus.SENT
    (sent,) = mail.outbox
    assert sent.subject == email.subject and sent.to == [order.email]
    ((name, content, mimetype),) = sent.attachments
    assert name == f"{invoice.number}.pdf" and mimetype == "application/pdf" and content.startswith(b"%PDF")


def test_the_amount_due_is_what_is_left_after_a_partial_credit_invoice(staff):
    order = make_order(lines=[line(quantity=2)])  # 2 × 24,95 + 4,95 = 54,85
    invoice = the_invoice(order)
    product_line = invoice.lines.get(kind="product")
    credit = make_credit_invoice(invoice, quantities={product_line.pk: 1}, actor=staff)
    assert credit.total == Decimal("-24.95")

    payment_reminder_send(order=order, actor=staff)

    body = reminder_emails().get().body
    assert f"Openstaand bedrag: €{NBSP}29,90\n" in body and f"Factuurnummer: {invoice.number}\n" in body
    (event,) = reminder_events(order)
    assert event.data["amount_due"] == "29.90" and event.data["invoice_number"] == invoice.number


def test_the_newest_open_invoice_is_the_one_reminded_of(staff):
    order = make_order()
    old = the_invoice(order)
    make_credit_invoice(old, actor=staff)  # credited in full ...
    new = make_invoice(order, actor=staff)  # ... and a new invoice made

    payment_reminder_send(order=order, actor=staff)

    email = reminder_emails().get()
    assert f"Factuurnummer: {new.number}\n" in email.body and f"Openstaand bedrag: €{NBSP}29,90\n" in email.body
    assert [attachment["name"] for attachment in email.attachments] == [f"{new.number}.pdf"]


def test_without_any_invoice_the_reminder_is_refused_and_nothing_changes(staff):
    shop_settings(invoice_timing=InvoiceTiming.MANUAL)  # the shop invoices by hand and made none
    order = make_order()
    assert not Invoice.objects.filter(order=order).exists()

    with pytest.raises(ActionRefused, match="nog geen factuur. Maak eerst een factuur aan"):
        payment_reminder_send(order=order, actor=staff)

    assert not reminder_emails().exists() and not reminder_events(order)


def test_the_email_is_in_the_customers_language(staff):
    shop_settings(languages=["nl", "en"])
    order = make_order(language="en")
    invoice = the_invoice(order)

    payment_reminder_send(order=order, actor=staff)

    email = reminder_emails().get()
    assert email.language == "en" and email.subject == f"Payment reminder for your order {order.number}"
    assert "Amount due: €29.90\n" in email.body
    assert f"by {format_date(invoice.due_date, 'en')}, quoting" in email.body


@pytest.mark.parametrize(
    ("language", "amount", "by"),
    [
        ("de", f"Offener Betrag: 1.234,50{NBSP}€\n", "bis zum"),
        ("fr", f"Montant dû : 1\N{NARROW NO-BREAK SPACE}234,50{NBSP}€\n", "au plus tard le"),
    ],
)
def test_a_german_or_french_email_writes_amounts_and_dates_as_its_reader_does(staff, language, amount, by):
    shop_settings(languages=["nl", language])
    order = make_order(language=language, lines=[line(unit_price=Decimal("1229.55"))])  # + 4.95 shipping
    invoice = the_invoice(order)

    payment_reminder_send(order=order, actor=staff)

    email = reminder_emails().get()
    assert email.language == language and amount in email.body
    assert f"{by} {format_date(invoice.due_date, language)}" in email.body
    assert format_date(timezone.localdate(order.placed_at), language) in email.body  # {{ order_date }}


def test_one_history_event_that_links_the_email(staff):
    order = make_order(customer=CustomerFactory(email="jan@example.nl"))
    invoice = the_invoice(order)

    reminder = payment_reminder_send(order=order, actor=staff)

    (event,) = reminder_events(order)
    assert event.actor == staff
    assert event.data == {
        "to": "jan@example.nl",
        "email_id": reminder.email.pk,
        "invoice_number": invoice.number,
        "amount_due": "29.90",
        "automatic": False,
    }
    row = history_tab(order)[0]
    assert row.label == "Betaalherinnering verstuurd" and row.email_id == reminder.email.pk
    assert (
        row.sentence
        == f"Betaalherinnering naar jan@example.nl: €{NBSP}29,90 open, factuur {invoice.number} als bijlage."
    )
    assert row.actor == "Mila de Vries"


def test_the_sentences():
    data = {
        "to": "jan@example.nl",
        "email_id": 1,
        "invoice_number": "F00007",
        "amount_due": "1234.5",
        "automatic": True,
    }
    assert registry.sentence(PaymentEventType.PAYMENT_REMINDER_SENT, data) == (
        f"Betaalherinnering naar jan@example.nl: €{NBSP}1.234,50 open, factuur F00007 als bijlage. "
        "Automatisch verstuurd."
    )
    assert registry.sentence(
        PaymentEventType.PAYMENT_REMINDER_SENT, data | {"invoice_number": "", "automatic": False}
    ) == (f"Betaalherinnering naar jan@example.nl: €{NBSP}1.234,50 open, zonder factuur.")
    assert registry.missing_formatters() == []


# Refusals: a clear message, and nothing sent, recorded or changed


@pytest.mark.parametrize(
    ("method", "prepare", "message"),
    [
        (PaymentMethod.IDEAL, {}, "Deze order is al betaald; een betaalherinnering is niet nodig."),
        (PaymentMethod.BANK_TRANSFER, {"status": OrderStatus.CANCELLED}, "Deze order is geannuleerd; een"),
        (PaymentMethod.BANK_TRANSFER, {"email": ""}, "Deze order heeft geen e-mailadres; de betaalherinnering"),
    ],
    ids=["paid", "cancelled", "no-email"],
)
def test_refusals_are_clear_and_change_nothing(staff, method, prepare, message, django_capture_on_commit_callbacks):
    order = make_order(payment_method=method)
    Order.objects.filter(pk=order.pk).update(**prepare)
    before = Order.objects.values().get(pk=order.pk)
    events_before = OrderEvent.objects.filter(order=order).count()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ActionRefused, match=message):
        payment_reminder_send(order=order, actor=staff)

    assert Order.objects.values().get(pk=order.pk) == before
    assert OrderEvent.objects.filter(order=order).count() == events_before
    assert nothing_sent(order) and mail.outbox == []


def test_an_order_whose_invoices_are_all_credited_has_nothing_open(staff):
    order = make_order()
    make_credit_invoice(the_invoice(order), send=False, actor=staff)

    with pytest.raises(ActionRefused, match="helemaal gecrediteerd: er staat niets open"):
        payment_reminder_send(order=order, actor=staff)

    assert nothing_sent(order)


def test_the_service_decides_on_the_row_as_it_is_now_not_on_the_callers_copy(staff):
    order = make_order()
    stale = Order.objects.get(pk=order.pk)  # still unpaid in memory
    payment_mark_paid(order=order, actor=staff)

    with pytest.raises(ActionRefused, match="al betaald"):
        payment_reminder_send(order=stale, actor=staff)

    assert nothing_sent(order)


def test_a_second_reminder_within_the_hour_is_refused_with_the_time_of_the_first(staff):
    order = make_order()
    first = payment_reminder_send(order=order, actor=staff)
    sent_at = timezone.localtime(first.sent_at).strftime("%H:%M")

    with pytest.raises(ActionRefused) as refused:
        payment_reminder_send(order=order, actor=staff)

    assert refused.value.message == f"Er is net al een betaalherinnering verstuurd (om {sent_at})."
    assert reminder_emails().count() == 1 and len(reminder_events(order)) == 1
    assert PaymentReminder.objects.count() == 1


def test_after_an_hour_another_reminder_may_go(staff):
    order = make_order()
    first = payment_reminder_send(order=order, actor=staff)
    PaymentReminder.objects.filter(pk=first.pk).update(sent_at=timezone.now() - timedelta(minutes=61))

    payment_reminder_send(order=order, actor=staff)

    assert reminder_emails().count() == 2 and len(reminder_events(order)) == 2


def test_an_order_on_hold_may_be_reminded_by_hand(staff):
    order = make_order()
    order_hold(order=order, actor=staff, reason="Wacht op betaling")

    payment_reminder_send(order=order, actor=staff)

    assert reminder_emails().count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_clicks_send_one_reminder(staff):
    order = make_order()

    assert click_twice_at_once(lambda: payment_reminder_send(order=order, actor=staff)) == ["done", "refused"]

    assert reminder_emails().count() == 1 and PaymentReminder.objects.count() == 1
    assert len(reminder_events(order)) == 1


# The automatic reminder (ALGEMEEN > Instellingen > Geavanceerd > Administratie: after N days)


def remind_after(days: int | None) -> None:
    shop_settings(payment_reminder_after_days=days)


def paid_in_the_past(model: Order, *, count: int) -> None:
    """`count` paid copies of `model`, one an hour back from its time: rows for the planner, made in one statement."""
    columns = [field.column for field in Order._meta.concrete_fields if field.column != "id"]
    values = {"number": "'PAID' || g", "payment_status": "'paid'", "placed_at": "o.placed_at - g * interval '1 hour'"}
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO orders_order ({', '.join(columns)}) "
            f"SELECT {', '.join(values.get(column, f'o.{column}') for column in columns)} "
            "FROM orders_order o, generate_series(1, %s) g WHERE o.id = %s",
            [count, model.pk],
        )


def placed(days_ago: float, now=None, **overrides) -> Order:
    return make_order(placed_at=(now or timezone.now()) - timedelta(days=days_ago), **overrides)


def test_the_automatic_reminder_is_off_by_default():
    assert ShopSettings.load().payment_reminder_after_days is None
    order = placed(days_ago=20)

    assert payment_reminders_send_due() == 0

    assert nothing_sent(order)


def test_an_order_unpaid_for_n_days_gets_one_automatic_reminder():
    remind_after(7)
    order = placed(days_ago=8)

    assert payment_reminders_send_due() == 1
    assert payment_reminders_send_due() == 0  # once per order

    reminder = PaymentReminder.objects.get()
    assert reminder.order == order and reminder.automatic and reminder.created_by is None
    assert reminder.email.kind == EmailKind.PAYMENT_REMINDER and reminder.email.created_by is None
    (event,) = reminder_events(order)
    assert event.actor is None and event.data["automatic"] is True
    row = history_tab(order)[0]
    assert row.actor == "Systeem" and row.sentence.endswith("Automatisch verstuurd.")


def test_the_automatic_reminder_waits_the_full_n_days():
    remind_after(7)
    now = timezone.now()
    exactly = placed(days_ago=7, now=now)
    not_yet = make_order(placed_at=now - timedelta(days=7) + timedelta(minutes=1))

    assert payment_reminders_send_due(now=now) == 1

    assert PaymentReminder.objects.get().order == exactly
    assert not PaymentReminder.objects.filter(order=not_yet).exists()


def test_the_automatic_reminder_skips_what_needs_none(staff):
    remind_after(7)
    due = placed(days_ago=8)
    paid = placed(days_ago=8, payment_method=PaymentMethod.IDEAL)
    cancelled = placed(days_ago=8)
    Order.objects.filter(pk=cancelled.pk).update(status=OrderStatus.CANCELLED)
    on_hold = placed(days_ago=8)
    order_hold(order=on_hold, actor=staff)
    without_email = placed(days_ago=8)
    Order.objects.filter(pk=without_email.pk).update(email="")
    reminded_by_hand = placed(days_ago=8)
    payment_reminder_send(order=reminded_by_hand, actor=staff)
    PaymentReminder.objects.update(sent_at=timezone.now() - timedelta(days=1))
    long_forgotten = placed(days_ago=7 + 31)  # due for longer than the window: left to the staff

    assert payment_reminders_send_due() == 1

    assert list(PaymentReminder.objects.filter(automatic=True).values_list("order", flat=True)) == [due.pk]
    for order in (paid, cancelled, on_hold, without_email, long_forgotten):
        assert not PaymentReminder.objects.filter(order=order).exists() and not reminder_events(order)
    assert PaymentReminder.objects.filter(order=reminded_by_hand).count() == 1


def test_the_automatic_reminder_goes_oldest_first_and_at_most_so_many_per_run(monkeypatch):
    remind_after(7)
    monkeypatch.setattr(services, "AUTOMATIC_REMINDERS_PER_RUN", 2)
    newest, oldest, middle = placed(days_ago=8), placed(days_ago=10), placed(days_ago=9)

    assert payment_reminders_send_due() == 2
    assert set(PaymentReminder.objects.values_list("order", flat=True)) == {oldest.pk, middle.pk}

    assert payment_reminders_send_due() == 1  # the next run
    assert PaymentReminder.objects.filter(order=newest).exists()


def test_an_order_refused_meanwhile_is_skipped_and_the_others_still_go(staff, monkeypatch):
    remind_after(7)
    first, second = placed(days_ago=9), placed(days_ago=8)
    due = payment_reminders_due()
    assert due == [first.pk, second.pk]
    payment_mark_paid(order=first, actor=staff)  # between the job's query and its turn
    monkeypatch.setattr(services, "payment_reminders_due", lambda now=None: due)

    assert payment_reminders_send_due() == 1

    assert list(PaymentReminder.objects.values_list("order", flat=True)) == [second.pk]


@pytest.mark.parametrize("prepare", ["reminded", "on_hold"])
def test_an_automatic_reminder_is_refused_under_the_lock_when_the_order_no_longer_qualifies(staff, prepare):
    order = make_order()
    if prepare == "reminded":
        first = payment_reminder_send(order=order, actor=staff)
        PaymentReminder.objects.filter(pk=first.pk).update(sent_at=timezone.now() - timedelta(days=3))
    else:
        order_hold(order=order, actor=staff)
    count = PaymentReminder.objects.count()

    with pytest.raises(ActionRefused):
        payment_reminder_send(order=order, actor=None, automatic=True)

    assert PaymentReminder.objects.count() == count


def test_the_job_sends_the_due_reminders_and_runs_every_hour_on_the_default_queue():
    remind_after(7)
    order = placed(days_ago=8)

    assert send_due_payment_reminders.delay().get() == 1

    assert PaymentReminder.objects.get().order == order
    (entry,) = [
        entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == send_due_payment_reminders.name
    ]
    assert entry["schedule"].hour == set(range(24))
    route = celery_app.amqp.router.route({}, send_due_payment_reminders.name)
    assert route["queue"].name == "default"


def test_finding_the_due_orders_is_one_query_on_the_indexes():
    remind_after(7)
    for days in (8, 9, 10):
        placed(days_ago=days)
    paid_in_the_past(Order.objects.earliest("id"), count=2000)  # a shop's real mix: most orders are paid

    with CaptureQueriesContext(connection) as queries:
        assert len(payment_reminders_due()) == 3
    (query,) = [query["sql"] for query in queries.captured_queries if "payments_paymentreminder" in query["sql"]]
    assert len(queries.captured_queries) == 2  # the settings row and the due orders
    with transaction.atomic(), connection.cursor() as cursor:
        # Plan for these rows, not for the statistics earlier tests left behind.
        cursor.execute("ANALYZE orders_order, payments_paymentreminder")
        cursor.execute("SET LOCAL enable_seqscan = off")  # no reminders yet: show the index the anti-join uses
        cursor.execute("EXPLAIN " + query)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "order_payment_sort" in plan and "paymentreminder_order_recent" in plan
