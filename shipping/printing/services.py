"""Pakbonnen printen from VERKOOP > Orders: the packing slips of many orders as one PDF, made by a job.

`packing_slip_print_start` checks the choice (ticked orders, or every order that matches the list's filter),
writes a PackingSlipPrint row with the order ids as they are now, and enqueues `shipping.print_packing_slips`
after the commit. The job (`packing_slip_print_run`) walks the orders in chunks: each order gets a packing slip
for whatever is on none yet – through `shipment_create`, one transaction per order – and the chunk's unshipped
slips are rendered as one PDF into a temporary file. Cancelled orders, orders on hold and orders that have
been shipped completely are skipped, with the reason. At the end the chunk PDFs are merged into one stored file.

Memory is bounded by the chunk: WeasyPrint lays out CHUNK_SIZE orders' slips at a time; the merge copies the
finished pages (a few kB each), not the layout.
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
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfWriter

from backoffice.exceptions import ActionRefused
from backoffice.retention import stored_results_expire
from orders.models import Order
from orders.selectors import order_ids_matching

from ..models import PackingSlipPrint, PackingSlipPrintStatus, Shipment
from ..rules import ship_refusal
from ..services import shipment_create
from .rules import STALE_AFTER, print_retry_refusal

logger = logging.getLogger(__name__)

MAX_ORDERS = 1000
CHUNK_SIZE = 25


# --- selectors ----------------------------------------------------------------------------------------------


def chosen_order_ids(*, user, order_ids: list[int]) -> list[int]:
    """The ticked orders that exist and `user` may see, newest first (as the list shows them). One query."""
    orders = Order.objects.for_staff(user).filter(pk__in=set(order_ids))
    return list(orders.order_by("-placed_at", "-id").values_list("id", flat=True))


def packing_slip_print_for(*, user, print_id: int) -> PackingSlipPrint:
    """A print for its status page or download. Every staff member may see every print, as every order.
    Raises PackingSlipPrint.DoesNotExist."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise PackingSlipPrint.DoesNotExist
    return PackingSlipPrint.objects.get(pk=print_id)


# --- starting ------------------------------------------------------------------------------------------------


def packing_slip_print_start(*, user, order_ids: list[int] | None = None, filters: dict | None = None):
    """Pakbonnen printen: for the ticked `order_ids`, or – with `filters` (the list's valid filters, {} for
    none) – every order that matches them. Refused when nothing is chosen or more than MAX_ORDERS are."""
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
    with transaction.atomic():
        job = PackingSlipPrint.objects.create(
            created_by=user,
            order_ids=ids,
            total=len(ids),
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _enqueue(print_id: int) -> None:
    from ..jobs import print_packing_slips

    try:
        print_packing_slips.delay(print_id)
    except Exception:  # broker down (or, run in-process, the job failed: its row says so)
        logger.warning("Packing slip print %s was not enqueued or failed in-process.", print_id, exc_info=True)


def packing_slip_print_requeue(job: PackingSlipPrint, *, now=None) -> bool:
    """The status page, for a print that waited or stalled too long (the broker was down, the worker died):
    enqueue its job again. Harmless when it was merely slow: the job takes over only a stale row."""
    now = now or timezone.now()
    waited = job.status == PackingSlipPrintStatus.PENDING and job.created_at < now - timedelta(minutes=1)
    stalled = job.status == PackingSlipPrintStatus.RUNNING and job.updated_at and job.updated_at < now - STALE_AFTER
    if waited or stalled:
        _enqueue(job.pk)
    return bool(waited or stalled)


# --- the job's work ------------------------------------------------------------------------------------------


def _claim(print_id: int) -> bool:
    """Mark the print running, if it waits for a job or its job went silent. One UPDATE: of two deliveries at
    the same moment one wins; a print that is done (or failed) is left alone."""
    now = timezone.now()
    return bool(
        PackingSlipPrint.objects.filter(pk=print_id)
        .filter(
            Q(status=PackingSlipPrintStatus.PENDING)
            | Q(status=PackingSlipPrintStatus.RUNNING, updated_at__lt=now - STALE_AFTER)
        )
        .update(
            status=PackingSlipPrintStatus.RUNNING,
            updated_at=now,
            done=0,
            slip_count=0,
            skipped=[],
            error="",
            attempts=F("attempts") + 1,
        )  # fmt: skip
    )


def _packing_slip_for(order: Order, *, actor) -> str | None:
    """A packing slip for the order's items that are on none yet. The reason when nothing of it can be packed."""
    try:
        shipment_create(order=order, actor=actor)
    except ActionRefused as refusal:
        if ship_refusal(Order.objects.get(pk=order.pk)):  # cancelled or on hold: the service said so
            return refusal.message
        # Everything is on a packing slip already: its slips that have not been shipped are printed again.
        if not Shipment.objects.filter(order=order, shipped_at__isnull=True).exists():
            return _("Deze order is al helemaal verzonden.")
    return None


def _chunk(order_ids: list[int], *, actor) -> tuple[list[Shipment], list[list[str]]]:
    """Packing slips for one chunk of orders, each order in its own transaction; then their unshipped slips in
    the chunk's order (and per order as they were made), and what was skipped: [[order number, reason], …]."""
    orders = Order.objects.in_bulk(order_ids)
    printable, skipped = [], []
    for order_id in order_ids:
        order = orders.get(order_id)
        if order is None:  # orders are not deleted, but a print outlives anything
            continue
        if reason := _packing_slip_for(order, actor=actor):
            skipped.append([order.number, str(reason)])
        else:
            printable.append(order.pk)
    position = {order_id: index for index, order_id in enumerate(printable)}
    shipments = Shipment.objects.filter(order_id__in=printable, shipped_at__isnull=True).select_related("order")
    in_order = sorted(shipments, key=lambda shipment: (position[shipment.order_id], shipment.created_at, shipment.pk))
    return in_order, skipped


def _store(parts: list[Path], name: str, folder: Path) -> str:
    """The chunk PDFs merged into one file in default_storage, under `name` (replacing an earlier attempt)."""
    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    merged = folder / "merged.pdf"
    with open(merged, "wb") as output:
        writer.write(output)
    writer.close()
    if default_storage.exists(name):
        default_storage.delete(name)
    with open(merged, "rb") as content:
        return default_storage.save(name, File(content))


def packing_slip_print_run(*, print_id: int) -> PackingSlipPrint:
    """The job's work. Idempotent: a print that is done, failed or being made by a living job is left alone;
    a stale one starts over, which makes no second packing slip (an order with everything on a slip already
    gets its unshipped slips printed again)."""
    from ..pdf import packing_slip_pdf  # WeasyPrint: loaded by the worker, not by every web process

    if not _claim(print_id):
        return PackingSlipPrint.objects.get(pk=print_id)
    job = PackingSlipPrint.objects.select_related("created_by").get(pk=print_id)
    rows = PackingSlipPrint.objects.filter(pk=print_id)
    try:
        with translation.override(job.language), tempfile.TemporaryDirectory(prefix="packing-slips-") as temp:
            folder, parts = Path(temp), []
            done, slip_count, skipped = 0, 0, []
            for start in range(0, len(job.order_ids), CHUNK_SIZE):
                order_ids = job.order_ids[start : start + CHUNK_SIZE]
                shipments, chunk_skipped = _chunk(order_ids, actor=job.created_by)
                if shipments:
                    part = folder / f"{start:06d}.pdf"
                    part.write_bytes(packing_slip_pdf(shipments))
                    parts.append(part)
                done, slip_count, skipped = done + len(order_ids), slip_count + len(shipments), skipped + chunk_skipped
                rows.update(done=done, slip_count=slip_count, skipped=skipped, updated_at=timezone.now())
                del shipments
            stored = _store(parts, f"packing-slips/print-{print_id}.pdf", folder) if parts else ""
        now = timezone.now()
        rows.update(status=PackingSlipPrintStatus.DONE, file=stored, updated_at=now, finished_at=now)
    except Exception as error:
        now = timezone.now()
        rows.update(
            status=PackingSlipPrintStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            updated_at=now,
            finished_at=now,
        )
        raise
    job.refresh_from_db()
    return job


# --- support (Storingen) ----------------------------------------------------------------------------------------


@transaction.atomic
def packing_slip_print_retry(*, job: PackingSlipPrint, actor) -> PackingSlipPrint:
    """Storingen › Opnieuw proberen: run a failed (or stuck) print again, by its job after the commit. The row is
    locked and its status checked, so a double click enqueues it once; `_claim` lets one delivery run it. The orders
    it already gave a packing slip get no second one (the run prints their unshipped slips again)."""
    job = PackingSlipPrint.objects.select_for_update().get(pk=job.pk)
    if refusal := print_retry_refusal(job):
        raise ActionRefused(refusal)
    job.status, job.updated_at, job.finished_at = PackingSlipPrintStatus.PENDING, timezone.now(), None
    job.save(update_fields=["status", "updated_at", "finished_at"])
    logger.info("Packing slip print %s offered again by user %s.", job.pk, actor.pk)
    transaction.on_commit(partial(_enqueue, job.pk))
    return job


def packing_slip_prints_expire(*, now=None, limit: int = 500) -> int:
    """Beat, daily: delete the merged PDF of prints made more than PRINT_RESULT_RETENTION_DAYS ago (they pile up in
    the media storage otherwise). The row stays, marked expired: its page and download say "verlopen"."""
    done = PackingSlipPrint.objects.filter(status=PackingSlipPrintStatus.DONE)
    return stored_results_expire(done, what="packing slip prints", now=now, limit=limit)
