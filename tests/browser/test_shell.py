"""The staff shell: no script error and no 404 on the way."""

import pytest
from playwright.sync_api import expect

from tests.orders.factories import line, make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def order(db):
    long_name = "Koffiebonen van een heel lange naam die op een telefoon niet naast de prijs past, 1 kg"
    return make_order(lines=[line(product_name=long_name), line(product_name="Koffiemolen", sku="KM-20")])


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
