from django.db import transaction

from . import registry
from .models import OrderEvent


def record(order, event_type, *, actor=None, at=None, submit_key=None, **data) -> OrderEvent:
    """Append one event to the order's history, inside the service's own transaction.

    `data` holds what the sentence needs (JSON-serialisable); the sentence itself is formatted when read.
    `at` is when it happened, if not now (an order placed in the webshop earlier than it reaches us).
    `submit_key` is the key of the form that asked for it (backoffice/forms/submit_key.py), for `earlier_submit`.
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
        data=data | ({"submit_key": str(submit_key)} if submit_key else {}),
        **({"created_at": at} if at is not None else {}),
    )


def earlier_submit(order, event_type, submit_key) -> OrderEvent | None:
    """The `event_type` event an earlier submit of the same form (`submit_key`) recorded on `order`, or None (also
    without a key).

    Ask it under the order's row lock: a second click waits for the first one's transaction, then finds its event.
    """
    if not submit_key:
        return None
    return (
        OrderEvent.objects.filter(order=order, type=str(event_type), data__submit_key=str(submit_key))
        .order_by("pk")
        .first()
    )
