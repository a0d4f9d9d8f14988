from datetime import UTC, datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.test import override_settings

from orders.models import Order
from tests.invoicing.factories import make_invoice
from tests.orders.factories import line, make_order
from tests.shipping.factories import make_shipment
from tests.support import HTMX, element

pytestmark = pytest.mark.django_db


def test_list_shows_orders_with_their_columns(staff_client):
    order = make_order(payment_method="ideal")

    response = staff_client.get("/orders/")

    assert response.status_code == 200
    html = response.text
    row = element(html, "tr", id=f"order-{order.pk}")
    assert order.number in row.text and order.billing_name in row.text  # as read: "d' Heripon" is escaped in the HTML
    assert "Betaald" in html and "Niet verzonden" in html and "Nieuw" in html
    assert f'href="/orders/{order.number}/"' in html


def test_list_search_over_htmx_returns_only_the_results_partial(staff_client):
    wanted = make_order(billing=_address(name="Sanne Visser"))
    other = make_order(billing=_address(name="Els de Wit"))  # a fixed name: Faker may well draw "Visser"

    response = staff_client.get("/orders/", {"q": "visser"}, headers=HTMX)

    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="order-results"' in response.text
    assert wanted.number in response.text and other.number not in response.text
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "nonsense"},
        {"payment_status": "<script>"},
        {"placed_from": "31-31-2026"},
        {"placed_from": "2026-05-01", "placed_to": "2026-04-01"},
        {"placed_to": "9999-12-31"},  # the day after it does not exist
        {"placed_from": "0001-01-01"},  # midnight in Amsterdam is before the first moment in UTC
        {"cursor": "not-a-cursor"},
        {"q": "x" * 500},
        {"q": "a"},
    ],
)
def test_garbage_in_the_query_string_gives_the_list_with_a_message(staff_client, params):
    order = make_order()

    response = staff_client.get("/orders/", params)

    assert response.status_code == 200
    assert order.number in response.text
    assert element(response.text, id="messages").elements(class_="message message-warning")
    assert "<script>" not in response.text.split('id="order-results"')[0].split("</form>")[-1]


def test_filters_stay_in_the_pagination_links(staff_client):
    for _ in range(3):
        make_order(payment_method="ideal")

    with override_settings(ORDERS_PER_PAGE=2):
        response = staff_client.get("/orders/", {"payment_status": "paid"})

    assert "payment_status=paid&amp;cursor=" in response.text


def test_dashboard_shows_header_tabs_and_product_block(staff_client):
    order = make_order(
        lines=[line(product_name="Espresso bonen", quantity=2, unit_price=Decimal("12.50"), discount=Decimal("1.00"))],
        shipping_cost=Decimal("4.95"),
    )

    response = staff_client.get(f"/orders/{order.number}/")

    html = response.text
    assert response.status_code == 200
    assert f"Order {order.number}" in html
    assert 'id="block-products"' in html
    assert "Espresso bonen" in html and "€\u00a012,50" in html and "−€\u00a01,00" in html
    assert "€\u00a028,95" in html  # 2 × 12,50 − 1,00 + 4,95
    for tab_url in (f"/orders/{order.number}/products/", f"/orders/{order.number}/history/"):
        assert f'href="{tab_url}"' in html


@pytest.mark.parametrize("tab", ["products", "history"])
def test_each_tab_is_a_real_page_and_an_htmx_partial(staff_client, tab):
    order = make_order()
    url = f"/orders/{order.number}/{tab}/"

    page = staff_client.get(url)
    partial = staff_client.get(url, headers=HTMX)

    assert page.status_code == partial.status_code == 200
    assert "<html" in page.text and 'aria-selected="true">' in page.text
    assert "<html" not in partial.text and f'data-tab-content="{tab}"' in partial.text


def test_products_block_url_renders_the_block_alone(staff_client):
    order = make_order()

    response = staff_client.get(f"/orders/{order.number}/blocks/products/", headers=HTMX)

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="block-products"')


def test_history_tab_lists_the_creation(staff_client):
    order = make_order()

    response = staff_client.get(f"/orders/{order.number}/history/", headers=HTMX)

    assert f"Order {order.number} geplaatst in de webwinkel." in response.text
    assert "Systeem" in response.text


def test_unknown_order_is_a_404(staff_client):
    response = staff_client.get("/orders/ORD99999/")
    assert response.status_code == 404


def test_customer_input_is_escaped(staff_client):
    order = make_order(billing=_address(name="<script>alert(1)</script>"))

    for url in ("/orders/", f"/orders/{order.number}/"):
        html = staff_client.get(url).text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("url", ["/orders/", "/orders/ORD00001/", "/orders/ORD00001/products/", "/settings/"])
def test_anonymous_users_are_sent_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/login/?next=")


@pytest.mark.parametrize(
    "url", ["/", "/orders/", "/orders/ORD00001/", "/orders/ORD00001/history/", "/orders/ORD00001/blocks/products/"]
)
def test_customers_have_no_access_to_the_backoffice(client, customer_user, url):
    make_order()
    client.force_login(customer_user)
    assert client.get(url).status_code == 403


def test_query_counts_are_pinned_and_do_not_grow_with_the_order(staff_client, django_assert_num_queries):
    small = make_order(lines=[line(), line(product_name="Mok")])
    large = make_order(lines=[line(product_name=f"Product {n}") for n in range(40)])
    for _ in range(30):
        make_order()

    # Every full page: session, user, and the permissions for the menu (3: backoffice.permissions reads them in one
    # query). Then:
    for order in (small, large):
        # order (with customer, and whether it has tasks and memos), lines; Betaalmethoden and Facturen: the shop's
        # settings and the invoices, each read once for both (Order.read_once; these orders have none, so no query
        # for their PDFs); Verzendmethoden none (nothing shipped yet), Verzendingen the packing slips (none yet);
        # Status the shop's active custom statuses (the order's own comes with the order); Taken and Memo none (the
        # order has neither: backoffice.blocks.nothing_for); Factuuradres and Verzendadres the cached geocoding,
        # once (the same address); Retour none either (no returns); Product's ledger one for all its columns
        # (invoiced, shipped, returned, credited: orders/ledger.py)
        with django_assert_num_queries(3 + 2 + 2 + 1 + 1 + 0 + 1 + 0 + 1):
            staff_client.get(f"/orders/{order.number}/")
        with django_assert_num_queries(3 + 2 + 1):  # order, lines, the ledger's four columns in one
            staff_client.get(f"/orders/{order.number}/products/")
        with django_assert_num_queries(3 + 2):  # order, events
            staff_client.get(f"/orders/{order.number}/history/")
        with django_assert_num_queries(2 + 2 + 1):  # no menu: session, user, order, lines; the ledger
            staff_client.get(f"/orders/{order.number}/blocks/products/", headers=HTMX)
    # the status filter's custom statuses, one page of orders, the count; the saved views' tabs (their counts come
    # in a request of their own: orders/saved_views.py)
    with django_assert_num_queries(3 + 3 + 1):
        staff_client.get("/orders/")
    with django_assert_num_queries(2 + 2 + 1):  # custom statuses; a text search is counted from its page alone; tabs
        staff_client.get("/orders/", {"q": "jansen"}, headers=HTMX)


def _address(**overrides):
    from tests.orders.factories import address

    return address(**overrides)


class _DialogOpeners(HTMLParser):
    """Every element that loads something into the popup slot: (tag, data-action of it or of its button)."""

    def __init__(self):
        super().__init__()
        self.openers: list[list] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("hx-target") == "#dialog-slot" and "hx-get" in attrs:
            self.openers.append([tag, attrs.get("method"), attrs.get("data-action")])
        elif tag == "button" and self.openers and self.openers[-1][2] is None:
            self.openers[-1][2] = attrs.get("data-action")


def test_everything_that_opens_a_dialog_is_a_button_that_also_works_without_javascript(staff_client, staff):
    # issue 9: "Niet betaald", the blue i, Pakbon aanmaken and the bottom bar were links
    order = make_order(payment_method="ideal", lines=[line(quantity=2)])
    make_invoice(order, actor=staff)
    make_shipment(order, quantities={order.lines.get().pk: 1}, actor=staff)  # one of two: a slip, and more
    parser = _DialogOpeners()

    parser.feed(staff_client.get(f"/orders/{order.number}/").text)

    actions = {action for _tag, _method, action in parser.openers}
    assert {"mark-unpaid", "invoice-info", "credit-invoice", "shipment-info", "create-packing-slip"} <= actions
    assert {"inform", "copy", "hold", "cancel"} <= actions  # the bottom bar
    assert all(tag == "form" and method == "get" for tag, method, _action in parser.openers), parser.openers


# The orders table is Jinja2 inside the Django template of the page (backoffice/rendering.py): it must speak the
# user's language, show times in the shop's time zone as Django's `date` filter does, and mark holds and questions.


def test_the_orders_table_speaks_english_for_a_user_who_chose_it(staff, staff_client):
    staff.language = "en"
    staff.save(update_fields=["language"])
    order = make_order(payment_method="ideal")

    table = element(staff_client.get("/orders/").text, "table", class_="order-table")

    headings = [th.text for th in table.elements("th") if "select" not in th.classes]
    assert headings == ["Order", "Date", "Customer", "Total", "Payment", "Shipping", "Status"]
    row = table.element("tr", id=f"order-{order.pk}")
    assert [badge.text for badge in row.elements("span", class_="badge")] == ["Paid", "Not shipped", "Processing"]
    assert row.element("span", class_="visually-hidden").text == f"Select order {order.number}"


def test_the_orders_table_shows_the_time_as_the_django_date_filter_does(staff_client):
    order = make_order()
    Order.objects.filter(pk=order.pk).update(placed_at=datetime(2026, 6, 1, 22, 30, tzinfo=UTC))  # 00:30 in NL
    order.refresh_from_db()

    table = element(staff_client.get("/orders/").text, "table", class_="order-table")

    shown = table.element("tr", id=f"order-{order.pk}").element("td", class_="date").text
    assert shown == Template('{{ when|date:"SHORT_DATETIME_FORMAT" }}').render(Context({"when": order.placed_at}))
    assert shown == "2-6-2026 00:30"


def test_the_orders_table_marks_a_hold_with_its_reason_and_an_unanswered_question(staff_client):
    order = make_order()
    Order.objects.filter(pk=order.pk).update(is_on_hold=True, hold_reason="Adres <klopt> niet", unanswered_tickets=1)

    html = staff_client.get("/orders/").text
    row = element(html, "tr", id=f"order-{order.pk}")

    assert row.element("span", title="Reden: Adres <klopt> niet").text == "Nieuw: Adres <klopt> niet"
    assert "Adres &lt;klopt&gt; niet" in html and "Adres <klopt> niet" not in html
    assert row.element("span", data_marker="unanswered-tickets").text == "Vraag: onbeantwoord"
