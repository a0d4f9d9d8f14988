"""VERKOOP > Orders as a shop employee uses it every day: a filter saved as a tab and opened again from it, and the
list worked with the keyboard alone."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from orders.models import PaymentMethod, SavedView
from tests.customers.factories import CustomerFactory
from tests.orders.factories import address, make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def orders(db):
    now = timezone.now()

    def order(first_name, last_name, days_ago, **overrides):
        customer = CustomerFactory(first_name=first_name, last_name=last_name)
        billing = address(name=f"{first_name} {last_name}")
        return make_order(customer=customer, billing=billing, placed_at=now - timedelta(days=days_ago), **overrides)

    made = {
        "newest": order("Daan", "Mulder", 0, payment_method=PaymentMethod.IDEAL),
        "middle": order("Sanne", "Visser", 2),
        "oldest": order("Fenna", "Bos", 5, payment_method=PaymentMethod.IDEAL),
    }
    cache.clear()  # the tabs' counts are cached for a minute (the live server shares this process's cache)
    return made


def rows(page):
    return page.locator("#order-results tbody tr")


def order_numbers(page):
    return rows(page).locator(".order-number")


def test_save_the_filtered_list_as_a_view_and_reopen_it_from_its_tab(staff_page, orders, staff):
    page = staff_page
    page.goto("/orders/")
    expect(page.locator("#saved-view-all")).to_have_attribute("aria-current", "page")
    expect(page.locator("#saved-view-all-count")).to_have_text("3")  # the counts arrive after the page

    page.get_by_label("Betaalstatus").select_option("paid")
    expect(rows(page)).to_have_count(2)
    paid = [orders["newest"].number, orders["oldest"].number]
    expect(order_numbers(page)).to_have_text(paid)
    expect(page.locator("#saved-view-all")).not_to_have_attribute("aria-current", "page")

    page.locator('[data-action="save-view"]').click()
    dialog = page.locator("dialog[open]")
    expect(dialog.get_by_role("heading")).to_have_text("Weergave opslaan")
    expect(dialog.get_by_label("Delen met iedereen")).to_have_count(0)  # a Medewerker's views are her own
    dialog.get_by_label("Naam").fill("Betaald")
    dialog.locator('[data-action="save-view"]').click()

    expect(page).to_have_url(re.compile(r"/orders/\?payment_status=paid$"))
    view = SavedView.objects.get(owner=staff, name="Betaald")
    tab = page.locator(f"#saved-view-{view.pk}")
    expect(tab).to_have_attribute("aria-current", "page")
    expect(page.locator(f"#saved-view-{view.pk}-count")).to_have_text("2")
    expect(page.get_by_text("De weergave “Betaald” is opgeslagen.")).to_be_visible()

    page.locator("#saved-view-all").click()
    expect(rows(page)).to_have_count(3)
    page.locator(f"#saved-view-{view.pk}").click()
    expect(order_numbers(page)).to_have_text(paid)  # the same rows as when it was saved
    expect(page.get_by_label("Betaalstatus")).to_have_value("paid")
    expect(page.locator(f"#saved-view-{view.pk}")).to_have_attribute("aria-current", "page")

    page.locator('[data-action="rename-view"]').click()
    page.locator("dialog[open]").get_by_label("Naam").fill("Betaald, te verzenden")
    page.locator('dialog[open] [data-action="rename-view"]').click()
    expect(page.locator(f"#saved-view-{view.pk}")).to_contain_text("Betaald, te verzenden")

    page.locator('[data-action="delete-view"]').click()
    page.locator('dialog[open] [data-action="delete-view"]').click()
    expect(page).to_have_url(re.compile(r"/orders/$"))
    expect(page.locator(f"#saved-view-{view.pk}")).to_have_count(0)


def test_navigate_the_list_with_the_keyboard_only(staff_page, orders):
    page = staff_page
    page.goto("/orders/")
    expect(rows(page)).to_have_count(3)
    keyboard = page.keyboard

    keyboard.press("?")
    overlay = page.locator("#shortcuts-dialog")
    expect(overlay).to_be_visible()
    expect(overlay.get_by_role("heading")).to_have_text("Sneltoetsen")
    keyboard.press("Escape")
    expect(overlay).to_be_hidden()

    keyboard.press("/")
    search = page.get_by_label("Zoeken", exact=True)
    expect(search).to_be_focused()
    keyboard.type("jk")  # typing in a field: no shortcut fires
    expect(search).to_have_value("jk")
    expect(page.locator("tr.is-keyboard-current")).to_have_count(0)
    keyboard.type("Visser")
    keyboard.press("Home")
    keyboard.press("Delete")
    keyboard.press("Delete")  # "Visser": the one order
    expect(rows(page)).to_have_count(1)
    keyboard.press("Control+a")
    keyboard.press("Backspace")  # all three again
    expect(rows(page)).to_have_count(3)
    keyboard.press("Escape")  # out of the field
    expect(search).not_to_be_focused()

    keyboard.press("j")
    keyboard.press("j")
    current = page.locator("tr.is-keyboard-current")
    expect(current).to_have_attribute("id", f"order-{orders['middle'].pk}")
    expect(current).to_have_attribute("aria-current", "true")
    expect(current.locator(".order-number")).to_be_focused()
    keyboard.press("k")
    expect(current).to_have_attribute("id", f"order-{orders['newest'].pk}")
    keyboard.press("j")

    keyboard.press("x")
    expect(page.locator(f"#order-{orders['middle'].pk} [data-select-row]")).to_be_checked()
    expect(page.locator(f"#order-{orders['newest'].pk} [data-select-row]")).not_to_be_checked()
    keyboard.press("Control+x")  # with a modifier: not a shortcut
    expect(page.locator(f"#order-{orders['middle'].pk} [data-select-row]")).to_be_checked()

    keyboard.press("Enter")
    # The order, with the way back to the list as it was (the search emptied: nothing to carry but the path).
    expect(page).to_have_url(re.compile(rf"/orders/{orders['middle'].number}/$"))

    keyboard.press("g")
    keyboard.press("o")
    expect(page).to_have_url(re.compile(r"/orders/$"))
    expect(rows(page)).to_have_count(3)
