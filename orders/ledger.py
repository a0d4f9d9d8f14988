"""Where every item of an order is: the per-line ledger (ordered / shipped / invoiced / returned / credited).

`orders` knows only the ordered quantity; the apps that move items register a column here in their
AppConfig.ready() (shipping: shipped; invoicing: invoiced, credited; returns: returned), like blocks and tabs. A
column is a grouped query `order -> rows of (order line id, quantity)` (`.values("order_line_id")
.annotate(quantity=…)`), and optionally what the rows alone cannot say (`complete`: an order marked shipped in full
without packing slips). The ledger runs every column's query as one UNION ALL: one query however many lines and
columns, so the Product block's query count grows with neither. That query is compiled to SQL once per process
(backoffice/compiled.py: building and compiling it took four times as long as running it), so a column's query may
use the order's id and nothing else of the order. Apps above `orders` also read other apps' columns
through `quantities()` (returns asks for "shipped") without importing them.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, QuerySet, Value
from django.utils.translation import gettext as _

from backoffice.compiled import CompiledQuery

from .models import Order, OrderLine

# order -> .values("order_line_id").annotate(quantity=…): one row per order line, from the order's id alone
Rows = Callable[[Any], QuerySet]
Complete = Callable[[Any, list, dict[int, int]], dict[int, int]]  # (order, lines, what the rows say) -> quantities


@dataclass(frozen=True)
class Column:
    name: str  # "shipped"
    label: str  # "Verzonden"
    position: int
    rows: Rows
    complete: Complete | None = None

    def quantities(self, order, lines: list, found: dict[int, int]) -> dict[int, int]:
        found = self.complete(order, lines, found) if self.complete is not None else found
        return {line.pk: found.get(line.pk, 0) for line in lines}


_columns: dict[str, Column] = {}


def register_column(column: Column) -> None:
    _columns[column.name] = column
    _union.cache_clear()


def columns() -> list[Column]:
    return sorted(_columns.values(), key=lambda column: column.position)


def quantities(name: str, order, lines: list) -> dict[int, int]:
    """One column for `lines` of `order` (0 for every line when no app registered it). One query."""
    column = _columns.get(name)
    if column is None:
        return {line.pk: 0 for line in lines}
    return column.quantities(order, lines, dict(column.rows(order).values_list("order_line_id", "quantity")))


@dataclass(frozen=True)
class LedgerRow:
    line: Any  # OrderLine
    cells: list[tuple[Column, int]]  # (column, quantity), in column order

    def quantity(self, name: str) -> int:
        """This line's quantity in the column `name`, 0 when no app registered it."""
        return next((quantity for column, quantity in self.cells if column.name == name), 0)

    @property
    def summary(self) -> str:
        """One line of text for the Product block: "Besteld 2 · Verzonden 2 · Gefactureerd 2 · Retour 1 · …".
        Made here rather than by a loop in the template: the block of a 40-line order renders it 40 times."""
        parts = [f"{_('Besteld')} {self.line.quantity}"]
        parts += [f"{column.label} {quantity}" for column, quantity in self.cells]
        return " · ".join(parts)


def ledger(order, lines: list) -> tuple[list[Column], list[LedgerRow]]:
    """The registered columns and, per line, its quantity in each: one query for all columns (UNION ALL)."""
    registered = columns()
    found: dict[str, dict[int, int]] = {column.name: {} for column in registered}
    if registered:
        for name, line_id, quantity in _union().fetch(order_id=order.pk):
            found[name][line_id] = quantity
    per_column = {column.name: column.quantities(order, lines, found[column.name]) for column in registered}
    rows = [LedgerRow(line, [(column, per_column[column.name][line.pk]) for column in registered]) for line in lines]
    return registered, rows


def union_of_columns(order_id: int) -> QuerySet:
    """Every column's rows for the order as (column name, order line id, quantity): one UNION ALL."""
    order = Order(pk=order_id)
    parts = [
        column.rows(order)
        .order_by()  # a model's default ordering has no place in a UNION member (SQLite refuses it)
        .annotate(column=Value(column.name, output_field=CharField()))
        .values_list("column", "order_line_id", "quantity")
        for column in columns()
    ]
    return parts[0].union(*parts[1:], all=True)


@functools.cache
def _union() -> CompiledQuery:
    """The union of the columns registered so far, compiled once (registering a column starts afresh)."""
    return CompiledQuery(OrderLine, union_of_columns)


def order_ledger(order) -> tuple[list[Column], list[LedgerRow]]:
    """The ledger of all the order's lines, read once per Order instance (`Order.read_once`): the Retour block asks
    it what was shipped and the Product block shows it, so a dashboard runs its query once."""
    return order.read_once("orders.ledger", lambda: ledger(order, order.lines_by_position()))
