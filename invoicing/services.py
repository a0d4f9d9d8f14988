"""Every write of invoicing: issue an invoice, credit it, change what may change, send it, render its PDF.

All writes of one order's invoices lock the order row first, so two clicks (or a click and a payment
coming in) cannot both issue an invoice or credit the same line twice. Numbers come from the locked
counter row in the same transaction (`backoffice.numbering`): no gaps, no duplicates.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.documents import format_date
from backoffice.exceptions import ActionRefused
from backoffice.models import InvoiceTiming, ShopSettings
from backoffice.money import ZERO, format_money, quantize, vat_breakdown
from backoffice.numbering import CREDIT_INVOICE_SERIES, INVOICE_SERIES, number_format, number_next
from history import services as history
from notifications.registry import EmailKind
from notifications.services import email_language, mail_queue
from orders.models import Order, PaymentStatus

from .document_texts import credit_note, payment_note
from .events import InvoiceEventType
from .models import (
    DocumentStatus,
    Invoice,
    InvoiceDocument,
    InvoiceKind,
    InvoiceLine,
    InvoiceLineKind,
    InvoiceVatRate,
)
from .rules import change_refusal, creditable, document_retry_refusal, issue_refusal, open_invoices

logger = logging.getLogger(__name__)


# --- issuing ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    kind: str
    description: str
    sku: str
    quantity: int
    unit_price: Decimal
    discount: Decimal
    vat_rate: Decimal
    total: Decimal
    order_line_id: int | None = None
    credited_line_id: int | None = None


def _number(kind: InvoiceKind, shop: ShopSettings) -> tuple[str, int, str]:
    """(series, sequence, number) for a new document of `kind`, from the locked counter."""
    if kind == InvoiceKind.CREDIT and shop.credit_invoice_own_series:
        series, prefix, start = CREDIT_INVOICE_SERIES, shop.credit_invoice_prefix, shop.credit_invoice_start_number
    else:
        series, prefix, start = INVOICE_SERIES, shop.invoice_prefix, shop.invoice_start_number
    sequence = number_next(series=series, start=start)
    return series, sequence, number_format(prefix, sequence)


def _seller(shop: ShopSettings) -> dict:
    fields = ["name", "street", "postcode", "city", "country", "email", "phone", "vat_number", "coc_number", "iban"]
    return {field: getattr(shop, field) for field in fields}


def _create(*, order: Order, kind: InvoiceKind, lines: list[_Line], actor, credited: Invoice | None = None) -> Invoice:
    """Write one issued document: numbered, with its lines, its VAT summary and a PDF on its way."""
    shop = ShopSettings.load()
    series, sequence, number = _number(kind, shop)
    breakdown = vat_breakdown((line.total, line.vat_rate) for line in lines)
    net_total = sum((rate.net for rate in breakdown), ZERO)
    vat_total = sum((rate.vat for rate in breakdown), ZERO)
    now = timezone.now()
    today = timezone.localdate(now)
    term = 0 if kind == InvoiceKind.CREDIT else shop.payment_term_days
    address = order.billing_address
    invoice = Invoice.objects.create(
        order=order,
        kind=kind,
        number=number,
        series=series,
        sequence=sequence,
        credited_invoice=credited,
        issued_at=now,
        invoice_date=today,
        supply_date=timezone.localdate(order.placed_at),
        due_date=None if kind == InvoiceKind.CREDIT else today + timedelta(days=term),
        payment_term_days=term,
        language=email_language(order),
        seller=_seller(shop),
        buyer_name=address.name,
        buyer_company=address.company,
        buyer_street=address.street_line,
        buyer_postcode=address.postcode,
        buyer_city=address.city,
        buyer_country=address.country,
        buyer_vat_number=order.customer.vat_number,
        buyer_email="" if shop.invoice_hide_email else order.email,
        buyer_phone="" if shop.invoice_hide_phone else address.phone,
        net_total=net_total,
        vat_total=vat_total,
        total=net_total + vat_total,
        currency=order.currency,
        is_paid=kind == InvoiceKind.INVOICE and order.payment_status == PaymentStatus.PAID,
        paid_at=order.paid_at if kind == InvoiceKind.INVOICE else None,
        settles_amount_due=credited is not None and not credited.is_paid,
        created_by=actor,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            position=position,
            kind=line.kind,
            order_line_id=line.order_line_id,
            credited_line_id=line.credited_line_id,
            description=line.description,
            sku=line.sku,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount=line.discount,
            vat_rate=line.vat_rate,
            total=line.total,
        )
        for position, line in enumerate(lines, start=1)
    )
    InvoiceVatRate.objects.bulk_create(
        InvoiceVatRate(invoice=invoice, rate=rate.rate, net=rate.net, vat=rate.vat) for rate in breakdown
    )
    _document_request(invoice, invoice.language)
    return invoice


def _order_lines(order: Order) -> list[_Line]:
    """The whole order: every line and the shipping cost."""
    lines = [
        _Line(
            kind=InvoiceLineKind.PRODUCT,
            description=line.product_name,
            sku=line.sku,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount=line.discount,
            vat_rate=line.vat_rate,
            total=line.total,
            order_line_id=line.pk,
        )
        for line in order.lines.order_by("position")
    ]
    if order.shipping_cost:
        lines.append(
            _Line(
                kind=InvoiceLineKind.SHIPPING,
                description=order.shipping_method,
                sku="",
                quantity=1,
                unit_price=order.shipping_cost,
                discount=ZERO,
                vat_rate=order.shipping_vat_rate,
                total=order.shipping_cost,
            )
        )
    return lines


def _issue(*, order: Order, actor, mail_customer: bool = True) -> Invoice:
    """The order's invoice, issued now; mailed to the customer when the shop wants that (and the caller does not
    say otherwise). Order already locked."""
    invoice = _create(order=order, kind=InvoiceKind.INVOICE, lines=_order_lines(order), actor=actor)
    email = None
    if mail_customer and ShopSettings.load().invoice_send_on_issue and order.email:
        email = _mail(invoice, actor=actor)
    history.record(
        order,
        InvoiceEventType.INVOICE_ISSUED,
        actor=actor,
        number=invoice.number,
        total=str(invoice.total),
        **({"email_id": email.pk} if email else {}),
    )
    return invoice


@transaction.atomic
def invoice_issue(*, order: Order, actor) -> Invoice:
    """Factuur aanmaken (the button when invoices are made by hand): one invoice for the whole order."""
    order = Order.objects.lock(order)
    if refusal := issue_refusal(order, list(Invoice.objects.for_order(order))):
        raise ActionRefused(refusal)
    return _issue(order=order, actor=actor)


def invoices_after_order_placed(*, order: Order, actor, mail_customer: bool = True) -> None:
    """The webshop placed `order` (inside `order_create`): invoice it now when the shop invoices on order,
    or when it invoices on payment and the order arrived paid. `mail_customer=False` (Order kopiëren without
    "Factuur naar de klant sturen") keeps the invoice from being mailed; Opnieuw versturen sends it later."""
    timing = ShopSettings.load().invoice_timing
    if timing == InvoiceTiming.ON_ORDER or (
        timing == InvoiceTiming.ON_PAYMENT and order.payment_status == PaymentStatus.PAID
    ):
        _issue(order=order, actor=actor, mail_customer=mail_customer)


def _payment_revise(invoices: list[Invoice], *, paid_at) -> None:
    """Paid or open again: a new revision of each invoice's PDF says so (the revision as sent is kept)."""
    for invoice in invoices:
        invoice.is_paid, invoice.paid_at, invoice.revision = paid_at is not None, paid_at, invoice.revision + 1
        invoice.save(update_fields=["is_paid", "paid_at", "revision"])
        _document_request(invoice, invoice.language)


def invoices_after_payment(*, order: Order, actor) -> None:
    """Betaald (inside `payment_mark_paid`, order locked): the open invoice is paid too, and its PDF says so
    instead of asking for payment (a new revision); when the shop invoices on payment and there is none yet,
    it is issued now."""
    invoices = list(Invoice.objects.for_order(order))
    _payment_revise(
        [invoice for invoice in invoices if invoice.kind == InvoiceKind.INVOICE and not invoice.is_paid],
        paid_at=order.paid_at,
    )
    if ShopSettings.load().invoice_timing == InvoiceTiming.ON_PAYMENT and issue_refusal(order, invoices) is None:
        _issue(order=order, actor=actor)


def invoices_after_unpayment(*, order: Order, actor) -> None:
    """Niet betaald (inside `payment_mark_unpaid`): the order's invoices are open again, and a new revision of
    their PDFs asks for payment again."""
    _payment_revise(list(Invoice.objects.filter(order=order, kind=InvoiceKind.INVOICE, is_paid=True)), paid_at=None)


# --- credit invoices ----------------------------------------------------------------------------------------


def invoices_after_cancellation(*, order: Order, actor) -> None:
    """Order annuleren (inside `order_cancel`, order locked): every open invoice is credited in full, so the
    books show the cancellation. The customer is mailed the credit invoice of an invoice they were sent (it
    cancels what that invoice asked, or is refunded when it was paid); an invoice they never got is credited
    without a mail."""
    for invoice in open_invoices(list(Invoice.objects.for_order(order))):
        credit_invoice_create(invoice=invoice, actor=actor, send=invoice.sent_at is not None)


@transaction.atomic
def credit_invoice_create(
    *,
    invoice: Invoice,
    actor,
    quantities: dict[int, int] | None = None,
    amounts: dict[int, Decimal] | None = None,
    send: bool = True,
    submit_key=None,
) -> Invoice:
    """Credit factuur aanmaken: credit `invoice` completely (no quantities) or the chosen quantity per line.

    `quantities` maps an invoice line's id to how many to credit; the shipping line is credited with
    quantity 1. A piece credits its share of the line's amount, but never more than is left of it; a line's last
    piece credits exactly what is left, so an invoice credited in parts adds up to zero to the cent. `amounts` (a
    return's own amounts per invoice line id) credits that amount instead of the share, again never more than is
    left, and the line's last piece still exactly what is left: a return of a line's last cent-rounded piece may be
    worth less than its share, and its credit must not refund more than the return.
    A second submit of the same dialog (`submit_key`: a double click) gets the first credit invoice.
    """
    order = Order.objects.lock(invoice.order)
    if earlier := history.earlier_submit(order, InvoiceEventType.CREDIT_INVOICE_ISSUED, submit_key):
        return Invoice.objects.get(order=order, number=earlier.data["number"])
    invoice = Invoice.objects.get(pk=invoice.pk)
    if invoice.is_credit:
        raise ActionRefused(_("Een creditfactuur kan zelf niet worden gecrediteerd."))
    remaining = creditable(invoice)  # {line: (quantity left, amount left)}
    if quantities is None:
        chosen = {line: left for line, (left, _amount) in remaining.items() if left > 0}
        if not chosen:
            raise ActionRefused(_("Factuur %(number)s is al helemaal gecrediteerd.") % {"number": invoice.number})
    else:
        lines_by_id = {line.pk: line for line in remaining}
        chosen = {}
        for line_id, quantity in quantities.items():
            if not quantity:
                continue
            line = lines_by_id.get(line_id)
            if line is None:
                raise ActionRefused(_("Die regel staat niet op factuur %(number)s.") % {"number": invoice.number})
            left = remaining[line][0]
            if quantity < 0 or quantity > left:
                raise ActionRefused(
                    _("Van %(product)s kunt u nog %(left)s crediteren, niet %(quantity)s.")
                    % {"product": line.description, "left": left, "quantity": quantity}
                )
            chosen[line] = quantity
        if not chosen:
            raise ActionRefused(_("Kies minstens één regel om te crediteren."))
    credit_lines = []
    for line, quantity in sorted(chosen.items(), key=lambda item: item[0].position):
        left, amount_left = remaining[line]
        # Never more than is left: pieces rounded half up one by one can add up to more than a cheap line cost.
        share = amounts[line.pk] if amounts and line.pk in amounts else quantize(line.total * quantity / line.quantity)
        amount = amount_left if quantity == left else max(min(share, amount_left), ZERO)
        credit_lines.append(
            _Line(
                kind=line.kind,
                description=line.description,
                sku=line.sku,
                quantity=-quantity,
                unit_price=line.unit_price,
                discount=line.unit_price * quantity - amount,
                vat_rate=line.vat_rate,
                total=-amount,
                order_line_id=line.order_line_id,
                credited_line_id=line.pk,
            )
        )
    credit = _create(order=order, kind=InvoiceKind.CREDIT, lines=credit_lines, actor=actor, credited=invoice)
    email = _mail(credit, actor=actor) if send and order.email else None
    history.record(
        order,
        InvoiceEventType.CREDIT_INVOICE_ISSUED,
        actor=actor,
        number=credit.number,
        original=invoice.number,
        total=str(credit.total),
        submit_key=submit_key,
        **({"email_id": email.pk} if email else {}),
    )
    return credit


# --- what may change after issue ----------------------------------------------------------------------------


@transaction.atomic
def invoice_update(*, invoice: Invoice, actor, changes: dict) -> Invoice:
    """Factuur aanpassen (the popup behind the blue i): delivery time, custom text; paid back (credit invoice).

    Everything else on an issued invoice is fixed by law; a change to it is refused with the reason.
    A new delivery time or custom text makes a new revision of the PDF; the earlier one is kept.
    An invoice's paid / unpaid is the order's payment: the popup's buttons post to payments (Betaald /
    Niet betaald), whose service marks the invoice through `invoices_after_payment`; never the other way round.
    For a credit invoice it says whether the amount has been paid back (a credit of an unpaid invoice has nothing
    to pay back). Paid / unpaid shows on the document too, so it also makes a new revision.
    """
    order = Order.objects.lock(invoice.order)
    invoice = Invoice.objects.get(pk=invoice.pk)
    if refusal := change_refusal(invoice, changes):
        raise ActionRefused(refusal)
    changed = {field: value for field, value in changes.items() if getattr(invoice, field) != value}
    if not changed:
        raise ActionRefused(_("Er is niets gewijzigd."))
    if "is_paid" in changed and invoice.settles_amount_due:
        raise ActionRefused(
            _("Creditfactuur %(number)s gaat af van een onbetaalde factuur; er is niets terug te betalen.")
            % {"number": invoice.number}
        )
    record = {field: [getattr(invoice, field), value] for field, value in changed.items()}
    for field, value in changed.items():
        setattr(invoice, field, value)
    update_fields = list(changed)
    if "is_paid" in changed:
        invoice.paid_at = timezone.now() if invoice.is_paid else None
        update_fields.append("paid_at")
    if {"is_paid", "delivery_time", "custom_text"} & set(changed):
        invoice.revision += 1
        update_fields.append("revision")
        _document_request(invoice, invoice.language)
    invoice.save(update_fields=update_fields)
    history.record(order, InvoiceEventType.INVOICE_UPDATED, actor=actor, number=invoice.number, changes=record)
    return invoice


# --- sending ------------------------------------------------------------------------------------------------


def invoice_attachment(invoice: Invoice) -> dict:
    """The invoice's current PDF in the customer's language, as an outbox attachment (rendered by then or soon)."""
    document = _document_request(invoice, invoice.language)
    return {"path": document.file, "name": f"{invoice.number}.pdf", "mimetype": "application/pdf"}


def _mail(invoice: Invoice, *, actor):
    order = invoice.order
    language = email_language(order)
    if invoice.is_credit:
        kind = EmailKind.CREDIT_INVOICE
        extra = {
            "credit_invoice_number": invoice.number,
            "invoice_number": invoice.credited_invoice.number,
            "amount": format_money(invoice.total, language, invoice.currency),
            "credit_note": credit_note(invoice, language),
        }
    else:
        kind = EmailKind.INVOICE
        extra = {
            "invoice_number": invoice.number,
            "amount": format_money(invoice.total, language, invoice.currency),
            "due_date": format_date(invoice.due_date, language),
            "payment_note": payment_note(invoice, language, format_date(invoice.due_date, language)),
        }
    message = mail_queue(order=order, kind=kind, extra=extra, actor=actor, attachments=[invoice_attachment(invoice)])
    Invoice.objects.filter(pk=invoice.pk).update(sent_at=timezone.now())
    return message


RESEND_INTERVAL = timedelta(minutes=1)


@transaction.atomic
def invoice_resend(*, invoice: Invoice, actor) -> Invoice:
    """Opnieuw versturen: e-mail the invoice (its current PDF attached) to the customer again.

    Refused within RESEND_INTERVAL of the last time it was sent again, so a double click sends one e-mail.
    """
    order = Order.objects.lock(invoice.order)
    invoice = Invoice.objects.select_related("credited_invoice").get(pk=invoice.pk)
    if order.is_cancelled and not invoice.is_credit:
        raise ActionRefused(_("Deze order is geannuleerd; stuur de klant de creditfactuur in plaats van de factuur."))
    now = timezone.now()
    if invoice.resent_at is not None and invoice.resent_at > now - RESEND_INTERVAL:
        raise ActionRefused(
            _("Factuur %(number)s is net al opnieuw verstuurd; nog een keer kan over een minuut.")
            % {"number": invoice.number}
        )
    message = _mail(invoice, actor=actor)
    Invoice.objects.filter(pk=invoice.pk).update(resent_at=now)
    history.record(order, InvoiceEventType.INVOICE_SENT, actor=actor, number=invoice.number, email_id=message.pk)
    invoice.refresh_from_db()
    return invoice


# --- PDFs ---------------------------------------------------------------------------------------------------


def _document_path(invoice: Invoice, revision: int, language: str) -> str:
    year = timezone.localdate(invoice.issued_at).year
    return f"invoices/{year}/{invoice.number}/{invoice.number}-r{revision}-{language}.pdf"


def _document_request(invoice: Invoice, language: str, *, enqueue: bool = True) -> InvoiceDocument:
    """The document of the invoice's current revision in `language`; a new one is rendered after the commit
    (unless `enqueue` is False: a job that renders it itself)."""
    try:
        with transaction.atomic():  # a savepoint: the unique constraint may tell us another request was first
            document, created = InvoiceDocument.objects.get_or_create(
                invoice=invoice,
                revision=invoice.revision,
                language=language,
                defaults={"file": _document_path(invoice, invoice.revision, language)},
            )
    except IntegrityError:
        document = InvoiceDocument.objects.get(invoice=invoice, revision=invoice.revision, language=language)
        created = False
    if created and enqueue:
        transaction.on_commit(partial(_enqueue_render, document.pk))
    return document


def _enqueue_render(document_id: int) -> None:
    from .jobs import render_invoice_pdf

    try:
        render_invoice_pdf.delay(document_id)
    except Exception:  # broker down: the document stays pending and is requested again when somebody prints
        logger.warning("Could not enqueue the PDF of invoice document %s.", document_id, exc_info=True)


def invoice_documents_request(*, invoices: list[Invoice], language: str, enqueue: bool = True) -> list[InvoiceDocument]:
    """Print facturen: the current document of each invoice in `language`, in the order given.

    Documents that do not exist yet are created and rendered by a job; one that has been pending too long
    (a lost job) is enqueued again. With `enqueue` False nothing is enqueued: the caller (Facturen printen's job,
    invoicing/printing/) renders what is missing itself.
    """
    stale = timezone.now() - timedelta(minutes=2)
    with transaction.atomic():
        documents = [_document_request(invoice, language, enqueue=enqueue) for invoice in invoices]
        for document in documents if enqueue else []:
            if document.status != DocumentStatus.READY and document.created_at and document.created_at < stale:
                transaction.on_commit(partial(_enqueue_render, document.pk))
    return documents


def invoice_documents_requeue(*, now=None) -> int:
    """Enqueue the rendering of documents that have waited too long (the broker was down, a job was lost).
    Beat runs this; rendering is idempotent, so a document that was merely slow is not harmed."""
    stale = (now or timezone.now()) - timedelta(minutes=2)
    document_ids = list(
        InvoiceDocument.objects.filter(status=DocumentStatus.PENDING, created_at__lt=stale)
        .order_by("pk")
        .values_list("pk", flat=True)[:200]
    )
    for document_id in document_ids:
        _enqueue_render(document_id)
    return len(document_ids)


def invoice_document_render(*, document_id: int) -> InvoiceDocument:
    """Render one stored PDF (the job's work). Idempotent: a document that is ready is left as it is."""
    from .pdf import invoice_pdf

    document = InvoiceDocument.objects.select_related("invoice").get(pk=document_id)
    if document.status == DocumentStatus.READY and default_storage.exists(document.file):
        return document
    invoice = Invoice.objects.select_related("credited_invoice").get(pk=document.invoice_id)
    InvoiceDocument.objects.filter(pk=document_id).update(attempts=F("attempts") + 1)
    try:
        content = invoice_pdf(invoice, document.language)
    except Exception as error:
        InvoiceDocument.objects.filter(pk=document_id).update(
            status=DocumentStatus.FAILED, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    if default_storage.exists(document.file):
        default_storage.delete(document.file)
    stored = default_storage.save(document.file, ContentFile(content))
    InvoiceDocument.objects.filter(pk=document_id).update(
        status=DocumentStatus.READY, file=stored, size=len(content), rendered_at=timezone.now(), last_error=""
    )
    document.refresh_from_db()
    return document


@transaction.atomic
def invoice_document_retry(*, document: InvoiceDocument, actor) -> InvoiceDocument:
    """Storingen › Opnieuw proberen: render a failed (or stuck) invoice PDF again, by a job after the commit. The row
    is locked and its status checked, so a double click enqueues one render; the document is pending until it is
    ready or fails again (with the new error)."""
    document = InvoiceDocument.objects.select_for_update().select_related("invoice__order").get(pk=document.pk)
    if refusal := document_retry_refusal(document):
        raise ActionRefused(refusal)
    document.status, document.queued_at = DocumentStatus.PENDING, timezone.now()
    document.save(update_fields=["status", "queued_at"])
    invoice = document.invoice
    history.record(
        invoice.order, InvoiceEventType.INVOICE_PDF_RETRIED, actor=actor, number=invoice.number,
        language=document.language, document_id=document.pk,
    )  # fmt: skip
    logger.info("Invoice document %s offered again by user %s.", document.pk, actor.pk)
    transaction.on_commit(partial(_enqueue_render, document.pk))
    return document
