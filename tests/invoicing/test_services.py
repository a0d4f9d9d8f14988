"""Invoicing's services: every rule and every refusal of issuing, crediting, changing and sending invoices."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from backoffice.documents import format_date
from backoffice.exceptions import ActionRefused
from backoffice.models import InvoiceTiming, NumberCounter
from history.models import OrderEvent
from invoicing.events import InvoiceEventType
from invoicing.models import DocumentStatus, Invoice, InvoiceDocument, InvoiceKind, InvoiceLine
from invoicing.services import (
    credit_invoice_create,
    invoice_issue,
    invoice_resend,
    invoice_update,
)
from notifications.models import OutboxMessage
from notifications.registry import EmailKind
from orders.models import CancelReason, PaymentMethod, PaymentStatus
from orders.services import order_cancel
from payments.services import payment_mark_paid, payment_mark_unpaid
from tests.concurrency import click_twice_at_once
from tests.customers.factories import CustomerFactory
from tests.orders.factories import line, make_order
from tests.support import event_types, shop_settings

pytestmark = pytest.mark.django_db
D = Decimal


def two_rate_order(**overrides):
    return make_order(
        lines=[
            line(product_name="Koffiebonen 1 kg", quantity=3, unit_price=D("24.95"), vat_rate=D("9")),
            line(product_name="Moka pot", sku="MP-6", quantity=1, unit_price=D("39.00"), vat_rate=D("21"),
                 discount=D("4.00")),
        ],
        shipping_cost=D("4.95"),
        **overrides,
    )  # fmt: skip


def state(order) -> dict:
    """Everything a refused action must leave as it was."""
    return {
        "invoices": list(Invoice.objects.filter(order=order).values()),
        "lines": InvoiceLine.objects.filter(invoice__order=order).count(),
        "events": event_types(order),
        "mail": OutboxMessage.objects.filter(order=order).count(),
        "counters": list(NumberCounter.objects.order_by("series").values_list("series", "last_number")),
        "order": order.__class__.objects.filter(pk=order.pk).values("payment_status", "status").get(),
    }


# --- issuing ------------------------------------------------------------------------------------------------


def test_an_order_is_invoiced_when_placed_with_every_line_shipping_and_vat_per_rate(shop, invoice_on_order):
    customer = CustomerFactory(vat_number="NL000099998B57")

    order = two_rate_order(customer=customer)

    invoice = Invoice.objects.get(order=order)
    assert (invoice.kind, invoice.number, invoice.sequence, invoice.series) == ("invoice", "F00001", 1, "invoice")
    lines = list(invoice.lines.values_list("description", "quantity", "unit_price", "discount", "vat_rate", "total"))
    assert lines == [
        ("Koffiebonen 1 kg", 3, D("24.95"), D("0"), D("9"), D("74.85")),
        ("Moka pot", 1, D("39.00"), D("4.00"), D("21"), D("35.00")),
        ("PostNL pakket", 1, D("4.95"), D("0"), D("21"), D("4.95")),
    ]
    # 21%: 39.95 gross -> 33.02 + 6.93; 9%: 74.85 gross -> 68.67 + 6.18 (per-rate base, EN16931 BR-CO-17)
    assert list(invoice.vat_rates.values_list("rate", "net", "vat")) == [
        (D("21"), D("33.02"), D("6.93")),
        (D("9"), D("68.67"), D("6.18")),
    ]
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (D("101.69"), D("13.11"), D("114.80"))
    assert invoice.total == order.total
    assert invoice.seller["name"] == "De Gouden Boon" and invoice.seller["iban"] == "NL44RABO0123456789"
    assert (invoice.buyer_name, invoice.buyer_vat_number) == (order.billing_name, "NL000099998B57")
    assert invoice.due_date == invoice.invoice_date + timedelta(days=14)
    assert not invoice.is_paid
    assert event_types(order) == ["ORDER_CREATED", "INVOICE_ISSUED"]
    event = OrderEvent.objects.get(order=order, type=InvoiceEventType.INVOICE_ISSUED)
    mail = OutboxMessage.objects.get(order=order)
    assert event.data == {"number": "F00001", "total": "114.80", "email_id": mail.pk}
    document = InvoiceDocument.objects.get(invoice=invoice)
    assert mail.kind == EmailKind.INVOICE and "F00001" in mail.subject + mail.body
    assert mail.attachments == [{"path": document.file, "name": "F00001.pdf", "mimetype": "application/pdf"}]


def test_the_pdf_is_rendered_after_the_commit_and_stored(invoice_on_order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order()

    document = InvoiceDocument.objects.get(invoice__order=order)
    assert document.status == DocumentStatus.READY and document.size > 1000
    with default_storage.open(document.file, "rb") as file:
        assert file.read(5) == b"%PDF-"


def test_an_iDEAL_order_arrives_with_a_paid_invoice_that_does_not_ask_for_payment(invoice_on_order):
    order = make_order(payment_method=PaymentMethod.IDEAL)

    invoice = Invoice.objects.get(order=order)
    assert invoice.is_paid and invoice.paid_when_issued


def test_hidden_email_and_phone_stay_off_the_invoice(invoice_on_order):
    shop_settings(invoice_hide_email=True, invoice_hide_phone=True)

    invoice = Invoice.objects.get(order=make_order())

    assert (invoice.buyer_email, invoice.buyer_phone) == ("", "")


def test_no_mail_on_issue_when_the_shop_does_not_want_it(invoice_on_order):
    shop_settings(invoice_send_on_issue=False)

    order = make_order()

    assert Invoice.objects.filter(order=order).exists() and not OutboxMessage.objects.filter(order=order).exists()


def test_manual_timing_makes_no_invoice_until_factuur_aanmaken(staff):
    order = make_order()
    assert not Invoice.objects.filter(order=order).exists()

    invoice = invoice_issue(order=order, actor=staff)

    assert invoice.number == "F00001" and invoice.created_by == staff
    assert event_types(order) == ["ORDER_CREATED", "INVOICE_ISSUED"]


def test_invoice_on_payment_waits_for_betaald_and_is_then_paid(staff):
    shop_settings(invoice_timing=InvoiceTiming.ON_PAYMENT)
    order = make_order(payment_method=PaymentMethod.BANK_TRANSFER)
    assert not Invoice.objects.filter(order=order).exists()

    payment_mark_paid(order=order, actor=staff)

    invoice = Invoice.objects.get(order=order)
    assert invoice.is_paid and invoice.paid_at is not None
    assert event_types(order) == ["ORDER_CREATED", "PAYMENT_MARKED_PAID", "STATUS_CHANGED", "INVOICE_ISSUED"]


def test_invoice_on_payment_for_an_order_that_arrives_paid(staff):
    shop_settings(invoice_timing=InvoiceTiming.ON_PAYMENT)

    order = make_order(payment_method=PaymentMethod.PAYPAL)

    assert Invoice.objects.get(order=order).is_paid


def test_betaald_and_niet_betaald_carry_over_to_the_open_invoice(staff, invoice_on_order):
    order = make_order()

    payment_mark_paid(order=order, actor=staff)
    assert Invoice.objects.get(order=order).is_paid
    payment_mark_unpaid(order=order, actor=staff)
    invoice = Invoice.objects.get(order=order)
    assert not invoice.is_paid and invoice.paid_at is None
    assert Invoice.objects.filter(order=order).count() == 1


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda order, staff: invoice_issue(order=order, actor=staff), "heeft al factuur F00001"),
        (
            lambda order, staff: order_cancel(order=order, actor=staff, reason=CancelReason.CUSTOMER_REQUEST),
            "geannuleerde order",
        ),
    ],
    ids=["already-invoiced", "cancelled"],
)
def test_factuur_aanmaken_refusals_change_nothing(staff, prepare, message):
    order = make_order()
    prepare(order, staff)
    before = state(order)

    with pytest.raises(ActionRefused, match=message):
        invoice_issue(order=order, actor=staff)

    assert state(order) == before


def test_after_a_full_credit_a_new_invoice_can_be_made(staff):
    order = make_order()
    invoice = invoice_issue(order=order, actor=staff)
    credit_invoice_create(invoice=invoice, actor=staff)

    again = invoice_issue(order=order, actor=staff)

    assert again.number == "F00003"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_factuur_aanmaken_clicks_make_one_invoice(staff):
    order = make_order()

    outcomes = click_twice_at_once(lambda: invoice_issue(order=order, actor=staff))

    assert outcomes == ["done", "refused"]
    assert Invoice.objects.filter(order=order).count() == 1
    assert NumberCounter.objects.get(series="invoice").last_number == 1


# --- credit invoices ----------------------------------------------------------------------------------------


def test_a_full_credit_invoice_mirrors_the_invoice_to_the_cent(staff, invoice_on_order):
    order = two_rate_order()
    invoice = Invoice.objects.get(order=order)

    credit = credit_invoice_create(invoice=invoice, actor=staff)

    assert (credit.kind, credit.number, credit.credited_invoice) == (InvoiceKind.CREDIT, "F00002", invoice)
    assert (credit.net_total, credit.vat_total, credit.total) == (
        -invoice.net_total,
        -invoice.vat_total,
        -invoice.total,
    )
    assert [(q, t) for q, t in credit.lines.values_list("quantity", "total")] == [
        (-3, D("-74.85")), (-1, D("-35.00")), (-1, D("-4.95")),
    ]  # fmt: skip
    assert list(credit.vat_rates.values_list("rate", "net", "vat")) == [
        (D("21"), D("-33.02"), D("-6.93")),
        (D("9"), D("-68.67"), D("-6.18")),
    ]
    assert credit.due_date is None and not credit.is_paid
    event = OrderEvent.objects.filter(order=order).latest("id")
    assert event.type == InvoiceEventType.CREDIT_INVOICE_ISSUED
    assert (event.data["number"], event.data["original"], event.data["total"]) == ("F00002", "F00001", "-114.80")
    mail = OutboxMessage.objects.get(pk=event.data["email_id"])
    assert mail.kind == EmailKind.CREDIT_INVOICE and mail.attachments[0]["name"] == "F00002.pdf"


def test_a_line_credited_in_parts_adds_up_exactly(staff):
    order = make_order(lines=[line(quantity=3, unit_price=D("10.00"), discount=D("1.00"))], shipping_cost=D("0"))
    invoice = invoice_issue(order=order, actor=staff)  # 3 × 10.00 − 1.00 = 29.00
    invoice_line = invoice.lines.get()

    first = credit_invoice_create(invoice=invoice, actor=staff, quantities={invoice_line.pk: 1}, send=False)
    second = credit_invoice_create(invoice=invoice, actor=staff, quantities={invoice_line.pk: 1}, send=False)
    last = credit_invoice_create(invoice=invoice, actor=staff, quantities={invoice_line.pk: 1}, send=False)

    assert [first.total, second.total, last.total] == [D("-9.67"), D("-9.67"), D("-9.66")]
    assert invoice.total + first.total + second.total + last.total == 0
    assert not OutboxMessage.objects.filter(order=order, kind=EmailKind.CREDIT_INVOICE).exists()


def test_a_credit_for_a_return_credits_the_returns_amount_never_more_than_is_left(staff):
    order = make_order(lines=[line(quantity=3, unit_price=D("10.00"), discount=D("1.00"))], shipping_cost=D("0"))
    invoice = invoice_issue(order=order, actor=staff)  # 29.00
    invoice_line = invoice.lines.get()

    def credit(amount):
        quantities, amounts = {invoice_line.pk: 1}, {invoice_line.pk: D(amount)}
        return credit_invoice_create(invoice=invoice, actor=staff, quantities=quantities, amounts=amounts, send=False)

    assert credit("9.00").total == D("-9.00")  # what the return says, not the share (9.67)
    assert credit("25.00").total == D("-20.00")  # never more than is left
    assert credit("5.00").total == D("0.00")  # the last piece: exactly what is left, here nothing
    assert invoice.total + sum(c.total for c in Invoice.objects.filter(credited_invoice=invoice)) == 0


def test_credit_invoices_can_have_their_own_series(staff):
    shop_settings(credit_invoice_own_series=True, credit_invoice_prefix="CF", credit_invoice_start_number=500)
    invoice = invoice_issue(order=make_order(), actor=staff)

    credit = credit_invoice_create(invoice=invoice, actor=staff)

    assert (credit.number, credit.series, credit.sequence) == ("CF00500", "credit_invoice", 500)
    assert invoice_issue(order=make_order(), actor=staff).number == "F00002"


def _invoiced(staff):
    order = make_order(lines=[line(quantity=2), line(product_name="Thee", quantity=1)])
    return order, invoice_issue(order=order, actor=staff)


@pytest.mark.parametrize(
    ("quantities", "message"),
    [
        (lambda invoice: {invoice.lines.first().pk: 3}, "kunt u nog 2 crediteren, niet 3"),
        (lambda invoice: {invoice.lines.first().pk: -1}, "niet -1"),
        (lambda invoice: {999999: 1}, "staat niet op factuur"),
        (lambda invoice: {invoice.lines.first().pk: 0}, "minstens één regel"),
        (lambda invoice: {}, "minstens één regel"),
    ],
    ids=["more-than-invoiced", "negative", "foreign-line", "zero", "nothing"],
)
def test_credit_refusals_change_nothing(staff, quantities, message):
    order, invoice = _invoiced(staff)
    before = state(order)

    with pytest.raises(ActionRefused, match=message):
        credit_invoice_create(invoice=invoice, actor=staff, quantities=quantities(invoice))

    assert state(order) == before


def test_crediting_more_than_is_left_after_an_earlier_credit_is_refused(staff):
    order, invoice = _invoiced(staff)
    first_line = invoice.lines.first()
    credit_invoice_create(invoice=invoice, actor=staff, quantities={first_line.pk: 1})
    before = state(order)

    with pytest.raises(ActionRefused, match="kunt u nog 1 crediteren, niet 2"):
        credit_invoice_create(invoice=invoice, actor=staff, quantities={first_line.pk: 2})

    assert state(order) == before


def test_a_fully_credited_invoice_and_a_credit_invoice_cannot_be_credited(staff):
    order, invoice = _invoiced(staff)
    credit = credit_invoice_create(invoice=invoice, actor=staff)
    before = state(order)

    with pytest.raises(ActionRefused, match="al helemaal gecrediteerd"):
        credit_invoice_create(invoice=invoice, actor=staff)
    with pytest.raises(ActionRefused, match="creditfactuur kan zelf niet"):
        credit_invoice_create(invoice=credit, actor=staff)

    assert state(order) == before


def test_cancelling_an_invoiced_order_credits_its_invoice(staff, invoice_on_order):
    order = make_order()

    order_cancel(order=order, actor=staff, reason=CancelReason.OUT_OF_STOCK)

    invoice, credit = Invoice.objects.filter(order=order).order_by("id")
    assert credit.credited_invoice == invoice and credit.total == -invoice.total
    assert event_types(order) == [
        "ORDER_CREATED", "INVOICE_ISSUED", "ORDER_CANCELLED", "STATUS_CHANGED", "CREDIT_INVOICE_ISSUED"
    ]  # fmt: skip


# --- the popup: what may change -----------------------------------------------------------------------------


def test_a_new_delivery_time_makes_a_new_revision_and_keeps_the_old_document(staff):
    order, invoice = _invoiced(staff)

    invoice = invoice_update(invoice=invoice, actor=staff, changes={"delivery_time": "1-2 werkdagen"})

    assert (invoice.delivery_time, invoice.revision) == ("1-2 werkdagen", 2)
    assert sorted(InvoiceDocument.objects.filter(invoice=invoice).values_list("revision", flat=True)) == [1, 2]
    event = OrderEvent.objects.filter(order=order).latest("id")
    assert event.type == InvoiceEventType.INVOICE_UPDATED
    assert event.data == {"number": invoice.number, "changes": {"delivery_time": ["", "1-2 werkdagen"]}}


def test_paid_in_the_popup_is_the_orders_payment_so_invoicing_refuses_it(staff):
    # The popup's Betaald / Niet betaald post to payments (which marks the invoice); invoicing never calls back.
    order, invoice = _invoiced(staff)
    before = state(order)

    with pytest.raises(ActionRefused, match="gebruik Betaald of Niet betaald"):
        invoice_update(invoice=invoice, actor=staff, changes={"is_paid": True, "delivery_time": "morgen"})

    assert state(order) == before


def test_betaald_and_niet_betaald_make_a_new_revision_each(staff):
    order, invoice = _invoiced(staff)

    payment_mark_paid(order=order, actor=staff)
    invoice.refresh_from_db()
    assert (invoice.is_paid, invoice.revision) == (True, 2)
    payment_mark_unpaid(order=order, actor=staff)
    invoice.refresh_from_db()

    assert (invoice.is_paid, invoice.revision) == (False, 3)
    assert sorted(InvoiceDocument.objects.filter(invoice=invoice).values_list("revision", flat=True)) == [1, 2, 3]


def test_a_credit_invoice_of_an_unpaid_invoice_settles_the_amount_due_and_has_nothing_to_pay_back(staff):
    order, invoice = _invoiced(staff)
    credit = credit_invoice_create(invoice=invoice, actor=staff)
    before = state(order)

    assert credit.settles_amount_due and not credit.is_paid
    with pytest.raises(ActionRefused, match="niets terug te betalen"):
        invoice_update(invoice=credit, actor=staff, changes={"is_paid": True})
    assert state(order) == before


def test_a_credit_invoice_of_a_paid_invoice_is_to_be_refunded(staff):
    order, invoice = _invoiced(staff)
    payment_mark_paid(order=order, actor=staff)
    invoice.refresh_from_db()

    credit = credit_invoice_create(invoice=invoice, actor=staff)

    assert not credit.settles_amount_due


@pytest.mark.parametrize("sent", [True, False], ids=["invoice-sent", "invoice-never-sent"])
def test_cancelling_mails_the_credit_invoice_only_when_the_customer_got_the_invoice(staff, sent):
    shop_settings(invoice_send_on_issue=sent)
    order, invoice = _invoiced(staff)

    order_cancel(order=order, actor=staff, reason=CancelReason.CUSTOMER_REQUEST)

    credit = Invoice.objects.get(order=order, kind=InvoiceKind.CREDIT)
    assert credit.settles_amount_due
    assert OutboxMessage.objects.filter(order=order, kind=EmailKind.CREDIT_INVOICE).exists() == sent


def test_a_credit_invoice_is_marked_paid_back_on_its_own(staff):
    order, invoice = _invoiced(staff)
    payment_mark_paid(order=order, actor=staff)
    invoice.refresh_from_db()
    credit = credit_invoice_create(invoice=invoice, actor=staff)

    credit = invoice_update(invoice=credit, actor=staff, changes={"is_paid": True})

    order.refresh_from_db()
    assert credit.is_paid and credit.paid_at is not None and order.payment_status == PaymentStatus.PAID
    assert credit.revision == 2  # the new revision says it has been paid back
    event = OrderEvent.objects.filter(order=order).latest("id")
    assert event.data["changes"] == {"is_paid": [False, True]}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"delivery_time": "", "custom_text": ""}, "niets gewijzigd"),
        ({"total": "1.00"}, "het totaalbedrag niet meer worden gewijzigd"),
        ({"buyer_name": "Iemand anders", "delivery_time": "morgen"}, "de naam van de klant"),
        ({"number": "F99999"}, "het factuurnummer"),
    ],
    ids=["nothing", "total", "buyer-with-an-allowed-change", "number"],
)
def test_update_refusals_change_nothing(staff, changes, message):
    order, invoice = _invoiced(staff)
    before = state(order)

    with pytest.raises(ActionRefused, match=message):
        invoice_update(invoice=invoice, actor=staff, changes=changes)

    assert state(order) == before
    assert InvoiceDocument.objects.filter(invoice=invoice).count() == 1


# --- Opnieuw versturen --------------------------------------------------------------------------------------


def test_resend_mails_the_current_pdf_again_and_records_it(staff):
    order, invoice = _invoiced(staff)
    invoice_update(invoice=invoice, actor=staff, changes={"custom_text": "Levering in week 49"})

    invoice = invoice_resend(invoice=invoice, actor=staff)

    mail = OutboxMessage.objects.filter(order=order, kind=EmailKind.INVOICE).latest("id")  # the first: at issue
    current = InvoiceDocument.objects.get(invoice=invoice, revision=2)
    assert mail.attachments[0]["path"] == current.file and invoice.sent_at is not None
    event = OrderEvent.objects.filter(order=order).latest("id")
    assert (event.type, event.data) == (InvoiceEventType.INVOICE_SENT, {"number": invoice.number, "email_id": mail.pk})


def test_the_resend_email_of_a_paid_invoice_says_it_is_paid_not_when_to_pay(staff):
    order, invoice = _invoiced(staff)
    payment_mark_paid(order=order, actor=staff)

    invoice_resend(invoice=invoice, actor=staff)

    mail = OutboxMessage.objects.filter(order=order, kind=EmailKind.INVOICE).latest("id")
    invoice.refresh_from_db()
    assert "Deze factuur is betaald." in mail.body
    assert "Te betalen" not in mail.body and "Vervaldatum" not in mail.body
    current = InvoiceDocument.objects.get(invoice=invoice, revision=invoice.revision, language=invoice.language)
    assert mail.attachments[0]["path"] == current.file and invoice.revision == 2


def test_the_invoice_email_of_an_unpaid_invoice_says_by_when(staff):
    shop_settings(invoice_send_on_issue=True)
    order, invoice = _invoiced(staff)

    mail = OutboxMessage.objects.get(order=order, kind=EmailKind.INVOICE)
    assert f"Te betalen vóór {format_date(invoice.due_date, 'nl')}." in mail.body


def test_the_credit_email_of_an_unpaid_invoice_refunds_nothing(staff):
    order, invoice = _invoiced(staff)

    credit_invoice_create(invoice=invoice, actor=staff)

    mail = OutboxMessage.objects.get(order=order, kind=EmailKind.CREDIT_INVOICE)
    assert "gaat af van wat u nog moet betalen" in mail.body and "terug te betalen" not in mail.body.lower()


def test_resend_is_refused_without_an_email_address(staff):
    order, invoice = _invoiced(staff)
    order.__class__.objects.filter(pk=order.pk).update(email="")
    before = state(order)

    with pytest.raises(ActionRefused, match="geen e-mailadres"):
        invoice_resend(invoice=invoice, actor=staff)

    assert state(order) == before


def test_an_outbox_message_waits_for_its_pdf(staff, django_capture_on_commit_callbacks):
    from notifications.services import AttachmentNotReady, outbox_deliver

    order, invoice = _invoiced(staff)
    invoice_resend(invoice=invoice, actor=staff)
    message = OutboxMessage.objects.filter(order=order).latest("id")

    with pytest.raises(AttachmentNotReady):
        outbox_deliver(message_id=message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 0)


def test_the_issue_date_is_today_in_amsterdam(staff):
    order, invoice = _invoiced(staff)

    assert invoice.invoice_date == timezone.localdate()


def test_pdfs_that_wait_too_long_are_enqueued_again_by_beat(staff, monkeypatch):
    from invoicing.services import invoice_documents_requeue

    _order, invoice = _invoiced(staff)
    document = InvoiceDocument.objects.get(invoice=invoice)
    enqueued = []
    monkeypatch.setattr("invoicing.services._enqueue_render", enqueued.append)

    assert invoice_documents_requeue(now=timezone.now()) == 0
    assert invoice_documents_requeue(now=timezone.now() + timedelta(minutes=3)) == 1
    assert enqueued == [document.pk]


def test_a_second_resend_right_after_the_first_is_refused_so_a_double_click_sends_one_email(staff):
    order, invoice = _invoiced(staff)
    invoice_resend(invoice=invoice, actor=staff)
    before = state(order)

    with pytest.raises(ActionRefused, match="net al opnieuw verstuurd"):
        invoice_resend(invoice=invoice, actor=staff)

    assert state(order) == before


def test_a_resend_a_minute_after_the_last_one_goes_out_again(staff):
    order, invoice = _invoiced(staff)
    invoice = invoice_resend(invoice=invoice, actor=staff)
    assert invoice.resent_at is not None
    Invoice.objects.filter(pk=invoice.pk).update(resent_at=invoice.resent_at - timedelta(seconds=61))
    mails = OutboxMessage.objects.filter(order=order).count()

    invoice_resend(invoice=invoice, actor=staff)

    assert OutboxMessage.objects.filter(order=order).count() == mails + 1
