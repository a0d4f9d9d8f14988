from django.db import transaction

from . import registry
from .models import OrderEvent


def record(order, event_type, *, actor=None, at=None, **data) -> OrderEvent:
    """Append one event to the order's history, inside the service's own transaction.

    `data` holds what the sentence needs (JSON-serialisable); the sentence itself is formatted when read.
    `at` is when it happened, if not now (an order placed in the webshop earlier than it reaches us).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("history.record() belongs inside the service's transaction.")
    if not registry.is_registered(str(event_type)):
        raise ValueError(f"Unknown event type {event_type!r}: register it with @history.registry.event_types.")
    return OrderEvent.objects.create(
        order=order,
        type=str(event_type),
        actor=actor,
        actor_name=(actor.get_full_name() or actor.email) if actor is not None else "",
        data=data,
        **({"created_at": at} if at is not None else {}),
    )
