"""Order.read_once: what a selector read about an order, kept on that instance until refresh_from_db()."""

from tests.orders.factories import make_order


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
