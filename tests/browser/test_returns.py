"""Returns as a Beheerder works with them: the reason and the action under VERKOOP > Retouren, Retour aanmaken on an
order with the amount shown before confirming, the Retouren tab, the credit invoice that locks the return, the
Facturen tab and the ledger in the Producten tab."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from backoffice.celery import app as celery_app
from returns.models import Return
from tests.orders.factories import line, make_order
from tests.shipping.factories import make_shipment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def pdf_jobs_in_process():
    """The credit invoice's PDF job runs in the live server's thread (see tests/browser/test_invoicing.py)."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


def test_a_return_from_reason_and_action_to_its_credit_invoice_and_the_ledger(shop, invoice_on_order, admin_page):
    page = admin_page
    # Two bags of coffee and a mug, invoiced when ordered and shipped in full.
    order = make_order(
        lines=[
            line(product_name="Koffiebonen 1 kg", quantity=2, unit_price=Decimal("24.95")),
            line(product_name="Mok", sku="MK-1", unit_price=Decimal("9.95"), vat_rate=Decimal("21")),
        ]
    )
    make_shipment(order, shipped=True)
    coffee = order.lines.get(product_name="Koffiebonen 1 kg")

    # VERKOOP > Retouren: Anne adds the reason "Te klein" and the action "Ruilen".
    page.get_by_role("link", name="Retouren", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Retouren")
    page.get_by_role("tab", name="Retour reden").click()
    page.locator("input[name=name_nl]").fill("Te klein")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#messages")).to_contain_text("“Te klein” is toegevoegd.")
    page.get_by_role("tab", name="Retour acties").click()
    page.locator("input[name=name_nl]").fill("Ruilen")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#messages")).to_contain_text("“Ruilen” is toegevoegd.")

    # On the order: Retour aanmaken, one bag back, with that reason and action; the amount shows before confirming.
    page.goto(f"/orders/{order.number}/")
    page.locator('#block-returns [data-action="create-return"]').click()
    dialog = page.get_by_role("dialog", name="Retour aanmaken")
    expect(dialog).not_to_have_class(re.compile(r"htmx-added"))  # settled: htmx listens to its drop-downs now
    expect(dialog.locator("#return-amount strong")).to_have_text("€\u00a00,00")
    dialog.get_by_label("Koffiebonen 1 kg").select_option("1")
    expect(dialog.locator("#return-amount strong")).to_have_text("€\u00a024,95")
    dialog.get_by_label("Retour reden").select_option(label="Te klein")
    dialog.get_by_label("Retour actie").select_option(label="Ruilen")
    dialog.get_by_role("button", name="Retour aanmaken").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("#messages")).to_contain_text("Retour 1 is aangemaakt.")
    expect(page.locator("#order-status-badge")).to_have_text("Retour")

    # The Retouren tab: the return with its reason, action, product, amount and status.
    page.locator('.tabs [data-tab="returns"]').click()
    row = page.locator('#tab-panel tr[data-sequence="1"]')
    expect(row.locator(".return-reason")).to_have_text("Te klein")
    expect(row.locator(".return-action")).to_have_text("Ruilen")
    expect(row.locator(".return-items")).to_contain_text("1 × Koffiebonen 1 kg")
    expect(row.locator(".return-amount")).to_have_text("€\u00a024,95")
    expect(row.locator(".return-status")).to_have_text("Aangemeld")

    # Back on the dashboard: the blue i of the return, Creditfactuur aanmaken.
    page.goto(f"/orders/{order.number}/")
    page.locator('#block-returns [data-action="return-info"]').click()
    dialog = page.get_by_role("dialog", name="Retour 1")
    dialog.get_by_role("button", name="Creditfactuur aanmaken").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    ret = Return.objects.select_related("credit_invoice").get(order=order)
    credit = ret.credit_invoice
    expect(page.locator("#messages")).to_contain_text(f"Creditfactuur {credit.number} is aangemaakt")

    # The Facturen tab: the credit invoice with its negative total.
    page.locator('.tabs [data-tab="invoices"]').click()
    expect(page.locator("#tab-panel")).to_contain_text(credit.number)
    expect(page.locator("#tab-panel")).to_contain_text("€\u00a0-24,95")

    # The return is locked: the tab says so, and its popup offers nothing to change any more.
    page.locator('.tabs [data-tab="returns"]').click()
    expect(row.locator(".return-locked")).to_have_text("Ligt vast")
    expect(row.locator(".return-status")).to_have_text("Afgehandeld")
    page.goto(f"/orders/{order.number}/")
    page.locator('#block-returns [data-action="return-info"]').click()
    dialog = page.get_by_role("dialog", name="Retour 1")
    expect(dialog.locator(".return-lock")).to_contain_text("kan niet meer worden gewijzigd")
    expect(dialog.locator('[data-action="return-credit"]')).to_have_count(0)
    expect(dialog.locator('[data-action="return-rejected"]')).to_have_count(0)
    page.keyboard.press("Escape")

    # The ledger in the Producten tab: of the coffee, 2 ordered, shipped and invoiced, 1 returned and credited.
    page.locator('.tabs [data-tab="products"]').click()
    ledger = page.locator(f"#ledger-{coffee.pk}")
    expect(ledger.locator(".ledger-shipped")).to_have_text("2")
    expect(ledger.locator(".ledger-invoiced")).to_have_text("2")
    expect(ledger.locator(".ledger-returned")).to_have_text("1")
    expect(ledger.locator(".ledger-credited")).to_have_text("1")
