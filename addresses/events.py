"""The addresses side of an order's history: the "adres controleren" flag set and cleared by geocoding."""

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history import registry

KIND_LABELS = {"billing": gettext_lazy("factuuradres"), "shipping": gettext_lazy("verzendadres")}


@registry.event_types
class AddressEventType(TextChoices):
    ADDRESS_NOT_FOUND = "ADDRESS_NOT_FOUND", gettext_lazy("Adres niet gevonden")
    ADDRESS_CHECK_CLEARED = "ADDRESS_CHECK_CLEARED", gettext_lazy("Adres gevonden")


def _kinds(data: dict) -> str:
    return _(" en ").join(str(KIND_LABELS.get(kind, kind)) for kind in data["kinds"])


@registry.formatter(AddressEventType.ADDRESS_NOT_FOUND)
def _address_not_found(data: dict) -> str:
    return _("Adres niet gevonden (%(kinds)s): de order staat op “adres controleren”.") % {"kinds": _kinds(data)}


@registry.formatter(AddressEventType.ADDRESS_CHECK_CLEARED)
def _address_check_cleared(data: dict) -> str:
    return _("Het adres is nu gevonden: “adres controleren” is eraf.")
