"""Every read of the Retour block, the Retouren tab and the popups, and the "returned" column of the order's ledger."""

from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Sum
from django.utils import timezone

from backoffice import blocks
from orders import ledger
from orders.models import Order, ShipmentStatus

from .models import Return, ReturnAction, ReturnLine, ReturnReason, ReturnStatus
from .rules import NEXT_STATUSES, create_refusal, credit_refusal, refunded_refusal, returnable


def order_returns(order: Order) -> list[Return]:
    """The order's returns, oldest first, with their lines, reason, action and credit invoice. Two queries."""
    # The lines' order lines are the order's own: saying so lets PostgreSQL read them by their order_id. Without it,
    # while returns are few, it merge-joined them by walking orders_orderline's primary key from the start (14 ms
    # for an older order at 1M orders, 0.6 s and more for a new one: shipping.selectors.lines_prefetch).
    lines = Prefetch(
        "lines",
        queryset=ReturnLine.objects.filter(order_line__order=order)
        .select_related("order_line")
        .order_by("order_line__position"),
    )
    return list(
        Return.objects.for_order(order)
        .select_related("reason", "action", "credit_invoice", "refunded_by", "created_by")
        .prefetch_related(lines)
    )


def returns_block(order: Order) -> dict:
    """The Retour block and the Retouren tab: the returns (one query, and one for their lines when there are any);
    for an order with returns of which something was shipped also its lines and its ledger (orders/ledger.py), to
    know whether anything is left for Retour aanmaken. At most four queries however many returns and lines the order
    has; the lines and the ledger are the Product block's too (`Order.read_once`). None for an order the dashboard
    read has no returns."""
    returns = [] if blocks.nothing_for(order, "returns") else order_returns(order)
    if order.is_cancelled or order.shipment_status == ShipmentStatus.NOT_SHIPPED:
        return {"returns": returns, "create_refusal": create_refusal(order, [])}
    if not returns:  # something was shipped and nothing has come back: Retour aanmaken can work
        return {"returns": returns, "create_refusal": None}
    _columns, rows = ledger.order_ledger(order)
    shipped = {row.line.pk: row.quantity("shipped") for row in rows}
    counting = [line for ret in returns if ret.status != ReturnStatus.REJECTED for line in ret.lines.all()]
    items = returnable(order.lines_by_position(), shipped, counting)
    return {"returns": returns, "create_refusal": create_refusal(order, items)}


def return_for_order(order: Order, sequence: int) -> Return | None:
    """One return of `order` (by its number within the order) for its popup, or None. Two queries."""
    return next((ret for ret in order_returns(order) if ret.sequence == sequence), None)


def return_dialog(ret: Return) -> dict:
    """What the popup behind a return's i offers: the next statuses, credit, paid back (each only when it can work)."""
    return {
        "ret": ret,
        "next_statuses": [] if ret.is_locked else list(NEXT_STATUSES[ret.status]),
        "credit_refusal": credit_refusal(ret),
        "refunded_refusal": refunded_refusal(ret),
    }


def returned_rows(order: Order):
    """The ledger's "Retour" column: per order line, the pieces on returns that are not rejected."""
    return (
        ReturnLine.objects.filter(ret__order=order)
        .exclude(ret__status=ReturnStatus.REJECTED)
        .values("order_line_id")
        .annotate(quantity=Sum("quantity"))
    )


def choices_in_order() -> dict:
    """The active reasons and actions for the popup's drop-downs. Two queries."""
    return {
        "reasons": list(ReturnReason.objects.active().in_order()),
        "actions": list(ReturnAction.objects.active().in_order()),
    }


def return_list(filters: dict, *, limit: int = 100) -> tuple[list[Return], bool]:
    """VERKOOP > Retouren: the newest returns over all orders matching `filters` (status, reason, created_from,
    created_to), at most `limit`, and whether there are more. One query (order, reason, action joined)."""
    returns = Return.objects.select_related("order", "reason", "action", "credit_invoice").order_by(
        "-created_at", "-id"
    )
    if status := filters.get("status"):
        returns = returns.filter(status=status)
    if reason := filters.get("reason"):
        returns = returns.filter(reason=reason)
    zone = timezone.get_current_timezone()
    if created_from := filters.get("created_from"):
        returns = returns.filter(created_at__gte=datetime.combine(created_from, time.min, zone))
    if (created_to := filters.get("created_to")) and created_to < date.max:
        returns = returns.filter(created_at__lt=datetime.combine(created_to + timedelta(days=1), time.min, zone))
    rows = list(returns[: limit + 1])
    return rows[:limit], len(rows) > limit
