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


def ledger(order, lines: list) -> tuple[list[Column], list[LedgerRow]]:
    """The registered columns and, per line, its quantity in each: one query per column."""
    registered = columns()
    found = {column.name: quantities(column.name, order, lines) for column in registered}
    rows = [LedgerRow(line, [(column, found[column.name][line.pk]) for column in registered]) for line in lines]
    return registered, rows
