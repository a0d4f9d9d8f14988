import re

import pytest
from playwright.sync_api import expect

from backoffice.models import InvoiceTiming, ShopSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_beheerder_makes_invoices_by_hand_with_a_longer_payment_term(admin_page, invoice_on_order):
    page = admin_page
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Instellingen").click()
    expect(page.get_by_role("tab", name="Winkelgegevens")).to_have_attribute("aria-selected", "true")

    # Anne opens Geavanceerd › Administratie
    page.get_by_role("tab", name="Administratie").click()
    expect(page).to_have_url(re.compile(r"/settings/advanced/administration/$"))
    tab = page.get_by_role("tab", name="Administratie")
    expect(tab).to_have_attribute("aria-selected", "true")
    panel = page.get_by_role("tabpanel", name="Administratie")
    expect(panel.get_by_role("group", name="Facturen")).to_be_visible()
    expect(panel.get_by_role("radio", name="Direct bij de bestelling")).to_be_checked()

    # she invoices by hand from now on, and gives customers 30 days
    panel.get_by_role("radio", name="Handmatig").check()
    panel.get_by_label("Betaaltermijn in dagen").fill("30")
    panel.get_by_role("button", name="Opslaan").click()

    expect(page.locator("#messages")).to_have_text("De instellingen zijn opgeslagen.")
    expect(page).to_have_url(re.compile(r"/settings/advanced/administration/$"))
    expect(page.get_by_role("radio", name="Handmatig")).to_be_checked()
    expect(page.get_by_label("Betaaltermijn in dagen")).to_have_value("30")
    shop = ShopSettings.load()
    assert (shop.invoice_timing, shop.payment_term_days) == (InvoiceTiming.MANUAL, 30)


def test_a_refused_start_number_keeps_her_input_and_says_why(admin_page):
    page = admin_page
    page.goto("/settings/advanced/administration/")

    page.get_by_label("Startnummer facturen").fill("0")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("alert")).to_contain_text("De instellingen zijn niet opgeslagen.")
    start = page.get_by_label("Startnummer facturen")
    expect(start).to_have_value("0")
    expect(start).to_have_attribute("aria-invalid", "true")
    expect(start).to_have_accessible_description(re.compile("Een startnummer is 1 of hoger."))
    assert ShopSettings.load().invoice_start_number == 1
