"""Every read of the status app: the Status block and the list of ALGEMEEN > Instellingen > Workflow > Order status."""

from dataclasses import dataclass

from orders.models import Order, active_custom_statuses

from .models import CustomStatus


@dataclass(frozen=True)
class StatusBlock:
    system_label: str  # the system status, always shown ("systeemstatus: …" under a custom one)
    custom: CustomStatus | None
    choices: list[CustomStatus]  # what the drop-down offers: the active statuses, and the order's own if inactive
    can_choose: bool  # not for a cancelled order, nor when the shop has no active custom status


def status_block(order: Order) -> dict:
    """The Status block: the order's status as staff see it, and the drop-down. One query (the active statuses,
    compiled once); the order comes with its custom status (select_related)."""
    choices = active_custom_statuses()
    custom = order.custom_status if order.custom_status_id is not None else None
    if custom is not None and not custom.is_active:
        choices.append(custom)
    return {
        "status_block": StatusBlock(
            system_label=order.get_status_display(),
            custom=custom,
            choices=choices,
            can_choose=bool(choices) and not order.is_cancelled,
        )
    }


def custom_status_list() -> list[CustomStatus]:
    """The settings page: every custom status, active and not, in the order of the drop-down. One query."""
    return list(CustomStatus.objects.in_order())
