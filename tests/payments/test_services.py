"""Betaald and Niet betaald: every rule and every refusal of the payment services."""

from datetime import datetime

import pytest
from django.utils import timezone

from backoffice.exceptions import ActionRefused
from history import registry
from history.models import OrderEvent
from orders.events import OrderEventType
from orders.models import Order, OrderStatus, PaymentMethod, PaymentStatus
from payments.events import PaymentEventType
from payments.selectors import payments_block
from payments.services import payment_mark_paid, payment_mark_unpaid
from tests.concurrency import click_twice_at_once
from tests.orders.factories import make_order
from tests.support import event_types

pytestmark = pytest.mark.django_db


def test_mark_paid_sets_status_and_time_and_records_one_event(staff):
    order = make_order(payment_method=PaymentMethod.BANK_TRANSFER)
    before = timezone.now()

    payment_mark_paid(order=order, actor=staff)

    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PAID
    assert before <= order.paid_at <= timezone.now()
    assert event_types(order) == ["ORDER_CREATED", "PAYMENT_MARKED_PAID", "STATUS_CHANGED"]
    event = OrderEvent.objects.get(order=order, type=PaymentEventType.PAYMENT_MARKED_PAID)
    assert event.actor == staff and event.data == {"method": "bank_transfer"}


def test_mark_paid_moves_a_new_order_to_in_behandeling(staff):
    order = make_order()
    assert order.status == OrderStatus.NEW

    payment_mark_paid(order=order, actor=staff)

    assert Order.objects.get(pk=order.pk).status == OrderStatus.PROCESSING


def test_mark_unpaid_clears_the_payment_and_remembers_when_it_was_paid(staff):
    order = make_order(payment_method=PaymentMethod.IDEAL)  # arrives paid
    paid_at = order.paid_at
    assert order.payment_status == PaymentStatus.PAID and paid_at is not None

    payment_mark_unpaid(order=order, actor=staff)

    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.UNPAID and order.paid_at is None
    assert order.status == OrderStatus.NEW
    assert event_types(order) == ["ORDER_CREATED", "PAYMENT_MARKED_UNPAID", "STATUS_CHANGED"]
    event = OrderEvent.objects.get(order=order, type=PaymentEventType.PAYMENT_MARKED_UNPAID)
    assert event.actor == staff
    assert event.data["method"] == "ideal"
    assert datetime.fromisoformat(event.data["was_paid_at"]) == paid_at


def test_paid_unpaid_paid_again_gets_a_new_payment_time(staff):
    order = make_order(payment_method=PaymentMethod.IDEAL)
    first_paid_at = order.paid_at

    payment_mark_unpaid(order=order, actor=staff)
    payment_mark_paid(order=order, actor=staff)

    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PAID and order.paid_at > first_paid_at
    assert event_types(order)[1:] == [
        "PAYMENT_MARKED_UNPAID", "STATUS_CHANGED", "PAYMENT_MARKED_PAID", "STATUS_CHANGED"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "prepare", "service", "message"),
    [
        (PaymentMethod.IDEAL, {}, payment_mark_paid, "Deze order is al betaald."),
        (PaymentMethod.BANK_TRANSFER, {}, payment_mark_unpaid, "Deze order staat al op niet betaald."),
        (PaymentMethod.BANK_TRANSFER, {"status": OrderStatus.CANCELLED}, payment_mark_paid, "geannuleerde order"),
        (PaymentMethod.IDEAL, {"status": OrderStatus.CANCELLED}, payment_mark_unpaid, "geannuleerde order"),
        (PaymentMethod.IDEAL, {"status": OrderStatus.CANCELLED}, payment_mark_paid, "geannuleerde order"),
    ],
    ids=["paid-again", "unpaid-again", "paid-cancelled", "unpaid-cancelled", "cancelled-before-already-paid"],
)
def test_refusals_are_clear_and_change_nothing(staff, method, prepare, service, message):
    order = make_order(payment_method=method)
    Order.objects.filter(pk=order.pk).update(**prepare)
    before = Order.objects.values().get(pk=order.pk)

    with pytest.raises(ActionRefused, match=message):
        service(order=order, actor=staff)

    assert Order.objects.values().get(pk=order.pk) == before
    assert event_types(order) == [OrderEventType.ORDER_CREATED]


def test_the_service_decides_on_the_row_as_it_is_now_not_on_the_callers_copy(staff):
    order = make_order()
    stale = Order.objects.get(pk=order.pk)  # still unpaid in memory
    payment_mark_paid(order=order, actor=staff)

    with pytest.raises(ActionRefused, match="al betaald"):
        payment_mark_paid(order=stale, actor=staff)

    assert event_types(order).count(PaymentEventType.PAYMENT_MARKED_PAID) == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_betaald_clicks_mark_paid_once(staff):
    order = make_order()
    assert click_twice_at_once(lambda: payment_mark_paid(order=order, actor=staff)) == ["done", "refused"]
    assert event_types(order).count(PaymentEventType.PAYMENT_MARKED_PAID) == 1
    assert Order.objects.get(pk=order.pk).payment_status == PaymentStatus.PAID


def test_sentences_name_the_payment_method_even_one_the_shop_no_longer_knows():
    assert registry.sentence(PaymentEventType.PAYMENT_MARKED_PAID, {"method": "ideal"}) == (
        "Order op betaald gezet (iDEAL)."
    )
    assert registry.sentence(PaymentEventType.PAYMENT_MARKED_PAID, {"method": "bank_transfer"}) == (
        "Order op betaald gezet (Bankoverschrijving)."
    )
    assert registry.sentence(PaymentEventType.PAYMENT_MARKED_PAID, {"method": "giropay"}) == (
        "Order op betaald gezet (giropay)."
    )
    assert registry.sentence(PaymentEventType.PAYMENT_MARKED_UNPAID, {"method": "ideal", "was_paid_at": None}) == (
        "Order op niet betaald gezet."
    )


@pytest.mark.parametrize(
    ("method", "status", "can_mark_paid", "can_mark_unpaid"),
    [
        (PaymentMethod.BANK_TRANSFER, OrderStatus.NEW, True, False),
        (PaymentMethod.IDEAL, OrderStatus.PROCESSING, False, True),
        (PaymentMethod.BANK_TRANSFER, OrderStatus.CANCELLED, False, False),
        (PaymentMethod.IDEAL, OrderStatus.CANCELLED, False, False),
    ],
)
def test_the_block_offers_only_what_the_services_allow(method, status, can_mark_paid, can_mark_unpaid):
    order = make_order(payment_method=method)
    order.status = status

    block = payments_block(order)["payments"]

    assert (block.can_mark_paid, block.can_mark_unpaid) == (can_mark_paid, can_mark_unpaid)
