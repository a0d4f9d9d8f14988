"""The payment side of an order's history: set to paid, set back to unpaid."""

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history import registry
from orders.models import PaymentMethod


@registry.event_types
class PaymentEventType(TextChoices):
    PAYMENT_MARKED_PAID = "PAYMENT_MARKED_PAID", gettext_lazy("Op betaald gezet")
    PAYMENT_MARKED_UNPAID = "PAYMENT_MARKED_UNPAID", gettext_lazy("Op niet betaald gezet")


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
