"""The customer side of an order's history: Klant inlichten, and corrections to the customer's data."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history import registry
from orders.models import Order

from .models import Customer

EMPTY = "—"


@registry.event_types
class CustomerEventType(TextChoices):
    CUSTOMER_INFORMED = "CUSTOMER_INFORMED", gettext_lazy("Klant ingelicht")
    CUSTOMER_UPDATED = "CUSTOMER_UPDATED", gettext_lazy("Klantgegevens gewijzigd")
    ADDRESS_UPDATED = "ADDRESS_UPDATED", gettext_lazy("Adres gewijzigd")


def _describe(model, field_name: str, change: dict) -> str:
    """'e-mailadres a@x.nl → b@x.nl', with the field's verbose name and, for a choice, its label.

    Tolerates fields that no longer exist: the history is kept forever, the model is not.
    """
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        label, choices = field_name, {}
    else:
        label, choices = str(field.verbose_name), dict(field.flatchoices)

    def shown(value) -> str:
        return str(choices.get(value, value)) if value not in ("", None) else EMPTY

    return f"{label} {shown(change['old'])} → {shown(change['new'])}"


@registry.formatter(CustomerEventType.CUSTOMER_INFORMED)
def _customer_informed(data: dict) -> str:
    return _("Bericht aan %(to)s: %(message)s") % data


@registry.formatter(CustomerEventType.CUSTOMER_UPDATED)
def _customer_updated(data: dict) -> str:
    changes = "; ".join(_describe(Customer, change["field"], change) for change in data["changes"])
    return _("Klantgegevens gewijzigd: %(changes)s") % {"changes": changes}


@registry.formatter(CustomerEventType.ADDRESS_UPDATED)
def _address_updated(data: dict) -> str:
    kind = data["kind"]
    changes = "; ".join(_describe(Order, f"{kind}_{change['field']}", change) for change in data["changes"])
    if kind == "billing":
        return _("Factuuradres gewijzigd: %(changes)s") % {"changes": changes}
    return _("Verzendadres gewijzigd: %(changes)s") % {"changes": changes}
