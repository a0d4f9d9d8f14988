"""Payments: the payment fields (method, status, paid_at) live on Order; payments owns the reminders sent.

The rules here need only the order row. The services enforce them under a lock; the block and the bottom bar
use them to offer only the buttons that can work.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orders.models import Order, PaymentStatus

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


class PaymentReminder(models.Model):
    """One payment reminder e-mailed to the customer, by a staff member or by the periodic job (automatic).

    Tells the job that an order had its reminder, and the next click that one went out a moment ago.
    """

    # The index below (order first) serves "has this order a reminder" and "its latest"; no second one.
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="payment_reminders", db_index=False
    )
    sent_at = models.DateTimeField(gettext_lazy("verstuurd op"), default=timezone.now)
    automatic = models.BooleanField(gettext_lazy("automatisch"), default=False)
    email = models.ForeignKey(
        "notifications.OutboxMessage", verbose_name=gettext_lazy("e-mail"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = gettext_lazy("betaalherinnering")
        verbose_name_plural = gettext_lazy("betaalherinneringen")
        indexes = [models.Index(fields=["order", "-sent_at"], name="paymentreminder_order_recent")]

    def __str__(self) -> str:
        return f"{self.order_id} @ {self.sent_at:%Y-%m-%d %H:%M}"


def repeat_refusal(latest: PaymentReminder | None, *, now: datetime) -> str | None:
    """Why another reminder cannot go now, given the order's latest one (None: never reminded), or None."""
    if latest is not None and latest.sent_at > now - REMINDER_INTERVAL:
        time = formats.time_format(timezone.localtime(latest.sent_at), "TIME_FORMAT")
        return _("Er is net al een betaalherinnering verstuurd (om %(time)s).") % {"time": time}
    return None
