from django.db.models import TextChoices
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from history import registry

from .models import CancelReason, OrderStatus


@registry.event_types
class OrderEventType(TextChoices):
    ORDER_CREATED = "ORDER_CREATED", gettext_lazy("Order aangemaakt")
    ORDER_COPIED = "ORDER_COPIED", gettext_lazy("Order gekopieerd")
    ORDER_HELD = "ORDER_HELD", gettext_lazy("In de wacht gezet")
    ORDER_RELEASED = "ORDER_RELEASED", gettext_lazy("Uit de wacht gehaald")
    ORDER_CANCELLED = "ORDER_CANCELLED", gettext_lazy("Order geannuleerd")
    STATUS_CHANGED = "STATUS_CHANGED", gettext_lazy("Status gewijzigd")


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


def _status_label(value: str) -> str:
    return OrderStatus(value).label if value in OrderStatus.values else value


def name_in_active_language(names: dict) -> str:
    """A custom status's name as stored in an event ({"nl": …, "en": …}), in the reader's language."""
    return names.get((get_language() or "nl").split("-")[0]) or names.get("nl", "")


@registry.formatter(OrderEventType.STATUS_CHANGED)
def _status_changed(data: dict) -> str:
    sentence = _("Systeemstatus: %(previous)s → %(status)s.") % {
        "previous": _status_label(data["previous"]),
        "status": _status_label(data["status"]),
    }
    if data.get("custom_status"):
        sentence += " " + _("De eigen status “%(name)s” vervalt.") % {
            "name": name_in_active_language(data["custom_status"])
        }
    return sentence
