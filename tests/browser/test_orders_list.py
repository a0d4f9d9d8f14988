import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from orders.models import PaymentMethod
from tests.customers.factories import CustomerFactory
from tests.orders.factories import address, make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def orders(db):
    """Three orders, created in a different order than they were placed, so "newest first" means something."""
    now = timezone.now()

    def order(first_name, last_name, postcode, days_ago, **overrides):
        customer = CustomerFactory(first_name=first_name, last_name=last_name)
        billing = address(name=f"{first_name} {last_name}", postcode=postcode, city="Utrecht")
        return make_order(customer=customer, billing=billing, placed_at=now - timedelta(days=days_ago), **overrides)

    return {
        "middle": order("Sanne", "Visser", "3511 AB", 2),
        "newest": order("Daan", "Mulder", "9711 CD", 0, payment_method=PaymentMethod.IDEAL),
        "oldest": order("Fenna", "Bos", "6811 EF", 5),
    }


@pytest.fixture
def list_page(orders, staff_page):
    """Mila on VERKOOP > Orders, with the three orders there."""
    staff_page.goto("/orders/")
    return staff_page


def rows(page):
    return page.locator("#order-results tbody tr")


def numbers(*orders):
    return [order.number for order in orders]


def test_the_list_shows_the_orders_newest_first(list_page, orders):
    page = list_page

    expect(rows(page).locator(".order-number")).to_have_text(
        numbers(orders["newest"], orders["middle"], orders["oldest"])
    )
    expect(page.locator(".result-count")).to_have_text("3 orders")
    newest = rows(page).first
    expect(newest).to_contain_text("Daan Mulder")
    expect(newest).to_contain_text("Betaald")


def test_the_list_headings_read_as_dutch(list_page):
    # "Order" must not pick up Django's own Dutch catalogue, where "Order" (as in sorting) is "Volgorde"
    expect(list_page.locator("#order-results thead th:not(.select)")).to_have_text(
        ["Order", "Datum", "Klant", "Totaal", "Betaling", "Verzending", "Status"]
    )
    expect(list_page.locator("#order-results thead th.select")).to_have_text("Alle orders op deze pagina selecteren")


@pytest.mark.parametrize(
    ("typed", "expected", "in_url"),
    [
        ("Visser", "middle", r"q=Visser"),
        ("9711 CD", "newest", r"q=9711(\+|%20)CD"),
        ("6811ef", "oldest", r"q=6811ef"),
    ],
    ids=["name", "postcode", "postcode-without-space"],
)
def test_typing_in_the_search_box_narrows_the_list_in_place(list_page, document, orders, typed, expected, in_url):
    page = list_page
    expect(rows(page)).to_have_count(3)
    document.mark()

    page.get_by_role("searchbox", name="Zoeken").fill(typed)

    expect(rows(page).locator(".order-number")).to_have_text([orders[expected].number])
    expect(page).to_have_url(re.compile(rf"/orders/\?(.*&)?{in_url}(&|$)"))
    assert document.is_same(), "the list should be swapped by HTMX, not reloaded"


def test_searching_an_order_number_finds_that_order(list_page, document, orders):
    page = list_page
    document.mark()
    number = orders["oldest"].number

    page.get_by_role("searchbox", name="Zoeken").fill(number)

    expect(rows(page).locator(".order-number")).to_have_text([number])
    expect(page).to_have_url(re.compile(rf"[?&]q={number}(&|$)"))
    assert document.is_same()


def test_a_search_without_match_says_so(list_page, orders):
    page = list_page

    page.get_by_role("searchbox", name="Zoeken").fill("Niemand")

    expect(page.get_by_text("Geen orders gevonden.")).to_be_visible()
    expect(rows(page)).to_have_count(0)


def test_a_filter_stays_in_the_url_survives_a_reload_and_wissen_clears_it(list_page, document, orders):
    page = list_page
    document.mark()

    # when Mila shows only the paid orders
    page.get_by_label("Betaalstatus").select_option(label="Betaald")

    # then the list narrows in place and the URL says so
    expect(rows(page).locator(".order-number")).to_have_text([orders["newest"].number])
    expect(page).to_have_url(re.compile(r"[?&]payment_status=paid(&|$)"))
    assert document.is_same()

    # a reload keeps the filter and its result
    page.reload()
    expect(page.get_by_label("Betaalstatus")).to_have_value("paid")
    expect(rows(page).locator(".order-number")).to_have_text([orders["newest"].number])

    # a search adds to the filter
    page.get_by_role("searchbox", name="Zoeken").fill("Visser")
    expect(page.get_by_text("Geen orders gevonden.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]q=Visser(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]payment_status=paid(&|$)"))

    # "Wissen" clears everything
    page.get_by_role("link", name="Wissen", exact=True).click()  # not the empty state's "Filters wissen"
    expect(page).to_have_url(re.compile(r"/orders/$"))
    expect(page.get_by_label("Betaalstatus")).to_have_value("")
    expect(page.get_by_role("searchbox", name="Zoeken")).to_have_value("")
    expect(rows(page)).to_have_count(3)


def test_clicking_anywhere_on_a_row_opens_the_order(list_page, orders):
    page = list_page
    order = orders["middle"]
    row = rows(page).filter(has_text=order.number)

    # the customer's name is plain text in the row, not the link
    row.get_by_text("Sanne Visser").click()

    expect(page).to_have_url(re.compile(rf"/orders/{order.number}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {order.number}")
