"""The rules of returns that need only loaded rows: what can still be returned, what it refunds, which status may
follow which, and what a locked (credited) return refuses. The services enforce them under the order's lock; the
block and the popup ask the same functions, so a button never promises what the service refuses.

What can be returned: never more than was **shipped** (packing slips marked Verzonden; an order marked shipped in full
without any packing slip counts as all shipped), summed over the order's returns that are not rejected. An
order of which nothing was shipped has nothing to return: the customer has nothing to send back, and what must be
undone then is the order itself (Order annuleren) or its invoice (Alleen crediteren in the Facturen block). Capping
by the ordered quantity would let a return "receive" items that never left the warehouse, and the ledger would no
longer balance (returned ≤ shipped ≤ ordered). A rejected return (Afgewezen) gives its items back to what can be
returned: the shop did not take them back.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from backoffice.money import ZERO, quantize
from orders.models import Order, OrderLine

from .models import Return, ReturnLine, ReturnStatus

# Which status staff may move a return to, from which. Crediting a return handles it (see services.return_credit).
NEXT_STATUSES: dict[str, tuple[ReturnStatus, ...]] = {
    ReturnStatus.REGISTERED: (ReturnStatus.RECEIVED, ReturnStatus.REJECTED),
    ReturnStatus.RECEIVED: (ReturnStatus.HANDLED, ReturnStatus.REJECTED),
    ReturnStatus.HANDLED: (),
    ReturnStatus.REJECTED: (),
}


@dataclass(frozen=True)
class Returnable:
    """One order line: how many were shipped, how many (and for how much) are returned, how many can still be."""

    line: OrderLine
    shipped: int
    returned: int
    returned_amount: Decimal

    @property
    def unit_amount(self) -> Decimal:
        """One piece: the line's price after its discount, incl. VAT."""
        return quantize(self.line.total / self.line.quantity)

    @property
    def left(self) -> int:
        return max(self.shipped - self.returned, 0)


def returnable(lines: list[OrderLine], shipped: dict[int, int], return_lines: list[ReturnLine]) -> list[Returnable]:
    """Per line, in order: shipped (`shipped`: {line id: quantity}) against `return_lines` of returns that count (not
    rejected)."""
    returned: dict[int, tuple[int, Decimal]] = {}
    for return_line in return_lines:
        quantity, amount = returned.get(return_line.order_line_id, (0, ZERO))
        returned[return_line.order_line_id] = (quantity + return_line.quantity, amount + return_line.amount)
    return [
        Returnable(line, shipped.get(line.pk, 0), *returned.get(line.pk, (0, ZERO)))
        for line in sorted(lines, key=lambda line: line.position)
    ]


def line_amount(item: Returnable, quantity: int) -> Decimal:
    """What returning `quantity` more of a line refunds: its share of the line's total (the price after the line's
    discount, incl. VAT), and for the line's last pieces exactly what is left, so a line returned in parts adds up to
    its total to the cent. The same rounding as a credit invoice of the line (invoicing.services)."""
    line = item.line
    amount_left = line.total - item.returned_amount
    if item.returned + quantity >= line.quantity:
        return amount_left
    return max(min(quantize(line.total * quantity / line.quantity), amount_left), ZERO)


def shipping_refunded(returns: list[Return]) -> bool:
    """Whether a return that counts already refunds the shipping cost (it is refunded once)."""
    return any(ret.refund_shipping and ret.status != ReturnStatus.REJECTED for ret in returns)


def create_refusal(order: Order, items: list[Returnable]) -> str | None:
    """Why no return can be registered for `order` now, or None."""
    if order.is_cancelled:
        return _("Een geannuleerde order heeft niets om te retourneren.")
    if not any(item.shipped for item in items):
        return _(
            "Van deze order is nog niets verzonden, dus er kan niets retour komen. "
            "Annuleer de order of crediteer de factuur."
        )
    if not any(item.left for item in items):
        return _("Alles wat van deze order is verzonden, is al retour gemeld.")
    return None


def locked_refusal(ret: Return) -> str | None:
    if ret.is_locked:
        return _(
            "Retour %(sequence)s is gecrediteerd met creditfactuur %(number)s en kan niet meer worden gewijzigd."
        ) % {"sequence": ret.sequence, "number": ret.credit_invoice.number}
    return None


def status_refusal(ret: Return, status: str) -> str | None:
    """Why `ret` cannot move to `status`, or None."""
    if refusal := locked_refusal(ret):
        return refusal
    if status not in NEXT_STATUSES[ret.status]:
        return _("Retour %(sequence)s staat op %(current)s en kan niet naar %(status)s.") % {
            "sequence": ret.sequence,
            "current": ReturnStatus(ret.status).label,
            "status": ReturnStatus(status).label if status in ReturnStatus.values else status,
        }
    return None


def credit_refusal(ret: Return) -> str | None:
    """Why no credit invoice can be made from `ret`, or None (what the invoice allows is invoicing's to check)."""
    if refusal := locked_refusal(ret):
        return refusal
    if ret.status == ReturnStatus.REJECTED:
        return _("Retour %(sequence)s is afgewezen en wordt niet gecrediteerd.") % {"sequence": ret.sequence}
    return None


def refunded_refusal(ret: Return) -> str | None:
    """Why `ret` cannot be marked as paid back (terugbetaald), or None. The one fact recorded after a credit invoice
    locked the return, like the paid back of the credit invoice itself."""
    if ret.is_refunded:
        return _("Retour %(sequence)s is al terugbetaald.") % {"sequence": ret.sequence}
    if ret.status == ReturnStatus.REJECTED:
        return _("Retour %(sequence)s is afgewezen; er is niets terug te betalen.") % {"sequence": ret.sequence}
    if not ret.amount:
        return _("Retour %(sequence)s heeft geen bedrag om terug te betalen.") % {"sequence": ret.sequence}
    return None
