"""The shipping side of an order's history: packing slips made, parcels shipped."""

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history import registry


@registry.event_types
class ShippingEventType(TextChoices):
    SHIPMENT_CREATED = "SHIPMENT_CREATED", gettext_lazy("Pakbon aangemaakt")
    SHIPMENT_SHIPPED = "SHIPMENT_SHIPPED", gettext_lazy("Verzonden")


def _items(data: dict) -> str:
    return ", ".join(f"{quantity} × {name}" for name, quantity in data["items"])


@registry.formatter(ShippingEventType.SHIPMENT_CREATED)
def _shipment_created(data: dict) -> str:
    return _("Pakbon %(number)s aangemaakt: %(items)s.") % {"number": data["number"], "items": _items(data)}


@registry.formatter(ShippingEventType.SHIPMENT_SHIPPED)
def _shipment_shipped(data: dict) -> str:
    numbers = ", ".join(data["numbers"])
    if data.get("tracking_code"):
        sentence = _("Verzonden (pakbon %(numbers)s) met Track & Trace-code %(code)s.") % {
            "numbers": numbers,
            "code": data["tracking_code"],
        }
    else:
        sentence = _("Verzonden (pakbon %(numbers)s).") % {"numbers": numbers}
    if data.get("email_id"):
        sentence += " " + (
            _("De klant kreeg de Track & Trace-e-mail.")
            if data.get("tracking_code")
            else _("De klant kreeg de e-mail “Order verzonden”.")
        )
    return sentence
