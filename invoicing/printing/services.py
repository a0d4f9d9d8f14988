"""Facturen printen from VERKOOP > Orders: the stored invoice PDFs of many orders, in one language, as one PDF.

It mirrors Pakbonnen printen (shipping/printing/): `invoice_print_start` checks the choice (ticked orders, or every
order that matches the list's filter, at most MAX_ORDERS) and the language (one the shop offers), writes an
InvoicePrint row with the order ids as they are now, and enqueues `invoicing.print_invoices` (queue `pdf`) after
the commit. The job (`invoice_print_run`) walks the orders in chunks: each order's invoices and credit invoices,
oldest first (as Print facturen on the order does), their *stored* PDF of the current revision in the chosen
language. A PDF that was never made in that language is rendered by the job first and stored like any other (so
the print is complete and the next print finds it); nothing that is stored is rendered again. An order without an
invoice, or whose PDF cannot be made, is skipped with the reason. The chunks are done in parallel by the `pdf`
workers, as Pakbonnen printen's (backoffice/printing.py): each chunk's files are merged into a part in the storage
(`_render_chunk`, the only part that is Facturen printen's own), the parts into one stored file by
`invoicing.merge_invoice_prints`: the merge copies finished pages, never a layout.
"""

import io
import logging
from functools import partial

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfWriter

from backoffice.exceptions import ActionRefused
from backoffice.languages import enabled_language
from backoffice.printing import STALE_AFTER, ChunkedPrint  # noqa: F401  (STALE_AFTER: the tests read it here)
from backoffice.retention import stored_results_expire
from orders.models import Order
from orders.selectors import order_ids_matching

from ..models import DocumentStatus, Invoice, InvoicePrint, InvoicePrintStatus
from ..services import invoice_document_render, invoice_documents_request

logger = logging.getLogger(__name__)

MAX_ORDERS = 1000


# --- selectors ----------------------------------------------------------------------------------------------


def chosen_order_ids(*, user, order_ids: list[int]) -> list[int]:
    """The ticked orders that exist and `user` may see, newest first (as the list shows them). One query."""
    orders = Order.objects.for_staff(user).filter(pk__in=set(order_ids))
    return list(orders.order_by("-placed_at", "-id").values_list("id", flat=True))


def invoice_print_choice(*, user, order_ids: list[int] | None = None, filters: dict | None = None) -> list[int]:
    """The orders a print would be of: the ticked `order_ids`, or with `filters` (the list's valid filters, {} for
    none) every order that matches them. Refused when nothing is chosen or more than MAX_ORDERS are."""
    too_many = _("Kies hoogstens 1.000 orders per keer; verfijn het filter.")
    if filters is not None:
        ids = order_ids_matching(user=user, filters=filters, limit=MAX_ORDERS + 1)
        if not ids:
            raise ActionRefused(_("Geen enkele order voldoet aan het filter."))
    else:
        if not order_ids:
            raise ActionRefused(_("Kies eerst een of meer orders."))
        if len(set(order_ids)) > MAX_ORDERS:
            raise ActionRefused(too_many)
        ids = chosen_order_ids(user=user, order_ids=order_ids)
        if not ids:
            raise ActionRefused(_("Die orders bestaan niet (meer)."))
    if len(ids) > MAX_ORDERS:
        raise ActionRefused(too_many)
    return ids


def invoice_print_for(*, user, print_id: int) -> InvoicePrint:
    """A print for its status page or download. Every staff member may see every print, as every order and its
    invoices. Raises InvoicePrint.DoesNotExist."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise InvoicePrint.DoesNotExist
    return InvoicePrint.objects.get(pk=print_id)


# --- starting ------------------------------------------------------------------------------------------------


def invoice_print_start(
    *, user, language: str, order_ids: list[int] | None = None, filters: dict | None = None
) -> InvoicePrint:
    """Facturen printen in `language` (one the shop offers) for the ticked orders or all that match `filters`."""
    language = enabled_language(language)
    ids = invoice_print_choice(user=user, order_ids=order_ids, filters=filters)
    with transaction.atomic():
        job = InvoicePrint.objects.create(
            created_by=user,
            order_ids=ids,
            total=len(ids),
            language=language,
            ui_language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _enqueue(print_id: int) -> None:
    PRINT.enqueue(print_id)


def invoice_print_requeue(job: InvoicePrint, *, now=None) -> bool:
    """The status page, for a print that waited or stalled too long: enqueue its job again (the chunks not done)."""
    return PRINT.requeue(job, now=now)


# --- the jobs' work ------------------------------------------------------------------------------------------


def _order_files(invoices: list[Invoice], language: str) -> tuple[list[str], str | None]:
    """The stored files of one order's invoices in `language`, rendering those that were never made in it; or the
    reason the order is skipped."""
    documents = invoice_documents_request(invoices=invoices, language=language, enqueue=False)
    files = []
    for invoice, document in zip(invoices, documents, strict=True):
        if document.status != DocumentStatus.READY or not default_storage.exists(document.file):
            try:
                document = invoice_document_render(document_id=document.pk)
            except Exception:
                logger.warning("Invoice %s could not be rendered for a print.", invoice.number, exc_info=True)
                return [], _("De PDF van factuur %(number)s kon niet worden gemaakt.") % {"number": invoice.number}
        files.append(document.file)
    return files, None


def _chunk(order_ids: list[int], language: str) -> tuple[list[str], list[list[str]]]:
    """The files of one chunk of orders, in the chunk's order (per order oldest invoice first), and what was
    skipped: [[order number, reason], …]. Two queries and the documents' for the chunk."""
    numbers = dict(Order.objects.filter(pk__in=order_ids).values_list("pk", "number"))
    per_order: dict[int, list[Invoice]] = {}
    for invoice in Invoice.objects.filter(order_id__in=order_ids).order_by("issued_at", "id"):
        per_order.setdefault(invoice.order_id, []).append(invoice)
    files, skipped = [], []
    for order_id in order_ids:
        if order_id not in numbers:  # orders are not deleted, but a print outlives anything
            continue
        invoices = per_order.get(order_id)
        if not invoices:
            skipped.append([numbers[order_id], _("Deze order heeft nog geen facturen.")])
            continue
        order_files, reason = _order_files(invoices, language)
        if reason:
            skipped.append([numbers[order_id], str(reason)])
        files += order_files
    return files, skipped


def _render_chunk(job: InvoicePrint, order_ids: list[int]) -> tuple[bytes | None, int, list[list[str]]]:
    """One chunk of a print: its orders' stored PDFs (rendered first where missing) merged into one, how many, and
    the orders skipped with the reason. A second run renders nothing: what it rendered is stored."""
    files, skipped = _chunk(order_ids, job.language)
    if not files:
        return None, 0, skipped
    writer = PdfWriter()
    for file in files:
        with default_storage.open(file, "rb") as content:
            writer.append(content)
    part = io.BytesIO()  # a chunk's invoices: a few hundred kB at most
    writer.write(part)
    writer.close()
    return part.getvalue(), len(files), skipped


PRINT = ChunkedPrint(
    model=InvoicePrint,
    count_field="document_count",
    language_field="ui_language",
    result_name="invoice-prints/print-{pk}.pdf",
    render_chunk=_render_chunk,
    start_job="invoicing.jobs.print_invoices",
    chunk_job="invoicing.jobs.print_invoice_chunk",
    merge_job="invoicing.jobs.merge_invoice_prints",
)


def invoice_print_run(*, print_id: int) -> InvoicePrint:
    """The start job's work: the print claimed and its unfinished chunks sent to the `pdf` workers (in-process:
    rendered and merged before this returns). Idempotent: a print that is done, failed or being made by living jobs
    is left alone; a stale one goes on where it stopped (the PDFs it rendered are stored, so it only merges)."""
    return PRINT.run(print_id=print_id)


def invoice_prints_expire(*, now=None, limit: int = 500) -> int:
    """Beat, daily: delete the merged PDFs of Facturen printen older than PRINT_RESULT_RETENTION_DAYS (the print's
    page then says "verlopen"), like Pakbonnen printen's."""
    done = InvoicePrint.objects.filter(status=InvoicePrintStatus.DONE)
    return stored_results_expire(done, what="invoice prints", now=now, limit=limit)
