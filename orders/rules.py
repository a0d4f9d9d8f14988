"""The rules of the order actions that need only the order row: when an order can be put on hold, released or
cancelled. The services enforce them under the order's lock; the bottom bar asks the same check to show an action
as not possible, so a button never promises what the service refuses."""

from django.utils.translation import gettext as _

from backoffice.roles import is_admin

from .models import Order, SavedView, ShipmentStatus


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


def saved_view_share_refusal(user) -> str | None:
    """Why `user` may not share a saved view with everyone (only a Beheerder may), or None."""
    if not is_admin(user):
        return _("Alleen een beheerder kan een weergave met iedereen delen.")
    return None


def saved_view_change_refusal(view: SavedView, user) -> str | None:
    """Why `user` may not rename or delete `view`, or None: a shared view is the Beheerder's to change, a personal one
    its owner's alone."""
    if view.is_shared:
        if not is_admin(user):
            return _("Alleen een beheerder kan een gedeelde weergave wijzigen of verwijderen.")
        return None
    if view.owner_id != user.pk:
        return _("Dit is de weergave van een collega; die kunt u niet wijzigen.")
    return None
