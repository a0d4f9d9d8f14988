import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.orders.factories import line, make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def language_button(page, code):
    # By value: a language's name on the button may itself be translated.
    return page.locator(f'.language-switch button[value="{code}"]')


def test_the_language_switch_turns_the_backoffice_english_and_back_and_is_remembered(
    staff_page, browser, live_server, log_in, staff
):
    page = staff_page
    order = make_order(lines=[line(product_name="Koffiebonen 1 kg", unit_price=Decimal("24.95"))])
    page.goto("/orders/")
    expect(language_button(page, "nl")).to_have_attribute("aria-pressed", "true")

    # when Mila chooses English in the header
    language_button(page, "en").click()

    # then the menu, the list and its headings speak English, on the same page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/orders/$"))
    expect(language_button(page, "en")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".menu-section h2").first).to_have_text("Sales")
    expect(page.get_by_role("link", name="Orders", exact=True)).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search")).to_be_visible()
    expect(page.get_by_role("button", name="Search")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Date")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Total")).to_be_visible()
    expect(page.locator("#order-results tbody tr").first).to_contain_text("€29.90")

    # and so does the order's dashboard, opened afterwards (the choice persists across page loads)
    page.get_by_role("link", name=order.number).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("tab")).to_have_text(
        ["Dashboard", "Customer", "Products", "Invoices", "Shipments", "Returns", "Tickets", "History"]
    )
    expect(page.locator(".menu-section h2").first).to_have_text("Sales")
    expect(page.locator("#block-products tbody tr").first).to_contain_text("€24.95")
    page.get_by_role("tab", name="History").click()
    expect(page.locator('[data-tab-content="history"] h2')).to_have_text("History")

    # the choice is remembered on her account: a new browser session opens in English after login
    other = browser.new_context(base_url=live_server.url)
    try:
        fresh = other.new_page()
        log_in(fresh, staff)
        expect(fresh.locator("html")).to_have_attribute("lang", "en")
        expect(fresh.get_by_role("button", name="Log out")).to_be_visible()
    finally:
        other.close()

    # when she opens the order again and switches back to Nederlands
    page.goto(f"/orders/{order.number}/")
    language_button(page, "nl").click()

    # then it is Dutch again, on the same page, and stays Dutch on the next page
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page).to_have_url(re.compile(rf"/orders/{order.number}/$"))
    expect(page.get_by_role("tab")).to_have_text(
        ["Dashboard", "Klant", "Producten", "Facturen", "Verzendingen", "Retouren", "Tickets", "Geschiedenis"]
    )
    expect(page.locator(".menu-section h2").first).to_have_text("Verkoop")
    page.goto("/orders/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("searchbox", name="Zoeken")).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(page.locator("#order-results tbody tr").first).to_contain_text("€ 29,90")


def test_each_language_is_named_in_itself_in_the_switch(staff_page):
    """Someone who switched by mistake must find the way back: "Nederlands", not "Dutch"; "English", not "Engels"."""
    page = staff_page
    switch = page.locator(".language-switch button")
    expect(switch).to_have_text(["Nederlands", "English"])

    language_button(page, "en").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(switch).to_have_text(["Nederlands", "English"])


def test_switching_language_keeps_the_search_and_the_tab_reached_in_place(staff_page):
    """The URL HTMX pushed (a search, a tab) is where the employee is; the switch must bring her back there."""
    page = staff_page
    order = make_order()
    page.goto("/orders/")

    # a search typed in place
    page.get_by_role("searchbox", name="Zoeken").fill(order.number)
    expect(page).to_have_url(re.compile(rf"[?&]q={order.number}(&|$)"))
    language_button(page, "en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(rf"[?&]q={order.number}(&|$)"))
    expect(page.get_by_role("searchbox")).to_have_value(order.number)

    # a tab opened in place
    page.goto(f"/orders/{order.number}/")
    page.get_by_role("tab", name="Products").click()
    expect(page).to_have_url(re.compile(rf"/orders/{order.number}/products/$"))
    language_button(page, "nl").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page).to_have_url(re.compile(rf"/orders/{order.number}/products/$"))
    expect(page.locator('#tab-panel [data-tab-content="products"]')).to_be_visible()
