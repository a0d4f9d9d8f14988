import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.orders.factories import line, make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def order(db):
    """Coffee at 9% VAT with a discount, a grinder at 21%, PostNL shipping at 21%.

    21%: 89,00 + 4,95 = 93,95 gross -> 77,64 base + 16,31 VAT;  9%: 44,90 gross -> 41,19 base + 3,71 VAT.
    """
    return make_order(
        lines=[
            line(
                product_name="Koffiebonen 1 kg",
                sku="KB-1000",
                quantity=2,
                unit_price=Decimal("24.95"),
                discount=Decimal("5.00"),
                vat_rate=Decimal("9"),
            ),
            line(
                product_name="Koffiemolen", sku="KM-20", quantity=1, unit_price=Decimal("89.00"), vat_rate=Decimal("21")
            ),
        ],
        shipping_cost=Decimal("4.95"),
    )


@pytest.fixture
def order_page(order, staff_page):
    """Mila on the order's dashboard, opened from the list."""
    staff_page.goto("/orders/")
    staff_page.get_by_role("link", name=order.number).click()
    expect(staff_page).to_have_url(re.compile(rf"/orders/{order.number}/$"))
    return staff_page


def tab_panel(page, tab_name):
    return page.locator(f'#tab-panel [data-tab-content="{tab_name}"]')


def test_the_dashboard_shows_the_order_and_its_product_block(order_page, order):
    page = order_page

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {order.number}")
    expect(page.get_by_role("tab", selected=True)).to_have_text("Dashboard")
    block = page.locator("#block-products")
    expect(block.get_by_role("heading")).to_have_text("Product")
    expect(block.locator("thead th")).to_have_text(["Product", "Aantal", "Prijs per stuk", "Korting", "Totaal"])
    expect(block.locator("tbody tr").first.locator("td")).to_have_text(
        [
            # the name, its SKU and the ledger: where the line's items are (nothing shipped or invoiced yet)
            re.compile(
                r"^Koffiebonen 1 kg\s*KB-1000\s*Besteld 2 · Verzonden 0 · Gefactureerd 0 · Retour 0 · Gecrediteerd 0$"
            ),
            "2",
            "€ 24,95",
            "−€ 5,00",
            "€ 44,90",
        ]  # fmt: skip
    )
    expect(block.locator("tbody tr").nth(1).locator("td")).to_have_text(
        [
            re.compile(r"^Koffiemolen\s*KM-20\s*Besteld 1 · Verzonden 0 · Gefactureerd 0 · Retour 0 · Gecrediteerd 0$"),
            "1",
            "€ 89,00",
            "—",
            "€ 89,00",
        ]  # fmt: skip
    )
    expect(block.locator("tfoot tr")).to_have_text(
        [
            "Subtotaal € 133,90",
            "Verzendkosten (PostNL pakket) € 4,95",
            "Btw 21% over € 77,64 € 16,31",
            "Btw 9% over € 41,19 € 3,71",
            "Totaal (incl. btw) € 138,85",
        ],
        use_inner_text=True,
    )


def order_tabs(page) -> list[tuple[str, str, str]]:
    """(name, label, href) of every tab in the order's tab bar, as the page shows them."""
    return [
        (tab.get_attribute("data-tab"), tab.inner_text(), tab.get_attribute("href"))
        for tab in page.get_by_role("tab").all()
    ]


def expect_looks_selected(page, label):
    """The tab the employee sees as the current one: white, bold, joined to the panel."""
    for tab in page.get_by_role("tab").all():
        weight = "600" if tab.inner_text() == label else "400"
        expect(tab).to_have_css("font-weight", weight)


def test_every_tab_loads_in_place_under_its_own_url_and_survives_a_reload(order_page, document):
    page = order_page
    tabs = order_tabs(page)
    assert [name for name, _label, _href in tabs] == [
        "dashboard", "customer", "products", "invoices", "shipments", "returns", "tickets", "history",
    ]  # fmt: skip

    # every tab, and the dashboard (the first) last, so each click really changes the tab
    for name, label, href in tabs[1:] + tabs[:1]:
        document.mark()
        with page.expect_request(lambda request, href=href: request.url.endswith(href)) as request:
            page.get_by_role("tab", name=label, exact=True).click()

        assert request.value.headers.get("hx-request") == "true", f"{label}: not loaded by HTMX"
        expect(page).to_have_url(re.compile(rf"{re.escape(href)}$"))
        expect(tab_panel(page, name)).to_be_visible()
        expect(page.locator("#tab-panel [data-tab-content]")).to_have_count(1)
        expect_looks_selected(page, label)
        assert document.is_same(), f"{label}: the whole page was reloaded"

        # a reload on the tab's URL shows the same tab, now as a whole page
        page.reload()
        expect(tab_panel(page, name)).to_be_visible()
        expect(page.get_by_role("tab", selected=True)).to_have_text(label)
        expect_looks_selected(page, label)
        expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_back_button_walks_back_through_the_tabs(order_page):
    page = order_page
    tabs = order_tabs(page)
    for name, label, _href in tabs[1:]:
        page.get_by_role("tab", name=label, exact=True).click()
        expect(tab_panel(page, name)).to_be_visible()

    for name, label, href in reversed(tabs[:-1]):
        page.go_back()
        expect(page).to_have_url(re.compile(rf"{re.escape(href)}$"))
        expect(tab_panel(page, name)).to_be_visible()
        expect_looks_selected(page, label)

    # and back once more: the orders list it came from
    page.go_back()
    expect(page).to_have_url(re.compile(r"/orders/$"))
    expect(page.locator("#order-results")).to_be_visible()


def test_the_tab_loaded_in_place_is_the_selected_tab_for_assistive_technology(order_page):
    """role=tab needs aria-selected="true": an empty aria-selected means "not selected" to a screen reader."""
    page = order_page
    tabs = order_tabs(page)

    for _name, label, _href in tabs[1:] + tabs[:1]:
        page.get_by_role("tab", name=label, exact=True).click()
        expect(page.get_by_role("tab", selected=True)).to_have_text(label)

    page.go_back()
    expect(page.get_by_role("tab", selected=True)).to_have_text(tabs[-1][1])


def test_the_products_tab_lists_every_line_with_its_vat_rate(order_page, order):
    page = order_page

    page.get_by_role("tab", name="Producten").click()

    panel = tab_panel(page, "products")
    expect(panel.get_by_role("heading")).to_have_text("3 artikelen")
    expect(panel.locator("tbody tr").first.locator("td")).to_have_text(
        # ... and the ledger's columns: shipped, invoiced, returned, credited
        ["1", "KB-1000", "Koffiebonen 1 kg", "2", "€ 24,95", "−€ 5,00", "9%", "€ 44,90", "0", "0", "0", "0"]
    )
    expect(panel.locator("tfoot tr.grand-total")).to_have_text("Totaal (incl. btw) € 138,85", use_inner_text=True)


def test_the_history_tab_shows_that_the_order_was_placed(order_page, order):
    page = order_page

    page.get_by_role("tab", name="Geschiedenis").click()

    panel = tab_panel(page, "history")
    expect(panel.get_by_role("heading")).to_have_text("Geschiedenis")
    expect(panel.locator(".timeline li")).to_have_count(1)
    expect(panel.locator(".timeline li")).to_contain_text(order.number)
