"""Order kopiëren, in de wacht zetten / uit de wacht halen, annuleren: services and their views."""

import threading
import uuid
from decimal import Decimal

import pytest
from django.db import close_old_connections
from django.test import Client

from backoffice.exceptions import ActionRefused
from history.models import OrderEvent
from notifications.models import OutboxMessage
from notifications.registry import EmailKind
from orders.events import OrderEventType
from orders.models import CancelReason, Order, OrderStatus, PaymentMethod, PaymentStatus, ShipmentStatus
from orders.services import order_cancel, order_copy, order_hold, order_release
from tests.concurrency import click_twice_at_once
from tests.orders.factories import address, line, make_order
from tests.support import HTMX, element, event_types

pytestmark = pytest.mark.django_db


def test_copy_makes_a_new_unpaid_order_with_the_same_lines_and_addresses(staff):
    original = make_order(
        lines=[line(quantity=2), line(product_name="Mok", unit_price=Decimal("9.95"), discount=Decimal("1"))],
        shipping=address(name="Buurvrouw", street="Oudegracht", postcode="3511 AB", city="Utrecht"),
        payment_method=PaymentMethod.IDEAL,
    )

    copy = order_copy(order=original, actor=staff)

    assert copy.number != original.number
    assert copy.payment_status == PaymentStatus.UNPAID and original.payment_status == PaymentStatus.PAID
    assert copy.total == original.total
    assert copy.shipping_address == original.shipping_address
    assert [(x.product_name, x.quantity, x.discount) for x in copy.lines.all()] == [
        (x.product_name, x.quantity, x.discount) for x in original.lines.all()
    ]
    assert event_types(original) == [OrderEventType.ORDER_CREATED, OrderEventType.ORDER_COPIED]
    created = OrderEvent.objects.get(order=copy)
    assert created.data == {"number": copy.number, "copied_from": original.number}
    assert created.actor == staff


def test_hold_and_release(staff):
    order = make_order()

    order_hold(order=order, actor=staff, reason=" wacht op nalevering ")
    order.refresh_from_db()
    assert order.is_on_hold and order.hold_reason == "wacht op nalevering"
    assert order.status_label == "In de wacht"

    order_release(order=order, actor=staff)
    order.refresh_from_db()
    assert not order.is_on_hold and order.hold_reason == ""
    assert order.status == OrderStatus.NEW
    assert event_types(order)[1:] == ["ORDER_HELD", "STATUS_CHANGED", "ORDER_RELEASED", "STATUS_CHANGED"]


def test_cancel_records_the_reason_and_ends_a_hold(staff):
    order = make_order()
    order_hold(order=order, actor=staff)

    order_cancel(order=order, actor=staff, reason=CancelReason.OUT_OF_STOCK, note="Leverancier failliet")

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and order.cancelled_at is not None
    assert order.cancel_reason == CancelReason.OUT_OF_STOCK and not order.is_on_hold
    cancelled, status = OrderEvent.objects.filter(order=order).order_by("id")[3:]
    assert cancelled.data == {"reason": "out_of_stock", "note": "Leverancier failliet"}
    assert status.data == {"previous": "on_hold", "status": "cancelled"}


@pytest.mark.parametrize(
    ("prepare", "action", "message"),
    [
        ({"is_on_hold": True}, lambda o, u: order_hold(order=o, actor=u), "staat al in de wacht"),
        ({}, lambda o, u: order_release(order=o, actor=u), "staat niet in de wacht"),
        ({"status": OrderStatus.CANCELLED}, lambda o, u: order_hold(order=o, actor=u), "geannuleerde order"),
        (
            {"shipment_status": ShipmentStatus.SHIPPED},
            lambda o, u: order_hold(order=o, actor=u),
            "al helemaal verzonden",
        ),
        (
            {"status": OrderStatus.CANCELLED},
            lambda o, u: order_cancel(order=o, actor=u, reason=CancelReason.OTHER),
            "al geannuleerd",
        ),
        (
            {"shipment_status": ShipmentStatus.PARTIALLY_SHIPPED},
            lambda o, u: order_cancel(order=o, actor=u, reason=CancelReason.OTHER),
            "al \\(een deel van\\) deze order verzonden",
        ),
    ],
)
def test_refusals_are_clear_and_change_nothing(staff, prepare, action, message):
    order = make_order()
    Order.objects.filter(pk=order.pk).update(**prepare)
    before = Order.objects.values().get(pk=order.pk)

    with pytest.raises(ActionRefused, match=message):
        action(order, staff)

    assert Order.objects.values().get(pk=order.pk) == before
    assert event_types(order) == [OrderEventType.ORDER_CREATED]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_hold_clicks_hold_once(staff):
    order = make_order()
    assert click_twice_at_once(lambda: order_hold(order=order, actor=staff)) == ["done", "refused"]
    assert event_types(order).count(OrderEventType.ORDER_HELD) == 1


def test_dashboard_bottom_bar_offers_what_fits_the_order(staff_client):
    order = make_order()

    html = staff_client.get(f"/orders/{order.number}/").text
    assert 'data-action="copy"' in html and 'data-action="hold"' in html and 'data-action="cancel"' in html
    assert 'data-action="release"' not in html

    Order.objects.filter(pk=order.pk).update(is_on_hold=True)
    html = staff_client.get(f"/orders/{order.number}/").text
    assert 'data-action="release"' in html and 'data-action="hold"' not in html


def test_action_dialog_is_a_partial_over_htmx_and_a_page_without(staff_client):
    order = make_order()

    partial = staff_client.get(f"/orders/{order.number}/hold/", headers=HTMX)
    page = staff_client.get(f"/orders/{order.number}/hold/")

    assert "<html" not in partial.text and "<dialog" in partial.text and " open" not in partial.text.split(">")[0]
    assert "<html" in page.text and element(page.text, "dialog", aria_labelledby="dialog-title").has("open")


def test_hold_over_htmx_refreshes_bar_badge_and_blocks(staff_client):
    order = make_order()

    response = staff_client.post(f"/orders/{order.number}/hold/", {"reason": "Adres navragen"}, headers=HTMX)

    assert response.status_code == 200
    assert "order-changed" in response.headers["HX-Trigger"]
    assert 'id="order-actions"' in response.text and 'data-action="release"' in response.text
    assert 'id="order-status-badge" hx-swap-oob="true"' in response.text and "In de wacht" in response.text
    assert "De order staat in de wacht." in response.text
    order.refresh_from_db()
    assert order.is_on_hold


def test_refused_action_comes_back_in_the_dialog_with_422(staff_client):
    order = make_order()
    Order.objects.filter(pk=order.pk).update(shipment_status=ShipmentStatus.SHIPPED)

    response = staff_client.post(f"/orders/{order.number}/cancel/", {"reason": "other"}, headers=HTMX)

    assert response.status_code == 422
    assert "<dialog" in response.text and "annuleren kan niet meer" in response.text
    assert Order.objects.get(pk=order.pk).status == OrderStatus.NEW


def test_cancel_needs_a_reason(staff_client):
    order = make_order()

    response = staff_client.post(f"/orders/{order.number}/cancel/", {"reason": ""}, headers=HTMX)

    assert response.status_code == 422
    assert Order.objects.get(pk=order.pk).status == OrderStatus.NEW


def test_cancel_dialog_warns_when_the_order_is_paid(staff_client):
    order = make_order(payment_method=PaymentMethod.IDEAL)

    response = staff_client.get(f"/orders/{order.number}/cancel/", headers=HTMX)

    assert "creditfactuur" in response.text


def test_copy_over_htmx_redirects_to_the_new_order(staff_client):
    order = make_order()

    response = staff_client.post(f"/orders/{order.number}/copy/", headers=HTMX)

    new = Order.objects.exclude(pk=order.pk).get()
    assert response.headers["HX-Redirect"] == f"/orders/{new.number}/"


def test_without_javascript_an_action_posts_and_redirects_back(staff_client):
    order = make_order()

    response = staff_client.post(f"/orders/{order.number}/cancel/", {"reason": "fraud", "note": ""})

    assert response.status_code == 302 and response.url == f"/orders/{order.number}/"
    assert Order.objects.get(pk=order.pk).cancel_reason == CancelReason.FRAUD


def test_history_sentences_for_the_actions(staff_client, staff):
    order = make_order()
    order_hold(order=order, actor=staff, reason="<b>vet</b>")
    order_release(order=order, actor=staff)
    order_cancel(order=order, actor=staff, reason=CancelReason.CUSTOMER_REQUEST, note="Belde op")

    html = staff_client.get(f"/orders/{order.number}/history/", headers=HTMX).text

    assert "Order in de wacht gezet: &lt;b&gt;vet&lt;/b&gt;" in html
    assert "Order uit de wacht gehaald." in html
    assert "Order geannuleerd (Op verzoek van de klant): Belde op" in html
    assert "Systeemstatus: Nieuw → In de wacht." in html
    assert "Systeemstatus: In de wacht → Nieuw." in html
    assert "Systeemstatus: Nieuw → Geannuleerd." in html
    assert html.count("Mila de Vries") == 6  # each action and each status change it made


# --- what the dialogs say and offer -------------------------------------------------------------------------


def test_a_shipped_order_shows_annuleren_as_not_possible_before_any_dialog(staff_client):
    order = make_order()
    Order.objects.filter(pk=order.pk).update(shipment_status=ShipmentStatus.PARTIALLY_SHIPPED)

    html = staff_client.get(f"/orders/{order.number}/").text

    bar = html[html.index('id="order-actions"') :]
    cancel = bar[bar.index('data-action="cancel"') - 80 : bar.index('data-action="cancel"') + 300]
    assert 'aria-disabled="true"' in cancel and "annuleren kan niet meer" in cancel
    assert f"/orders/{order.number}/cancel/" not in bar  # nothing to click through to
    assert "retour" not in bar.lower()  # the bar's refusal gives no advice; the Retour block is where returns go
    assert 'id="block-returns"' in html


def test_the_refused_cancel_names_no_feature_that_does_not_exist(staff):
    order = make_order()
    Order.objects.filter(pk=order.pk).update(shipment_status=ShipmentStatus.SHIPPED)

    with pytest.raises(ActionRefused) as refused:
        order_cancel(order=order, actor=staff, reason=CancelReason.OTHER)

    assert "retour" not in refused.value.message.lower()


def test_the_cancel_dialog_of_an_unpaid_order_says_nothing_is_refunded_and_when_the_customer_is_mailed(staff_client):
    order = make_order(payment_method=PaymentMethod.BANK_TRANSFER)

    text = staff_client.get(f"/orders/{order.number}/cancel/", headers=HTMX).text

    assert "niets terug te betalen" in text and "alleen per e-mail als de factuur ook is verstuurd" in text


def invoice_mails(order) -> int:
    return OutboxMessage.objects.filter(order=order, kind=EmailKind.INVOICE).count()


def test_copying_does_not_mail_the_new_invoice_unless_staff_tick_it(staff_client, invoice_on_order):
    order = make_order()

    dialog = staff_client.get(f"/orders/{order.number}/copy/", headers=HTMX).text
    staff_client.post(f"/orders/{order.number}/copy/", headers=HTMX)
    unticked = Order.objects.exclude(pk=order.pk).get()
    staff_client.post(f"/orders/{order.number}/copy/", {"send_invoice": "on"}, headers=HTMX)
    ticked = Order.objects.exclude(pk__in=[order.pk, unticked.pk]).get()

    assert 'name="send_invoice"' in dialog and "checked" not in dialog.split('name="send_invoice"')[1][:40]
    assert "De nieuwe order krijgt meteen een factuur" in dialog
    assert unticked.invoices.count() == 1 and invoice_mails(unticked) == 0  # made, not mailed
    assert ticked.invoices.count() == 1 and invoice_mails(ticked) == 1


def test_the_copy_dialog_says_no_mail_goes_out_when_the_shop_would_send_none(staff_client):
    order = make_order()  # the shop invoices by hand (tests' default)

    dialog = staff_client.get(f"/orders/{order.number}/copy/", headers=HTMX).text

    assert 'name="send_invoice"' not in dialog and "De klant krijgt hierover geen e-mail." in dialog


# --- facts shown where staff look ---------------------------------------------------------------------------


def test_the_hold_reason_shows_under_the_order_header_while_on_hold(staff_client):
    order = make_order()

    held = staff_client.post(f"/orders/{order.number}/hold/", {"reason": "Wacht op nalevering"}, headers=HTMX)
    page = staff_client.get(f"/orders/{order.number}/").text
    released = staff_client.post(f"/orders/{order.number}/release/", headers=HTMX)

    assert 'id="order-notices" hx-swap-oob="true"' in held.text and "Wacht op nalevering" in held.text
    notices = page[page.index('id="order-notices"') :][:400]
    assert 'data-notice="hold"' in notices and "Wacht op nalevering" in notices
    assert 'id="order-notices" hx-swap-oob="true"' in released.text and 'data-notice="hold"' not in released.text


def test_the_customers_remark_is_on_the_dashboard(staff_client):
    order = make_order(customer_note="Graag niet bij de buren afgeven")

    page = staff_client.get(f"/orders/{order.number}/").text

    notices = page[page.index('id="order-notices"') :][:400]
    assert 'data-notice="customer-note"' in notices and "Graag niet bij de buren afgeven" in notices


def test_the_list_shows_the_hold_reason_on_the_status_badge_without_a_query_per_row(
    staff_client, staff, django_assert_max_num_queries
):
    orders = [make_order() for _ in range(3)]
    for order in orders:
        order_hold(order=order, actor=staff, reason=f"Reden {order.number}")

    with django_assert_max_num_queries(12) as queries:
        html = staff_client.get("/orders/").text
    few = len(queries.captured_queries)
    order_hold(order=make_order(), actor=staff, reason="Nog een")
    with django_assert_max_num_queries(few):
        staff_client.get("/orders/")

    for order in orders:
        assert f'title="Reden: Reden {order.number}"' in html


# --- one copy per click -------------------------------------------------------------------------------------


def submit_key(dialog_html: str) -> str:
    return element(dialog_html, "input", name="submit_key").attrs["value"]


def test_each_opened_copy_dialog_carries_its_own_hidden_key(staff_client):
    order = make_order()

    first = staff_client.get(f"/orders/{order.number}/copy/", headers=HTMX).text
    second = staff_client.get(f"/orders/{order.number}/copy/", headers=HTMX).text

    assert element(first, "input", name="submit_key").attrs["type"] == "hidden"
    assert str(uuid.UUID(submit_key(first))) != str(uuid.UUID(submit_key(second)))


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_submits_of_one_copy_dialog_make_one_copy(staff):
    order = make_order()
    clients = [Client() for _ in range(10)]
    for client in clients:
        client.force_login(staff)
    key = submit_key(clients[0].get(f"/orders/{order.number}/copy/", headers=HTMX).text)
    barrier = threading.Barrier(len(clients))
    redirects = []

    def click(client):
        barrier.wait()
        try:
            response = client.post(f"/orders/{order.number}/copy/", {"submit_key": key}, headers=HTMX)
            redirects.append(response.headers.get("HX-Redirect"))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=click, args=[client]) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    copy = Order.objects.exclude(pk=order.pk).get()
    assert redirects == [f"/orders/{copy.number}/"] * 10
    assert event_types(order) == [OrderEventType.ORDER_CREATED, OrderEventType.ORDER_COPIED]


def test_a_second_submit_of_the_same_dialog_gets_the_first_copy_and_another_dialog_a_new_one(staff):
    order = make_order()
    key = uuid.uuid4()

    first = order_copy(order=order, actor=staff, submit_key=key)
    again = order_copy(order=order, actor=staff, submit_key=key)
    other = order_copy(order=order, actor=staff, submit_key=uuid.uuid4())

    assert again == first and other != first
    assert Order.objects.exclude(pk=order.pk).count() == 2
