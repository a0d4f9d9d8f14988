"""Order.read_once: what a selector read about an order, kept on that instance until refresh_from_db()."""

from orders.models import Order
from tests.orders.factories import line, make_order


def test_a_read_is_kept_on_the_instance_and_forgotten_on_refresh(db):
    order, calls = make_order(), []

    def read():
        calls.append(1)
        return len(calls)

    assert order.read_once("test.key", read) == 1
    assert order.read_once("test.key", read) == 1  # not read again
    assert order.read_once("test.other", read) == 2  # another key is its own read
    order.refresh_from_db()
    assert order.read_once("test.key", read) == 3
    assert type(order).objects.get(pk=order.pk).read_once("test.key", read) == 4  # a new instance knows nothing


def test_the_lines_know_their_order_without_a_query(db, django_assert_num_queries):
    order = make_order(lines=[line(quantity=2), line(quantity=1)])
    order = Order.objects.get(pk=order.pk)
    with django_assert_num_queries(1):
        lines = order.lines_by_position()
        assert [each.order is order for each in lines] == [True, True]
    assert [each.pk for each in lines] == list(order.lines.order_by("position").values_list("pk", flat=True))
