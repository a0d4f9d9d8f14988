"""Every write of the Betaalmethoden block: Betaald and Niet betaald.

Only the payment fields change, and the order's invoices follow (invoicing's services); what a payment
means for the order's status is decided elsewhere.
"""

from django.db import transaction
from django.utils import timezone

from backoffice.exceptions import ActionRefused
from history import services as history
from invoicing import services as invoicing
from orders.models import Order, PaymentStatus

from .events import PaymentEventType
from .models import mark_paid_refusal, mark_unpaid_refusal


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


@transaction.atomic
def payment_mark_paid(*, order: Order, actor) -> Order:
    """Betaald (the blue button): the payment has come in, now."""
    order = _locked(order)  # lock first: two clicks, one effect
    if refusal := mark_paid_refusal(order):
        raise ActionRefused(refusal)
    order.payment_status, order.paid_at = PaymentStatus.PAID, timezone.now()
    order.save(update_fields=["payment_status", "paid_at", "updated_at"])
    history.record(order, PaymentEventType.PAYMENT_MARKED_PAID, actor=actor, method=order.payment_method)
    invoicing.invoices_after_payment(order=order, actor=actor)  # the invoice is paid, or made now
    return order


@transaction.atomic
def payment_mark_unpaid(*, order: Order, actor) -> Order:
    """Niet betaald (the grey button): the payment was not properly received after all."""
    order = _locked(order)
    if refusal := mark_unpaid_refusal(order):
        raise ActionRefused(refusal)
    was_paid_at = order.paid_at.isoformat() if order.paid_at else None
    order.payment_status, order.paid_at = PaymentStatus.UNPAID, None
    order.save(update_fields=["payment_status", "paid_at", "updated_at"])
    history.record(
        order,
        PaymentEventType.PAYMENT_MARKED_UNPAID,
        actor=actor,
        method=order.payment_method,
        was_paid_at=was_paid_at,
    )
    invoicing.invoices_after_unpayment(order=order, actor=actor)
    return order
