"""Orders to ship and their packing slips, made through the real services (history, numbers, mail)."""

from orders.models import Order
from shipping.models import Shipment
from shipping.services import shipment_create, shipment_mark_shipped
from tests.orders.factories import address, line, make_order


def coffee_and_tea(**overrides) -> Order:
    """Two lines to ship in parts, 3 × Koffiebonen 1 kg (KB-1000) and 2 × Thee (TH-1), to a Dutch postcode (the
    Track & Trace link has it)."""
    return make_order(
        lines=[line(product_name="Koffiebonen 1 kg", quantity=3), line(product_name="Thee", sku="TH-1", quantity=2)],
        billing=address(postcode="1012 LG", country="NL"),
        **overrides,
    )


def lines(order) -> list:
    """The order's lines in their order on the order."""
    return list(order.lines.order_by("position"))


def make_shipment(
    order=None, *, quantities: dict[int, int] | None = None, shipped: bool = False, tracking_code: str = "", actor=None
) -> Shipment:
    """Pakbon aanmaken for `order` (or a new order): everything not yet on a slip, or `quantities`
    {order line id: pieces}; `shipped=True` (or a `tracking_code`) then clicks Verzonden in its blue i."""
    order = order or make_order()
    shipment = shipment_create(order=order, actor=actor, quantities=quantities)
    if shipped or tracking_code:
        shipment = shipment_mark_shipped(shipment=shipment, actor=actor, tracking_code=tracking_code)
    return shipment
