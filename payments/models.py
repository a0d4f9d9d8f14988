"""Payments: the payment fields (method, status, paid_at) live on Order; payments owns the reminders sent.

When Betaald, Niet betaald and Betaalherinnering can be done is in rules.py.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


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
