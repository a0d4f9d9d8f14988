"""The payment side of an order's history: set to paid, set back to unpaid, payment reminders."""

from decimal import Decimal

from django.db.models import TextChoices
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from backoffice.money import format_money
from history import registry
from orders.models import PaymentMethod


@registry.event_types
class PaymentEventType(TextChoices):
    PAYMENT_MARKED_PAID = "PAYMENT_MARKED_PAID", gettext_lazy("Op betaald gezet")
    PAYMENT_MARKED_UNPAID = "PAYMENT_MARKED_UNPAID", gettext_lazy("Op niet betaald gezet")
    PAYMENT_REMINDER_SENT = "PAYMENT_REMINDER_SENT", gettext_lazy("Betaalherinnering verstuurd")


def _method_label(value: str) -> str:
    """The payment method's name; a method the shop no longer knows is shown as it was stored."""
    try:
        return str(PaymentMethod(value).label)
    except ValueError:
        return value


@registry.formatter(PaymentEventType.PAYMENT_MARKED_PAID)
def _payment_marked_paid(data: dict) -> str:
    return _("Order op betaald gezet (%(method)s).") % {"method": _method_label(data["method"])}


@registry.formatter(PaymentEventType.PAYMENT_MARKED_UNPAID)
def _payment_marked_unpaid(data: dict) -> str:
    return _("Order op niet betaald gezet.")


@registry.formatter(PaymentEventType.PAYMENT_REMINDER_SENT)
def _payment_reminder_sent(data: dict) -> str:
    values = {
        "to": data["to"],
        "amount": format_money(Decimal(data["amount_due"]), get_language() or "nl"),
        "invoice": data["invoice_number"],
    }
    if data["invoice_number"]:
        sentence = _("Betaalherinnering naar %(to)s: %(amount)s open, factuur %(invoice)s als bijlage.") % values
    else:
        sentence = _("Betaalherinnering naar %(to)s: %(amount)s open, zonder factuur.") % values
    if data["automatic"]:
        sentence += " " + _("Automatisch verstuurd.")
    return sentence
