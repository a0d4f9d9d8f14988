"""The rules of payments: when an order can be set to paid or unpaid, and when a payment reminder can go.

They need only the order row (and the latest reminder). The services enforce them under a lock; the block and
the bottom bar use the same functions to offer only the buttons that can work.
"""

from datetime import datetime, timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from orders.models import Order, PaymentStatus

from .models import PaymentReminder

# A second reminder within this time is refused: a double click (or two colleagues at once) sends one.
REMINDER_INTERVAL = timedelta(hours=1)


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


def can_remind(order: Order) -> bool:
    """Whether the bottom bar offers Betaalherinnering: the order is unpaid and not cancelled."""
    return order.payment_status != PaymentStatus.PAID and not order.is_cancelled


def reminder_refusal(order: Order) -> str | None:
    """Why no payment reminder can go to this order's customer now (judged on the row alone), or None."""
    if order.is_cancelled:
        return _("Deze order is geannuleerd; een betaalherinnering is niet nodig.")
    if order.payment_status == PaymentStatus.PAID:
        return _("Deze order is al betaald; een betaalherinnering is niet nodig.")
    if not order.email:
        return _("Deze order heeft geen e-mailadres; de betaalherinnering kan niet worden verstuurd.")
    return None


def repeat_refusal(latest: PaymentReminder | None, *, now: datetime) -> str | None:
    """Why another reminder cannot go now, given the order's latest one (None: never reminded), or None."""
    if latest is not None and latest.sent_at > now - REMINDER_INTERVAL:
        time = formats.time_format(timezone.localtime(latest.sent_at), "TIME_FORMAT")
        return _("Er is net al een betaalherinnering verstuurd (om %(time)s).") % {"time": time}
    return None
