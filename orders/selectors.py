import base64
import binascii
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from backoffice import blocks
from backoffice.compiled import CompiledQuery
from backoffice.models import ShopSettings
from backoffice.money import VatLine

from . import ledger, sorting
from .forms import CUSTOM_STATUS_PREFIX
from .models import Order, OrderLine, OrderQuerySet, normalize_postcode, order_vat_breakdown, sees_orders

CAPPED_COUNT_SECONDS = 60  # bounded_count
NUMBER_RE = re.compile(r"^([A-Za-z]*)0*(\d{1,12})$")
POSTCODE_RE = re.compile(r"^\d{4}\s?[A-Za-z]{0,2}$")


def _prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds such that `lower <= value < upper` means `value.startswith(prefix)`, usable by a plain btree."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def order_search_q(q: str) -> Q:
    """What the one search box matches: order number, customer name, e-mail, postcode.

    Digits alone mean an order number or a postcode, not a name. Each branch is answerable from an index
    (see the Order indexes and the trigram migration).
    """
    condition = Q(pk__in=[])
    if not q.isdigit():
        condition |= Q(billing_name__icontains=q) | Q(shipping_name__icontains=q)
        if " " not in q:  # an e-mail address has no spaces
            condition |= Q(email__icontains=q)
    if match := NUMBER_RE.match(q):
        letters, digits = match.groups()
        prefix = letters.upper() or ShopSettings.load().order_prefix
        condition |= Q(number__in={q.upper(), f"{prefix}{int(digits):05d}", f"{prefix}{digits}"})
    if POSTCODE_RE.match(q):
        lower, upper = _prefix_range(normalize_postcode(q))
        condition |= Q(billing_postcode__gte=lower, billing_postcode__lt=upper)
        condition |= Q(shipping_postcode__gte=lower, shipping_postcode__lt=upper)
    return condition


def order_filter(queryset: OrderQuerySet, filters: dict) -> OrderQuerySet:
    if customer_id := filters.get("customer"):  # one customer's orders (Bekijk klant)
        queryset = queryset.filter(customer_id=customer_id)
    if q := filters.get("q"):
        queryset = queryset.filter(order_search_q(q))
    if status := filters.get("status"):
        # The orders whose badge says it: a custom status, or a system status with no custom status over it.
        if status.startswith(CUSTOM_STATUS_PREFIX):
            queryset = queryset.filter(custom_status_id=int(status.removeprefix(CUSTOM_STATUS_PREFIX)))
        else:
            queryset = queryset.filter(status=status, custom_status__isnull=True)
    if payment_status := filters.get("payment_status"):
        queryset = queryset.filter(payment_status=payment_status)
    if shipment_status := filters.get("shipment_status"):
        queryset = queryset.filter(shipment_status=shipment_status)
    if filters.get("address_check"):  # the geocoder did not find an address (addresses app)
        queryset = queryset.filter(address_check=True)
    if payment_method := filters.get("payment_method"):
        queryset = queryset.filter(payment_method=payment_method)
    if carrier := filters.get("carrier"):
        queryset = queryset.filter(carrier=carrier)
    if country := filters.get("country"):  # the shipping country: where the parcel goes
        queryset = queryset.filter(shipping_country=country)
    if (total_from := filters.get("total_from")) is not None:
        queryset = queryset.filter(total__gte=total_from)
    if (total_to := filters.get("total_to")) is not None:
        queryset = queryset.filter(total__lte=total_to)
    if filters.get("unanswered_tickets"):  # a customer's question waits for an answer (tickets app)
        queryset = queryset.filter(unanswered_tickets__gt=0)
    if filters.get("open_tasks"):  # a colleague's to-do not done yet (tasks app)
        queryset = queryset.filter(open_tasks__gt=0)
    zone = timezone.get_current_timezone()
    if placed_from := filters.get("placed_from"):
        queryset = queryset.filter(placed_at__gte=datetime.combine(placed_from, time.min, zone))
    if placed_to := filters.get("placed_to"):
        queryset = queryset.filter(placed_at__lt=datetime.combine(placed_to + timedelta(days=1), time.min, zone))
    if days := filters.get("placed_before_days"):  # placed more than `days` days ago (a saved view's "> 14 dagen")
        queryset = queryset.filter(placed_at__lt=timezone.now() - timedelta(days=days))
    return queryset


@dataclass(frozen=True)
class Cursor:
    """A position in the list in one sort: the values of a row's sort columns (ending in its id), the sort they
    belong to, and which way to read from it. A cursor only means something in its own sort."""

    values: tuple
    sort: str = sorting.DEFAULT_SORT
    backwards: bool = False

    @classmethod
    def of(cls, order: Order, sort: str = sorting.DEFAULT_SORT, *, backwards: bool = False) -> "Cursor":
        return cls(values=sorting.Sort(sort).values_of(order), sort=sort, backwards=backwards)

    def encode(self) -> str:
        raw = json.dumps(
            ["b" if self.backwards else "a", self.sort, [_text(value) for value in self.values]], separators=(",", ":")
        )
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> "Cursor":
        """Raises ValueError for anything that is not a cursor we made."""
        if len(token) > 1000:
            raise ValueError("invalid cursor")
        try:
            direction, sort, values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode())
        except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as error:
            raise ValueError("invalid cursor") from error
        if direction not in {"a", "b"} or not isinstance(sort, str) or sort not in dict(sorting.SORT_CHOICES):
            raise ValueError("invalid cursor")
        return cls(values=sorting.Sort(sort).parse(values), sort=sort, backwards=direction == "b")


def _text(value) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


@dataclass(frozen=True)
class OrderPage:
    orders: list[Order]
    count: int | None  # None: not counted (a text search with more than one page)
    count_is_capped: bool  # more than `count` orders match
    next_cursor: str | None
    previous_cursor: str | None
    sort: str = sorting.DEFAULT_SORT


LIST_COLUMNS = [
    "id", "number", "placed_at", "billing_name", "billing_company", "email", "total", "currency",
    "payment_status", "shipment_status", "status", "is_on_hold", "hold_reason",  # the reason: the badge's tooltip
    "unanswered_tickets",  # the marker of a customer's question waiting for an answer (tickets)
    "custom_status", "custom_status__names", "custom_status__colour",  # a custom status's badge (joined)
    "address_check",  # the "Adres controleren" marker
]  # fmt: skip


def order_list(*, user, filters: dict, cursor: Cursor | None = None, per_page: int | None = None) -> OrderPage:
    """One page of the orders list by keyset pagination: no OFFSET, and a count that stops at a limit.

    The rows are in the order of `filters["sort"]` (newest first without one); `cursor` must be of that sort (the
    view refuses another). A text search is not counted beyond its page: its matches are scattered over the whole
    table, and counting them costs more than finding the first 25. (On one page its count is simply the rows shown.)

    Two queries whatever the page or the number of orders.
    """
    per_page = per_page or settings.ORDERS_PER_PAGE
    sort = sorting.sort_named(filters.get("sort"))
    if cursor is not None and cursor.sort != sort.name:
        raise ValueError(f"a cursor of sort {cursor.sort!r} in a list sorted by {sort.name!r}")
    matching = order_filter(Order.objects.for_staff(user), filters)
    page = matching.select_related("custom_status").only(*LIST_COLUMNS)
    if cursor is None:
        rows = list(page.order_by(*sort.order_by())[: per_page + 1])
        has_more, has_less = len(rows) > per_page, False
        rows = rows[:per_page]
    elif not cursor.backwards:
        rows = list(sort.after(page, cursor.values).order_by(*sort.order_by())[: per_page + 1])
        has_more, has_less = len(rows) > per_page, True
        rows = rows[:per_page]
    else:
        rows = list(
            sort.after(page, cursor.values, reverse=True).order_by(*sort.order_by(reverse=True))[: per_page + 1]
        )
        has_more, has_less = True, len(rows) > per_page
        rows = list(reversed(rows[:per_page]))
    limit = settings.ORDERS_COUNT_LIMIT
    if not filters.get("q"):
        count = bounded_count(matching, filters)
    elif cursor is None and not has_more:
        count = len(rows)
    else:
        count = None
    return OrderPage(
        orders=rows,
        count=min(count, limit) if count is not None else None,
        count_is_capped=count is not None and count > limit,
        next_cursor=Cursor.of(rows[-1], sort.name).encode() if rows and has_more else None,
        previous_cursor=Cursor.of(rows[0], sort.name, backwards=True).encode() if rows and has_less else None,
        sort=sort.name,
    )


def bounded_count(matching: OrderQuerySet, filters: dict) -> int:
    """How many orders `matching` (the orders that pass `filters`) holds, counted up to one over the list's limit.

    A count over the limit ("meer dan 10.000") is kept in the cache for CAPPED_COUNT_SECONDS per set of filters: the
    bounded count reads 10,001 index entries (~1 ms at a million orders) on every first page and every filter of a
    large shop, and "more than 10,000" stays true while orders come in. Only a mass change could make it false
    within the minute. A count under the limit is never cached: it changes with every new order. Every staff member
    sees every order (`Order.objects.for_staff`), so the count is the same for all of them.
    """
    limit = settings.ORDERS_COUNT_LIMIT
    key = (
        "orders:capped-count:"
        + hashlib.sha256(
            repr((limit, sorted((name, value) for name, value in filters.items() if name != "sort"))).encode()
        ).hexdigest()
    )
    if (count := cache.get(key)) is not None:
        return count
    count = matching.order_by()[: limit + 1].count()
    if count > limit:
        cache.set(key, count, CAPPED_COUNT_SECONDS)
    return count


def order_ids_matching(*, user, filters: dict, limit: int) -> list[int]:
    """The ids of the orders the list shows for `filters`, in the list's order (its sort), at most `limit` of them.
    One query.

    For actions on "all orders that match the filter": ask for one more than you accept to know there are more.
    """
    matching = order_filter(Order.objects.for_staff(user), filters)
    return list(matching.order_by(*sorting.order_by(filters)).values_list("id", flat=True)[:limit])


def order_for_dashboard(*, user, number: str, presence: bool = False) -> Order:
    """The order the dashboard and its blocks and tabs are about. Raises Order.DoesNotExist. With `presence` (the
    dashboard) also whether it has anything for the blocks that registered their presence (backoffice/blocks.py).
    Every order page and partial reads it: its SQL is compiled once (backoffice/compiled.py)."""
    if not sees_orders(user):
        raise Order.DoesNotExist
    found = _ORDER_PAGE[presence].fetch(number=number)
    if not found:
        raise Order.DoesNotExist
    return found[0]


def _order_page(number: str, *, presence: bool) -> OrderQuerySet:
    orders = Order.objects.select_related("customer", "custom_status")
    if presence:
        orders = orders.annotate(**blocks.presence_annotations())
    return orders.filter(number=number)


_ORDER_PAGE = {
    presence: CompiledQuery(Order, functools.partial(_order_page, presence=presence)) for presence in (False, True)
}


@dataclass(frozen=True)
class ProductsBlock:
    lines: list[OrderLine]
    ledger_columns: list[ledger.Column]  # shipped, invoiced, returned, credited: each from its own app
    ledger: list[ledger.LedgerRow]  # per line: ordered (the line's quantity) and its quantity in each column
    item_count: int
    subtotal: Decimal
    discount_total: Decimal
    shipping_method: str
    shipping_cost: Decimal
    vat_lines: list[VatLine]
    vat_total: Decimal
    total: Decimal


def products_block(order: Order) -> dict:
    """The Product block and the Producten tab: the ordered lines with where every item is (the ledger) and the
    totals. One query for the lines and one for the ledger (orders/ledger.py), however many lines; none when another
    block of the same dashboard read them already (the Retour block)."""
    lines = order.lines_by_position()
    vat_lines = order_vat_breakdown(order, lines)
    columns, rows = ledger.order_ledger(order)
    return {
        "products": ProductsBlock(
            lines=lines,
            ledger_columns=columns,
            ledger=rows,
            item_count=sum(line.quantity for line in lines),
            subtotal=order.subtotal,
            discount_total=order.discount_total,
            shipping_method=order.shipping_method,
            shipping_cost=order.shipping_cost,
            vat_lines=vat_lines,
            vat_total=sum((line.vat for line in vat_lines), Decimal("0.00")),
            total=order.total,
        )
    }
