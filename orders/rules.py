"""The rules of order actions that need only the order row. The service refuses with the same check the
bottom bar uses to show an action as not possible, so a button never promises what the service refuses."""

from django.utils.translation import gettext as _

from .models import Order, ShipmentStatus


def cancel_refusal(order: Order) -> str | None:
    """Why this order cannot be cancelled now, or None when it can."""
    if order.is_cancelled:
        return _("Deze order is al geannuleerd.")
    if order.shipment_status != ShipmentStatus.NOT_SHIPPED:
        return _("Er is al (een deel van) deze order verzonden; annuleren kan niet meer.")
    return None
