"""The system status (orders/lifecycle.py): the table itself, every transition the services make, every refusal."""

import itertools
import re

import pytest

from backoffice.exceptions import ActionRefused
from history.models import OrderEvent
from orders.lifecycle import STATE_TABLE, Facts, system_status
from orders.models import CancelReason, Order, OrderStatus, PaymentMethod, ShipmentStatus
from orders.services import order_cancel, order_hold, order_release
from payments.services import payment_mark_paid, payment_mark_unpaid
from returns.models import Return, ReturnStatus
from returns.services import return_create, return_status_change
from shipping.services import order_mark_shipped
from tests.concurrency import click_at_once
from tests.shipping.factories import coffee_and_tea, lines, make_shipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop")]

ALL_FACTS = [
    Facts(cancelled, on_hold, shipped, paid, returning)
    for cancelled, on_hold, shipped, paid, returning in itertools.product(
        (False, True), (False, True), ShipmentStatus, (False, True), (False, True)
    )
]


# --- the table -----------------------------------------------------------------------------------------------


def test_every_combination_of_facts_has_a_status():
    assert {system_status(facts) for facts in ALL_FACTS} == set(OrderStatus)


def test_every_row_of_the_table_decides_some_order():
    """No row is shadowed by the rows above it: each is the first match for at least one combination."""

    def first_row(facts):
        values = (facts.cancelled, facts.on_hold, facts.shipped, facts.paid, facts.returning)
        for index, (*row, _status) in enumerate(STATE_TABLE):
            if all(expected is None or expected == value for expected, value in zip(row, values, strict=True)):
                return index

    assert {first_row(facts) for facts in ALL_FACTS} == set(range(len(STATE_TABLE)))


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (Facts(False, False, ShipmentStatus.NOT_SHIPPED, False), OrderStatus.NEW),
        (Facts(False, False, ShipmentStatus.NOT_SHIPPED, True), OrderStatus.PROCESSING),
        (Facts(False, False, ShipmentStatus.PARTIALLY_SHIPPED, False), OrderStatus.PROCESSING),
        (Facts(False, False, ShipmentStatus.PARTIALLY_SHIPPED, True), OrderStatus.PROCESSING),
        (Facts(False, False, ShipmentStatus.SHIPPED, False), OrderStatus.SHIPPED),
        (Facts(False, False, ShipmentStatus.SHIPPED, True), OrderStatus.COMPLETED),
        (Facts(False, True, ShipmentStatus.PARTIALLY_SHIPPED, True), OrderStatus.ON_HOLD),
        (Facts(True, False, ShipmentStatus.NOT_SHIPPED, True), OrderStatus.CANCELLED),
        # an open return (registered or received) shows Retour, over Afgerond, Verzonden and In behandeling
        (Facts(False, False, ShipmentStatus.SHIPPED, True, True), OrderStatus.RETURN),
        (Facts(False, False, ShipmentStatus.SHIPPED, False, True), OrderStatus.RETURN),
        (Facts(False, False, ShipmentStatus.PARTIALLY_SHIPPED, True, True), OrderStatus.RETURN),
        # ... but not over In de wacht or Geannuleerd
        (Facts(False, True, ShipmentStatus.SHIPPED, True, True), OrderStatus.ON_HOLD),
        (Facts(True, False, ShipmentStatus.SHIPPED, True, True), OrderStatus.CANCELLED),
    ],
)
def test_the_table_reads_as_the_readme_says(facts, status):
    assert system_status(facts) == status


# --- every transition, through the services that make it ------------------------------------------------------


def unpaid():
    return coffee_and_tea(payment_method=PaymentMethod.BANK_TRANSFER)


def paid():
    return coffee_and_tea(payment_method=PaymentMethod.IDEAL)  # arrives paid


def ship_part(order, actor):
    first = lines(order)[0]
    make_shipment(order, quantities={first.pk: 1}, shipped=True, actor=actor)


def ship_all(order, actor):
    order_mark_shipped(order=order, actor=actor)


def mark_paid(order, actor):
    payment_mark_paid(order=order, actor=actor)


def mark_unpaid(order, actor):
    payment_mark_unpaid(order=order, actor=actor)


def hold(order, actor):
    order_hold(order=order, actor=actor, reason="wacht op nalevering")


def release(order, actor):
    order_release(order=order, actor=actor)


def cancel(order, actor):
    order_cancel(order=order, actor=actor, reason=CancelReason.CUSTOMER_REQUEST)


def register_return(order, actor):
    first = lines(order)[0]
    return_create(order=order, actor=actor, quantities={first.pk: 1})


def _open_return(order):
    return Return.objects.filter(order=order, status__in=[ReturnStatus.REGISTERED, ReturnStatus.RECEIVED]).latest("pk")


def receive_return(order, actor):
    return_status_change(ret=_open_return(order), status=ReturnStatus.RECEIVED, actor=actor)


def handle_return(order, actor):
    return_status_change(ret=_open_return(order), status=ReturnStatus.HANDLED, actor=actor)


def reject_return(order, actor):
    return_status_change(ret=_open_return(order), status=ReturnStatus.REJECTED, actor=actor)


# (how the order starts, what staff do first, then the action under test, the status before and after)
TRANSITIONS = [
    (unpaid, [], mark_paid, OrderStatus.NEW, OrderStatus.PROCESSING),
    (paid, [], mark_unpaid, OrderStatus.PROCESSING, OrderStatus.NEW),
    (unpaid, [], ship_part, OrderStatus.NEW, OrderStatus.PROCESSING),
    (unpaid, [], ship_all, OrderStatus.NEW, OrderStatus.SHIPPED),
    (paid, [], ship_all, OrderStatus.PROCESSING, OrderStatus.COMPLETED),
    (paid, [ship_part], ship_all, OrderStatus.PROCESSING, OrderStatus.COMPLETED),
    (unpaid, [ship_all], mark_paid, OrderStatus.SHIPPED, OrderStatus.COMPLETED),
    (paid, [ship_all], mark_unpaid, OrderStatus.COMPLETED, OrderStatus.SHIPPED),
    (unpaid, [], hold, OrderStatus.NEW, OrderStatus.ON_HOLD),
    (paid, [ship_part], hold, OrderStatus.PROCESSING, OrderStatus.ON_HOLD),
    (unpaid, [hold], release, OrderStatus.ON_HOLD, OrderStatus.NEW),
    (paid, [hold], release, OrderStatus.ON_HOLD, OrderStatus.PROCESSING),
    (unpaid, [hold, mark_paid], release, OrderStatus.ON_HOLD, OrderStatus.PROCESSING),
    (unpaid, [], cancel, OrderStatus.NEW, OrderStatus.CANCELLED),
    (paid, [], cancel, OrderStatus.PROCESSING, OrderStatus.CANCELLED),
    (unpaid, [hold], cancel, OrderStatus.ON_HOLD, OrderStatus.CANCELLED),
    (paid, [ship_all], register_return, OrderStatus.COMPLETED, OrderStatus.RETURN),
    (unpaid, [ship_all], register_return, OrderStatus.SHIPPED, OrderStatus.RETURN),
    (paid, [ship_part], register_return, OrderStatus.PROCESSING, OrderStatus.RETURN),
    (paid, [ship_all, register_return, receive_return], handle_return, OrderStatus.RETURN, OrderStatus.COMPLETED),
    (unpaid, [ship_all, register_return], reject_return, OrderStatus.RETURN, OrderStatus.SHIPPED),
    (paid, [ship_part, register_return], hold, OrderStatus.RETURN, OrderStatus.ON_HOLD),
    (paid, [ship_part, register_return, hold], release, OrderStatus.ON_HOLD, OrderStatus.RETURN),
]


@pytest.mark.parametrize(
    ("start", "before", "action", "was", "becomes"),
    TRANSITIONS,
    ids=[f"{was.value}-{action.__name__}-{becomes.value}" for _s, _b, action, was, becomes in TRANSITIONS],
)
def test_the_status_follows_each_action_with_one_event(staff, start, before, action, was, becomes):
    order = start()
    for step in before:
        step(order, staff)
    order.refresh_from_db()
    assert order.status == was
    last_event = OrderEvent.objects.filter(order=order).latest("id").pk

    action(order, staff)

    order.refresh_from_db()
    assert order.status == becomes
    [change] = OrderEvent.objects.filter(order=order, pk__gt=last_event, type="STATUS_CHANGED")
    assert change.actor == staff and change.data == {"previous": was.value, "status": becomes.value}


def test_an_action_that_does_not_change_the_status_records_no_status_event(staff):
    order = paid()
    mark_paid_later = coffee_and_tea(payment_method=PaymentMethod.BANK_TRANSFER)
    hold(mark_paid_later, staff)

    ship_part(order, staff)  # In behandeling stays In behandeling
    mark_paid(mark_paid_later, staff)  # on hold stays on hold

    assert not OrderEvent.objects.filter(order=order, type="STATUS_CHANGED")  # arrived In behandeling
    assert not OrderEvent.objects.filter(order=mark_paid_later, type="STATUS_CHANGED", data__previous="on_hold")


def test_a_paid_order_arrives_in_behandeling_and_an_unpaid_one_nieuw():
    assert paid().status == OrderStatus.PROCESSING
    assert unpaid().status == OrderStatus.NEW


# --- every refusal: the status and the history stay as they were ---------------------------------------------

REFUSALS = [
    (unpaid, [cancel], hold, "Een geannuleerde order kan niet in de wacht worden gezet."),
    (unpaid, [ship_all], hold, "Deze order is al helemaal verzonden."),
    (unpaid, [hold], hold, "Deze order staat al in de wacht."),
    (unpaid, [], release, "Deze order staat niet in de wacht."),
    (unpaid, [cancel], cancel, "Deze order is al geannuleerd."),
    (unpaid, [ship_part], cancel, "Er is al (een deel van) deze order verzonden; annuleren kan niet meer."),
    (unpaid, [cancel], ship_all, "Deze order is geannuleerd en kan niet worden verzonden."),
    (unpaid, [hold], ship_all, "Deze order staat in de wacht. Haal hem eerst uit de wacht om te verzenden."),
    (unpaid, [hold], ship_part, "Deze order staat in de wacht. Haal hem eerst uit de wacht om te verzenden."),
    (unpaid, [cancel], mark_paid, "De betaalstatus van een geannuleerde order kan niet meer worden gewijzigd."),
    (paid, [], mark_paid, "Deze order is al betaald."),
    (unpaid, [], mark_unpaid, "Deze order staat al op niet betaald."),
    (paid, [], register_return, "Van deze order is nog niets verzonden, dus er kan niets retour komen."),
    (paid, [ship_all, register_return], handle_return, "staat op Aangemeld en kan niet naar Afgehandeld"),
]


@pytest.mark.parametrize(
    ("start", "before", "action", "message"),
    REFUSALS,
    ids=[f"{'+'.join(s.__name__ for s in b) or 'plain'}-{a.__name__}" for _s, b, a, _m in REFUSALS],
)
def test_a_refused_action_changes_no_status(staff, start, before, action, message):
    order = start()
    for step in before:
        step(order, staff)
    order.refresh_from_db()
    status, events = order.status, OrderEvent.objects.filter(order=order).count()

    with pytest.raises(ActionRefused, match=re.escape(message)):
        action(order, staff)

    order.refresh_from_db()
    assert order.status == status and OrderEvent.objects.filter(order=order).count() == events


# --- two people at once ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_cancel_and_verzonden_at_the_same_moment_one_wins_and_the_other_hears_why(staff):
    for _attempt in range(3):  # either may win; whichever does, the other is refused with its reason
        order = unpaid()

        outcomes = click_at_once(lambda order=order: cancel(order, staff), lambda order=order: ship_all(order, staff))

        order.refresh_from_db()
        assert sorted(outcome for outcome, _message in outcomes) == ["done", "refused"]
        if outcomes[0][0] == "done":
            assert order.status == OrderStatus.CANCELLED and order.shipment_status == ShipmentStatus.NOT_SHIPPED
            assert outcomes[1][1] == "Deze order is geannuleerd en kan niet worden verzonden."
        else:
            assert order.status == OrderStatus.SHIPPED and order.cancelled_at is None
            assert outcomes[0][1] == "Er is al (een deel van) deze order verzonden; annuleren kan niet meer."
        assert Order.objects.filter(pk=order.pk, status__in=[OrderStatus.CANCELLED, OrderStatus.SHIPPED]).exists()
