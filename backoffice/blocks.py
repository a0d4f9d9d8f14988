"""The dashboard's block and tab registry, and the orders list's actions.

`orders` composes the order dashboard and the orders list without importing any block app: each app
registers its blocks, tabs and list actions in its AppConfig.ready(). A block is one template partial plus one
selector that returns its context; the block's own URL renders the same partial, so the dashboard's first paint
is one request and afterwards each block refreshes alone.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import TextChoices


class Slot(TextChoices):
    """Where a block sits on the dashboard, as the seed lays it out."""

    LEFT = "left"  # Factuuradres, Betaalmethoden, Facturen
    RIGHT = "right"  # Verzendadres, Verzendmethoden, Verzendingen
    MAIN = "main"  # status bar, Klant, Taken, Retour, Memo
    BOTTOM = "bottom"  # Product, across the whole width


@dataclass(frozen=True)
class Block:
    name: str
    slot: Slot
    position: int
    template: str  # "app/file.html#partial"
    context: Callable[..., dict]  # (order) -> template context; (order, user) with for_user
    # A block that differs per person (Taken: what you may change; Memo: what is unread for you) gets the user too.
    for_user: bool = False
    # Whether an order has anything for this block, as an expression on the order's row (an Exists() over
    # OuterRef("pk")): the dashboard reads it with the order, and the selector of an order with nothing skips its
    # own query (`nothing_for`). Most orders have no tasks and no memos.
    presence: Callable[[], Any] | None = None


@dataclass(frozen=True)
class Tab:
    name: str
    label: str
    url_name: str  # reversed with the order number
    position: int


@dataclass(frozen=True)
class Action:
    """A button in the dashboard's bottom bar (Klant inlichten, Betaalherinnering, kopiëren, wacht, annuleren)."""

    name: str
    label: str
    url_name: str  # reversed with the order number; GET opens its dialog, POST performs it
    position: int
    available: Callable[[Any], bool] = lambda order: True
    danger: bool = False
    # Shown but not possible: (order) -> why not, or None. The same rule the action's service refuses with.
    refusal: Callable[[Any], str | None] = lambda order: None
    refused: str = ""  # filled in by actions_for() for one order


@dataclass(frozen=True)
class ListAction:
    """A button above VERKOOP > Orders that works on the chosen orders (Pakbonnen printen).

    The list's form POSTs to the action's URL: `order` (ids; `page_orders` is the page's ids, space-separated,
    when "select all on this page" is ticked) or `all_matching` with `filter`, the list's query string.
    """

    name: str
    label: str
    url_name: str  # reversed without arguments
    position: int


_blocks: dict[str, Block] = {}
_actions: dict[str, Action] = {}
_tabs: dict[str, Tab] = {}
_list_actions: dict[str, ListAction] = {}


def register_block(block: Block) -> None:
    _blocks[block.name] = block


def presence_annotations() -> dict[str, Any]:
    """`has_<block>` for every block that registered its presence: for the dashboard's one order query."""
    return {f"has_{block.name}": block.presence() for block in _blocks.values() if block.presence is not None}


def nothing_for(order, name: str) -> bool:
    """Whether `order` was read with the block's presence (`presence_annotations`) and has nothing for it. False
    when it was read without: the selector then reads as always."""
    return order.__dict__.get(f"has_{name}") is False


def register_tab(tab: Tab) -> None:
    _tabs[tab.name] = tab


def register_action(action: Action) -> None:
    _actions[action.name] = action


def register_list_action(action: ListAction) -> None:
    _list_actions[action.name] = action


def list_actions() -> list[ListAction]:
    return sorted(_list_actions.values(), key=lambda action: action.position)


def actions_for(order) -> list[Action]:
    """The bar's actions for `order`: those available, each with `refused` set when it is shown as not possible."""
    offered = sorted((action for action in _actions.values() if action.available(order)), key=lambda a: a.position)
    return [replace(action, refused=action.refusal(order) or "") for action in offered]


def blocks_in(slot: Slot) -> list[Block]:
    return sorted((block for block in _blocks.values() if block.slot == slot), key=lambda b: b.position)


def tabs() -> list[Tab]:
    return sorted(_tabs.values(), key=lambda tab: tab.position)
