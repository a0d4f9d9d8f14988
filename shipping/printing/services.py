"""Pakbonnen printen from VERKOOP > Orders: the packing slips of many orders as one PDF, made by jobs.

`packing_slip_print_start` checks the choice (ticked orders, or every order that matches the list's filter),
writes a PackingSlipPrint row with the order ids as they are now, and enqueues `shipping.print_packing_slips`
after the commit. That job hands the orders to the `pdf` workers in chunks (backoffice/printing.py, shared with
Facturen printen): per chunk each order gets a packing slip for whatever is on none yet – through `shipment_create`,
one transaction per order – and the chunk's unshipped slips are rendered as one PDF (`_render_chunk`, the only part
that is Pakbonnen printen's own). Cancelled orders, orders on hold and orders that have been shipped completely are
skipped, with the reason. When every chunk is done, `shipping.merge_packing_slips` merges them into one stored file.

Memory is bounded by the chunk: WeasyPrint lays out PRINT_CHUNK_SIZE orders' slips at a time; the merge copies the
finished pages (a few kB each), not the layout.
"""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from backoffice.exceptions import ActionRefused
from backoffice.printing import ChunkedPrint
from backoffice.retention import stored_results_expire
from orders.models import Order
from orders.selectors import order_ids_matching

from ..models import PackingSlipPrint, PackingSlipPrintStatus, Shipment
from ..rules import ship_refusal
from ..services import shipment_create
from .rules import STALE_AFTER, print_retry_refusal  # noqa: F401  (STALE_AFTER: the tests read it here)

logger = logging.getLogger(__name__)

MAX_ORDERS = 1000


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
    PRINT.enqueue(print_id)


def packing_slip_print_requeue(job: PackingSlipPrint, *, now=None) -> bool:
    """The status page, for a print that waited or stalled too long (the broker was down, a worker died): enqueue
    its job again, which sends the chunks that are not done. Harmless when it was merely slow."""
    return PRINT.requeue(job, now=now)


# --- the jobs' work ------------------------------------------------------------------------------------------


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


def _render_chunk(job: PackingSlipPrint, order_ids: list[int]) -> tuple[bytes | None, int, list[list[str]]]:
    """One chunk of a print: its orders' packing slips made (a second run makes none: what is on a slip stays on
    it), their unshipped slips as one PDF, how many, and the orders skipped with the reason."""
    from .. import pdf  # WeasyPrint: loaded by the worker, not by every web process

    shipments, skipped = _chunk(order_ids, actor=job.created_by)
    return (pdf.packing_slip_pdf(shipments) if shipments else None), len(shipments), skipped


PRINT = ChunkedPrint(
    model=PackingSlipPrint,
    count_field="slip_count",
    language_field="language",
    result_name="packing-slips/print-{pk}.pdf",
    render_chunk=_render_chunk,
    start_job="shipping.jobs.print_packing_slips",
    chunk_job="shipping.jobs.print_packing_slip_chunk",
    merge_job="shipping.jobs.merge_packing_slips",
)


def packing_slip_print_run(*, print_id: int) -> PackingSlipPrint:
    """The start job's work: the print claimed and its unfinished chunks sent to the `pdf` workers (in-process:
    rendered and merged before this returns). Idempotent: a print that is done, failed or being made by living
    jobs is left alone; a stale one goes on where it stopped, and makes no second packing slip."""
    return PRINT.run(print_id=print_id)


# --- support (Storingen) ----------------------------------------------------------------------------------------


@transaction.atomic
def packing_slip_print_retry(*, job: PackingSlipPrint, actor) -> PackingSlipPrint:
    """Storingen › Opnieuw proberen: run a failed (or stuck) print again, by its job after the commit. The row is
    locked and its status checked, so a double click enqueues it once; `_claim` lets one delivery run it. The orders
    it already gave a packing slip get no second one; its chunks that are done are not made again."""
    job = PackingSlipPrint.objects.select_for_update().get(pk=job.pk)
    if refusal := print_retry_refusal(job):
        raise ActionRefused(refusal)
    logger.info("Packing slip print %s offered again by user %s.", job.pk, actor.pk)
    return PRINT.retry(job=job)


def packing_slip_prints_expire(*, now=None, limit: int = 500) -> int:
    """Beat, daily: delete the merged PDF of prints made more than PRINT_RESULT_RETENTION_DAYS ago (they pile up in
    the media storage otherwise). The row stays, marked expired: its page and download say "verlopen"."""
    done = PackingSlipPrint.objects.filter(status=PackingSlipPrintStatus.DONE)
    return stored_results_expire(done, what="packing slip prints", now=now, limit=limit)
