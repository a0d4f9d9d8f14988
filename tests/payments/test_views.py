"""The Betaalmethoden block on the dashboard, its own URL, Betaald and Niet betaald, as staff use them."""

import json

import pytest

from orders.events import OrderEventType
from orders.models import Order, OrderStatus, PaymentMethod, PaymentStatus
from payments.events import PaymentEventType
from tests.orders.factories import line, make_order
from tests.support import HTMX, element, elements, event_types, top

pytestmark = pytest.mark.django_db


def left_column(html: str):
    return elements(html, "div", class_="dashboard-column")[0]


# The block


def test_the_dashboard_shows_the_block_in_the_left_column(staff_client):
    order = make_order(payment_method=PaymentMethod.BANK_TRANSFER)

    html = staff_client.get(f"/orders/{order.number}/").text

    column = left_column(html)
    block = column.element(id="block-payments")
    assert "Betaalmethoden" in block.text and "Bankoverschrijving" in block.text


def test_block_url_renders_the_block_alone_with_betaald_for_an_unpaid_order(staff_client):
    order = make_order(payment_method=PaymentMethod.BANK_TRANSFER)

    response = staff_client.get(f"/orders/{order.number}/blocks/payments/", headers=HTMX)

    html = response.text
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<section id="block-payments"')
    assert f'hx-get="/orders/{order.number}/blocks/payments/"' in html
    assert 'hx-trigger="order-changed from:body"' in html
    assert "Bankoverschrijving" in html and element(html, "span", class_="badge badge-unpaid").text == "Niet betaald"
    assert f'action="/orders/{order.number}/payment/paid/"' in html
    assert f'hx-post="/orders/{order.number}/payment/paid/"' in html and 'hx-target="#block-payments"' in html
    betaald = element(html, data_action="mark-paid")
    assert betaald.text == "Betaald" and {"button", "button-primary"} <= betaald.classes
    assert 'data-action="mark-unpaid"' not in html and "Betaald op" not in html


def test_a_paid_order_shows_when_and_offers_niet_betaald(staff_client):
    order = make_order(payment_method=PaymentMethod.IDEAL)

    html = staff_client.get(f"/orders/{order.number}/blocks/payments/", headers=HTMX).text

    assert "iDEAL" in html and element(html, "span", class_="badge badge-paid").text == "Betaald"
    assert "Betaald op" in html and element(html, "td", class_="paid-at").text  # when, next to its heading
    assert 'data-action="mark-paid"' not in html
    # a button (it opens a dialog), in a GET form that works without JavaScript
    form = element(html, "form", method="get", action=f"/orders/{order.number}/payment/unpaid/")
    assert form.attrs["hx-target"] == "#dialog-slot"
    button = form.element("button", type="submit")
    assert "button-grey" in button.classes and "button-primary" not in button.classes  # grey, not the blue one


@pytest.mark.parametrize("method", [PaymentMethod.IDEAL, PaymentMethod.BANK_TRANSFER])
def test_a_cancelled_order_offers_no_payment_buttons(staff_client, method):
    order = make_order(payment_method=method)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED)

    html = staff_client.get(f"/orders/{order.number}/blocks/payments/", headers=HTMX).text

    assert 'id="block-payments"' in html and "data-action=" not in html and "<form" not in html


# Betaald


def test_betaald_over_htmx_returns_the_block_and_tells_the_others(staff_client):
    order = make_order()

    response = staff_client.post(f"/orders/{order.number}/payment/paid/", headers=HTMX)

    html = response.text
    assert response.status_code == 200 and "<html" not in html
    assert json.loads(response.headers["HX-Trigger"]) == {"order-changed": {}}
    assert html.lstrip().startswith('<section id="block-payments"')
    assert element(html, "span", class_="badge badge-paid").text == "Betaald" and 'data-action="mark-unpaid"' in html
    slot = element(html, "div", id="dialog-slot")
    assert slot.attrs["hx-swap-oob"] == "true" and slot.children == [] and slot.text == ""
    assert 'id="messages"' in html and "De order staat op betaald." in html
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PAID and order.paid_at is not None


def test_refused_betaald_comes_back_in_the_block_with_422_and_changes_nothing(staff_client):
    order = make_order(payment_method=PaymentMethod.IDEAL)  # already paid
    before = Order.objects.values().get(pk=order.pk)

    response = staff_client.post(f"/orders/{order.number}/payment/paid/", headers=HTMX)

    html = response.text
    assert response.status_code == 422 and "<html" not in html
    assert "HX-Trigger" not in response.headers
    assert html.lstrip().startswith('<section id="block-payments"')
    assert element(html, "div", class_="form-error", role="alert").text == "Deze order is al betaald."
    assert 'data-action="mark-unpaid"' in html  # the block shows the order as it is
    assert Order.objects.values().get(pk=order.pk) == before
    assert event_types(order) == [OrderEventType.ORDER_CREATED]


def test_betaald_on_a_cancelled_order_is_refused(staff_client):
    order = make_order()
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED)

    response = staff_client.post(f"/orders/{order.number}/payment/paid/", headers=HTMX)

    assert response.status_code == 422 and "geannuleerde order" in response.text
    assert Order.objects.get(pk=order.pk).payment_status == PaymentStatus.UNPAID


def test_betaald_needs_a_post(staff_client):
    order = make_order()

    assert staff_client.get(f"/orders/{order.number}/payment/paid/").status_code == 405
    assert Order.objects.get(pk=order.pk).payment_status == PaymentStatus.UNPAID


# Niet betaald


def test_niet_betaald_asks_first_in_a_dialog(staff_client):
    order = make_order(payment_method=PaymentMethod.IDEAL)

    response = staff_client.get(f"/orders/{order.number}/payment/unpaid/", headers=HTMX)

    html = response.text
    assert response.status_code == 200 and "<html" not in html
    dialog = top(html)
    assert (dialog.tag, dialog.attrs["aria-labelledby"], dialog.has("open")) == ("dialog", "dialog-title", False)
    assert {"dialog", "card"} <= dialog.classes
    assert f'hx-post="/orders/{order.number}/payment/unpaid/"' in html and 'hx-target="#block-payments"' in html
    assert "niet goed door u is ontvangen" in html and "(iDEAL)" in html
    assert "Op niet betaald zetten" in html and "data-close-dialog" in html
    assert Order.objects.get(pk=order.pk).payment_status == PaymentStatus.PAID


def test_without_javascript_the_dialog_is_a_page(staff_client):
    order = make_order(payment_method=PaymentMethod.IDEAL)

    html = staff_client.get(f"/orders/{order.number}/payment/unpaid/").text

    assert "<html" in html and element(html, "dialog", aria_labelledby="dialog-title").has("open")
    assert f'<form method="post" action="/orders/{order.number}/payment/unpaid/"' in html
    assert f'href="/orders/{order.number}/">Terug naar de order<' in html


def test_the_dialog_of_an_unpaid_order_says_why_it_cannot(staff_client):
    order = make_order(payment_method=PaymentMethod.BANK_TRANSFER)

    html = staff_client.get(f"/orders/{order.number}/payment/unpaid/", headers=HTMX).text

    assert "Deze order staat al op niet betaald." in html and 'type="submit"' not in html


def test_niet_betaald_over_htmx_returns_the_block_and_closes_the_dialog(staff_client):
    order = make_order(payment_method=PaymentMethod.IDEAL)

    response = staff_client.post(f"/orders/{order.number}/payment/unpaid/", headers=HTMX)

    html = response.text
    assert response.status_code == 200 and "<html" not in html
    assert json.loads(response.headers["HX-Trigger"]) == {"order-changed": {}}
    assert (
        element(html, "span", class_="badge badge-unpaid").text == "Niet betaald" and 'data-action="mark-paid"' in html
    )
    slot = element(html, "div", id="dialog-slot")
    assert slot.attrs["hx-swap-oob"] == "true" and slot.children == [] and slot.text == ""
    assert "De order staat op niet betaald." in html
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.UNPAID and order.paid_at is None
    assert event_types(order)[-2:] == [PaymentEventType.PAYMENT_MARKED_UNPAID, "STATUS_CHANGED"]


def test_refused_niet_betaald_comes_back_in_the_block_with_422(staff_client):
    order = make_order(payment_method=PaymentMethod.BANK_TRANSFER)

    response = staff_client.post(f"/orders/{order.number}/payment/unpaid/", headers=HTMX)

    assert response.status_code == 422 and "HX-Trigger" not in response.headers
    assert "Deze order staat al op niet betaald." in response.text
    assert '<div id="dialog-slot" hx-swap-oob="true"></div>' in response.text
    assert event_types(order) == [OrderEventType.ORDER_CREATED]


# Without JavaScript


def test_without_javascript_betaald_redirects_back_with_a_message(staff_client):
    order = make_order()

    response = staff_client.post(f"/orders/{order.number}/payment/paid/")

    assert response.status_code == 302 and response.url == f"/orders/{order.number}/"
    assert Order.objects.get(pk=order.pk).payment_status == PaymentStatus.PAID
    assert "De order staat op betaald." in staff_client.get(response.url).text


def test_without_javascript_a_refusal_redirects_back_with_the_reason(staff_client):
    order = make_order(payment_method=PaymentMethod.BANK_TRANSFER)

    response = staff_client.post(f"/orders/{order.number}/payment/unpaid/")

    assert response.status_code == 302 and response.url == f"/orders/{order.number}/"
    page = staff_client.get(response.url).text
    assert element(page, "p", class_="message message-error").text == "Deze order staat al op niet betaald."
    assert event_types(order) == [OrderEventType.ORDER_CREATED]


# Who may, and what it costs


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "blocks/payments/"), ("post", "payment/paid/"), ("get", "payment/unpaid/"), ("post", "payment/unpaid/")],
)
def test_only_staff_may(client, customer_user, method, path):
    order = make_order(payment_method=PaymentMethod.IDEAL)
    url = f"/orders/{order.number}/{path}"

    anonymous = getattr(client, method)(url, headers=HTMX)
    client.force_login(customer_user)
    customer = getattr(client, method)(url, headers=HTMX)

    assert anonymous.status_code == 302 and anonymous.url.startswith("/login/")
    assert customer.status_code == 403
    assert event_types(order) == [OrderEventType.ORDER_CREATED]


def test_an_unknown_order_is_404(staff_client):
    assert staff_client.post("/orders/NOPE/payment/paid/", headers=HTMX).status_code == 404


def test_history_tells_who_set_the_payment_and_how(staff_client):
    order = make_order(payment_method=PaymentMethod.BANK_TRANSFER)
    staff_client.post(f"/orders/{order.number}/payment/paid/", headers=HTMX)
    staff_client.post(f"/orders/{order.number}/payment/unpaid/", headers=HTMX)

    html = staff_client.get(f"/orders/{order.number}/history/", headers=HTMX).text

    assert "Order op betaald gezet (Bankoverschrijving)." in html and "Order op niet betaald gezet." in html
    assert "Systeemstatus: Nieuw → In behandeling." in html and "Systeemstatus: In behandeling → Nieuw." in html
    assert html.count("Mila de Vries") == 4  # Betaald, Niet betaald and the status change of each


@pytest.mark.parametrize("method", [PaymentMethod.BANK_TRANSFER, PaymentMethod.IDEAL])
def test_the_block_queries_do_not_grow_with_the_order(staff_client, django_assert_num_queries, method):
    small = make_order(payment_method=method, lines=[line(), line(product_name="Mok")])
    large = make_order(payment_method=method, lines=[line(product_name=f"Product {n}") for n in range(40)])

    for order in (small, large):
        # session, user, the order; for Print facturen the shop's languages and the invoices (none here)
        with django_assert_num_queries(2 + 1 + 2):
            staff_client.get(f"/orders/{order.number}/blocks/payments/", headers=HTMX)
        # The whole dashboard as tests/orders/test_views.py pins it (Status + 1, Taken, Memo and Retour none for an
        # order without, the addresses + 1, the ledger + 1); the payment itself costs no query.
        with django_assert_num_queries(3 + 2 + 2 + 1 + 1 + 0 + 1 + 0 + 1):
            staff_client.get(f"/orders/{order.number}/")
