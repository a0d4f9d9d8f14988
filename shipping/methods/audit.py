"""Verzendmethoden in the configuration log (backoffice/audit.py)."""

from django.utils.translation import gettext_lazy as _

from backoffice import audit
from orders.models import Carrier

from ..models import ShippingMethod
from .services import AUDITED_FIELDS


def register_area() -> None:
    audit.register_area(
        audit.Area(
            key="shipping_method",
            label=_("Verzendmethode"),
            fields={name: ShippingMethod._meta.get_field(name).verbose_name for name in AUDITED_FIELDS},
            formats={"carrier": lambda value: str(dict(Carrier.choices).get(value, value))},
            position=30,
        )
    )
