"""Facturen printen from VERKOOP > Orders: the stored invoice PDFs of many orders, in one language, as one PDF.

It mirrors Pakbonnen printen (shipping/printing/): `invoice_print_start` checks the choice (ticked orders, or every
order that matches the list's filter, at most MAX_ORDERS) and the language (one the shop offers), writes an
InvoicePrint row with the order ids as they are now, and enqueues `invoicing.print_invoices` (queue `pdf`) after
the commit. The job (`invoice_print_run`) walks the orders in chunks: each order's invoices and credit invoices,
oldest first (as Print facturen on the order does), their *stored* PDF of the current revision in the chosen
language. A PDF that was never made in that language is rendered by the job first and stored like any other (so
the print is complete and the next print finds it); nothing that is stored is rendered again. An order without an
invoice, or whose PDF cannot be made, is skipped with the reason. Each chunk's files are merged into a part, the
parts into one stored file: the merge copies finished pages, never a layout.
"""

import logging
import tempfile
from datetime import timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfWriter

from backoffice.exceptions import ActionRefused
from backoffice.languages import enabled_language
from backoffice.retention import stored_results_expire
from orders.models import Order
from orders.selectors import order_ids_matching

from ..models import DocumentStatus, Invoice, InvoicePrint, InvoicePrintStatus
from ..services import invoice_document_render, invoice_documents_request

logger = logging.getLogger(__name__)

MAX_ORDERS = 1000
CHUNK_SIZE = 25
STALE_AFTER = timedelta(minutes=5)  # a running print whose job has been silent this long lost its worker


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
    from ..jobs import print_invoices

    try:
        print_invoices.delay(print_id)
    except Exception:  # broker down (or, run in-process, the job failed: its row says so)
        logger.warning("Invoice print %s was not enqueued or failed in-process.", print_id, exc_info=True)


def invoice_print_requeue(job: InvoicePrint, *, now=None) -> bool:
    """The status page, for a print that waited or stalled too long: enqueue its job again."""
    now = now or timezone.now()
    waited = job.status == InvoicePrintStatus.PENDING and job.created_at < now - timedelta(minutes=1)
    stalled = job.status == InvoicePrintStatus.RUNNING and job.updated_at and job.updated_at < now - STALE_AFTER
    if waited or stalled:
        _enqueue(job.pk)
    return bool(waited or stalled)


# --- the job's work ------------------------------------------------------------------------------------------


def _claim(print_id: int) -> bool:
    """Mark the print running if it waits for a job or its job went silent: of two deliveries one wins."""
    now = timezone.now()
    return bool(
        InvoicePrint.objects.filter(pk=print_id)
        .filter(
            Q(status=InvoicePrintStatus.PENDING)
            | Q(status=InvoicePrintStatus.RUNNING, updated_at__lt=now - STALE_AFTER)
        )
        .update(status=InvoicePrintStatus.RUNNING, updated_at=now, done=0, document_count=0, skipped=[], error="")
    )


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


def _merge(files, target: Path) -> None:
    writer = PdfWriter()
    for file in files:
        if isinstance(file, Path):
            writer.append(str(file))
        else:
            with default_storage.open(file, "rb") as content:
                writer.append(content)
    with open(target, "wb") as output:
        writer.write(output)
    writer.close()


def invoice_print_run(*, print_id: int) -> InvoicePrint:
    """The job's work. Idempotent: a print that is done, failed or being made by a living job is left alone; a
    stale one starts over (the PDFs it rendered are stored, so the second run only merges)."""
    if not _claim(print_id):
        return InvoicePrint.objects.get(pk=print_id)
    job = InvoicePrint.objects.get(pk=print_id)
    rows = InvoicePrint.objects.filter(pk=print_id)
    try:
        with translation.override(job.ui_language), tempfile.TemporaryDirectory(prefix="invoices-") as temp:
            folder, parts = Path(temp), []
            done, document_count, skipped = 0, 0, []
            for start in range(0, len(job.order_ids), CHUNK_SIZE):
                order_ids = job.order_ids[start : start + CHUNK_SIZE]
                files, chunk_skipped = _chunk(order_ids, job.language)
                if files:
                    part = folder / f"{start:06d}.pdf"
                    _merge(files, part)
                    parts.append(part)
                done, document_count = done + len(order_ids), document_count + len(files)
                skipped += chunk_skipped
                rows.update(done=done, document_count=document_count, skipped=skipped, updated_at=timezone.now())
            stored = ""
            if parts:
                name = f"invoice-prints/print-{print_id}.pdf"
                _merge(parts, folder / "merged.pdf")
                if default_storage.exists(name):
                    default_storage.delete(name)
                with open(folder / "merged.pdf", "rb") as content:
                    stored = default_storage.save(name, File(content))
        now = timezone.now()
        rows.update(status=InvoicePrintStatus.DONE, file=stored, updated_at=now, finished_at=now)
    except Exception as error:
        now = timezone.now()
        rows.update(
            status=InvoicePrintStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            updated_at=now,
            finished_at=now,
        )
        raise
    job.refresh_from_db()
    return job


def invoice_prints_expire(*, now=None, limit: int = 500) -> int:
    """Beat, daily: delete the merged PDFs of Facturen printen older than PRINT_RESULT_RETENTION_DAYS (the print's
    page then says "verlopen"), like Pakbonnen printen's."""
    done = InvoicePrint.objects.filter(status=InvoicePrintStatus.DONE)
    return stored_results_expire(done, what="invoice prints", now=now, limit=limit)
