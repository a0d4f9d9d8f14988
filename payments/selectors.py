from dataclasses import dataclass
from datetime import datetime

from orders.models import Order

from .models import mark_paid_refusal, mark_unpaid_refusal


@dataclass(frozen=True)
class PaymentsBlock:
    method: str  # the payment method's name
    status: str  # PaymentStatus value, for the badge's colour
    status_label: str
    paid_at: datetime | None
    can_mark_paid: bool
    can_mark_unpaid: bool


def payments_block(order: Order) -> dict:
    """The Betaalmethoden block. No query of its own: everything it shows is on the order row."""
    return {
        "payments": PaymentsBlock(
            method=order.get_payment_method_display(),
            status=order.payment_status,
            status_label=order.get_payment_status_display(),
            paid_at=order.paid_at,
            can_mark_paid=mark_paid_refusal(order) is None,
            can_mark_unpaid=mark_unpaid_refusal(order) is None,
        )
    }
