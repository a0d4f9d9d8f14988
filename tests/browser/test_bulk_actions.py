"""Bulk actions as a shop employee uses them: tick orders in VERKOOP > Orders, choose Bulkacties › Betaald zetten,
confirm, follow the progress and read the summary."""

import re

import pytest
from playwright.sync_api import expect

from backoffice.celery import app as celery_app
from orders.bulk import services as runs
from orders.models import BulkRun, Order, PaymentStatus
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
    """The run's job waits until the test runs it, so the page is seen waiting and then following."""
    monkeypatch.setattr(runs, "_enqueue", lambda run_id: None)


def test_tick_three_orders_mark_them_paid_in_bulk_and_read_the_summary(staff_page, document, held_job):
    page = staff_page
    unpaid, already_paid, other_unpaid = make_order(), make_order(payment_method="ideal"), make_order()
    untouched = make_order()
    page.goto("/orders/")

    for order in (unpaid, already_paid, other_unpaid):
        page.get_by_label(f"Order {order.number} selecteren").check()
    page.get_by_text("Bulkacties").click()
    page.get_by_role("button", name="Betaald zetten").click()

    # The confirmation dialog: how many, and what happens; nothing has happened yet.
    dialog = page.get_by_role("dialog", name="Betaald zetten")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("3 geselecteerde orders")
    assert not BulkRun.objects.exists()
    dialog.get_by_role("button", name="Betaald zetten").click()

    # The progress page: waiting, then following the job without a reload.
    expect(page).to_have_url(re.compile(r"/orders/bulk/runs/\d+/$"))
    run = BulkRun.objects.get()
    section = page.locator(f"#bulk-run-{run.pk}")
    expect(section).to_contain_text("0 van 3 orders")
    document.mark()
    runs.bulk_run_perform(run_id=run.pk)
    expect(section).to_contain_text("3 van 3 orders")
    expect(section.locator("[data-outcome=done]").first).to_have_text("2 orders gedaan")
    expect(section.locator("span[data-outcome=refused]")).to_have_text("1 geweigerd")
    refused = section.locator("tr[data-outcome=refused]")
    expect(refused).to_contain_text("Deze order is al betaald.")
    assert document.is_same()
    expect(section).not_to_have_attribute("hx-trigger", "every 1s")  # done: no more polling

    paid = set(Order.objects.filter(payment_status=PaymentStatus.PAID).values_list("pk", flat=True))
    assert paid == {unpaid.pk, already_paid.pk, other_unpaid.pk} and untouched.pk not in paid
    refused.get_by_role("link", name=already_paid.number).click()
    expect(page).to_have_url(f"/orders/{already_paid.number}/")


def test_a_message_is_required_before_informing_customers_in_bulk(staff_page):
    page = staff_page
    order = make_order()
    page.goto("/orders/")

    page.get_by_label(f"Order {order.number} selecteren").check()
    page.get_by_text("Bulkacties").click()
    page.get_by_role("button", name="Klant inlichten").click()
    dialog = page.get_by_role("dialog", name="Klant inlichten")
    expect(dialog).to_contain_text("1 geselecteerde order")
    dialog.get_by_role("button", name="Klant inlichten").click()

    expect(page.get_by_role("dialog", name="Klant inlichten")).to_contain_text(
        "Schrijf eerst een bericht aan de klant."
    )
    assert not BulkRun.objects.exists()
    page.get_by_role("dialog").get_by_label("Bericht aan de klant").fill("Uw pakket komt een dag later.")
    page.get_by_role("dialog").get_by_role("button", name="Klant inlichten").click()

    expect(page).to_have_url(re.compile(r"/orders/bulk/runs/\d+/$"))
    expect(page.locator("[data-outcome=done]").first).to_have_text("1 order gedaan")
