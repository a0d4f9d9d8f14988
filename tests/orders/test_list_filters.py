"""The orders list's further filters, its sortable headers, the empty state and the way back from an order to the
same list and page (issue 17a)."""

from decimal import Decimal
from urllib.parse import quote, unquote

import pytest

from orders.forms import CUSTOM_STATUS_PREFIX
from orders.models import Carrier, Order, PaymentMethod
from orders.selectors import Cursor, order_list
from status.models import Colour
from status.services import custom_status_create
from tests.orders.factories import address, line, make_order
from tests.support.http import HTMX
from tests.support.markup import element, parse
from tests.tasks.factories import make_task

pytestmark = pytest.mark.django_db


def numbers(page) -> list[str]:
    return [order.number for order in page.orders]


def flagged_unanswered(order):
    Order.objects.filter(pk=order.pk).update(unanswered_tickets=1)  # the tickets services keep it (their tests)


def with_open_task(order):
    make_task(order=order)


FILTERS = {
    "payment_method": ({"payment_method": PaymentMethod.PAY_LATER}, None, {"payment_method": "pay_later"}),
    "carrier": ({"carrier": Carrier.DHL}, None, {"carrier": "dhl"}),
    "country": ({"shipping": address(country="BE", postcode="1000", city="Brussel")}, None, {"country": "BE"}),
    "unanswered_tickets": ({}, flagged_unanswered, {"unanswered_tickets": "on"}),
    "open_tasks": ({}, with_open_task, {"open_tasks": "on"}),
}


@pytest.mark.parametrize("name", FILTERS)
def test_each_filter_finds_only_its_orders_in_the_selector_and_the_page(staff, staff_client, name):
    overrides, after, query = FILTERS[name]
    other = make_order()
    wanted = make_order(**overrides)
    if after:
        after(wanted)

    filters = {key: (True if value == "on" else value) for key, value in query.items()}
    assert numbers(order_list(user=staff, filters=filters)) == [wanted.number]
    html = staff_client.get("/orders/", query, headers=HTMX).text
    assert wanted.number in html and other.number not in html


def test_total_from_and_to_include_their_bounds(staff, staff_client):
    ten = make_order(lines=[line(unit_price=Decimal("10.00"))], shipping_cost=Decimal("0"))
    twenty = make_order(lines=[line(unit_price=Decimal("20.00"))], shipping_cost=Decimal("0"))
    make_order(lines=[line(unit_price=Decimal("30.00"))], shipping_cost=Decimal("0"))
    assert (ten.total, twenty.total) == (Decimal("10.00"), Decimal("20.00"))

    shown = order_list(user=staff, filters={"total_from": Decimal("10"), "total_to": Decimal("20"), "sort": "total"})
    assert numbers(shown) == [ten.number, twenty.number]
    assert numbers(order_list(user=staff, filters={"total_to": Decimal("0")})) == []
    html = staff_client.get("/orders/", {"total_from": "10,00"}).text  # a Dutch comma is an error, not a crash
    assert "message" in html


@pytest.mark.parametrize(
    "query", [{"total_from": "-5"}, {"total_from": "1e400"}, {"sort": "price"}, {"country": "XX"}, {"carrier": "ups"}]
)
def test_bad_filter_values_are_dropped_with_a_message(staff_client, query):
    order = make_order()

    html = staff_client.get("/orders/", query).text

    assert "message-warning" in html
    assert order.number in html  # the bad filter was left out


def test_a_total_range_upside_down_says_so(staff_client):
    html = staff_client.get("/orders/", {"total_from": "20", "total_to": "10"}).text
    assert "Het totaal tot en met is lager dan het totaal vanaf." in html


def test_headers_sort_and_say_so_and_a_second_click_reverses(staff_client):
    make_order()

    page = parse(staff_client.get("/orders/", {"sort": "-total", "payment_status": "unpaid"}).text)

    total = page.element("a", **{"data-sort": "total"})
    assert "sort=total" in total.attrs["href"] and "payment_status=unpaid" in total.attrs["href"]
    assert len([th for th in page.elements("th") if th.attrs.get("aria-sort")]) == 1
    assert page.element("th", **{"aria-sort": "descending"}).element("a").attrs["data-sort"] == "total"
    assert "sort=customer" in page.element("a", **{"data-sort": "customer"}).attrs["href"]
    assert page.element("input", name="sort", form="order-filters").attrs["value"] == "-total"


def test_the_default_list_marks_the_date_newest_first(staff_client):
    make_order()

    page = parse(staff_client.get("/orders/").text)

    assert page.element("th", **{"aria-sort": "descending"}).element("a").attrs["data-sort"] == "placed_at"
    assert "sort=placed_at" in page.element("a", **{"data-sort": "placed_at"}).attrs["href"]
    assert not page.elements("input", name="sort")


def test_the_next_page_keeps_the_sort_and_a_cursor_of_another_sort_gives_the_first_page(staff_client, settings):
    settings.ORDERS_PER_PAGE = 2
    orders = [make_order(lines=[line(unit_price=Decimal(price))]) for price in ("5", "50", "500")]

    first = parse(staff_client.get("/orders/", {"sort": "-total"}).text)
    next_href = first.element("a", rel="next").attrs["href"]
    assert "sort=-total" in next_href
    second = staff_client.get(f"/orders/{next_href}").text
    assert orders[0].number in second and orders[2].number not in second

    foreign = Cursor.of(orders[1], "total").encode()
    html = staff_client.get("/orders/", {"sort": "-total", "cursor": foreign}).text
    assert "Die pagina bestaat niet (meer)" in html and orders[2].number in html


def test_no_orders_found_shows_the_filters_as_chips_and_a_way_to_clear_them(staff_client):
    make_order()

    response = staff_client.get("/orders/", {"carrier": "bpost", "open_tasks": "on", "sort": "total"}, headers=HTMX)

    page = parse(response.text)
    empty = page.element("div", class_="empty-state")
    assert "Geen orders gevonden" in empty.text
    assert [chip.text.split("×")[0].strip() for chip in empty.elements("li", class_="chip")] == [
        "Vervoerder: bpost",
        "Open taken",
    ]
    remove_carrier = empty.elements("li", class_="chip")[0].element("a").attrs["href"]
    assert "carrier" not in remove_carrier and "open_tasks=on" in remove_carrier and "sort=total" in remove_carrier
    assert empty.element("a", class_="button").attrs["href"] == "?sort=total"


def test_an_empty_shop_has_no_chips(staff_client):
    html = staff_client.get("/orders/").text
    assert "Geen orders gevonden" in html and "Filters wissen" not in html


def test_the_order_link_carries_the_list_and_the_breadcrumb_goes_back_there(staff_client, settings):
    settings.ORDERS_PER_PAGE = 1
    make_order()
    make_order(payment_method=PaymentMethod.IDEAL)
    order = make_order(payment_method=PaymentMethod.IDEAL)  # oldest first: on the second page
    first = parse(staff_client.get("/orders/", {"payment_method": "ideal", "sort": "placed_at"}).text)
    list_url = "/orders/" + first.element("a", rel="next").attrs["href"]

    page = parse(staff_client.get(list_url).text)
    link = page.element("a", class_="order-number").attrs["href"]

    assert link == f"/orders/{order.number}/?back={quote(list_url, safe='')}"
    assert unquote(link.split("back=")[1]) == list_url
    breadcrumb = parse(staff_client.get(link).text).element("a", **{"data-breadcrumb": "orders"})
    assert breadcrumb.attrs["href"] == list_url


def test_the_plain_list_links_plainly(staff_client):
    order = make_order()
    assert f'href="/orders/{order.number}/"' in staff_client.get("/orders/").text


def test_the_empty_fields_the_filter_form_sends_are_not_carried_back(staff_client):
    order = make_order(payment_method=PaymentMethod.IDEAL)
    empty = {"q": "", "status": "", "carrier": "", "total_from": ""}
    assert f'href="/orders/{order.number}/"' in staff_client.get("/orders/", empty).text
    page = parse(staff_client.get("/orders/", {**empty, "payment_method": "ideal"}).text)
    link = page.element("a", class_="order-number").attrs["href"]
    assert link == f"/orders/{order.number}/?back={quote('/orders/?payment_method=ideal', safe='')}"


@pytest.mark.parametrize(
    "back",
    ["https://evil.example/orders/", "//evil.example/orders/", "/admin/", "/ordersx/", "javascript:alert(1)", ""],
)
def test_a_back_that_is_not_our_orders_list_goes_to_the_list(staff_client, back):
    order = make_order()

    page = parse(staff_client.get(f"/orders/{order.number}/", {"back": back}).text)

    assert page.element("a", **{"data-breadcrumb": "orders"}).attrs["href"] == "/orders/"


def test_query_counts_of_a_sorted_and_filtered_list(staff_client, django_assert_num_queries):
    for _ in range(30):
        make_order(payment_method=PaymentMethod.IDEAL)
    # the status filter's custom statuses, one page of orders, the count; the saved views' tabs
    with django_assert_num_queries(3 + 3 + 1):
        staff_client.get("/orders/", {"sort": "-total", "payment_method": "ideal", "total_from": "1"})


def selected(html: str, name: str) -> str | None:
    options = element(html, "select", name=name).elements("option")
    return next((option.attrs["value"] for option in options if "selected" in option.attrs), None)


def test_the_cached_filter_fields_show_each_query_its_own_values(staff_client):
    """The filter fields' HTML is cached per query string (OrderFilterForm.fragment_key): a second query gets its
    own values and errors, never the first one's, and the first gets its own back."""
    first = staff_client.get("/orders/", {"carrier": "dhl", "total_from": "5"}).text
    second = staff_client.get("/orders/", {"carrier": "postnl", "total_from": "-5"}).text
    again = staff_client.get("/orders/", {"carrier": "dhl", "total_from": "5"}).text

    assert selected(first, "carrier") == selected(again, "carrier") == "dhl"
    assert selected(second, "carrier") == "postnl"
    assert element(second, "input", name="total_from").attrs["value"] == "-5"
    assert "has-error" not in first and "has-error" in second
    assert "has-error" not in again


def test_a_new_custom_status_and_the_language_change_the_cached_filter_fields(staff_client, staff):
    before = staff_client.get("/orders/").text
    status = custom_status_create(
        names={"nl": "Wacht op leverancier", "en": "Awaiting supplier"},
        colour=Colour.BLUE,
        mail_customer=False,
        actor=staff,
    )
    after = staff_client.get("/orders/").text
    staff.language = "en"
    staff.save(update_fields=["language"])
    english = staff_client.get("/orders/").text

    value = f"{CUSTOM_STATUS_PREFIX}{status.pk}"
    assert value not in before and value in after
    assert "Wacht op leverancier" in after and "Awaiting supplier" in english
    assert element(english, "label", **{"for": "id_carrier"}).text == "Carrier"
