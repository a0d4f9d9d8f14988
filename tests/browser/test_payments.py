import pytest
from playwright.sync_api import expect

from backoffice.models import InvoiceTiming
from invoicing.models import Invoice
from orders.models import Order, PaymentMethod, PaymentStatus
from payments.models import PaymentReminder
from tests.customers.factories import CustomerFactory
from tests.orders.factories import make_order
from tests.support import shop_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_betaald_and_niet_betaald_from_the_block_without_leaving_the_page(staff_page, document):
    page = staff_page
    order = make_order(payment_method=PaymentMethod.BANK_TRANSFER)
    page.goto(f"/orders/{order.number}/")
    document.mark()
    block = page.locator("#block-payments")
    expect(block).to_contain_text("Bankoverschrijving")
    expect(block.locator(".badge")).to_have_text("Niet betaald")

    # the money came in: Mila clicks the blue Betaald
    block.get_by_role("button", name="Betaald").click()
    expect(block.locator(".badge")).to_have_text("Betaald")
    expect(block).to_contain_text("Betaald op")
    expect(page.locator("#messages")).to_have_text("De order staat op betaald.")
    # the bottom bar keeps up without a reload (issue 9): nothing to remind a paid order of
    reminder = page.locator("#order-actions").get_by_role("button", name="Betaalherinnering")
    expect(reminder).to_have_count(0)

    # it bounced after all: Niet betaald asks first, then the dialog closes and the block says so
    block.get_by_role("button", name="Niet betaald").click()
    dialog = page.get_by_role("dialog", name="Order op niet betaald zetten")
    expect(dialog).to_contain_text("niet goed door u is ontvangen")
    dialog.get_by_role("button", name="Op niet betaald zetten").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(block.locator(".badge")).to_have_text("Niet betaald")
    expect(block.get_by_role("button", name="Betaald")).to_be_visible()
    expect(page.locator("#messages")).to_have_text("De order staat op niet betaald.")
    expect(reminder).to_be_visible()
    assert document.is_same()
    assert Order.objects.get(pk=order.pk).payment_status == PaymentStatus.UNPAID

    # the page can still be used (the modal is gone), and the history has both
    page.get_by_role("tab", name="Geschiedenis").click()
    expect(page.locator(".timeline")).to_contain_text("Order op betaald gezet (Bankoverschrijving).")
    expect(page.locator(".timeline")).to_contain_text("Order op niet betaald gezet.")


def test_betaalherinnering_from_the_bottom_bar_once_and_the_history_links_the_email(staff_page, document):
    page = staff_page
    shop_settings(invoice_timing=InvoiceTiming.ON_ORDER)  # the order has its invoice
    order = make_order(customer=CustomerFactory(email="jan@example.nl"))
    invoice = Invoice.objects.get(order=order)
    page.goto(f"/orders/{order.number}/")
    document.mark()

    # the customer has not paid: Mila opens Betaalherinnering and sees what goes out
    page.locator("#order-actions").get_by_role("button", name="Betaalherinnering").click()
    dialog = page.get_by_role("dialog", name="Betaalherinnering versturen")
    expect(dialog).to_contain_text("jan@example.nl")
    expect(dialog).to_contain_text("29,90 staat open")
    expect(dialog).to_contain_text(f"Factuur {invoice.number} gaat als bijlage mee.")
    dialog.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("#messages")).to_have_text("De betaalherinnering is verstuurd naar jan@example.nl.")
    assert document.is_same()

    # a second one right away is not offered as if nothing happened
    page.locator("#order-actions").get_by_role("button", name="Betaalherinnering").click()
    dialog = page.get_by_role("dialog", name="Betaalherinnering versturen")
    expect(dialog).to_contain_text("Er is net al een betaalherinnering verstuurd")
    dialog.get_by_role("button", name="Sluiten").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert PaymentReminder.objects.filter(order=order).count() == 1

    # the history has it, by Mila, with the e-mail as it was sent
    page.get_by_role("tab", name="Geschiedenis").click()
    entry = page.locator(".timeline li").first
    expect(entry.locator(".event-label")).to_have_text("Betaalherinnering verstuurd")
    expect(entry.locator(".event-sentence")).to_contain_text(f"factuur {invoice.number} als bijlage")
    expect(entry).to_contain_text("Mila de Vries")
    entry.get_by_role("link", name="Bekijk e-mail").click()
    email = page.get_by_role("dialog", name="Verzonden e-mail")
    expect(email.locator(".email-subject")).to_have_text(f"Betaalherinnering voor uw bestelling {order.number}")
    expect(email.locator(".email-body")).to_contain_text(f"Factuurnummer: {invoice.number}")
