from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history import registry


@registry.event_types
class OrderEventType(TextChoices):
    ORDER_CREATED = "ORDER_CREATED", gettext_lazy("Order aangemaakt")


@registry.formatter(OrderEventType.ORDER_CREATED)
def _order_created(data: dict) -> str:
    if data.get("copied_from"):
        return _("Order %(number)s aangemaakt als kopie van %(copied_from)s.") % data
    return _("Order %(number)s geplaatst in de webwinkel.") % data
