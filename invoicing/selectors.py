"""Every read of the Facturen block and tab, and the Print facturen choice in the Betaalmethoden block."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Sum, prefetch_related_objects
from django.db.models.functions import Abs

from backoffice import languages
from backoffice.compiled import CompiledQuery
from backoffice.models import InvoiceTiming, ShopSettings
from backoffice.money import ZERO
from notifications.services import email_language
from orders.models import Order

from .models import DocumentStatus, Invoice, InvoiceDocument, InvoiceKind, InvoiceLine
from .rules import credited_amounts, issue_refusal, open_invoices


@dataclass(frozen=True)
class InvoiceRow:
    invoice: Invoice
    document: InvoiceDocument | None  # the current revision in the customer's language
    credited: Decimal  # how much of an invoice has been credited

    @property
    def pdf_ready(self) -> bool:
        return self.document is not None and self.document.status == DocumentStatus.READY

    @property
    def pdf_failed(self) -> bool:
        return self.document is not None and self.document.status == DocumentStatus.FAILED

    @property
    def fully_credited(self) -> bool:
        return not self.invoice.is_credit and self.credited >= self.invoice.total


def order_invoices(order: Order) -> list[Invoice]:
    """All invoices and credit invoices of the order, oldest first, with their documents. Two queries (one while
    there are none); the invoices' SQL is compiled once (backoffice/compiled.py): every dashboard reads them."""
    invoices = _ORDER_INVOICES.fetch(order_id=order.pk)
    prefetch_related_objects(invoices, "documents")
    return invoices


_ORDER_INVOICES = CompiledQuery(
    Invoice, lambda order_id: Invoice.objects.for_order(Order(pk=order_id)).select_related("credited_invoice")
)


def _current_document(invoice: Invoice) -> InvoiceDocument | None:
    for document in invoice.documents.all():
        if document.revision == invoice.revision and document.language == invoice.language:
            return document
    return None


def _shop(order: Order) -> ShopSettings:
    """The shop's settings, read once for the blocks of one order page (Betaalmethoden's Print facturen, Facturen)."""
    return order.read_once("backoffice.shop_settings", ShopSettings.load)


def _invoices(order: Order) -> list[Invoice]:
    """The order's invoices, read once for the blocks of one order page: Betaalmethoden asks whether there are any
    (Print facturen), Facturen lists them."""
    return order.read_once("invoicing.invoices", lambda: order_invoices(order))


def invoices_block(order: Order) -> dict:
    """The Facturen block (and tab): three queries however many invoices the order has, none for the invoices when
    Betaalmethoden on the same page read them."""
    invoices = _invoices(order)
    credited = credited_amounts(invoices)
    rows = [InvoiceRow(invoice, _current_document(invoice), credited.get(invoice.pk, ZERO)) for invoice in invoices]
    refusal = issue_refusal(order, invoices)
    manual = _shop(order).invoice_timing == InvoiceTiming.MANUAL
    return {
        "invoice_rows": rows,
        "can_issue": refusal is None and (manual or not invoices),
        "can_credit": bool(open_invoices(invoices)),
        "pdf_pending": any(row.document is not None and row.document.status == DocumentStatus.PENDING for row in rows),
    }


def print_options(order: Order) -> dict:
    """Print facturen: the shop's document languages (the customer's first chosen) and whether there is anything
    to print. Two or three queries: the shop's settings and the order's invoices (with their documents when there
    are any), which the Facturen block of the same page then shows without reading them again."""
    shop = _shop(order)
    return {
        "print_languages": languages.named(shop.enabled_languages),
        "print_language": email_language(order, shop),
        "has_invoices": bool(_invoices(order)),
    }


def print_files(order: Order, language: str) -> list[str] | None:
    """The stored PDFs of all the order's invoices (current revision, `language`), oldest first; None while
    any is missing. Two queries."""
    invoice_ids = list(Invoice.objects.for_order(order).values_list("pk", flat=True))
    ready = dict(
        InvoiceDocument.objects.filter(
            invoice__order=order, language=language, revision=F("invoice__revision"), status=DocumentStatus.READY
        ).values_list("invoice_id", "file")
    )
    if not invoice_ids or any(pk not in ready for pk in invoice_ids):
        return None
    return [ready[pk] for pk in invoice_ids]


def _lines_of(order: Order, kind: InvoiceKind):
    return (
        InvoiceLine.objects.filter(invoice__order=order, invoice__kind=kind, order_line__isnull=False)
        .values("order_line_id")
        .annotate(quantity=Abs(Sum("quantity")))  # a credit invoice's quantities are negative
    )


def invoiced_rows(order: Order):
    """The ledger's "Gefactureerd" column (orders/ledger.py): per order line, the pieces on invoices (credit
    invoices not subtracted: they have their own column)."""
    return _lines_of(order, InvoiceKind.INVOICE)


def credited_rows(order: Order):
    """The ledger's "Gecrediteerd" column: per order line, the pieces on credit invoices."""
    return _lines_of(order, InvoiceKind.CREDIT)
