"""Payments owns no table: the payment fields (method, status, paid_at) live on Order.

What is here are the rules that need only the order row. The services enforce them under a lock; the block
uses them to offer only the buttons that can work.
"""

from django.utils.translation import gettext as _

from orders.models import Order, PaymentStatus


def _cancelled_refusal() -> str:
    return _("De betaalstatus van een geannuleerde order kan niet meer worden gewijzigd.")


def mark_paid_refusal(order: Order) -> str | None:
    """Why this order cannot be set to paid now, or None when it can."""
    if order.is_cancelled:
        return _cancelled_refusal()
    if order.payment_status == PaymentStatus.PAID:
        return _("Deze order is al betaald.")
    return None


def mark_unpaid_refusal(order: Order) -> str | None:
    """Why this order cannot be set back to unpaid now, or None when it can."""
    if order.is_cancelled:
        return _cancelled_refusal()
    if order.payment_status != PaymentStatus.PAID:
        return _("Deze order staat al op niet betaald.")
    return None
