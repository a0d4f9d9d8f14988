"""Mijn account and Tickets, each side in its own browser (issue 15).

The customer logs in to Mijn account on a phone-sized screen, opens a question about one of her orders with a PDF
attached; the Medewerker sees the unanswered marker in the orders list and on the order, opens the Tickets tab,
reads the question through the magnifier and answers it in the popup; the customer sees the answer, and the e-mail
is in the outbox. Customer B, logged in on her own, gets 404 for customer A's question.
"""

import re

import pytest
from playwright.sync_api import expect

from notifications.models import OutboxMessage
from tests.orders.factories import make_order
from tests.tickets.factories import PDF, customer_account
from tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shop")]

PASSWORD = "secret-password"


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized browser of its own (no staff cookies), failing on any CSP violation."""
    contexts, violations = [], []

    def open_phone():
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam",
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
        )  # fmt: skip
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))
        return page

    yield open_phone
    for context in contexts:
        context.close()
    assert not violations, violations


def customer_log_in(page, email):
    page.goto("/account/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/account/$"))


def test_a_customer_asks_the_medewerker_answers_through_the_magnifier_and_customer_b_sees_nothing(
    phone, staff_page, document
):
    anna = customer_account("klant@example.com", first_name="Sanne", last_name="Jansen")
    order = make_order(customer=anna)
    bert = customer_account("bert@example.com")

    # The customer, on her phone, logs in to Mijn account and asks about her order with a PDF attached.
    customer = phone()
    customer_log_in(customer, anna.email)
    assert customer.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    customer.get_by_role("link", name=order.number).click()
    customer.get_by_role("link", name="Een vraag stellen over deze bestelling").click()
    expect(customer.get_by_label("Waarover gaat uw vraag?")).to_have_value(order.number)
    customer.get_by_label("Onderwerp").fill("Kapotte mok")
    customer.get_by_label("Bericht").fill("De mok kwam in <twee> stukken aan.")
    customer.get_by_label("Bijlagen").set_input_files(
        files=[{"name": "foto.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    customer.get_by_role("button", name="Versturen").click()
    expect(customer.get_by_text("Uw vraag is verstuurd.")).to_be_visible()
    expect(customer.get_by_text("Wacht op antwoord")).to_be_visible()
    ticket = Ticket.objects.get()
    assert customer.url.endswith(f"/account/questions/{ticket.pk}/")

    # The Medewerker sees the marker in the list and on the order, and opens the question through the magnifier.
    staff = staff_page
    staff.reload()
    row = staff.locator(f"#order-{order.pk}")
    expect(row.locator("[data-marker=unanswered-tickets]")).to_be_visible()
    row.get_by_role("link", name=order.number).click()
    expect(staff.locator("[data-notice=unanswered-tickets]")).to_contain_text("1 onbeantwoorde vraag van de klant")
    document.mark()
    staff.get_by_role("tab", name="Tickets").click()
    expect(staff.locator(f"#ticket-{ticket.pk}")).to_contain_text("Kapotte mok")
    staff.get_by_role("button", name="Ticket “Kapotte mok” bekijken").click()
    dialog = staff.get_by_role("dialog", name="Kapotte mok")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("De mok kwam in <twee> stukken aan.")
    expect(dialog.get_by_role("link", name="foto.pdf")).to_have_attribute("download", "")
    dialog.get_by_label("Antwoord").fill("Wat vervelend! We sturen vandaag een nieuwe mok.")
    dialog.get_by_role("button", name="Antwoord versturen").click()
    expect(dialog.locator("[data-ticket-status]")).to_have_text("Beantwoord")
    expect(dialog).to_contain_text("We sturen vandaag een nieuwe mok.")
    expect(staff.locator(f"#ticket-{ticket.pk} .badge")).to_have_text("Beantwoord")  # the tab refreshed itself
    expect(staff.locator("[data-notice=unanswered-tickets]")).to_have_count(0)  # the header's marker is gone
    expect(staff.locator("#messages")).to_contain_text("Het antwoord is verstuurd.")
    assert document.is_same()
    mail = OutboxMessage.objects.get(kind="ticket_answered")
    assert mail.to == anna.email and "We sturen vandaag een nieuwe mok." in mail.body

    # The customer sees the answer.
    customer.reload()
    expect(customer.get_by_text("We sturen vandaag een nieuwe mok.")).to_be_visible()
    expect(customer.get_by_text("Beantwoord", exact=True)).to_be_visible()

    # Customer B, in her own browser, cannot open customer A's question or its file.
    other = phone()
    customer_log_in(other, bert.email)
    assert other.goto(f"/account/questions/{ticket.pk}/").status == 404
    attachment = ticket.messages.first().attachments.get()
    assert other.goto(f"/account/questions/{ticket.pk}/attachments/{attachment.pk}/").status == 404
    assert other.goto(f"/account/orders/{order.number}/").status == 404
