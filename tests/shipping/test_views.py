"""The Verzendmethoden and Verzendingen blocks, their popups (Pakbon aanmaken, the blue i), the Verzendingen tab and
the packing slip PDF, as pages: partials for HTMX, `order-changed` after a change, 422 and nothing changed after a
refusal, staff only, and query counts that do not grow with the order or its packing slips."""

import json

import pytest

from history.models import OrderEvent
from notifications.models import OutboxMessage
from notifications.registry import EmailKind
from orders.models import CancelReason, Order, ShipmentStatus
from orders.services import order_cancel, order_hold
from shipping.models import Shipment, ShipmentLine
from shipping.services import order_mark_shipped, shipment_mark_shipped
from tests.orders.factories import line, make_order
from tests.shipping.factories import coffee_and_tea, lines, make_shipment
from tests.support import HTMX, element, elements

pytestmark = pytest.mark.django_db


def state(order) -> dict:
    return {
        "shipments": list(Shipment.objects.filter(order=order).order_by("id").values()),
        "lines": list(ShipmentLine.objects.filter(shipment__order=order).order_by("id").values()),
        "events": OrderEvent.objects.filter(order=order).count(),
        "mail": OutboxMessage.objects.filter(order=order).count(),
        "order": Order.objects.filter(pk=order.pk).values("shipment_status", "status").get(),
    }


def triggers(response) -> dict:
    return json.loads(response["HX-Trigger"])


def url(order, rest: str) -> str:
    return f"/orders/{order.number}/{rest}"


# --- the Verzendmethoden block ------------------------------------------------------------------------------


def test_the_verzendmethoden_block_is_a_partial_with_method_cost_status_and_verzonden(staff_client):
    order = coffee_and_tea()

    response = staff_client.get(url(order, "blocks/shipping/"), headers=HTMX)

    html = response.text
    assert response.status_code == 200 and "<html" not in html
    assert 'id="block-shipping"' in html and "order-changed from:body" in html
    assert "PostNL pakket" in html and "PostNL" in html and "€\N{NO-BREAK SPACE}4,95" in html
    assert [badge.text for badge in elements(html, class_="badge badge-not_shipped")] == ["Niet verzonden"]
    assert 'name="tracking_code"' in html and 'data-action="mark-shipped"' in html


@pytest.mark.parametrize(
    ("code", "email", "message", "kind"),
    [
        ("3SABCD1234567", "jan@example.nl", "De order is verzonden; de klant kreeg de Track &amp; Trace-e-mail.",
         EmailKind.TRACK_AND_TRACE),
        ("", "jan@example.nl", "De order is verzonden; de klant kreeg de e-mail ‘Order verzonden’.",
         EmailKind.ORDER_SHIPPED),
        ("3SABCD1234567", "", "De order is verzonden (geen e-mailadres, dus geen e-mail).", None),
    ],
    ids=["track-and-trace", "plain", "no-email-address"],
)  # fmt: skip
def test_verzonden_ships_the_order_and_says_which_email_went(staff_client, code, email, message, kind):
    order = coffee_and_tea()
    Order.objects.filter(pk=order.pk).update(email=email)

    response = staff_client.post(url(order, "shipping/shipped/"), {"tracking_code": code}, headers=HTMX)

    assert response.status_code == 200 and "<html" not in response.text
    assert "order-changed" in triggers(response)
    assert message in response.text and 'id="messages"' in response.text
    # the block's shipping status, and the order header's status (everything shipped, not paid yet)
    assert [badge.text for badge in elements(response.text, class_="badge badge-shipped")] == ["Verzonden"] * 2
    assert element(response.text, id="order-status-badge").text == "Verzonden"
    assert 'data-action="mark-shipped"' not in response.text and "Deze order is helemaal verzonden." in response.text
    assert Order.objects.get(pk=order.pk).shipment_status == ShipmentStatus.SHIPPED
    assert list(OutboxMessage.objects.filter(order=order).values_list("kind", flat=True)) == ([kind] if kind else [])
    if code:  # the code links to the carrier's page
        link = 'href="https://jouw.postnl.nl/track-and-trace/3SABCD1234567-NL-1012LG"'
        assert link in response.text and ">3SABCD1234567</a>" in response.text


@pytest.mark.parametrize(
    ("prepare", "code", "message"),
    [
        (lambda order, staff: order_hold(order=order, actor=staff), "", "staat in de wacht"),
        (lambda order, staff: None, "3S ABC<script>", "5 tot 40 letters, cijfers of streepjes"),
        (lambda order, staff: order_mark_shipped(order=order, actor=staff), "", "al helemaal verzonden"),
    ],
    ids=["on-hold", "malformed-code", "already-shipped"],
)
def test_a_refused_verzonden_is_shown_in_the_block_with_422_and_changes_nothing(
    staff_client, staff, prepare, code, message
):
    order = coffee_and_tea()
    prepare(order, staff)
    before = state(order)

    response = staff_client.post(url(order, "shipping/shipped/"), {"tracking_code": code}, headers=HTMX)

    assert response.status_code == 422 and message in response.text
    assert 'id="block-shipping"' in response.text and 'role="alert"' in response.text
    assert "HX-Trigger" not in response
    assert state(order) == before
    if code:  # what was typed stays in the field, escaped
        assert 'value="3S ABC&lt;script&gt;"' in response.text


@pytest.mark.parametrize(
    ("prepare", "reason"),
    [
        (lambda order, staff: order_cancel(order=order, actor=staff, reason=CancelReason.OTHER), "is geannuleerd"),
        (lambda order, staff: order_hold(order=order, actor=staff), "staat in de wacht"),
        (lambda order, staff: order_mark_shipped(order=order, actor=staff), "helemaal verzonden"),
    ],
    ids=["cancelled", "on-hold", "shipped"],
)
def test_verzonden_is_not_offered_with_a_short_reason(staff_client, staff, prepare, reason):
    order = coffee_and_tea()
    prepare(order, staff)

    html = staff_client.get(url(order, "blocks/shipping/"), headers=HTMX).text

    assert 'data-action="mark-shipped"' not in html and 'name="tracking_code"' not in html
    assert reason in element(html, class_="ship-refusal").text


def test_without_htmx_verzonden_goes_back_to_the_dashboard_with_the_message(staff_client):
    order = coffee_and_tea()

    response = staff_client.post(url(order, "shipping/shipped/"), {"tracking_code": ""}, follow=True)

    assert response.redirect_chain == [(f"/orders/{order.number}/", 302)]
    assert "De order is verzonden; de klant kreeg de e-mail ‘Order verzonden’." in response.text


# --- the Verzendingen block and Pakbon aanmaken -------------------------------------------------------------


def test_the_verzendingen_block_lists_the_slips_with_the_blue_i_and_the_printer(staff_client, staff):
    order = coffee_and_tea()
    empty = staff_client.get(url(order, "blocks/shipments/"), headers=HTMX).text
    assert "Deze order heeft nog geen pakbon." in empty and 'data-action="create-packing-slip"' in empty
    first = make_shipment(order, quantities={lines(order)[0].pk: 1}, tracking_code="3SFIRST001", actor=staff)
    second = make_shipment(order, actor=staff)

    response = staff_client.get(url(order, "blocks/shipments/"), headers=HTMX)

    html = response.text
    assert response.status_code == 200 and "<html" not in html and 'id="block-shipments"' in html
    assert "order-changed from:body" in html
    assert html.index(first.number) < html.index(second.number)
    row = html[html.index(f'id="shipment-{first.pk}"') : html.index(f'id="shipment-{second.pk}"')]
    assert "badge-shipped" in row and ">Verzonden<" in row and ">3SFIRST001</a>" in row
    assert f'action="{url(order, f"shipments/{first.number}/")}"' in row  # the blue i: a button in a GET form
    assert f'href="{url(order, f"shipments/{first.number}.pdf")}"' in row and 'target="_blank"' in row
    assert f'aria-label="Pakbon {first.number} printen"' in row
    assert ">Aangemaakt<" in html[html.index(f'id="shipment-{second.pk}"') :]
    assert "Alle producten staan op een pakbon." in html and 'data-action="create-packing-slip"' not in html


def test_the_pakbon_aanmaken_dialog_offers_what_is_left_of_each_line(staff_client, staff):
    order = coffee_and_tea()
    coffee, tea = lines(order)
    make_shipment(order, quantities={coffee.pk: 1}, actor=staff)

    response = staff_client.get(url(order, "shipments/new/"), headers=HTMX)

    html = response.text
    assert response.status_code == 200 and html.lstrip().startswith("<dialog") and "<html" not in html
    assert f'name="line_{coffee.pk}" value="2"' in html and f'name="line_{tea.pk}" value="2"' in html
    assert "Alles op één pakbon" in html and "Koffiebonen 1 kg" in html


def test_pakbon_aanmaken_for_chosen_quantities_is_a_partial_shipment(staff_client):
    order = coffee_and_tea()
    coffee, tea = lines(order)

    response = staff_client.post(
        url(order, "shipments/new/"), {f"line_{coffee.pk}": "1", f"line_{tea.pk}": "0"}, headers=HTMX
    )

    assert response.status_code == 200 and "order-changed" in triggers(response)
    shipment = Shipment.objects.get(order=order)
    assert f"Pakbon {shipment.number} is aangemaakt." in response.text
    assert "<dialog" not in response.text and 'id="block-shipments"' in response.text
    assert 'hx-swap-oob="true"' in response.text  # the block afresh, out of band; the popup slot empties
    assert list(shipment.lines.values_list("order_line__product_name", "quantity")) == [("Koffiebonen 1 kg", 1)]


def test_alles_op_een_pakbon_takes_everything_left_whatever_the_fields_say(staff_client, staff):
    order = coffee_and_tea()
    coffee, tea = lines(order)
    make_shipment(order, quantities={coffee.pk: 1}, actor=staff)

    response = staff_client.post(
        url(order, "shipments/new/"), {"everything": "1", f"line_{coffee.pk}": "0"}, headers=HTMX
    )

    assert response.status_code == 200
    newest = Shipment.objects.filter(order=order).latest("id")
    assert sorted(newest.lines.values_list("order_line__product_name", "quantity")) == [
        ("Koffiebonen 1 kg", 2), ("Thee", 2),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda coffee, tea: {f"line_{coffee.pk}": "4"}, "Van Koffiebonen 1 kg kunnen nog 3 mee, niet 4"),
        (lambda coffee, tea: {f"line_{coffee.pk}": "0", f"line_{tea.pk}": "0"}, "minstens één product"),
        (lambda coffee, tea: {f"line_{coffee.pk}": "-1"}, "minstens 0"),
        (lambda coffee, tea: {f"line_{coffee.pk}": "veel"}, "Voer een geheel getal in"),
    ],
    ids=["more-than-left", "nothing", "negative", "not-a-number"],
)
def test_a_refused_packing_slip_comes_back_in_the_dialog_with_422(staff_client, data, message):
    order = coffee_and_tea()
    before = state(order)

    response = staff_client.post(url(order, "shipments/new/"), data(*lines(order)), headers=HTMX)

    assert response.status_code == 422 and "<dialog" in response.text and message in response.text
    assert "HX-Trigger" not in response
    assert state(order) == before


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda order, staff: order_cancel(order=order, actor=staff, reason=CancelReason.OTHER), "is geannuleerd"),
        (lambda order, staff: order_hold(order=order, actor=staff), "staat in de wacht"),
        (lambda order, staff: make_shipment(order, actor=staff), "staan al op een pakbon"),
    ],
    ids=["cancelled", "on-hold", "all-packed"],
)
def test_pakbon_aanmaken_refuses_with_the_reason_and_no_form(staff_client, staff, prepare, message):
    order = coffee_and_tea()
    prepare(order, staff)
    before = state(order)

    dialog = staff_client.get(url(order, "shipments/new/"), headers=HTMX)
    posted = staff_client.post(url(order, "shipments/new/"), {"everything": "1"}, headers=HTMX)

    for response in (dialog, posted):
        assert response.status_code == 422 and message in response.text
        assert 'data-action="packing-slip-everything"' not in response.text
    assert state(order) == before
    block = staff_client.get(url(order, "blocks/shipments/"), headers=HTMX).text
    assert 'data-action="create-packing-slip"' not in block


# --- the blue i: one packing slip -----------------------------------------------------------------------------


def test_the_blue_i_shows_the_slips_lines_and_ships_it_with_a_code(staff_client, staff):
    order = coffee_and_tea()
    coffee, _tea = lines(order)
    shipment = make_shipment(order, quantities={coffee.pk: 1}, actor=staff)
    popup = url(order, f"shipments/{shipment.number}/")

    dialog = staff_client.get(popup, headers=HTMX)
    assert dialog.status_code == 200 and dialog.text.lstrip().startswith("<dialog") and "<html" not in dialog.text
    assert "Koffiebonen 1 kg" in dialog.text and "Thee" not in dialog.text
    assert [cell.text for cell in elements(dialog.text, "td", class_="num")] == ["1"]
    assert element(dialog.text, "input", name="tracking_code")

    response = staff_client.post(popup, {"tracking_code": "3sfirst001"}, headers=HTMX)

    assert response.status_code == 200 and "order-changed" in triggers(response)
    assert f"Pakbon {shipment.number} is verzonden; de klant kreeg de Track &amp; Trace-e-mail." in response.text
    assert "<dialog" not in response.text and 'id="block-shipments"' in response.text
    shipment.refresh_from_db()
    assert (shipment.is_shipped, shipment.shipped_by, shipment.tracking_code) == (True, staff, "3SFIRST001")
    assert Order.objects.get(pk=order.pk).shipment_status == ShipmentStatus.PARTIALLY_SHIPPED

    shipped = staff_client.get(popup, headers=HTMX).text  # when, by whom, which code; no second Verzonden
    assert "Mila de Vries" in shipped and element(shipped, class_="shipped-at")
    assert [link.text for link in elements(shipped, "a") if link.text == "3SFIRST001"] == ["3SFIRST001"]
    assert 'name="tracking_code"' not in shipped and 'data-action="shipment-shipped"' not in shipped


@pytest.mark.parametrize(
    ("prepare", "code", "message"),
    [
        (lambda shipment, staff: None, "abc", "5 tot 40 letters, cijfers of streepjes"),
        (lambda shipment, staff: shipment_mark_shipped(shipment=shipment, actor=staff), "", "is al verzonden"),
        (lambda shipment, staff: order_hold(order=shipment.order, actor=staff), "", "staat in de wacht"),
    ],
    ids=["malformed-code", "already-shipped", "on-hold"],
)
def test_a_refused_verzonden_in_the_popup_comes_back_with_422(staff_client, staff, prepare, code, message):
    order = coffee_and_tea()
    shipment = make_shipment(order, quantities={lines(order)[0].pk: 1}, actor=staff)
    prepare(shipment, staff)
    before = state(order)

    response = staff_client.post(url(order, f"shipments/{shipment.number}/"), {"tracking_code": code}, headers=HTMX)

    assert response.status_code == 422 and "<dialog" in response.text and message in response.text
    assert "HX-Trigger" not in response
    assert state(order) == before


def test_a_packing_slip_of_another_order_is_not_found(staff_client, staff):
    order, other = coffee_and_tea(), coffee_and_tea()
    shipment = make_shipment(other, actor=staff)

    for rest in (f"shipments/{shipment.number}/", f"shipments/{shipment.number}.pdf"):
        assert staff_client.get(url(order, rest), headers=HTMX).status_code == 404
    assert staff_client.post(url(order, f"shipments/{shipment.number}/"), headers=HTMX).status_code == 404
    assert not Shipment.objects.get(pk=shipment.pk).is_shipped


# --- the printer and the tab -----------------------------------------------------------------------------------


def test_the_printer_opens_the_packing_slip_pdf_inline(staff_client, staff):
    order = coffee_and_tea()
    shipment = make_shipment(order, actor=staff)

    response = staff_client.get(url(order, f"shipments/{shipment.number}.pdf"))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{shipment.number}.pdf"'
    assert response.content.startswith(b"%PDF")


def test_the_verzendingen_tab_lists_every_slip_with_its_items(staff_client, staff):
    order = coffee_and_tea()
    coffee, _tea = lines(order)
    first = make_shipment(order, quantities={coffee.pk: 1}, tracking_code="3SFIRST001", actor=staff)
    [rest] = order_mark_shipped(order=order, actor=staff)

    response = staff_client.get(url(order, "shipments/"), headers=HTMX)

    html = response.text
    assert response.status_code == 200 and "<html" not in html and 'data-tab-content="shipments"' in html
    first_row = html[html.index(f'id="shipment-row-{first.pk}"') : html.index(f'id="shipment-row-{rest.pk}"')]
    assert "1 × Koffiebonen 1 kg" in first_row and "Thee" not in first_row and ">3SFIRST001</a>" in first_row
    rest_row = html[html.index(f'id="shipment-row-{rest.pk}"') :]
    assert "2 × Koffiebonen 1 kg" in rest_row and "2 × Thee" in rest_row and "Mila de Vries" in rest_row

    page = staff_client.get(url(order, "shipments/"))  # the tab is a real page too
    assert "<html" in page.text and 'data-tab="shipments" aria-selected="true"' in page.text


# --- who may, and what it costs ---------------------------------------------------------------------------------


STAFF_ONLY = [
    ("get", "blocks/shipping/"), ("get", "blocks/shipments/"), ("get", "shipments/"), ("get", "shipments/new/"),
    ("post", "shipments/new/"), ("post", "shipping/shipped/"), ("get", "shipments/P00001/"),
    ("post", "shipments/P00001/"), ("get", "shipments/P00001.pdf"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "rest"), STAFF_ONLY)
def test_only_staff(client, customer_user, staff, method, rest):
    order = coffee_and_tea()
    make_shipment(order, actor=staff)
    before = state(order)

    anonymous = getattr(client, method)(url(order, rest))
    client.force_login(customer_user)
    customer = getattr(client, method)(url(order, rest), {"everything": "1"} if method == "post" else None)

    assert anonymous.status_code == 302 and anonymous.url.startswith("/login/")
    assert customer.status_code == 403
    assert state(order) == before


def test_the_blocks_and_tab_do_not_query_more_for_more_lines_or_slips(staff_client, staff, django_assert_num_queries):
    small = coffee_and_tea()
    make_shipment(small, quantities={lines(small)[0].pk: 1}, actor=staff)
    order_mark_shipped(order=small, actor=staff, tracking_code="3SSMALL001")
    large = make_order(lines=[line(product_name=f"Product {n}", quantity=3) for n in range(40)])
    for number, order_line in enumerate(lines(large)[:6]):
        code = f"3SLARGE{number:03d}" if number % 2 else ""  # every other one shipped
        make_shipment(large, quantities={order_line.pk: 1}, tracking_code=code, actor=staff)
    assert Shipment.objects.filter(order=large).count() == 6

    for order in (small, large):
        # session, user, order; the Track & Trace codes of what was shipped
        with django_assert_num_queries(3 + 1):
            staff_client.get(url(order, "blocks/shipping/"), headers=HTMX)
        # session, user, order; the packing slips, whether anything is left to pack
        with django_assert_num_queries(3 + 2):
            staff_client.get(url(order, "blocks/shipments/"), headers=HTMX)
        # session, user, order; the packing slips (with who shipped them), their lines with the order lines
        with django_assert_num_queries(3 + 2):
            staff_client.get(url(order, "shipments/"), headers=HTMX)
        # session, user, order; the order lines and what is on packing slips already
        with django_assert_num_queries(3 + 2):
            staff_client.get(url(order, "shipments/new/"), headers=HTMX)
        # session, user, order; the slip (with its makers), its lines
        number = Shipment.objects.filter(order=order).latest("id").number
        with django_assert_num_queries(3 + 2):
            staff_client.get(url(order, f"shipments/{number}/"), headers=HTMX)
        # the whole dashboard as tests/orders/test_views.py pins it for a new order (with Status, Taken, Memo, the
        # address blocks, Retour and the ledger), and for the shipping blocks the packing slips (read once for
        # Verzendmethoden's Track & Trace and Verzendingen) and whether anything is left to pack
        with django_assert_num_queries(3 + 2 + 2 + 2 + 1 + 0 + 1 + 0 + 1):
            staff_client.get(url(order, ""))


def test_a_new_order_costs_the_blocks_no_shipping_query_but_the_slips(staff_client, django_assert_num_queries):
    order = coffee_and_tea()

    with django_assert_num_queries(3):  # session, user, order: nothing shipped, nothing to look up
        staff_client.get(url(order, "blocks/shipping/"), headers=HTMX)
    with django_assert_num_queries(3 + 1):  # and the (no) packing slips: everything is left to pack
        staff_client.get(url(order, "blocks/shipments/"), headers=HTMX)


def test_shipping_updates_the_status_badge_in_the_order_header(staff_client, staff):
    by_button, by_slip = make_order(), make_order()
    slip = make_shipment(by_slip, actor=staff)
    assert by_button.status == by_slip.status == "new"

    responses = [
        staff_client.post(f"/orders/{by_button.number}/shipping/shipped/", {"tracking_code": ""}, headers=HTMX),
        staff_client.post(f"/orders/{by_slip.number}/shipments/{slip.number}/", {"tracking_code": ""}, headers=HTMX),
    ]

    for response in responses:
        assert response.status_code == 200
        assert '<span id="order-status-badge" hx-swap-oob="true"' in response.text
        assert element(response.text, id="order-status-badge").text == "Verzonden"  # all shipped, unpaid


def test_the_packing_slips_lines_are_read_with_this_orders_lines_only(staff_client):
    """The Verzendingen tab joins the slips' lines with the order lines of this order only: without naming the order,
    PostgreSQL merge-joined them by walking every order line's primary key while its statistics of the slips' lines
    lagged behind (0.6–0.9 s for a new order's tab at 1M orders)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    shipment = make_shipment(coffee_and_tea())
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(f"/orders/{shipment.order.number}/shipments/", headers=HTMX)
    assert response.status_code == 200 and shipment.number in response.text
    lines_query = next(query["sql"] for query in queries if 'FROM "shipping_shipmentline"' in query["sql"])
    assert '"orders_orderline"."order_id" IN' in lines_query or '"orders_orderline"."order_id" =' in lines_query
