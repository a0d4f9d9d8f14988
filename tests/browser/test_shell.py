"""The staff shell on a phone, on paper and with the keyboard; no script error and no 404 on the way."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.orders.factories import line, make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def order(db):
    long_name = "Koffiebonen van een heel lange naam die op een telefoon niet naast de prijs past, 1 kg"
    return make_order(lines=[line(product_name=long_name), line(product_name="Koffiemolen", sku="KM-20")])


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_on_a_phone_neither_the_list_nor_the_dashboard_scrolls_sideways_and_the_menu_opens(staff_page, order):
    page = staff_page
    page.set_viewport_size(PHONE)

    page.goto("/orders/")
    expect(page.locator("#order-results tbody tr")).to_have_count(1)
    assert not scrolls_sideways(page), "the orders list is wider than the phone"

    # the menu folds away behind its button; Uitloggen stays in the header
    menu_button = page.get_by_role("button", name="Menu")
    main_menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(main_menu.get_by_role("link", name="Orders")).to_be_hidden()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_in_viewport()
    menu_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    expect(main_menu.get_by_role("link", name="Orders")).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    menu_button.click()
    expect(main_menu.get_by_role("link", name="Orders")).to_be_hidden()

    page.goto(f"/orders/{order.number}/")
    expect(page.locator("#block-products")).to_be_visible()
    assert not scrolls_sideways(page), "the dashboard is wider than the phone"
    for tab in ["products", "history"]:
        page.locator(f'.tabs [data-tab="{tab}"]').click()
        expect(page.locator(f'[data-tab-content="{tab}"]')).to_be_visible()
        assert not scrolls_sideways(page), f"the {tab} tab is wider than the phone"


def test_on_a_wide_screen_the_menu_is_open_without_a_button(staff_page):
    page = staff_page
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Orders")).to_be_visible()


def test_printing_a_dashboard_prints_the_order_not_the_menu_and_the_buttons(staff_page, order):
    page = staff_page
    page.goto(f"/orders/{order.number}/")
    expect(page.locator("#block-products")).to_be_visible()

    page.emulate_media(media="print")

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {order.number}")
    expect(page.locator("#order-summary")).to_be_visible()
    expect(page.locator("#block-products")).to_contain_text("Koffiemolen")
    expect(page.locator("#block-customers")).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.get_by_role("tablist")).to_be_hidden()
    expect(page.locator("#order-actions")).to_be_hidden()
    buttons = page.locator("main").get_by_role("button").or_(page.locator("main .button"))
    assert buttons.count() > 0
    for button in buttons.all():
        expect(button).to_be_hidden()

    page.emulate_media(media="screen")
    expect(page.locator("#order-actions")).to_be_visible()


def test_going_back_between_tabs_raises_no_script_error(staff_page, order):
    page = staff_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"/orders/{order.number}/")

    for tab in ["customer", "products", "history"]:
        page.locator(f'.tabs [data-tab="{tab}"]').click()
        expect(page.locator(f'[data-tab-content="{tab}"]')).to_be_visible()
    for tab in ["products", "customer", "dashboard"]:
        page.go_back()
        expect(page.locator(f'[data-tab-content="{tab}"]')).to_be_visible()
    page.go_forward()
    expect(page.locator('[data-tab-content="customer"]')).to_be_visible()
    page.wait_for_timeout(200)  # an error thrown by a listener after the swap

    assert errors == []


def test_every_page_has_a_favicon_and_favicon_ico_answers(staff_page):
    page = staff_page
    icon = page.locator("head link[rel=icon]").get_attribute("href")
    assert page.request.get(icon).ok

    response = page.request.get("/favicon.ico")

    assert response.ok
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.url.endswith(icon)


def test_the_skip_link_is_the_first_stop_and_moves_to_the_content(staff_page):
    page = staff_page
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()

    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("searchbox", name="Zoeken")).to_be_focused()


def test_the_list_and_an_empty_list_have_one_main_heading(staff_page):
    page = staff_page
    expect(page.get_by_role("heading", level=1)).to_have_text("Orders")
    page.goto("/orders/?q=nobody-has-this-name")
    expect(page.get_by_role("heading", level=1)).to_have_text("Orders")


def test_the_order_tabs_are_one_tab_stop_and_the_arrow_keys_move_between_them(staff_page, order):
    page = staff_page
    page.goto(f"/orders/{order.number}/")
    tabs = page.get_by_role("tab")
    expect(page.locator('.tabs [tabindex="0"]')).to_have_count(1)
    page.get_by_role("tab", name="Dashboard").focus()

    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="Klant")).to_be_focused()
    page.keyboard.press("End")
    expect(tabs.last).to_be_focused()
    page.keyboard.press("ArrowRight")  # round to the first
    expect(tabs.first).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(tabs.last).to_be_focused()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/products/$"))
    expect(page.get_by_role("tab", selected=True)).to_have_text("Producten")
    expect(page.get_by_role("tab", name="Producten")).to_have_attribute("tabindex", "0")
    expect(page.get_by_role("tab", name="Dashboard")).to_have_attribute("tabindex", "-1")
    expect(page.get_by_role("tabpanel")).to_have_attribute("aria-labelledby", "tab-products")

    page.get_by_role("tab", name="Geschiedenis").focus()
    page.keyboard.press(" ")
    expect(page.get_by_role("tab", selected=True)).to_have_text("Geschiedenis")


def test_the_settings_tabs_move_with_the_arrow_keys_and_open_with_enter(admin_page):
    page = admin_page
    page.goto("/settings/")
    page.get_by_role("tab", name="Winkelgegevens").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="Verzendmethoden")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/settings/shipping-methods/$"))
    expect(page.get_by_role("tabpanel", name="Verzendmethoden")).to_be_visible()
