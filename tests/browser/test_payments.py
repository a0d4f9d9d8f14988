import pytest
from playwright.sync_api import expect

from orders.models import Order, PaymentMethod, PaymentStatus
from tests.orders.factories import make_order

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

    # it bounced after all: Niet betaald asks first, then the dialog closes and the block says so
    block.get_by_role("link", name="Niet betaald").click()
    dialog = page.get_by_role("dialog", name="Order op niet betaald zetten")
    expect(dialog).to_contain_text("niet goed door u is ontvangen")
    dialog.get_by_role("button", name="Op niet betaald zetten").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(block.locator(".badge")).to_have_text("Niet betaald")
    expect(block.get_by_role("button", name="Betaald")).to_be_visible()
    expect(page.locator("#messages")).to_have_text("De order staat op niet betaald.")
    assert document.is_same()
    assert Order.objects.get(pk=order.pk).payment_status == PaymentStatus.UNPAID

    # the page can still be used (the modal is gone), and the history has both
    page.get_by_role("tab", name="Geschiedenis").click()
    expect(page.locator(".timeline")).to_contain_text("Order op betaald gezet (Bankoverschrijving).")
    expect(page.locator(".timeline")).to_contain_text("Order op niet betaald gezet.")
