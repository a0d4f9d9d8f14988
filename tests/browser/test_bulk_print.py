"""Pakbonnen printen as a shop employee does it: tick orders in VERKOOP > Orders, print, wait, download."""

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from backoffice.celery import app as celery_app
from shipping.models import PackingSlipPrint, Shipment
from shipping.printing import services as bulk
from tests.orders.factories import make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def jobs_in_process():
    """Jobs run in the process that asks for them (see tests/browser/test_invoicing.py)."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture
def held_job(monkeypatch):
    """The print's job waits until the test runs it, so the page is seen waiting and then following."""
    monkeypatch.setattr(bulk, "_enqueue", lambda print_id: None)


def test_tick_two_orders_print_their_packing_slips_and_download_them(staff_page, document, held_job):
    page = staff_page
    first, second, third = make_order(), make_order(), make_order()
    page.goto("/orders/")

    # "All on this page" ticks every row and unticks them again; then Mila ticks the two she wants.
    select_all = page.get_by_label("Alle orders op deze pagina selecteren")
    select_all.check()
    for order in (first, second, third):
        expect(page.get_by_label(f"Order {order.number} selecteren")).to_be_checked()
    select_all.uncheck()
    page.get_by_label(f"Order {first.number} selecteren").check()
    page.get_by_label(f"Order {third.number} selecteren").check()
    expect(select_all).not_to_be_checked()
    page.get_by_role("button", name="Pakbonnen printen").click()

    # The status page: waiting, with a progress bar that follows the job without a reload.
    job = PackingSlipPrint.objects.get()
    expect(page).to_have_url(f"/orders/packing-slips/prints/{job.pk}/")
    section = page.locator(f"#packing-slip-print-{job.pk}")
    expect(section).to_contain_text("0 van 2 orders")
    expect(section).to_have_attribute("hx-trigger", "every 1s")
    document.mark()
    bulk.packing_slip_print_run(print_id=job.pk)
    expect(section).to_contain_text("2 van 2 orders")
    expect(section.locator("progress")).to_have_attribute("value", "2")
    link = section.get_by_role("link", name="Download pakbonnen (2)")
    expect(link).to_be_visible()
    assert document.is_same()
    expect(section).not_to_have_attribute("hx-trigger", "every 1s")  # done: no more polling

    with page.expect_download() as downloading:
        link.click()
    pdf = PdfReader(io.BytesIO(Path(downloading.value.path()).read_bytes()))
    slips = [Shipment.objects.get(order=order).number for order in (third, first)]  # newest first
    assert [next(n for n in slips if n in sheet.extract_text()) for sheet in pdf.pages] == slips
    assert not Shipment.objects.filter(order=second).exists()
