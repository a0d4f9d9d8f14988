"""Factuuradres and Verzendadres as a shop employee sees them: a map, or the warning, and correcting the address.

The geocoder is the fake Nominatim (tests/addresses/fake_nominatim.py); jobs run in-process after the commit.
No tile server is reachable here, so a map shows the vendored country outline with the marker on it.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.orders.factories import address, make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WRONG = "9999 ZZ"


def test_a_wrong_postcode_is_flagged_listed_and_corrected_into_a_map_without_a_reload(staff_page, nominatim, document):
    page = staff_page
    nominatim.answers["9999ZZ"] = ["not_found"]
    order = make_order(shipping=address(name="Piet Pietersen", postcode=WRONG))  # geocoded after the commit

    # the orders list: "Adres controleren" finds it, with its marker
    page.goto("/orders/")
    page.get_by_label("Adres controleren").check()
    rows = page.locator("#order-results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(order.number)
    expect(rows.first.locator('[data-marker="address-check"]')).to_have_text("Adres controleren")

    # the dashboard: the billing address has its map, the shipping address the warning and no map
    rows.first.get_by_role("link", name=order.number).click()
    billing, shipping = page.locator("#block-address-billing"), page.locator("#block-address-shipping")
    expect(billing.locator(".leaflet-marker-icon")).to_be_visible()
    # no tile server here: the vendored country outline instead of tiles, the marker on it
    expect(billing.locator(".address-map")).to_have_class(re.compile(r"\baddress-map-offline\b"))
    expect(billing.locator(".address-map svg path").first).to_be_attached()
    expect(shipping.get_by_role("alert")).to_contain_text("Adres niet gevonden — controleer het adres")
    expect(shipping.locator(".address-map")).to_have_count(0)

    # Mila corrects the postcode in the block's popup; the block shows the map without a reload
    document.mark()
    shipping.get_by_role("button", name="Verzendadres corrigeren").click()
    dialog = page.get_by_role("dialog", name="Verzendadres corrigeren")
    dialog.get_by_label("Postcode").fill("1012 AB")
    dialog.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(shipping.locator(".leaflet-marker-icon")).to_be_visible()
    expect(shipping.get_by_role("alert")).to_have_count(0)
    expect(shipping).to_contain_text("1012 AB Amsterdam")
    assert document.is_same()

    # the history says what changed; the list no longer has it under "Adres controleren"
    page.get_by_role("tab", name="Geschiedenis").click()
    expect(page.locator(".timeline")).to_contain_text("9999ZZ → 1012AB")
    page.goto("/orders/?address_check=on")
    expect(page.locator("#order-results tbody tr")).to_have_count(0)


def test_a_wrong_postcode_format_is_refused_in_the_popup(staff_page):
    page = staff_page
    order = make_order()
    page.goto(f"/orders/{order.number}/")
    page.locator("#block-address-billing").get_by_role("button", name="Factuuradres corrigeren").click()
    dialog = page.get_by_role("dialog", name="Factuuradres corrigeren")
    dialog.get_by_label("Postcode").fill("12345")
    dialog.get_by_role("button", name="Opslaan").click()
    expect(dialog).to_contain_text("Een Nederlandse postcode is 4 cijfers en 2 letters")


def test_with_the_geocoder_unreachable_the_block_says_the_map_is_unavailable(staff_page, settings):
    settings.GEOCODER_URL = "http://127.0.0.1:9"  # nothing listens there
    page = staff_page
    order = make_order()
    page.goto(f"/orders/{order.number}/")
    for block in ("#block-address-billing", "#block-address-shipping"):
        expect(page.locator(block)).to_contain_text("Kaart niet beschikbaar")
        expect(page.locator(block)).not_to_contain_text("niet gevonden")
    expect(page.locator("#block-address-shipping")).to_contain_text("Zelfde als factuuradres")
