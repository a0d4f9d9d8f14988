import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_wrong_password_is_refused_in_dutch_then_the_right_one_opens_the_orders(page, staff):
    # given the login page
    page.goto("/login/")
    expect(page.get_by_role("heading", name="Inloggen op de backoffice")).to_be_visible()

    # when Mila types a wrong password
    page.get_by_label("E-mailadres").fill("medewerker@example.com")
    page.get_by_label("Wachtwoord").fill("wrong-password")
    page.get_by_role("button", name="Inloggen").click()

    # then she stays on the login page with a clear Dutch message, her e-mail address kept
    expect(page.get_by_role("alert")).to_have_text("Het e-mailadres of het wachtwoord klopt niet.")
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_label("E-mailadres")).to_have_value("medewerker@example.com")
    expect(page.get_by_label("Wachtwoord")).to_have_value("")

    # when she types the right one
    page.get_by_label("Wachtwoord").fill("secret-password")
    page.get_by_role("button", name="Inloggen").click()

    # then she lands on VERKOOP > Orders
    expect(page).to_have_url(re.compile(r"/orders/$"))
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("heading", name="Verkoop")).to_be_visible()
    expect(menu.get_by_role("link", name="Orders")).to_have_attribute("aria-current", "page")
    expect(page.locator(".topbar-title")).to_have_text("Verkoop › Orders")
    expect(page.get_by_text("Mila de Vries")).to_be_visible()


def test_a_page_asked_for_before_logging_in_opens_after_it_and_logging_out_locks_it_again(page, staff):
    # given Mila is not logged in and opens the orders list
    page.goto("/orders/?payment_status=paid")
    expect(page).to_have_url(re.compile(r"/login/\?next="))

    # when she logs in
    page.get_by_label("E-mailadres").fill(staff.email)
    page.get_by_label("Wachtwoord").fill("secret-password")
    page.get_by_role("button", name="Inloggen").click()

    # then she gets the page she asked for
    expect(page).to_have_url(re.compile(r"/orders/\?payment_status=paid$"))
    expect(page.get_by_label("Betaalstatus")).to_have_value("paid")

    # when she logs out, the orders need a login again
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    page.goto("/orders/")
    expect(page).to_have_url(re.compile(r"/login/\?next="))


def test_after_five_wrong_passwords_the_login_says_when_to_try_again_and_offers_a_reset_link(page, staff):
    # given Mila has forgotten her password and tries five times
    page.goto("/login/")
    for _attempt in range(5):
        page.get_by_label("E-mailadres").fill(staff.email)
        page.get_by_label("Wachtwoord").fill("wrong-password")
        page.get_by_role("button", name="Inloggen").click()

    # then the login page says when she may try again
    expect(page.get_by_role("alert")).to_have_text(
        re.compile(r"^Te veel mislukte inlogpogingen\. Probeer het na \d\d:\d\d opnieuw\.$")
    )

    # when she asks for a link instead
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    page.get_by_label("E-mailadres").fill(staff.email)
    page.get_by_role("button", name="Stuur de link").click()

    # then she is told to look in her mailbox
    expect(page.get_by_role("heading", name="Kijk in uw mailbox")).to_be_visible()
