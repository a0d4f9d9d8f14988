"""Returns (retourzendingen): what a customer sent back of an order, why, and what the shop does about it.

A Return is registered (Aangemeld), received (Ontvangen), then handled (Afgehandeld) or rejected (Afgewezen). Its
lines say how many of which order line come back; its amount is what is to be refunded (the lines' share of their
price after discount, incl. VAT, plus the shipping cost when ticked). Once a credit invoice is made from it, the
return is locked: the credit invoice is a legal document and the return is what it says ("niet meer te wijzigen").
Reasons and actions are the shop's own lists (VERKOOP > Retouren), a name per shop language, deactivated when no
longer wanted, never deleted once a return carries them.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from backoffice.choices import ChoiceLabels


class ReturnStatus(models.TextChoices):
    REGISTERED = "registered", _("Aangemeld")
    RECEIVED = "received", _("Ontvangen")
    HANDLED = "handled", _("Afgehandeld")
    REJECTED = "rejected", _("Afgewezen")


# Returns that still ask something of staff: they make the order's system status Retour (Order.open_returns).
OPEN_STATUSES = (ReturnStatus.REGISTERED, ReturnStatus.RECEIVED)


class ChoiceQuerySet(models.QuerySet):
    def active(self) -> "ChoiceQuerySet":
        return self.filter(is_active=True)

    def in_order(self) -> "ChoiceQuerySet":
        return self.order_by("position", "pk")


class NamedChoice(models.Model):
    """A reason or an action: a name per shop language, an order, active or not."""

    names = models.JSONField(_("namen"), default=dict)  # {"nl": "Te klein", "en": "Too small"}
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ChoiceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        """The name in `language`, else the Dutch one (every reason and action has a Dutch name)."""
        return self.names.get(language) or self.names.get("nl", "")

    @property
    def name(self) -> str:
        return self.name_in((get_language() or "nl").split("-")[0])


class ReturnReason(NamedChoice):
    class Meta(NamedChoice.Meta):
        verbose_name = _("retour reden")
        verbose_name_plural = _("retour redenen")


class ReturnAction(NamedChoice):
    class Meta(NamedChoice.Meta):
        verbose_name = _("retour actie")
        verbose_name_plural = _("retour acties")


class ReturnQuerySet(models.QuerySet):
    def for_order(self, order) -> "ReturnQuerySet":
        return self.filter(order=order).order_by("sequence")

    def counting(self) -> "ReturnQuerySet":
        """The returns whose items count as returned: all but the rejected ones."""
        return self.exclude(status=ReturnStatus.REJECTED)


class Return(ChoiceLabels, models.Model):
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="returns")
    sequence = models.PositiveIntegerField(_("retournummer"))  # 1, 2, … within the order
    status = models.CharField(_("status"), max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.REGISTERED)
    reason = models.ForeignKey(
        ReturnReason, verbose_name=_("retour reden"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.ForeignKey(
        ReturnAction, verbose_name=_("retour actie"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("notitie"), blank=True)
    refund_shipping = models.BooleanField(_("verzendkosten terugbetalen"), default=False)
    shipping_amount = models.DecimalField(_("verzendkosten"), max_digits=12, decimal_places=2, default=Decimal("0"))
    amount = models.DecimalField(_("terug te betalen bedrag"), max_digits=12, decimal_places=2)  # lines + shipping
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_changed_at = models.DateTimeField(_("status gewijzigd op"), null=True, blank=True)
    # The credit invoice made from this return: from then on the return is locked.
    credit_invoice = models.OneToOneField(
        "invoicing.Invoice",
        verbose_name=_("creditfactuur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credited_return",
    )
    refunded_at = models.DateTimeField(_("terugbetaald op"), null=True, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReturnQuerySet.as_manager()

    class Meta:
        verbose_name = _("retour")
        verbose_name_plural = _("retouren")
        ordering = ["order", "sequence"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="return_recent"),
            models.Index(fields=["status", "-created_at", "-id"], name="return_status_recent"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["order", "sequence"], name="return_unique_sequence"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="return_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.sequence}"

    def lines_with_order_lines(self):
        """This return's lines with their order lines. The filter on the order is for PostgreSQL's sake: it then
        reads the order's lines by order_id instead of merge-joining by walking every order line's primary key."""
        return self.lines.filter(order_line__order_id=self.order_id).select_related("order_line")

    @property
    def is_locked(self) -> bool:
        return self.credit_invoice_id is not None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_refunded(self) -> bool:
        return self.refunded_at is not None


class ReturnLine(models.Model):
    ret = models.ForeignKey(Return, on_delete=models.PROTECT, related_name="lines", db_column="return_id")
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.PROTECT, related_name="return_lines")
    quantity = models.PositiveIntegerField(_("aantal"))
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)  # incl. VAT, this line's share

    class Meta:
        verbose_name = _("retourregel")
        verbose_name_plural = _("retourregels")
        constraints = [
            models.UniqueConstraint(fields=["ret", "order_line"], name="returnline_unique_order_line"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="returnline_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.order_line.product_name}"
