"""An order's history as the tests read it."""

from history.models import OrderEvent


def event_types(order) -> list[str]:
    """The types of the order's history events, oldest first."""
    return list(OrderEvent.objects.filter(order=order).order_by("id").values_list("type", flat=True))
