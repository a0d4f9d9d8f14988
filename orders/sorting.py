"""The orders list's sorts: what `?sort=` may say, which columns order the rows, and the column headers' links.

Every sort is a keyset: its columns end in `id`, so they order the rows completely, and all of them run in one
direction, so "the rows after this one" is one row comparison `(total, id) < (49.95, 1234)` that a btree index on
exactly those columns answers by seeking (see the Order indexes). `-x` is the exact reverse of `x`: clicking a header
again reverses the list. None of the columns is nullable, so no row falls out of a comparison.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from .models import Order

DEFAULT_SORT = "-placed_at"

# The ascending columns of each sort. Payment status and status are few values each: within one, by date.
SORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "placed_at": ("placed_at", "id"),
    # Numbers come from a locked counter in the order's own transaction (orders.services.order_number_next), so their
    # order is the ids': as text they would sort ORD100000 before ORD99999.
    "number": ("id",),
    "customer": ("billing_name", "id"),  # the name the list shows first in the Klant column
    "total": ("total", "id"),
    "payment_status": ("payment_status", "placed_at", "id"),
    "status": ("status", "placed_at", "id"),  # the system status (a custom status shows over it, not sorted on)
}
SORT_CHOICES = [
    ("-placed_at", _("Nieuwste eerst")),
    ("placed_at", _("Oudste eerst")),
    ("number", _("Ordernummer oplopend")),
    ("-number", _("Ordernummer aflopend")),
    ("customer", _("Klant A–Z")),
    ("-customer", _("Klant Z–A")),
    ("total", _("Totaal laag–hoog")),
    ("-total", _("Totaal hoog–laag")),
    ("payment_status", _("Betaalstatus oplopend")),
    ("-payment_status", _("Betaalstatus aflopend")),
    ("status", _("Status oplopend")),
    ("-status", _("Status aflopend")),
]


@dataclass(frozen=True)
class Sort:
    name: str  # a value of ?sort=, e.g. "-total"

    @property
    def column_key(self) -> str:
        return self.name.removeprefix("-")

    @property
    def descending(self) -> bool:
        return self.name.startswith("-")

    @property
    def columns(self) -> tuple[str, ...]:
        return SORT_COLUMNS[self.column_key]

    def order_by(self, *, reverse: bool = False) -> list[str]:
        descending = self.descending != reverse
        return [f"-{column}" if descending else column for column in self.columns]

    def after(self, queryset: QuerySet, values: tuple, *, reverse: bool = False) -> QuerySet:
        """The rows that come after the row whose sort columns hold `values` (before it, `reverse`)."""
        table = connection.ops.quote_name(Order._meta.db_table)
        columns = ", ".join(
            f"{table}.{connection.ops.quote_name(Order._meta.get_field(c).column)}" for c in self.columns
        )
        operator = "<" if self.descending != reverse else ">"
        placeholders = ", ".join(["%s"] * len(values))
        # A row comparison: Django's ORM has no public one, and the OR-expansion (a < x OR a = x AND id < y) is not
        # an index condition, so a deep page would read every row before it.
        condition = RawSQL(f"({columns}) {operator} ({placeholders})", values, output_field=BooleanField())
        return queryset.filter(condition)

    def values_of(self, order: Order) -> tuple:
        return tuple(getattr(order, column) for column in self.columns)

    def parse(self, raw: list) -> tuple:
        """The values of a cursor back from their JSON form; ValueError when they are not this sort's."""
        if not isinstance(raw, list) or len(raw) != len(self.columns) or not all(isinstance(v, str) for v in raw):
            raise ValueError("invalid cursor values")
        return tuple(_parse_value(column, value) for column, value in zip(self.columns, raw, strict=True))


def _parse_value(column: str, value: str):
    if column == "id":
        if not (value.isascii() and value.isdigit()) or len(value) > 18:
            raise ValueError("invalid id")
        return int(value)
    if column == "placed_at":
        moment = parse_datetime(value)
        if moment is None or moment.tzinfo is None:
            raise ValueError("invalid moment")
        return moment
    if column == "total":
        try:
            amount = Decimal(value)
        except InvalidOperation as error:
            raise ValueError("invalid amount") from error
        if not amount.is_finite() or abs(amount) >= Decimal("1e10"):
            raise ValueError("invalid amount")
        return amount
    if len(value) > Order._meta.get_field(column).max_length or "\x00" in value:  # PostgreSQL text has no NUL
        raise ValueError("invalid text")
    return value


def sort_named(name: str | None) -> Sort:
    """The sort `?sort=` names, the default (newest first) for nothing or anything unknown."""
    return Sort(name if name in dict(SORT_CHOICES) else DEFAULT_SORT)


def order_by(filters: dict) -> list[str]:
    """The `order_by` of the list for `filters` (their `sort`): for every query that must follow the list's order."""
    return sort_named(filters.get("sort")).order_by()


@dataclass(frozen=True)
class SortLink:
    url: str  # the list with this header's sort (the other parameters kept, the cursor dropped)
    aria_sort: str  # "ascending" / "descending" on the sorted column, "" elsewhere


# The first click on a header sorts it this way; the date is sorted newest first already (the default).
FIRST_CLICK = {"placed_at": "placed_at", "number": "number", "customer": "customer", "total": "-total",
               "payment_status": "payment_status", "status": "status"}  # fmt: skip


def sort_links(query, current: str | None) -> dict[str, SortLink]:
    """Per column key: the header's link and aria-sort. `query`: the list's QueryDict (copied, not changed)."""
    sort = sort_named(current)
    links = {}
    for key, first in FIRST_CLICK.items():
        params = query.copy()
        params.pop("cursor", None)
        if key == sort.column_key:
            target = key if sort.descending else f"-{key}"
            aria = "descending" if sort.descending else "ascending"
        else:
            target, aria = first, ""
        params["sort"] = target
        links[key] = SortLink(url=f"?{params.urlencode()}", aria_sort=aria)
    return links
