"""Prepared statements (backoffice/db.py): an order page's statements are prepared on the connection that runs them
again; the orders list's searches never are, so PostgreSQL plans each search for its own values."""

import pytest
from django.db import connection

from tests.orders.factories import make_order


def prepared(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall() if f'FROM "{table}"' in row[0]]


def threshold():
    return connection.connection.prepare_threshold


@pytest.fixture
def order(db):
    return make_order()


def test_an_order_page_prepares_what_it_runs_again(staff_client, order):
    for _ in range(3):
        assert staff_client.get(f"/orders/{order.number}/").status_code == 200
    assert prepared("tasks_task") and prepared("memos_memo")  # the Taken and Memo blocks' queries


def test_the_orders_list_plans_every_search_for_its_values(staff_client, order):
    staff_client.get(f"/orders/{order.number}/")  # this connection prepared the order page's statements
    for _ in range(3):
        response = staff_client.get("/orders/", {"q": order.billing_postcode})
        assert response.status_code == 200 and order.number in response.text
    assert threshold() is None  # the list's request started without preparing, whatever the dashboard asked
    assert not [statement for statement in prepared("orders_order") if "LIKE" in statement]


def test_without_a_threshold_nothing_is_prepared(staff_client, order, settings):
    """DATABASE_PREPARE_THRESHOLD="": for a PgBouncer in transaction mode without max_prepared_statements."""
    settings.DATABASE_PREPARE_THRESHOLD = None
    assert not prepared("tasks_task")  # each test starts on a connection that prepared nothing yet
    for _ in range(3):
        staff_client.get(f"/orders/{order.number}/")
    assert threshold() is None and not prepared("tasks_task")
