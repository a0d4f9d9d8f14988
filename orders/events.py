from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history import registry

from .models import CancelReason


@registry.event_types
class OrderEventType(TextChoices):
    ORDER_CREATED = "ORDER_CREATED", gettext_lazy("Order aangemaakt")
    ORDER_COPIED = "ORDER_COPIED", gettext_lazy("Order gekopieerd")
    ORDER_HELD = "ORDER_HELD", gettext_lazy("In de wacht gezet")
    ORDER_RELEASED = "ORDER_RELEASED", gettext_lazy("Uit de wacht gehaald")
    ORDER_CANCELLED = "ORDER_CANCELLED", gettext_lazy("Order geannuleerd")


@registry.formatter(OrderEventType.ORDER_CREATED)
def _order_created(data: dict) -> str:
    if data.get("copied_from"):
        return _("Order %(number)s aangemaakt als kopie van %(copied_from)s.") % data
    return _("Order %(number)s geplaatst in de webwinkel.") % data


@registry.formatter(OrderEventType.ORDER_COPIED)
def _order_copied(data: dict) -> str:
    return _("Gekopieerd naar nieuwe order %(copy)s.") % data


@registry.formatter(OrderEventType.ORDER_HELD)
def _order_held(data: dict) -> str:
    if data.get("reason"):
        return _("Order in de wacht gezet: %(reason)s") % data
    return _("Order in de wacht gezet.")


@registry.formatter(OrderEventType.ORDER_RELEASED)
def _order_released(data: dict) -> str:
    return _("Order uit de wacht gehaald.")


@registry.formatter(OrderEventType.ORDER_CANCELLED)
def _order_cancelled(data: dict) -> str:
    reason = CancelReason(data["reason"]).label
    if data.get("note"):
        return _("Order geannuleerd (%(reason)s): %(note)s") % {"reason": reason, "note": data["note"]}
    return _("Order geannuleerd (%(reason)s).") % {"reason": reason}
