import re

import pytest
from playwright.sync_api import expect

from tests.customers.factories import CustomerFactory
from tests.orders.factories import make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_klant_inlichten_previews_sends_and_the_history_opens_the_sent_email(staff_page):
    page = staff_page
    order = make_order(customer=CustomerFactory(first_name="Jan", last_name="Jansen", email="jan@example.nl"))
    page.goto(f"/orders/{order.number}/")
    expect(page.locator("#block-customers")).to_contain_text("jan@example.nl")

    # Mila opens Klant inlichten from the bottom bar and writes a message
    page.locator("#order-actions").get_by_role("button", name="Klant inlichten").click()
    dialog = page.get_by_role("dialog", name="Klant inlichten")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Bericht aan de klant").fill("Uw koffiemolen wordt morgen bezorgd.\nGroet, Mila")

    # Voorbeeld shows the whole e-mail: the shop's text with her message in it
    dialog.get_by_role("button", name="Voorbeeld").click()
    preview = dialog.locator(".email-preview")
    expect(preview.locator(".email-subject")).to_have_text(f"Bericht over uw bestelling {order.number}")
    expect(preview.locator(".email-body")).to_contain_text("Beste Jan Jansen,")
    expect(preview.locator(".email-body")).to_contain_text("Uw koffiemolen wordt morgen bezorgd.\nGroet, Mila")
    expect(dialog.get_by_label("Bericht aan de klant")).to_have_value(
        "Uw koffiemolen wordt morgen bezorgd.\nGroet, Mila"
    )

    # Versturen closes the dialog and says where the message went
    dialog.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("#messages")).to_have_text("Het bericht is verstuurd naar jan@example.nl.")

    # the history shows it, with who did it, and opens the e-mail as it was sent
    page.get_by_role("tab", name="Geschiedenis").click()
    entry = page.locator(".timeline li").first
    expect(entry.locator(".event-label")).to_have_text("Klant ingelicht")
    expect(entry.locator(".event-sentence")).to_contain_text("Uw koffiemolen wordt morgen bezorgd.")
    expect(entry).to_contain_text("Mila de Vries")
    entry.get_by_role("link", name="Bekijk e-mail").click()
    email = page.get_by_role("dialog", name="Verzonden e-mail")
    expect(email).to_be_visible()
    expect(email.locator(".email-subject")).to_have_text(f"Bericht over uw bestelling {order.number}")
    expect(email.locator(".email-body")).to_contain_text("Uw koffiemolen wordt morgen bezorgd.")
    expect(email).to_contain_text("Verstuurd")
    expect(page).to_have_url(re.compile(rf"/orders/{order.number}/history/$"))
