"""The rules of the order actions that need only the order row: when an order can be put on hold, released or
cancelled. The services enforce them under the order's lock; the bottom bar asks the same check to show an action
as not possible, so a button never promises what the service refuses."""

from django.utils.translation import gettext as _

from .models import Order, ShipmentStatus


def hold_refusal(order: Order) -> str | None:
    """Why `order` cannot be put on hold now (In de wacht zetten), or None."""
    if order.is_cancelled:
        return _("Een geannuleerde order kan niet in de wacht worden gezet.")
    if order.is_on_hold:
        return _("Deze order staat al in de wacht.")
    if order.shipment_status == ShipmentStatus.SHIPPED:
        return _("Deze order is al helemaal verzonden.")
    return None


def release_refusal(order: Order) -> str | None:
    """Why `order` cannot be released now (Uit de wacht halen), or None."""
    if not order.is_on_hold:
        return _("Deze order staat niet in de wacht.")
    return None


def cancel_refusal(order: Order) -> str | None:
    """Why `order` cannot be cancelled now (Order annuleren): only while nothing has been shipped."""
    if order.is_cancelled:
        return _("Deze order is al geannuleerd.")
    if order.shipment_status != ShipmentStatus.NOT_SHIPPED:
        return _("Er is al (een deel van) deze order verzonden; annuleren kan niet meer.")
    return None
