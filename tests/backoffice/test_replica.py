"""The read replica: the orders list reads from it, writes and every read after a write stay on the primary.

The test settings make "replica" a second connection to the test database (a mirror), so both connections see the
same committed rows and each one's queries can be told apart."""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from backoffice.db import replica_reads
from orders.models import Order
from tests.orders.factories import make_order

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica(settings):
    settings.DATABASE_REPLICA_ALIAS = "replica"


def order_queries(captured) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if '"orders_order"' in query["sql"]]


def test_the_orders_list_reads_its_orders_from_the_replica(replica, client, staff):
    order = make_order()
    client.force_login(staff)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as copy,
    ):
        response = client.get("/orders/")
    assert response.status_code == 200 and order.number in response.text
    assert order_queries(copy) and not order_queries(primary)
    # The session and the login check ran before the view, on the primary.
    assert any('"django_session"' in query["sql"] for query in primary.captured_queries)


def test_without_a_replica_everything_reads_from_the_primary(client, staff):
    make_order()
    client.force_login(staff)
    with CaptureQueriesContext(connections["replica"]) as copy:
        assert client.get("/orders/").status_code == 200
    assert copy.captured_queries == []


def test_a_page_not_marked_for_stale_reads_reads_from_the_primary(replica, client, staff):
    order = make_order()
    client.force_login(staff)
    with CaptureQueriesContext(connections["replica"]) as copy:
        assert client.get(f"/orders/{order.number}/").status_code == 200
    assert copy.captured_queries == []


def test_after_a_write_every_read_goes_to_the_primary(replica):
    order = make_order()

    @replica_reads
    def view():
        with CaptureQueriesContext(connections["replica"]) as copy:
            Order.objects.get(pk=order.pk)
        assert len(copy.captured_queries) == 1
        Order.objects.filter(pk=order.pk).update(hold_reason="")
        with (
            CaptureQueriesContext(connections["replica"]) as copy,
            CaptureQueriesContext(connections["default"]) as primary,
        ):
            Order.objects.get(pk=order.pk)
        assert copy.captured_queries == [] and len(primary.captured_queries) == 1

    view()


def test_reads_inside_a_transaction_stay_in_it(replica):
    order = make_order()

    @replica_reads
    def view():
        with transaction.atomic(), CaptureQueriesContext(connections["replica"]) as copy:
            Order.objects.get(pk=order.pk)
        assert copy.captured_queries == []

    view()


def test_outside_a_marked_view_nothing_reads_from_the_replica(replica):
    order = make_order()
    with CaptureQueriesContext(connections["replica"]) as copy:
        Order.objects.get(pk=order.pk)
    assert copy.captured_queries == []


def test_only_the_primary_is_migrated(replica):
    from backoffice.db import ReplicaRouter

    assert ReplicaRouter().allow_migrate("replica", "orders") is False
    assert ReplicaRouter().allow_migrate("default", "orders") is None
