"""Custom statuses, clicked through: a Beheerder makes one, a Medewerker uses it, the list and English follow."""

import re

import pytest
from playwright.sync_api import expect

from orders.models import Order
from tests.orders.factories import make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def header_badge(page):
    return page.locator("#order-status-badge")


def test_a_custom_status_from_settings_to_the_dashboard_the_list_and_english(
    admin_page, browser, live_server, log_in, staff
):
    order, other = make_order(), make_order()
    admin = admin_page

    # the Beheerder goes ALGEMEEN > Instellingen > Workflow › Order status through the left menu
    admin.get_by_role("link", name="Instellingen").click()
    admin.get_by_role("tab", name="Workflow › Order status").click()
    expect(admin.get_by_role("heading", name="Eigen statussen")).to_be_visible()
    admin.get_by_label("Naam (Nederlands)").fill("Wacht op leverancier")
    admin.get_by_label("Naam (English)").fill("Awaiting supplier")
    admin.get_by_label("Kleur").select_option(label="Paars")
    admin.get_by_role("button", name="Toevoegen").click()
    expect(admin.locator(".messages")).to_contain_text("Status “Wacht op leverancier” is toegevoegd.")
    expect(admin.locator(".custom-statuses .badge-colour-purple")).to_have_text("Wacht op leverancier")

    # the Medewerker, in a browser of her own, sets it on an order in the Status block
    other_context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    try:
        page = other_context.new_page()
        log_in(page, staff)
        page.goto(f"/orders/{order.number}/")
        expect(header_badge(page)).to_have_text("Nieuw")
        block = page.locator("#block-status")
        block.get_by_label("Eigen status").select_option(label="Wacht op leverancier")
        block.get_by_role("button", name="Opslaan").click()

        # the header says it, in its colour, and the block still shows the system status underneath
        expect(header_badge(page)).to_have_text("Wacht op leverancier")
        expect(header_badge(page)).to_have_class(re.compile(r"\bbadge-colour-purple\b"))
        expect(block.locator("[data-status=system]")).to_have_text("systeemstatus: Nieuw")

        # the list shows it, and its filter finds exactly that order
        page.get_by_role("link", name="Orders", exact=True).click()
        row = page.locator(f"#order-{order.pk}")
        expect(row.locator(".badge-colour-purple")).to_have_text("Wacht op leverancier")
        page.get_by_label("Status", exact=True).select_option(label="Wacht op leverancier")
        expect(page).to_have_url(re.compile(r"[?&]status=custom-\d+"))
        expect(page.locator("#order-results tbody tr")).to_have_count(1)
        expect(row).to_be_visible()
        expect(page.locator(f"#order-{other.pk}")).to_have_count(0)

        # in English the list and the order speak the English name
        page.locator('.language-switch button[value="en"]').click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(row.locator(".badge-colour-purple")).to_have_text("Awaiting supplier")
        row.get_by_role("link", name=order.number).click()
        expect(header_badge(page)).to_have_text("Awaiting supplier")
        expect(page.locator("#block-status [data-status=system]")).to_have_text("system status: New")

        # cleared, the order shows its system status again
        block.get_by_label("Custom status").select_option(label="— system status —")
        block.get_by_role("button", name="Save").click()
        expect(header_badge(page)).to_have_text("New")
        expect(block.locator("[data-status=system]")).to_have_count(0)

        # set again, then the Beheerder deactivates the status: the order keeps it
        block.get_by_label("Custom status").select_option(label="Awaiting supplier")
        block.get_by_role("button", name="Save").click()
        expect(header_badge(page)).to_have_text("Awaiting supplier")

        admin.goto("/settings/workflow/order-statuses/")
        admin.get_by_role("button", name="Deactiveren Wacht op leverancier").click()
        expect(admin.locator(".messages")).to_contain_text("is gedeactiveerd; orders met deze status houden hem.")

        page.reload()
        expect(header_badge(page)).to_have_text("Awaiting supplier")
        expect(block.get_by_label("Custom status").locator("option:checked")).to_have_text(
            "Awaiting supplier (inactive)"
        )
        page.goto("/orders/")
        expect(page.locator(f"#order-{order.pk} .badge-colour-purple")).to_have_text("Awaiting supplier")
        expect(page.get_by_label("Status", exact=True).locator("option", has_text="Awaiting supplier")).to_have_count(0)
    finally:
        other_context.close()
    assert Order.objects.get(pk=order.pk).custom_status.names == {
        "nl": "Wacht op leverancier",
        "en": "Awaiting supplier",
    }
