"""Where every item of an order is: the per-line ledger (ordered / shipped / invoiced / returned / credited).

`orders` knows only the ordered quantity; the apps that move items register a column here in their
AppConfig.ready() (shipping: shipped; invoicing: invoiced, credited; returns: returned), like blocks and tabs. A
column is one function `(order, lines) -> {order line id: quantity}` that makes one query however many lines the
order has, so the Product block's query count does not grow with the order. Apps above `orders` also read other
apps' columns through `quantities()` (returns asks for "shipped") without importing them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

Quantities = Callable[[Any, list], dict[int, int]]  # (order, its lines) -> {order line id: quantity}


@dataclass(frozen=True)
class Column:
    name: str  # "shipped"
    label: str  # "Verzonden"
    position: int
    quantities: Quantities


_columns: dict[str, Column] = {}


def register_column(column: Column) -> None:
    _columns[column.name] = column


def columns() -> list[Column]:
    return sorted(_columns.values(), key=lambda column: column.position)


def quantities(name: str, order, lines: list) -> dict[int, int]:
    """One column for `lines` of `order` (0 for every line when no app registered it)."""
    column = _columns.get(name)
    found = column.quantities(order, lines) if column is not None else {}
    return {line.pk: found.get(line.pk, 0) for line in lines}


@dataclass(frozen=True)
class LedgerRow:
    line: Any  # OrderLine
    cells: list[tuple[Column, int]]  # (column, quantity), in column order

    @property
    def summary(self) -> str:
        """One line of text for the Product block: "Besteld 2 · Verzonden 2 · Gefactureerd 2 · Retour 1 · …".
        Made here rather than by a loop in the template: the block of a 40-line order renders it 40 times."""
        parts = [f"{_('Besteld')} {self.line.quantity}"]
        parts += [f"{column.label} {quantity}" for column, quantity in self.cells]
        return " · ".join(parts)


def ledger(order, lines: list) -> tuple[list[Column], list[LedgerRow]]:
    """The registered columns and, per line, its quantity in each: one query per column."""
    registered = columns()
    found = {column.name: quantities(column.name, order, lines) for column in registered}
    rows = [LedgerRow(line, [(column, found[column.name][line.pk]) for column in registered]) for line in lines]
    return registered, rows
