"""Every read of the Verzendmethoden and Verzendingen blocks, the Verzendingen tab and the packing slip popups.

Each reader owns its queries; the blocks' counts do not grow with the order's lines or packing slips.
"""

from collections.abc import Iterable

from django.db.models import F, Prefetch, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from backoffice.compiled import CompiledQuery
from orders.models import Order, OrderLine, ShipmentStatus

from .models import Shipment, ShipmentLine
from .rules import mark_shipped_refusal, remaining_quantities, ship_refusal


def lines_prefetch(order_ids: Iterable[int]) -> Prefetch:
    """Packing slips' lines with their order lines, in the order's line order: one query for all slips of the
    orders `order_ids`. Naming the orders lets PostgreSQL read their order lines by order_id; without it, while its
    statistics of the slips' lines lagged behind the newest order lines, it merge-joined them by walking every order
    line's primary key (0.6–0.9 s for a new order's Verzendingen tab at 1M orders)."""
    lines = (
        ShipmentLine.objects.filter(order_line__order_id__in=list(order_ids))
        .select_related("order_line")
        .order_by("order_line__position")
    )
    return Prefetch("lines", queryset=lines)


def order_shipments(order: Order) -> list[Shipment]:
    """The order's packing slips, read once for the blocks that show them (Verzendmethoden, Verzendingen), with SQL
    compiled once (backoffice/compiled.py)."""
    return order.read_once("shipping.shipments", lambda: _ORDER_SHIPMENTS.fetch(order_id=order.pk))


_ORDER_SHIPMENTS = CompiledQuery(Shipment, lambda order_id: Shipment.objects.for_order(Order(pk=order_id)))


def shipping_methods_block(order: Order) -> dict:
    """The Verzendmethoden block: the method, its cost and status are on the order row; the Track & Trace codes
    of what was shipped cost one query, and none while nothing has been shipped."""
    tracked = []
    if order.shipment_status != ShipmentStatus.NOT_SHIPPED:
        tracked = [slip for slip in order_shipments(order) if slip.shipped_at is not None and slip.tracking_code]
    return {
        "shipping_method": order.shipping_method,
        "carrier": order.get_carrier_display(),
        "shipping_cost": order.shipping_cost,
        "shipment_status": order.shipment_status,
        "shipment_status_label": order.get_shipment_status_display(),
        "tracked_shipments": tracked,
        "ship_refusal": mark_shipped_refusal(order),
    }


def _anything_left_to_pack(order: Order) -> bool:
    """Whether some order line is on packing slips for less than was ordered. One query."""
    return (
        OrderLine.objects.filter(order=order)
        .annotate(packed=Coalesce(Sum("shipment_lines__quantity"), 0))
        .filter(quantity__gt=F("packed"))
        .exists()
    )


def shipments_block(order: Order) -> dict:
    """The Verzendingen block: the packing slips (one query) and whether Pakbon aanmaken is offered (no query
    while the order has no packing slip, else one)."""
    shipments = order_shipments(order)
    create_refusal = ship_refusal(order)
    if create_refusal is None and shipments and not _anything_left_to_pack(order):
        create_refusal = _("Alle producten staan op een pakbon.")
    return {"shipments": shipments, "create_refusal": create_refusal}


def shipments_tab(order: Order) -> dict:
    """The Verzendingen tab: every packing slip with its items. Two queries however many slips and lines."""
    shipments = list(
        Shipment.objects.for_order(order).select_related("shipped_by").prefetch_related(lines_prefetch([order.pk]))
    )
    return {"shipments": shipments}


def shipment_for_order(order: Order, number: str) -> Shipment:
    """One packing slip of `order` with its lines and who made and shipped it. Raises Shipment.DoesNotExist."""
    return (
        Shipment.objects.select_related("created_by", "shipped_by")
        .prefetch_related(lines_prefetch([order.pk]))
        .get(order=order, number=number)
    )


def packing_choices(order: Order) -> dict[OrderLine, int]:
    """Pakbon aanmaken: every order line with how many are on no packing slip yet. Two queries."""
    lines = list(OrderLine.objects.filter(order=order).order_by("position"))
    return remaining_quantities(lines, ShipmentLine.objects.filter(shipment__order=order))


def shipped_rows(order: Order):
    """The ledger's "Verzonden" column (orders/ledger.py): per order line, the pieces on packing slips that were
    shipped."""
    return (
        ShipmentLine.objects.filter(shipment__order=order, shipment__shipped_at__isnull=False)
        .values("order_line_id")
        .annotate(quantity=Sum("quantity"))
    )


def shipped_complete(order: Order, lines: list, shipped: dict[int, int]) -> dict[int, int]:
    """An order marked shipped in full without any packing slip (shipped outside the backoffice, imported orders)
    counts every ordered piece as shipped."""
    if not shipped and order.shipment_status == ShipmentStatus.SHIPPED:
        return {line.pk: line.quantity for line in lines}
    return shipped
