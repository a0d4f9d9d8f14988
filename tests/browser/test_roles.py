import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def menu(page):
    return page.get_by_role("navigation", name="Hoofdmenu")


def test_a_medewerker_does_not_see_algemeen_and_cannot_open_the_settings(staff_page):
    page = staff_page

    expect(menu(page).get_by_role("heading", name="Verkoop")).to_be_visible()
    expect(menu(page).get_by_role("heading", name="Algemeen")).to_have_count(0)
    expect(menu(page).get_by_role("link", name="Instellingen")).to_have_count(0)

    response = page.goto("/settings/")
    assert response.status == 403


def test_a_beheerder_sees_algemeen_and_opens_the_settings(admin_page):
    page = admin_page

    expect(menu(page).get_by_role("heading", name="Algemeen")).to_be_visible()
    menu(page).get_by_role("link", name="Instellingen").click()

    expect(page).to_have_url(re.compile(r"/settings/$"))
    expect(page.get_by_role("heading", name="Winkelgegevens")).to_be_visible()
    expect(menu(page).get_by_role("link", name="Instellingen")).to_have_attribute("aria-current", "page")
    expect(page.locator(".topbar-title")).to_have_text("Algemeen › Instellingen")
