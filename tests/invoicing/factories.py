"""Invoices as the shop makes them: through the real services, so each has its lines, history and documents."""

from invoicing.models import Invoice
from invoicing.services import credit_invoice_create, invoice_issue
from payments.services import payment_mark_paid
from tests.orders.factories import make_order


def make_invoice(order=None, *, paid: bool = False, actor=None, **order_fields) -> Invoice:
    """Factuur aanmaken for `order` (or for a new order made with `order_fields`); `paid=True` then clicks Betaald,
    so the invoice is paid as the order is. For a shop that invoices by hand (the tests' default): with
    `invoice_on_order` the order already has its invoice, `Invoice.objects.get(order=order)`."""
    order = order or make_order(**order_fields)
    invoice = invoice_issue(order=order, actor=actor)
    if paid:
        payment_mark_paid(order=order, actor=actor)
        invoice.refresh_from_db()
    return invoice


def make_credit_invoice(invoice=None, *, quantities=None, actor=None, send: bool = True) -> Invoice:
    """Credit factuur aanmaken for `invoice` (or a new one): all of it, or `quantities` {invoice line id: pieces}.
    E-mailed to the customer unless `send=False`, as the service does."""
    invoice = invoice or make_invoice()
    return credit_invoice_create(invoice=invoice, actor=actor, quantities=quantities, send=send)
