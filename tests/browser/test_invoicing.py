"""The Facturen block as a shop employee uses it: Betaald, the blue i, Print facturen, a credit invoice."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from backoffice.celery import app as celery_app
from backoffice.money import format_money
from invoicing.models import DocumentStatus, Invoice, InvoiceDocument, InvoiceKind
from orders.models import PaymentMethod
from tests.orders.factories import line, make_order
from tests.support import pdf_text, shop_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def pdf_jobs_in_process():
    """PDF jobs run in the process that asks for them (the live server's thread), right after its commit.

    Without REDIS_URL that is already so (base.py; `make test` sets none). With REDIS_URL in the environment
    they would go to a Redis that no worker reads, and no PDF would ever be ready. Celery keeps its own copy of
    the settings, so its configuration is changed for the test, as tests/notifications/conftest.py does.
    """
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture
def shop(shop, invoice_on_order):
    """The shop (tests/conftest.py) invoices every order when it is placed and writes its documents in Dutch and
    English."""
    return shop_settings(languages=["nl", "en"])


def test_betaald_the_blue_i_and_print_facturen_in_english(shop, staff_page, document):
    page = staff_page
    # An espresso machine by bank transfer, not paid yet: € 1.229,61 + € 4,95 shipping = € 1.234,56.
    order = make_order(
        lines=[
            line(product_name="Espressomachine", sku="EM-3000", unit_price=Decimal("1229.61"), vat_rate=Decimal("21"))
        ],
        payment_method=PaymentMethod.BANK_TRANSFER,
    )
    invoice = Invoice.objects.get(order=order)
    assert invoice.total == Decimal("1234.56")
    page.goto(f"/orders/{order.number}/")
    document.mark()
    payments = page.locator("#block-payments")
    row = page.locator(f"#block-invoicing #invoice-{invoice.pk}")
    expect(row.locator(".badge")).to_have_text("Niet betaald")

    # The money came in: Mila clicks Betaald, and the Facturen block follows without a reload.
    payments.get_by_role("button", name="Betaald").click()
    expect(payments.locator(".badge")).to_have_text("Betaald")
    expect(row.locator(".badge")).to_have_text("Betaald")

    # The blue i: the popup with what may still change on the invoice; she adds the delivery time.
    row.get_by_role("button", name=f"Factuur {invoice.number} bekijken en aanpassen").click()
    dialog = page.get_by_role("dialog", name=f"Factuur {invoice.number}")
    expect(dialog.locator(".invoice-payment .badge")).to_have_text("Betaald")
    expect(dialog.get_by_role("button", name="Niet betaald", exact=True)).to_be_visible()  # posts to payments
    dialog.get_by_label("Levertijd").fill("2-3 werkdagen")
    dialog.get_by_role("button", name="Factuur aanpassen").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("#messages")).to_have_text(f"Factuur {invoice.number} is aangepast.")

    # A new revision of the PDF: "PDF wordt gemaakt…" for as long as that takes (a job that runs in-process
    # may be done before the block is drawn), then the invoice number links to it.
    expect(row.locator(".pdf-pending")).to_have_count(0)
    link = row.get_by_role("link", name=invoice.number, exact=True)
    expect(link).to_be_visible()
    current = InvoiceDocument.objects.get(invoice=invoice, revision=2, language="nl")
    assert current.status == DocumentStatus.READY
    dutch = pdf_text(page.request.get(link.get_attribute("href")).body())
    assert "Levertijd" in dutch and "2-3 werkdagen" in dutch

    # Print facturen in English. The English PDF may still have to be made: then the form says
    # "PDF wordt gemaakt…" and offers the download when it is there; otherwise the download starts at once.
    print_form = payments.locator("form.print-invoices")
    print_form.get_by_label("Taal van de facturen").select_option(label="English")
    with page.expect_download() as downloading:
        with page.expect_response(re.compile(r"/invoices/print/\?language=en$")) as answered:
            print_form.get_by_role("button", name="Print facturen").click()
        if answered.value.status == 202:
            assert "PDF wordt gemaakt…" in answered.value.text()
            print_form.get_by_role("link", name="Facturen downloaden (English)").click()
        else:
            assert answered.value.headers["hx-redirect"].endswith("/invoices/print.pdf?language=en")
    download = downloading.value
    assert download.suggested_filename == f"facturen-{order.number}-en.pdf"
    text = pdf_text(Path(download.path()).read_bytes())
    assert "Invoice" in text and invoice.number in text
    assert "Delivery time" in text and "2-3 werkdagen" in text
    assert format_money(invoice.total, "en") in text  # €1,234.56
    assert "Factuurdatum" not in text
    assert document.is_same()

    # The history tells what happened, in order.
    page.get_by_role("tab", name="Geschiedenis").click()
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Order op betaald gezet (Bankoverschrijving).")
    expect(timeline).to_contain_text(f"Factuur {invoice.number} aangepast: levertijd van (leeg) naar “2-3 werkdagen”.")


def test_betaald_in_the_blue_i_popup_is_the_orders_payment(shop, staff_page, document):
    page = staff_page
    order = make_order(payment_method=PaymentMethod.BANK_TRANSFER)
    invoice = Invoice.objects.get(order=order)
    page.goto(f"/orders/{order.number}/")
    document.mark()
    row = page.locator(f"#block-invoicing #invoice-{invoice.pk}")

    row.get_by_role("button", name=f"Factuur {invoice.number} bekijken en aanpassen").click()
    dialog = page.get_by_role("dialog", name=f"Factuur {invoice.number}")
    expect(dialog.locator(".invoice-payment .badge")).to_have_text("Niet betaald")
    dialog.get_by_role("button", name="Betaald", exact=True).click()

    # payments answers as for its own button: the popup closes and both blocks follow without a reload
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("#messages")).to_have_text("De order staat op betaald.")
    expect(page.locator("#block-payments .badge")).to_have_text("Betaald")
    expect(row.locator(".badge")).to_have_text("Betaald")
    assert document.is_same()


def test_credit_factuur_for_one_piece_of_one_line(shop, staff_page, document):
    page = staff_page
    order = make_order(
        lines=[
            line(product_name="Koffiebonen 1 kg", quantity=3, unit_price=Decimal("24.95")),
            line(product_name="Koffiemolen", sku="KM-20", unit_price=Decimal("89.00"), vat_rate=Decimal("21")),
        ]
    )
    invoice = Invoice.objects.get(order=order)
    page.goto(f"/orders/{order.number}/")
    document.mark()
    block = page.locator("#block-invoicing")

    # One bag of coffee will not be delivered (nothing was shipped, so nothing comes back as a return): Mila credits
    # one of the three on the invoice alone.
    block.get_by_role("button", name="Alleen crediteren (zonder retour)").click()
    dialog = page.get_by_role("dialog", name="Creditfactuur aanmaken")
    expect(dialog).to_contain_text(f"Crediteer factuur {invoice.number}")
    dialog.get_by_label("Koffiebonen 1 kg").fill("1")
    dialog.get_by_role("button", name="Creditfactuur aanmaken").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("#messages")).to_have_text(re.compile(r"Creditfactuur \S+ is aangemaakt\."))

    credit = Invoice.objects.get(order=order, kind=InvoiceKind.CREDIT)
    assert credit.total == Decimal("-24.95") and credit.credited_invoice == invoice
    row = block.locator(f"#invoice-{credit.pk}")
    expect(row).to_contain_text(credit.number)
    expect(row).to_contain_text("Creditfactuur")
    expect(row.locator("td.num").first).to_have_text(format_money(Decimal("-24.95"), "nl"))
    expect(block.locator(f"#invoice-{invoice.pk} .badge")).to_have_text("Niet betaald")  # two bags still to pay
    assert document.is_same()
