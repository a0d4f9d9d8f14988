"""ALGEMEEN > Instellingen > Wijzigingslog: a Beheerder changes a setting and finds it in the log, old → new."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_beheerder_changes_the_payment_term_and_sees_it_in_the_log(admin_page, shop):
    page = admin_page
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Instellingen").click()

    # Anne gives customers 30 days instead of 14
    page.get_by_role("tab", name="Administratie").click()
    panel = page.get_by_role("tabpanel", name="Administratie")
    panel.get_by_label("Betaaltermijn in dagen").fill("30")
    panel.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#messages")).to_have_text("De instellingen zijn opgeslagen.")

    # the Wijzigingslog tab says who changed what, old → new
    page.get_by_role("tab", name="Wijzigingslog").click()
    expect(page).to_have_url(re.compile(r"/settings/changes/$"))
    expect(page.get_by_role("tab", name="Wijzigingslog")).to_have_attribute("aria-selected", "true")
    rows = page.get_by_role("tabpanel", name="Wijzigingslog").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Anne Bakker")
    expect(rows.first).to_contain_text("Administratie: betaaltermijn in dagen: 14 → 30")

    # filtered on Verzendmethoden there is nothing; on her name, her change
    page.get_by_label("Onderdeel").select_option(label="Verzendmethode")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_text("Geen wijzigingen gevonden.")).to_be_visible()
    page.get_by_label("Onderdeel").select_option(label="Alle onderdelen")
    page.get_by_label("Door").select_option(label="Anne Bakker")
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("tbody tr")).to_have_count(1)
