"""The system status of an order: one table, one entry point.

Every service that changes what the status rests on — payment (payments), shipping (shipping), hold, release and
cancel (orders), a return registered, handled or rejected (returns) — calls `status_follow(order, actor=…)` after
its change, under the order's row lock. Nothing else writes `Order.status`. The table reads from top to bottom;
the first row that matches the order's facts gives its status (None in a column: any value). README.md shows the
same table for people.
"""

from dataclasses import dataclass

from history import services as history

from .events import OrderEventType
from .models import Order, OrderStatus, PaymentStatus, ShipmentStatus

ANY = None
NOT, PART, ALL = ShipmentStatus.NOT_SHIPPED, ShipmentStatus.PARTIALLY_SHIPPED, ShipmentStatus.SHIPPED

# fmt: off
STATE_TABLE: tuple[
    tuple[bool | None, bool | None, ShipmentStatus | None, bool | None, bool | None, OrderStatus], ...
] = (
    # cancelled  on hold  shipped  paid     returning  status
    (True,       ANY,     ANY,     ANY,     ANY,       OrderStatus.CANCELLED),   # Geannuleerd: final
    (False,      True,    ANY,     ANY,     ANY,       OrderStatus.ON_HOLD),     # In de wacht: until released
    (False,      False,   ANY,     ANY,     True,      OrderStatus.RETURN),      # Retour: a return to handle
    (False,      False,   ALL,     True,    False,     OrderStatus.COMPLETED),   # Afgerond: paid, all shipped
    (False,      False,   ALL,     False,   False,     OrderStatus.SHIPPED),     # Verzonden: shipped, not yet paid
    (False,      False,   PART,    ANY,     False,     OrderStatus.PROCESSING),  # In behandeling: part shipped
    (False,      False,   NOT,     True,    False,     OrderStatus.PROCESSING),  # In behandeling: paid, to be shipped
    (False,      False,   NOT,     False,   False,     OrderStatus.NEW),         # Nieuw: nothing happened yet
)
# fmt: on


@dataclass(frozen=True)
class Facts:
    """What the system status rests on, read from the order row."""

    cancelled: bool
    on_hold: bool
    shipped: ShipmentStatus
    paid: bool
    returning: bool = False  # a return registered or received, not yet handled or rejected (Order.open_returns)

    @classmethod
    def of(cls, order: Order) -> "Facts":
        return cls(
            cancelled=order.cancelled_at is not None,
            on_hold=order.is_on_hold,
            shipped=ShipmentStatus(order.shipment_status),
            paid=order.payment_status == PaymentStatus.PAID,
            returning=order.open_returns > 0,
        )


def system_status(facts: Facts) -> OrderStatus:
    """The status the table gives for `facts`."""
    values = (facts.cancelled, facts.on_hold, facts.shipped, facts.paid, facts.returning)
    for *row, status in STATE_TABLE:
        if all(expected is ANY or expected == value for expected, value in zip(row, values, strict=True)):
            return status
    raise LookupError(f"The state table has no row for {facts}.")  # a test proves every combination has one


def status_follow(order: Order, *, actor) -> OrderStatus:
    """After a service changed `order` (locked, saved): give it the status the table says, and record the change
    as one event. Cancelling drops a custom status: a cancelled order shows Geannuleerd."""
    status = system_status(Facts.of(order))
    if status == order.status:
        return status
    previous, order.status = order.status, status
    update_fields = ["status", "updated_at"]
    dropped = {}
    if status == OrderStatus.CANCELLED and order.custom_status_id is not None:
        dropped = {"custom_status": order.custom_status.names}
        order.custom_status = None
        update_fields.append("custom_status")
    order.save(update_fields=update_fields)
    history.record(order, OrderEventType.STATUS_CHANGED, actor=actor, previous=previous, status=status.value, **dropped)
    return status
