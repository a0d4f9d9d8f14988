"""Sorting the orders list (orders/sorting.py): every sort is a keyset, its cursor belongs to it, and walking the
pages (forwards and back) shows every row exactly once in the sort's order while orders arrive in between.

The property-based test inserts rows straight into the table (the list reads nothing else of an order): the walk is
about the order of rows, not about how an order is placed.
"""

import base64
import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orders import sorting
from orders.models import Order, OrderStatus, PaymentStatus
from orders.selectors import Cursor, order_ids_matching, order_list
from tests.orders.factories import make_order

pytestmark = pytest.mark.django_db

SORTS = [name for name, _label in sorting.SORT_CHOICES]
NOW = timezone.now().replace(microsecond=0)
_numbers = itertools.count(1)


def key(order: Order, sort: str) -> tuple:
    """The sort's key of a row, as Python compares it (the database collation is not needed: the names below are
    plain ASCII in one case)."""
    return tuple(getattr(order, column) for column in sorting.Sort(sort).columns)


def in_order(rows: list[Order], sort: str) -> bool:
    keys = [key(row, sort) for row in rows]
    wanted = sorted(keys, reverse=sorting.Sort(sort).descending)
    return keys == wanted and len(set(keys)) == len(keys)


def insert(template: Order, *, total, name, minutes, payment_status, status) -> Order:
    """A row like `template` with the sort columns given (few distinct values each, so many rows tie)."""
    fields = {
        field.attname: getattr(template, field.attname)
        for field in Order._meta.concrete_fields
        if field.attname not in {"id", "number"}
    }
    fields |= {
        "number": f"T{next(_numbers):07d}",
        "total": total,
        "billing_name": name,
        "placed_at": NOW - timedelta(minutes=minutes),
        "payment_status": payment_status,
        "status": status,
    }
    return Order.objects.create(**fields)


rows = st.fixed_dictionaries(
    {
        "total": st.sampled_from([Decimal("0.00"), Decimal("9.95"), Decimal("10.00"), Decimal("250.00")]),
        "name": st.sampled_from(["", "Aa", "Bakker", "Bakker", "Zz"]),
        "minutes": st.integers(0, 4),
        "payment_status": st.sampled_from(list(PaymentStatus)),
        "status": st.sampled_from([OrderStatus.NEW, OrderStatus.SHIPPED, OrderStatus.CANCELLED]),
    }
)


@pytest.fixture
def template(db):
    return make_order()


def walk(staff, sort: str, per_page: int, arrivals, template, *, backwards: bool) -> list[Order]:
    """Every page from the first (or from the last, backwards), inserting the next batch of `arrivals` between
    two requests. Returns the rows in the order the pages show them (backwards: turned back into list order)."""
    filters = {"sort": sort}
    page = order_list(user=staff, filters=filters, per_page=per_page)
    if backwards:  # to the last page first, then back
        while page.next_cursor:
            page = order_list(user=staff, filters=filters, per_page=per_page, cursor=Cursor.decode(page.next_cursor))
    seen = [list(page.orders)]
    batches = iter(arrivals)
    for _ in range(200):
        token = page.previous_cursor if backwards else page.next_cursor
        if token is None:
            break
        for row in next(batches, []):
            insert(template, **row)
        page = order_list(user=staff, filters=filters, per_page=per_page, cursor=Cursor.decode(token))
        seen.append(list(page.orders))
    if backwards:
        seen.reverse()
    return [row for rows_of_page in seen for row in rows_of_page]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    sort=st.sampled_from(SORTS),
    initial=st.lists(rows, min_size=0, max_size=14),
    arrivals=st.lists(st.lists(rows, max_size=3), max_size=8),
    per_page=st.integers(1, 4),
    backwards=st.booleans(),
)
def test_walking_the_pages_shows_every_row_once_in_order_while_orders_arrive(
    staff, template, sort, initial, arrivals, per_page, backwards
):
    with transaction.atomic():
        existing = [template] + [insert(template, **row) for row in initial]

        walked = walk(staff, sort, per_page, arrivals, template, backwards=backwards)

        ids = [row.pk for row in walked]
        assert len(ids) == len(set(ids)), "a row was shown twice"
        assert {row.pk for row in existing} <= set(ids), "a row was skipped"
        assert in_order(walked, sort), [key(row, sort) for row in walked]
        transaction.set_rollback(True)


@pytest.mark.parametrize("sort", SORTS)
def test_every_sort_orders_the_first_page_by_its_columns_and_the_reverse_is_the_exact_reverse(staff, template, sort):
    for total, name, minutes in [("5.00", "Bakker", 3), ("5.00", "Aa", 1), ("99.00", "Zz", 1), ("0.50", "Bakker", 2)]:
        insert(template, total=Decimal(total), name=name, minutes=minutes, payment_status="paid", status="shipped")

    shown = order_list(user=staff, filters={"sort": sort}).orders
    reverse = sort.removeprefix("-") if sort.startswith("-") else f"-{sort}"

    assert in_order(shown, sort)
    assert [o.pk for o in order_list(user=staff, filters={"sort": reverse}).orders] == [o.pk for o in reversed(shown)]


def test_by_total_highest_first(staff, template):
    low = insert(template, total=Decimal("1.00"), name="A", minutes=0, payment_status="paid", status="new")
    high = insert(template, total=Decimal("900.00"), name="B", minutes=4, payment_status="paid", status="new")

    shown = [o.pk for o in order_list(user=staff, filters={"sort": "-total"}).orders]

    assert shown[0] == high.pk and shown[-1] == low.pk


def test_a_cursor_of_another_sort_is_not_used_by_the_selector(staff, template):
    cursor = Cursor.of(template, "total")
    with pytest.raises(ValueError):
        order_list(user=staff, filters={"sort": "-total"}, cursor=cursor)


def test_the_ids_for_all_matching_follow_the_lists_sort(staff, template):
    cheap = insert(template, total=Decimal("1.00"), name="A", minutes=9, payment_status="paid", status="new")

    assert order_ids_matching(user=staff, filters={"sort": "total"}, limit=1) == [cheap.pk]


@pytest.mark.parametrize("sort", SORTS)
def test_a_cursor_survives_its_round_trip(template, sort):
    cursor = Cursor.of(template, sort, backwards=True)

    assert Cursor.decode(cursor.encode()) == cursor


@pytest.mark.parametrize(
    "token",
    [
        "",
        "x",
        "bm9wZQ",  # "nope"
        # well-formed JSON, wrong insides: unknown sort, too few values, a value that is not a number, an amount
        # that is not finite, a moment without a zone, a name longer than the column
        *(
            base64.urlsafe_b64encode(raw.encode()).decode()
            for raw in [
                '["a","price",["1","2"]]',
                '["a","total",["1"]]',
                '["a","total",["abc","2"]]',
                '["a","total",["NaN","2"]]',
                '["a","total",["1",2]]',
                '["a","-placed_at",["2026-01-01T10:00:00","2"]]',
                '["c","number",["A","2"]]',
                '["a","customer",["' + "x" * 300 + '","2"]]',
                '["a","customer",["A\\u0000B","2"]]',
                '["a","-total",["1","\u00b2"]]',
                '{"a":1}',
                '["a",[],[]]',
                "5",
            ]
        ),
    ],
)
def test_a_cursor_we_did_not_make_is_refused(token):
    with pytest.raises(ValueError):
        Cursor.decode(token)
