"""Exporteren and Facturen printen as a shop employee does them on VERKOOP > Orders."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from backoffice.celery import app as celery_app
from invoicing.models import InvoicePrint
from invoicing.printing import services as invoice_printing
from orders.models import PaymentStatus
from tests.invoicing.factories import make_invoice
from tests.orders.factories import make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def jobs_in_process():
    """Jobs run in the process that asks for them (see tests/browser/test_invoicing.py)."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


def test_export_the_filtered_list_as_csv_and_read_it(staff_page):
    page = staff_page
    unpaid, paid = make_order(), make_order()
    paid.payment_status = PaymentStatus.PAID
    paid.save(update_fields=["payment_status"])
    page.goto("/orders/")

    # Mila filters on Betaald, then exports what she sees, without the e-mail addresses.
    page.get_by_label("Betaalstatus").select_option("paid")
    expect(page.locator("#order-results")).not_to_contain_text(unpaid.number)
    page.get_by_role("button", name="Exporteren").click()
    dialog = page.get_by_role("dialog", name="Orders exporteren")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("CSV")).to_be_checked()
    dialog.get_by_label("E-mailadres").uncheck()
    with page.expect_download() as downloading:
        dialog.get_by_role("button", name="Exporteren").click()

    download = downloading.value
    assert download.suggested_filename.startswith("orders-") and download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_bytes().decode("utf-8")
    header, *rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert "E-mailadres" not in header and header[:2] == ["Ordernummer", "Datum"]
    assert [row[0] for row in rows] == [paid.number]
    assert rows[0][header.index("Betaalstatus")] == "Betaald"
    assert rows[0][header.index("Totaal")] == str(paid.total)


@pytest.fixture
def held_job(monkeypatch):
    """The print's job waits until the test runs it, so the page is seen waiting and then following."""
    monkeypatch.setattr(invoice_printing, "_enqueue", lambda print_id: None)


@pytest.mark.usefixtures("shop", "held_job")
def test_tick_two_orders_print_their_invoices_in_english_and_download_them(staff_page, document):
    page = staff_page
    first, second, third = (make_invoice() for _ in range(3))
    page.goto("/orders/")

    page.get_by_label(f"Order {first.order.number} selecteren").check()
    page.get_by_label(f"Order {third.order.number} selecteren").check()
    page.get_by_role("button", name="Facturen printen").click()

    # The language of the invoices is asked first, with the two orders carried along.
    expect(page.get_by_role("heading", name="Facturen printen")).to_be_visible()
    expect(page.get_by_text("van 2 orders, samen in één PDF")).to_be_visible()
    page.get_by_label("Taal van de facturen").select_option("en")
    page.get_by_role("button", name="Printen").click()

    job = InvoicePrint.objects.get()
    expect(page).to_have_url(f"/orders/invoices/prints/{job.pk}/")
    section = page.locator(f"#invoice-print-{job.pk}")
    expect(section).to_contain_text("0 van 2 orders")
    expect(section).to_have_attribute("hx-trigger", "every 1s")
    document.mark()
    invoice_printing.invoice_print_run(print_id=job.pk)  # the job: renders the English PDFs, merges them
    expect(section).to_contain_text("2 van 2 orders")
    expect(section).to_contain_text("Klaar")
    assert document.is_same()  # followed by polling, not reloaded
    link = section.get_by_role("link", name="Download facturen (2)")
    with page.expect_download() as downloading:
        link.click()
    pdf = PdfReader(io.BytesIO(Path(downloading.value.path()).read_bytes()))
    texts = [sheet.extract_text() for sheet in pdf.pages]
    assert [next(n for n in (third.number, first.number) if n in text) for text in texts] == [
        third.number,
        first.number,
    ]
    assert all("Invoice" in text for text in texts)
    assert second.number not in " ".join(texts)
