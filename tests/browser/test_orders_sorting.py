"""Sorting the orders list by clicking its headers, paging in that sort, and coming back from an order to the same
list and page through the breadcrumb (issue 17a)."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from orders.models import PaymentMethod
from tests.orders.factories import line, make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def orders(db, settings):
    """Five orders of different totals (the two dearest paid), two per page."""
    settings.ORDERS_PER_PAGE = 2
    prices = ["30.00", "10.00", "50.00", "20.00", "40.00"]
    return {
        price: make_order(
            lines=[line(unit_price=Decimal(price))],
            shipping_cost=Decimal("0"),
            payment_method=PaymentMethod.IDEAL if price in {"50.00", "40.00"} else PaymentMethod.BANK_TRANSFER,
        )
        for price in prices
    }


def shown(page):
    return page.locator("#order-results tbody tr .order-number")


def numbers(orders, *prices):
    return [orders[price].number for price in prices]


def test_sort_by_total_page_on_open_an_order_and_come_back_to_the_same_page(staff_page, orders):
    page = staff_page
    page.goto("/orders/")
    total = page.locator("#order-results thead th", has_text="Totaal")

    # Mila sorts by total: the dearest first, and the header says so
    total.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"[?&]sort=-total(&|$)"))
    expect(shown(page)).to_have_text(numbers(orders, "50.00", "40.00"))
    expect(total).to_have_attribute("aria-sort", "descending")

    # again: the cheapest first
    total.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"[?&]sort=total(&|$)"))
    expect(shown(page)).to_have_text(numbers(orders, "10.00", "20.00"))
    expect(total).to_have_attribute("aria-sort", "ascending")

    # the next page continues in that order
    page.get_by_role("link", name="Volgende").click()
    expect(shown(page)).to_have_text(numbers(orders, "30.00", "40.00"))
    expect(page).to_have_url(re.compile(r"[?&]cursor="))
    list_url = page.url

    # she opens an order and goes back through the breadcrumb: the same sort, the same page
    page.get_by_role("link", name=orders["40.00"].number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {orders['40.00'].number}")
    page.get_by_role("link", name="Verkoop › Orders").click()
    expect(page).to_have_url(list_url)
    expect(shown(page)).to_have_text(numbers(orders, "30.00", "40.00"))
    expect(total).to_have_attribute("aria-sort", "ascending")

    # and back a page
    page.get_by_role("link", name="Vorige").click()
    expect(shown(page)).to_have_text(numbers(orders, "10.00", "20.00"))


def test_a_filter_keeps_the_sort_and_no_match_offers_to_clear_the_filters(staff_page, orders):
    page = staff_page
    page.goto("/orders/?sort=-total")

    page.get_by_label("Betaalstatus").select_option(label="Betaald")
    expect(shown(page)).to_have_text(numbers(orders, "50.00", "40.00"))
    expect(page).to_have_url(re.compile(r"[?&]sort=-total(&|$)"))

    page.get_by_label("Vervoerder").select_option(label="DHL")
    expect(page.get_by_text("Geen orders gevonden.")).to_be_visible()
    expect(page.locator(".chip")).to_have_count(2)
    page.get_by_role("link", name="Filters wissen").click()
    expect(page).to_have_url(re.compile(r"/orders/\?sort=-total$"))
    expect(shown(page)).to_have_text(numbers(orders, "50.00", "40.00"))
