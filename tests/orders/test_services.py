from decimal import Decimal

import pytest

from backoffice.exceptions import ActionRefused
from history.models import OrderEvent
from orders.events import OrderEventType
from orders.models import Carrier, Order, PaymentMethod, PaymentStatus
from orders.services import order_create
from tests.customers.factories import CustomerFactory
from tests.orders.factories import address, line, make_order
from tests.support import shop_settings

pytestmark = pytest.mark.django_db
D = Decimal


def test_order_create_numbers_totals_and_first_history_event(staff):
    order = make_order(
        lines=[
            line(quantity=2, unit_price=D("24.95"), vat_rate=D("9")),
            line(product_name="Mok", quantity=3, unit_price=D("12.50"), vat_rate=D("21"), discount=D("2.50")),
        ],
        shipping_cost=D("4.95"),
        actor=staff,
    )

    assert order.number == "ORD00001"
    assert [line.total for line in order.lines.all()] == [D("49.90"), D("35.00")]
    assert order.subtotal == D("84.90")
    assert order.discount_total == D("2.50")
    assert order.total == D("89.85")
    event = OrderEvent.objects.get(order=order)
    assert event.type == OrderEventType.ORDER_CREATED
    assert event.actor == staff
    assert event.data == {"number": "ORD00001"}


def test_order_numbers_follow_the_shop_prefix_and_start_number():
    shop_settings(order_prefix="WEB", order_start_number=5000)

    assert [make_order().number for _ in range(3)] == ["WEB05000", "WEB05001", "WEB05002"]


def test_direct_payment_methods_arrive_paid_others_unpaid():
    assert make_order(payment_method=PaymentMethod.IDEAL).payment_status == PaymentStatus.PAID
    assert make_order(payment_method=PaymentMethod.BANK_TRANSFER).payment_status == PaymentStatus.UNPAID


def test_addresses_are_snapshots_with_normalized_postcode_and_shipping_defaults_to_billing():
    order = make_order(billing=address(postcode="3511 ab", country="nl"))

    assert order.billing_postcode == "3511AB"
    assert order.billing_country == "NL"
    assert order.shipping_address == order.billing_address


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "minstens één orderregel"),
        ([line(quantity=0)], "moet positief zijn"),
        ([line(quantity=1, unit_price=D("5"), discount=D("6"))], "korting"),
        ([line(discount=D("-1"))], "korting"),
    ],
)
def test_order_create_refuses_bad_lines_and_changes_nothing(lines, message):
    customer = CustomerFactory()

    with pytest.raises(ActionRefused, match=message):
        order_create(
            customer=customer,
            lines=lines,
            billing=address(),
            payment_method=PaymentMethod.IDEAL,
            shipping_method="PostNL",
            carrier=Carrier.POSTNL,
        )
    assert Order.objects.count() == 0
    assert OrderEvent.objects.count() == 0
