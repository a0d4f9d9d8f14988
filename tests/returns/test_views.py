"""The Retour block, its popups (Retour aanmaken / Credit factuur aanmaken, the blue i), the Retouren tab: partials
for HTMX, `order-changed` after a change, 422 and nothing changed after a refusal, query counts pinned."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from history.models import OrderEvent
from invoicing.models import Invoice, InvoiceKind
from orders.models import Order
from orders.selectors import products_block
from returns.models import Return, ReturnStatus
from returns.selectors import order_returns, returns_block
from returns.services import return_status_change
from tests.invoicing.factories import make_invoice
from tests.returns.factories import make_action, make_reason, make_return, shipped_order
from tests.shipping.factories import coffee_and_tea, lines
from tests.support import HTMX, element, elements, top

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop")]


def url(order, rest: str) -> str:
    return f"/orders/{order.number}/{rest}"


def state(order) -> dict:
    return {
        "returns": list(Return.objects.filter(order=order).order_by("id").values()),
        "events": OrderEvent.objects.filter(order=order).count(),
        "invoices": Invoice.objects.filter(order=order).count(),
        "order": Order.objects.filter(pk=order.pk).values("status", "open_returns").get(),
    }


def test_the_block_lists_the_returns_and_offers_retour_aanmaken(staff_client):
    order = shipped_order()
    make_return(order)

    response = staff_client.get(url(order, "blocks/returns/"), headers=HTMX)

    html = response.text
    assert response.status_code == 200 and "<html" not in html
    assert top(html).attrs.get("id") == "block-returns" and "order-changed from:body" in html
    assert element(html, "tr", data_sequence="1").text.count("Koffiebonen 1 kg") == 1
    assert [badge.text for badge in elements(html, class_="return-status")] == ["Aangemeld"]
    assert element(html, data_action="create-return").text == "Retour aanmaken"


@pytest.mark.parametrize("with_return", [False, True])
def test_the_dashboards_retour_block_is_the_blocks_own(staff_client, with_return):
    """On the dashboard the order's query already says whether it has returns (the block's presence): the block
    shows the same with or without its own query for them."""
    order = shipped_order()
    if with_return:
        make_return(order)
    block = element(staff_client.get(url(order, "blocks/returns/"), headers=HTMX).text, id="block-returns")
    on_dashboard = element(staff_client.get(url(order, "")).text, id="block-returns")
    assert on_dashboard.text == block.text
    assert bool(on_dashboard.elements("tr", data_sequence="1")) is with_return
    assert on_dashboard.element(data_action="create-return").text == "Retour aanmaken"


def test_an_order_with_nothing_shipped_says_why_there_is_no_retour_aanmaken(staff_client):
    order = coffee_and_tea()
    html = staff_client.get(url(order, "blocks/returns/"), headers=HTMX).text
    assert not elements(html, data_action="create-return")
    assert "nog niets verzonden" in element(html, class_="create-refusal").text


def test_the_popup_has_a_drop_down_per_product_up_to_what_can_be_returned(staff_client):
    order = shipped_order()
    coffee, tea = lines(order)
    make_return(order, quantities={tea.pk: 2})
    make_reason("Te klein")
    make_action("Ruilen")

    response = staff_client.get(url(order, "returns/new/"), headers=HTMX)

    html = response.text
    assert response.status_code == 200 and top(html).tag == "dialog"
    options = [option.attrs["value"] for option in element(html, "select", name=f"line_{coffee.pk}").elements("option")]
    assert options == ["0", "1", "2", "3"]
    assert not elements(html, "select", name=f"line_{tea.pk}")  # all tea is already returned
    assert [o.text for o in element(html, "select", name="reason").elements("option")] == ["(geen)", "Te klein"]
    assert [o.text for o in element(html, "select", name="action").elements("option")] == ["(geen)", "Ruilen"]
    assert elements(html, "input", name="refund_shipping")
    assert not elements(html, "input", name="credit")  # no invoice to credit
    assert element(html, id="return-amount").attrs.get("aria-live") == "polite"


def test_the_amount_is_shown_before_confirming(staff_client):
    order = shipped_order()
    coffee, _tea = lines(order)

    response = staff_client.post(
        url(order, "returns/quote/"), {f"line_{coffee.pk}": "2", "refund_shipping": "on"}, headers=HTMX
    )

    assert response.status_code == 200
    assert element(response.text, "strong").text == "€ 54,85"  # 2 × 24,95 + 4,95
    assert state(order)["returns"] == []


def test_retour_aanmaken_registers_it_and_tells_the_other_blocks(staff_client):
    order = shipped_order()
    coffee, _tea = lines(order)
    reason = make_reason("Te klein")

    response = staff_client.post(
        url(order, "returns/new/"), {f"line_{coffee.pk}": "1", "reason": reason.pk, "note": "past niet"}, headers=HTMX
    )

    assert response.status_code == 200
    assert "order-changed" in json.loads(response["HX-Trigger"])
    ret = Return.objects.get(order=order)
    assert (ret.reason, ret.amount, ret.status) == (reason, ret.lines.get().amount, ReturnStatus.REGISTERED)
    assert element(response.text, "span", id="order-status-badge").text == "Retour"


def test_an_empty_return_is_refused_in_the_popup_and_changes_nothing(staff_client):
    order = shipped_order()
    before = state(order)

    response = staff_client.post(url(order, "returns/new/"), {"note": "leeg"}, headers=HTMX)

    assert response.status_code == 422 and top(response.text).tag == "dialog"
    assert "minstens één product" in element(response.text, role="alert").text
    assert "HX-Trigger" not in response
    assert state(order) == before


def test_credit_factuur_aanmaken_opens_the_same_popup_with_the_credit_ticked(staff_client):
    order = shipped_order()
    make_invoice(order)
    coffee, _tea = lines(order)

    html = staff_client.get(url(order, "returns/new/?credit=1"), headers=HTMX).text
    assert element(html, "input", name="credit").has("checked")
    assert element(html, "h2").text == "Creditfactuur aanmaken"

    response = staff_client.post(
        url(order, "returns/new/?credit=1"), {f"line_{coffee.pk}": "1", "credit": "on"}, headers=HTMX
    )

    assert response.status_code == 200
    ret = Return.objects.get(order=order)
    assert ret.is_locked and Invoice.objects.filter(order=order, kind=InvoiceKind.CREDIT).count() == 1


def test_the_blue_i_offers_the_next_statuses_credit_and_paid_back(staff_client):
    order = shipped_order()
    make_invoice(order)
    make_return(order)

    html = staff_client.get(url(order, "returns/1/"), headers=HTMX).text

    actions = {button.attrs.get("data-action") for button in elements(html, "button")}
    assert {"return-received", "return-rejected", "return-credit", "return-refunded"} <= actions


def test_status_and_credit_through_the_popup_then_the_locked_return_refuses(staff_client):
    order = shipped_order()
    make_invoice(order)
    make_return(order)

    assert staff_client.post(url(order, "returns/1/status/"), {"status": "received"}, headers=HTMX).status_code == 200
    assert staff_client.post(url(order, "returns/1/credit/"), headers=HTMX).status_code == 200
    ret = Return.objects.get(order=order)
    assert ret.is_locked and ret.status == ReturnStatus.HANDLED
    before = state(order)

    response = staff_client.post(url(order, "returns/1/status/"), {"status": "rejected"}, headers=HTMX)

    assert response.status_code == 422
    assert "kan niet meer worden gewijzigd" in element(response.text, role="alert").text
    assert state(order) == before
    html = staff_client.get(url(order, "returns/1/"), headers=HTMX).text
    assert not elements(html, data_action="return-credit") and not elements(html, data_action="return-rejected")
    assert "niet meer worden gewijzigd" in element(html, class_="return-lock").text


def test_a_return_of_another_order_is_404(staff_client):
    order = shipped_order()
    assert staff_client.get(url(order, "returns/7/"), headers=HTMX).status_code == 404


def test_the_retouren_tab_lists_reason_action_products_amount_status(staff_client):
    order = shipped_order()
    coffee, _tea = lines(order)
    make_return(order, quantities={coffee.pk: 2}, reason=make_reason("Te klein"), action=make_action("Ruilen"))

    response = staff_client.get(url(order, "returns/"))

    html = response.text
    assert response.status_code == 200 and "<html" in html
    row = element(html, "tr", data_sequence="1")
    assert row.element(class_="return-reason").text == "Te klein"
    assert row.element(class_="return-action").text == "Ruilen"
    assert "2 × Koffiebonen 1 kg" in row.element(class_="return-items").text
    assert row.element(class_="return-amount").text == "€ 49,90"


@pytest.mark.parametrize("returns", [1, 6])
def test_the_block_reads_in_four_queries_however_many_returns(django_assert_num_queries, returns):
    order = shipped_order()
    coffee, tea = lines(order)
    for number in range(returns):  # 3 coffee and 2 tea shipped: five returns of one, then a sixth rejected one
        if number == 5:
            return_status_change(ret=Return.objects.filter(order=order).first(), status="rejected", actor=None)
        else:
            make_return(order, quantities={coffee.pk: 1} if number % 2 == 0 else {tea.pk: 1})
    # the order's lines, the shipped column, the returns (with reason, action, credit invoice), their lines
    with django_assert_num_queries(4):
        returns_block(order)


def test_the_product_block_reuses_the_lines_and_ledger_the_retour_block_read(django_assert_num_queries):
    """On one dashboard (one Order instance) the Retour block reads the lines and the ledger for "what was shipped",
    and the Product block shows the same: no second read. A fresh instance reads again."""
    order = shipped_order()
    coffee, _tea = lines(order)
    make_return(order, quantities={coffee.pk: 1})
    order = Order.objects.get(pk=order.pk)
    with django_assert_num_queries(4):  # returns, their lines, the order's lines, the ledger
        returns_block(order)
    with django_assert_num_queries(0):
        products = products_block(order)["products"]
    assert [row.quantity("returned") for row in products.ledger] == [1, 0]
    fresh = Order.objects.get(pk=order.pk)
    with django_assert_num_queries(2):  # its lines, its ledger
        products_block(fresh)


def test_the_returns_lines_read_only_this_orders_lines(django_assert_num_queries):
    """The returns' lines are joined with the order lines of this order only (`order_line__order`): without it
    PostgreSQL merge-joined them by walking every order line's primary key while returns were few (14 ms at 1M)."""
    order = shipped_order()
    coffee, _tea = lines(order)
    make_return(order, quantities={coffee.pk: 1})
    with CaptureQueriesContext(connection) as queries:
        order_returns(Order.objects.get(pk=order.pk))
    lines_query = next(query["sql"] for query in queries if 'FROM "returns_returnline"' in query["sql"])
    assert '"orders_orderline"."order_id" =' in lines_query
