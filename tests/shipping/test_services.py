"""Shipping's services: every rule and refusal of packing slips, partial shipments and Verzonden."""

import pytest

from backoffice.exceptions import ActionRefused
from history.models import OrderEvent
from notifications.models import OutboxMessage
from notifications.registry import EmailKind
from orders.models import CancelReason, Carrier, Order, OrderStatus, ShipmentStatus
from orders.services import order_cancel, order_hold, order_release
from shipping.events import ShippingEventType
from shipping.models import Shipment, ShipmentLine, ShippingMethod
from shipping.services import order_mark_shipped, shipment_create, shipment_mark_shipped
from tests.concurrency import click_twice_at_once
from tests.shipping.factories import coffee_and_tea, lines
from tests.support import event_types, shop_settings

pytestmark = pytest.mark.django_db


def on_slips(shipment) -> list[tuple[str, int]]:
    return list(shipment.lines.order_by("order_line__position").values_list("order_line__product_name", "quantity"))


def state(order) -> dict:
    return {
        "shipments": list(Shipment.objects.filter(order=order).values()),
        "lines": list(ShipmentLine.objects.filter(shipment__order=order).values()),
        "events": list(OrderEvent.objects.filter(order=order).values_list("type", flat=True)),
        "mail": OutboxMessage.objects.filter(order=order).count(),
        "order": Order.objects.filter(pk=order.pk).values("shipment_status", "status").get(),
    }


def shipped_mail(order) -> OutboxMessage:
    return OutboxMessage.objects.get(order=order, kind__in=[EmailKind.ORDER_SHIPPED, EmailKind.TRACK_AND_TRACE])


# --- packing slips ------------------------------------------------------------------------------------------


def test_a_packing_slip_for_everything_gets_the_next_number(staff):
    shop_settings(packing_slip_prefix="PB", packing_slip_start_number=100)
    order = coffee_and_tea()

    shipment = shipment_create(order=order, actor=staff)

    assert (shipment.number, shipment.sequence, shipment.created_by) == ("PB00100", 100, staff)
    assert on_slips(shipment) == [("Koffiebonen 1 kg", 3), ("Thee", 2)]
    assert not shipment.is_shipped
    event = OrderEvent.objects.filter(order=order).latest("id")
    assert event.type == ShippingEventType.SHIPMENT_CREATED
    assert event.data == {"number": "PB00100", "items": [["Koffiebonen 1 kg", 3], ["Thee", 2]]}
    assert shipment_create(order=coffee_and_tea(), actor=staff).number == "PB00101"


def test_a_partial_packing_slip_leaves_the_rest_for_the_next(staff):
    order = coffee_and_tea()
    coffee, tea = lines(order)

    first = shipment_create(order=order, actor=staff, quantities={coffee.pk: 1})
    second = shipment_create(order=order, actor=staff)

    assert on_slips(first) == [("Koffiebonen 1 kg", 1)]
    assert on_slips(second) == [("Koffiebonen 1 kg", 2), ("Thee", 2)]


@pytest.mark.parametrize(
    ("quantities", "message"),
    [
        (lambda coffee, tea: {coffee.pk: 4}, "Van Koffiebonen 1 kg kunnen nog 3 mee, niet 4"),
        (lambda coffee, tea: {tea.pk: -1}, "niet -1"),
        (lambda coffee, tea: {coffee.pk: 0, tea.pk: 0}, "minstens één product"),
        (lambda coffee, tea: {999999: 1}, "hoort niet bij order"),
    ],
    ids=["more-than-ordered", "negative", "nothing", "foreign-line"],
)
def test_packing_slip_refusals_change_nothing(staff, quantities, message):
    order = coffee_and_tea()
    before = state(order)

    with pytest.raises(ActionRefused, match=message):
        shipment_create(order=order, actor=staff, quantities=quantities(*lines(order)))

    assert state(order) == before


def test_nothing_can_be_packed_twice(staff):
    order = coffee_and_tea()
    coffee, _tea = lines(order)
    shipment_create(order=order, actor=staff, quantities={coffee.pk: 2})
    before = state(order)

    with pytest.raises(ActionRefused, match="kunnen nog 1 mee, niet 2"):
        shipment_create(order=order, actor=staff, quantities={coffee.pk: 2})
    shipment_create(order=order, actor=staff)
    with pytest.raises(ActionRefused, match="staan al op een pakbon"):
        shipment_create(order=order, actor=staff)

    assert ShipmentLine.objects.filter(shipment__order=order, order_line=coffee).count() == 2
    assert before["shipments"] != state(order)["shipments"]


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda order, staff: order_cancel(order=order, actor=staff, reason=CancelReason.OUT_OF_STOCK), "geannuleerd"),
        (lambda order, staff: order_hold(order=order, actor=staff), "in de wacht"),
    ],
    ids=["cancelled", "on-hold"],
)
def test_cancelled_and_held_orders_are_neither_packed_nor_shipped(staff, prepare, message):
    order = coffee_and_tea()
    open_slip = shipment_create(order=order, actor=staff, quantities={lines(order)[0].pk: 1})
    prepare(order, staff)
    before = state(order)

    with pytest.raises(ActionRefused, match=message):
        shipment_create(order=order, actor=staff)
    with pytest.raises(ActionRefused, match=message):
        order_mark_shipped(order=order, actor=staff)
    with pytest.raises(ActionRefused, match=message):
        shipment_mark_shipped(shipment=open_slip, actor=staff)

    assert state(order) == before


def test_a_released_order_can_be_shipped_again(staff):
    order = coffee_and_tea()
    order_hold(order=order, actor=staff)
    order_release(order=order, actor=staff)

    order_mark_shipped(order=order, actor=staff)

    assert Order.objects.get(pk=order.pk).shipment_status == ShipmentStatus.SHIPPED


# --- Verzonden ----------------------------------------------------------------------------------------------


def test_verzonden_without_a_code_ships_everything_and_sends_the_plain_email(staff):
    order = coffee_and_tea()

    [shipment] = order_mark_shipped(order=order, actor=staff)

    order.refresh_from_db()
    assert (order.shipment_status, order.status) == (ShipmentStatus.SHIPPED, OrderStatus.SHIPPED)  # not paid yet
    assert shipment.is_shipped and shipment.shipped_by == staff and shipment.tracking_code == ""
    assert on_slips(shipment) == [("Koffiebonen 1 kg", 3), ("Thee", 2)]
    mail = shipped_mail(order)
    assert mail.kind == EmailKind.ORDER_SHIPPED and order.number in mail.subject
    event = OrderEvent.objects.get(order=order, type=ShippingEventType.SHIPMENT_SHIPPED)
    assert event_types(order)[-1] == "STATUS_CHANGED"
    assert event.data == {
        "numbers": [shipment.number], "tracking_code": "", "tracking_url": "", "created": shipment.number,
        "email_id": mail.pk,
    }  # fmt: skip


def test_verzonden_with_a_code_sends_only_the_track_and_trace_email_with_the_carriers_link(staff):
    order = coffee_and_tea()

    [shipment] = order_mark_shipped(order=order, actor=staff, tracking_code=" 3sabcd 1234567 ")

    url = "https://jouw.postnl.nl/track-and-trace/3SABCD1234567-NL-1012LG"
    assert (shipment.tracking_code, shipment.tracking_url) == ("3SABCD1234567", url)
    mail = shipped_mail(order)  # exactly one of the two
    assert mail.kind == EmailKind.TRACK_AND_TRACE
    assert "3SABCD1234567" in mail.body and url in mail.body


@pytest.mark.parametrize(
    ("carrier", "url"),
    [
        (Carrier.DHL, "https://www.dhl.com/nl-nl/home/tracking/tracking-parcel.html?submit=1&tracking-id=JJD0001"),
        (Carrier.DPD, "https://www.dpdgroup.com/nl/mydpd/my-parcels/search?lang=nl&parcelNumber=JJD0001"),
        (Carrier.BPOST, "https://track.bpost.cloud/btr/web/#/search?itemCode=JJD0001&postalCode=1012LG&lang=nl"),
    ],
)
def test_the_tracking_link_follows_the_carrier(staff, carrier, url):
    order = coffee_and_tea(carrier=carrier, shipping_method=f"{carrier.label} pakket")

    [shipment] = order_mark_shipped(order=order, actor=staff, tracking_code="JJD0001")

    assert shipment.tracking_url == url and url in shipped_mail(order).body


def test_a_shipping_method_can_have_its_own_tracking_link(staff):
    ShippingMethod.objects.create(
        name="PostNL brievenbuspakje", carrier=Carrier.POSTNL, tracking_url="https://track.example/{code}?pc={postcode}"
    )
    order = coffee_and_tea(shipping_method="PostNL brievenbuspakje")

    [shipment] = order_mark_shipped(order=order, actor=staff, tracking_code="ABC12345")

    assert shipment.tracking_url == "https://track.example/ABC12345?pc=1012LG"


def test_pick_up_has_no_link_but_the_code_is_kept(staff):
    order = coffee_and_tea(carrier=Carrier.PICKUP, shipping_method="Afhalen in de winkel")

    [shipment] = order_mark_shipped(order=order, actor=staff, tracking_code="AFH-12345")

    assert (shipment.tracking_code, shipment.tracking_url) == ("AFH-12345", "")


def test_a_partial_shipment_makes_the_order_partly_shipped_and_verzonden_ships_the_rest(staff):
    order = coffee_and_tea()
    coffee, tea = lines(order)
    first = shipment_create(order=order, actor=staff, quantities={coffee.pk: 1})

    shipment_mark_shipped(shipment=first, actor=staff, tracking_code="3SFIRST001")
    order.refresh_from_db()
    assert order.shipment_status == ShipmentStatus.PARTIALLY_SHIPPED

    [rest] = order_mark_shipped(order=order, actor=staff, tracking_code="3SREST0002")

    order.refresh_from_db()
    assert order.shipment_status == ShipmentStatus.SHIPPED
    assert on_slips(rest) == [("Koffiebonen 1 kg", 2), ("Thee", 2)]
    kinds = OutboxMessage.objects.filter(order=order).values_list("kind", flat=True)
    assert list(kinds) == [EmailKind.TRACK_AND_TRACE, EmailKind.TRACK_AND_TRACE]  # one per parcel


def test_verzonden_also_ships_packing_slips_that_were_made_earlier(staff):
    order = coffee_and_tea()
    coffee, _tea = lines(order)
    made = shipment_create(order=order, actor=staff, quantities={coffee.pk: 3})

    shipments = order_mark_shipped(order=order, actor=staff)

    assert [shipment.number for shipment in shipments][0] == made.number and len(shipments) == 2
    assert all(Shipment.objects.get(pk=shipment.pk).is_shipped for shipment in shipments)
    assert OutboxMessage.objects.filter(order=order).count() == 1


def test_shipping_refusals_change_nothing(staff):
    order = coffee_and_tea()
    [shipment] = order_mark_shipped(order=order, actor=staff)
    before = state(order)

    with pytest.raises(ActionRefused, match="al helemaal verzonden"):
        order_mark_shipped(order=order, actor=staff)
    with pytest.raises(ActionRefused, match=f"Pakbon {shipment.number} is al verzonden"):
        shipment_mark_shipped(shipment=shipment, actor=staff)

    assert state(order) == before


@pytest.mark.parametrize("code", ["abc", "3S ABC<script>", "x" * 41, "-ABCDEF"])
def test_a_malformed_tracking_code_is_refused_and_changes_nothing(staff, code):
    order = coffee_and_tea()
    before = state(order)

    with pytest.raises(ActionRefused, match="5 tot 40 letters, cijfers of streepjes"):
        order_mark_shipped(order=order, actor=staff, tracking_code=code)

    assert state(order) == before


def test_an_order_without_an_email_address_is_shipped_without_mail(staff):
    order = coffee_and_tea()
    Order.objects.filter(pk=order.pk).update(email="")

    order_mark_shipped(order=order, actor=staff)

    assert not OutboxMessage.objects.filter(order=order).exists()
    assert "email_id" not in OrderEvent.objects.filter(order=order).latest("id").data


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_verzonden_clicks_make_one_shipment_and_one_email(staff):
    order = coffee_and_tea()

    outcomes = click_twice_at_once(lambda: order_mark_shipped(order=order, actor=staff, tracking_code="3SRACE0001"))

    assert outcomes == ["done", "refused"]
    assert Shipment.objects.filter(order=order).count() == 1
    assert OutboxMessage.objects.filter(order=order).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_partial_slips_never_pack_more_than_ordered(staff):
    order = coffee_and_tea()
    coffee, _tea = lines(order)

    outcomes = click_twice_at_once(lambda: shipment_create(order=order, actor=staff, quantities={coffee.pk: 2}))

    assert outcomes == ["done", "refused"]
    assert sum(ShipmentLine.objects.filter(order_line=coffee).values_list("quantity", flat=True)) == 2
