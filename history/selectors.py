from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from . import registry
from .models import OrderEvent


@dataclass(frozen=True)
class HistoryRow:
    id: int
    created_at: datetime
    actor: str
    label: str
    sentence: str
    email_id: int | None  # the e-mail this action sent, if any: opened from the history entry


def history_tab(order) -> list[HistoryRow]:
    """The order's history, newest first, as sentences in the active language. One query."""
    events = OrderEvent.objects.filter(order=order).order_by("-created_at", "-id")
    return [
        HistoryRow(
            id=event.id,
            created_at=event.created_at,
            actor=event.actor_name or _("Systeem"),
            label=registry.label(event.type),
            sentence=registry.sentence(event.type, event.data),
            email_id=event.data.get("email_id"),
        )
        for event in events
    ]
