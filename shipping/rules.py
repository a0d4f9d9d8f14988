"""The rules of shipping that need only loaded rows: what can still go on a packing slip, when an order may
be shipped, what a Track & Trace code looks like and where it links to."""

import re
from urllib.parse import quote

from django.utils.translation import gettext as _

from orders.models import Order, OrderLine, ShipmentStatus

TRACKING_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{4,39}")


def ship_refusal(order: Order) -> str | None:
    """Why nothing of `order` may be packed or shipped now, or None."""
    if order.is_cancelled:
        return _("Deze order is geannuleerd en kan niet worden verzonden.")
    if order.is_on_hold:
        return _("Deze order staat in de wacht. Haal hem eerst uit de wacht om te verzenden.")
    return None


def mark_shipped_refusal(order: Order) -> str | None:
    """Why Verzonden (the whole rest of the order) is not offered now, or None."""
    if refusal := ship_refusal(order):
        return refusal
    if order.shipment_status == ShipmentStatus.SHIPPED:
        return _("Deze order is helemaal verzonden.")
    return None


def normalize_tracking_code(code: str) -> str:
    return "".join(code.split()).upper()


def tracking_code_problem(code: str) -> str | None:
    """None for an empty or well-formed code (after `normalize_tracking_code`)."""
    if code and not TRACKING_CODE.fullmatch(code):
        return _("Een Track & Trace-code bestaat uit 5 tot 40 letters, cijfers of streepjes.")
    return None


def tracking_url(pattern: str, *, code: str, order: Order) -> str:
    """The carrier's tracking page for `code`, or "" when the method has no pattern (pick-up)."""
    if not pattern or not code:
        return ""
    values = {
        "code": quote(code, safe=""),
        "postcode": quote(order.shipping_postcode, safe=""),
        "country": quote(order.shipping_country, safe=""),
    }
    return pattern.format(**values)


def packed_quantities(lines: list[OrderLine], shipment_lines) -> dict[int, int]:
    """Per order line id: how many are on a packing slip (shipped or not)."""
    packed = {line.pk: 0 for line in lines}
    for shipment_line in shipment_lines:
        packed[shipment_line.order_line_id] = packed.get(shipment_line.order_line_id, 0) + shipment_line.quantity
    return packed


def remaining_quantities(lines: list[OrderLine], shipment_lines) -> dict[OrderLine, int]:
    """Per order line: how many are on no packing slip yet."""
    packed = packed_quantities(lines, shipment_lines)
    return {line: line.quantity - packed[line.pk] for line in lines}


def shipment_status(lines: list[OrderLine], shipped_lines) -> ShipmentStatus:
    """The order's shipping status from what has actually been shipped."""
    shipped = packed_quantities(lines, shipped_lines)
    if not any(shipped.values()):
        return ShipmentStatus.NOT_SHIPPED
    if all(shipped[line.pk] >= line.quantity for line in lines):
        return ShipmentStatus.SHIPPED
    return ShipmentStatus.PARTIALLY_SHIPPED
