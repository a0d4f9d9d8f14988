"""The rules of invoicing that need only loaded rows: when an invoice can be made, what is left to credit,
what may change on an issued invoice. The services enforce them under the order's lock; the blocks use
them to offer only what can work."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.money import ZERO
from orders.models import Order

from .models import DocumentStatus, Invoice, InvoiceKind, InvoiceLine

# What may change on an issued invoice (the popup). Everything else is fixed once the number is given.
# Paid / unpaid of an invoice is the order's payment: the popup's buttons post to payments (Betaald /
# Niet betaald), which marks the invoice too. A credit invoice's "paid back" is its own.
EDITABLE_FIELDS = frozenset({"delivery_time", "custom_text"})
CREDIT_EDITABLE_FIELDS = EDITABLE_FIELDS | {"is_paid"}


def editable_fields(invoice: Invoice) -> frozenset[str]:
    return CREDIT_EDITABLE_FIELDS if invoice.kind == InvoiceKind.CREDIT else EDITABLE_FIELDS


LOCKED_FIELD_LABELS = {
    "number": gettext_lazy("het factuurnummer"),
    "invoice_date": gettext_lazy("de factuurdatum"),
    "supply_date": gettext_lazy("de leverdatum"),
    "buyer_name": gettext_lazy("de naam van de klant"),
    "buyer_company": gettext_lazy("het bedrijf van de klant"),
    "buyer_street": gettext_lazy("het adres van de klant"),
    "buyer_postcode": gettext_lazy("de postcode van de klant"),
    "buyer_city": gettext_lazy("de plaats van de klant"),
    "buyer_country": gettext_lazy("het land van de klant"),
    "buyer_vat_number": gettext_lazy("het btw-nummer van de klant"),
    "lines": gettext_lazy("de factuurregels"),
    "total": gettext_lazy("het totaalbedrag"),
    "payment_term_days": gettext_lazy("de betaaltermijn"),
}


def credited_amounts(invoices: list[Invoice]) -> dict[int, Decimal]:
    """Per invoice id, how much of it has been credited (positive), from the list of an order's documents."""
    credited: dict[int, Decimal] = {}
    for credit in invoices:
        if credit.kind == InvoiceKind.CREDIT:
            credited[credit.credited_invoice_id] = credited.get(credit.credited_invoice_id, ZERO) - credit.total
    return credited


def open_invoices(invoices: list[Invoice]) -> list[Invoice]:
    """The invoices (not credit invoices) of an order's documents that are not credited in full."""
    credited = credited_amounts(invoices)
    return [
        invoice
        for invoice in invoices
        if invoice.kind == InvoiceKind.INVOICE and credited.get(invoice.pk, ZERO) < invoice.total
    ]


def issue_refusal(order: Order, invoices: list[Invoice]) -> str | None:
    """Why no invoice can be made for `order` now (`invoices`: all its documents), or None."""
    if order.is_cancelled:
        return _("Een geannuleerde order krijgt geen nieuwe factuur.")
    if still_open := open_invoices(invoices):
        return _("Deze order heeft al factuur %(number)s. Crediteer die eerst als er een nieuwe nodig is.") % {
            "number": still_open[0].number
        }
    return None


def creditable(invoice: Invoice) -> dict[InvoiceLine, tuple[int, Decimal]]:
    """Per line of `invoice`: (quantity not yet credited, amount not yet credited). Two queries."""
    lines = list(invoice.lines.order_by("position"))
    credited: dict[int, tuple[int, Decimal]] = {}
    for credit_line in InvoiceLine.objects.filter(credited_line__invoice=invoice).only(
        "credited_line_id", "quantity", "total"
    ):
        quantity, amount = credited.get(credit_line.credited_line_id, (0, ZERO))
        credited[credit_line.credited_line_id] = (quantity - credit_line.quantity, amount - credit_line.total)
    return {
        line: (line.quantity - credited.get(line.pk, (0, ZERO))[0], line.total - credited.get(line.pk, (0, ZERO))[1])
        for line in lines
    }


def change_refusal(invoice: Invoice, fields) -> str | None:
    """Why the popup cannot change these `fields` of an issued invoice, or None."""
    if "is_paid" in fields and invoice.kind != InvoiceKind.CREDIT:
        return _("Of een factuur betaald is, volgt de order: gebruik Betaald of Niet betaald.")
    if locked := [field for field in fields if field not in editable_fields(invoice)]:
        return _(
            "Op een uitgegeven factuur kan %(fields)s niet meer worden gewijzigd. "
            "Maak een creditfactuur en, zo nodig, een nieuwe factuur."
        ) % {"fields": ", ".join(str(LOCKED_FIELD_LABELS.get(field, field)) for field in locked)}
    return None


# A PDF still pending this long after it was asked for lost its job: it may be rendered again by hand (Storingen).
DOCUMENT_STUCK_AFTER = timedelta(minutes=10)


def document_is_stuck(document, *, now=None) -> bool:
    now = now or timezone.now()
    waiting_since = document.queued_at or document.created_at
    return document.status == DocumentStatus.PENDING and waiting_since < now - DOCUMENT_STUCK_AFTER


def document_retry_refusal(document, *, now=None) -> str | None:
    """Why this invoice PDF cannot be rendered again (Storingen › Opnieuw proberen), or None: only a failed or stuck
    one."""
    if document.status == DocumentStatus.READY:
        return _("Deze PDF is al gemaakt.")
    if document.status == DocumentStatus.FAILED or document_is_stuck(document, now=now):
        return None
    return _("Deze PDF wordt al gemaakt.")
