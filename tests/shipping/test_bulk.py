"""Pakbonnen printen from VERKOOP > Orders: the choice, the refusals, the jobs (chunks, skipped orders, the
merged PDF, chunks done in any order, idempotence of every job), the status page that polls until done, the download,
and who may do it. With real workers: tests/shipping/test_print_integration.py."""

import io
from datetime import timedelta
from unittest.mock import ANY

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from backoffice import printing
from backoffice.celery import app as celery_app
from backoffice.exceptions import ActionRefused
from backoffice.models import PrintChunk, PrintStatus
from history.models import OrderEvent
from orders.models import CancelReason
from orders.services import order_cancel, order_hold
from shipping.events import ShippingEventType
from shipping.jobs import merge_packing_slips, print_packing_slip_chunk
from shipping.models import PackingSlipPrint, PackingSlipPrintStatus, Shipment
from shipping.printing import services as bulk
from shipping.services import order_mark_shipped
from tests.orders.factories import address, make_order
from tests.shipping.factories import coffee_and_tea, make_shipment
from tests.support import HTMX, element, pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def jobs_in_process():
    """The print job runs in the process that enqueues it (as without REDIS_URL), whatever the environment."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture
def print_now(django_capture_on_commit_callbacks):
    """`print_now(user=…, order_ids=…)`: start a print and run its job, as after the request's commit."""

    def start(**arguments) -> PackingSlipPrint:
        with django_capture_on_commit_callbacks(execute=True):
            job = bulk.packing_slip_print_start(**arguments)
        job.refresh_from_db()
        return job

    return start


def job_pages(job: PackingSlipPrint) -> list[str]:
    with default_storage.open(job.file, "rb") as file:
        return pdf_pages(file.read())


def newest_first(*orders) -> list[int]:
    return [order.pk for order in sorted(orders, key=lambda order: (order.placed_at, order.pk), reverse=True)]


# --- starting: the choice and its refusals -------------------------------------------------------------------


def test_ticked_orders_are_kept_newest_first_and_the_job_starts_after_the_commit(
    staff, django_capture_on_commit_callbacks
):
    first, second, third = make_order(), make_order(), make_order()

    with django_capture_on_commit_callbacks() as callbacks:
        job = bulk.packing_slip_print_start(user=staff, order_ids=[first.pk, third.pk, first.pk, 999_999])

    assert (job.status, job.order_ids, job.total, job.done, job.created_by) == (
        PackingSlipPrintStatus.PENDING, newest_first(first, third), 2, 0, staff
    )  # fmt: skip
    assert len(callbacks) == 1 and not Shipment.objects.exists()  # nothing happens before the commit
    callbacks[0]()
    job.refresh_from_db()
    assert (job.status, job.done, job.slip_count) == (PackingSlipPrintStatus.DONE, 2, 2)
    assert not Shipment.objects.filter(order=second).exists()


def test_all_matching_the_filter_reruns_the_lists_filters(staff):
    paid = [make_order(payment_method="ideal") for _ in range(3)]
    make_order()  # bank transfer: not paid

    job = bulk.packing_slip_print_start(user=staff, filters={"payment_status": "paid"})

    assert job.order_ids == newest_first(*paid) and job.total == 3


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "Kies eerst een of meer orders."),
        ({"order_ids": []}, "Kies eerst een of meer orders."),
        ({"order_ids": [999_999]}, "Die orders bestaan niet (meer)."),
        ({"order_ids": list(range(1, 1002))}, "Kies hoogstens 1.000 orders per keer; verfijn het filter."),
        ({"filters": {"q": "niemand-heet-zo"}}, "Geen enkele order voldoet aan het filter."),
    ],
)
def test_refusals_write_nothing(staff, arguments, message, django_capture_on_commit_callbacks):
    make_order()

    with pytest.raises(ActionRefused) as refusal, django_capture_on_commit_callbacks() as callbacks:
        bulk.packing_slip_print_start(user=staff, **arguments)

    assert refusal.value.message == message
    assert not PackingSlipPrint.objects.exists() and not callbacks


def test_more_than_the_maximum_matching_the_filter_is_refused(staff, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(bulk, "MAX_ORDERS", 2)
    for _ in range(3):
        make_order()

    with django_assert_num_queries(1), pytest.raises(ActionRefused) as refusal:  # the ids, capped at 3
        bulk.packing_slip_print_start(user=staff, filters={})

    assert refusal.value.message == "Kies hoogstens 1.000 orders per keer; verfijn het filter."
    assert not PackingSlipPrint.objects.exists()


# --- the job --------------------------------------------------------------------------------------------------


def test_the_job_gives_every_order_a_packing_slip_and_skips_what_cannot_be_packed(staff, admin_user, print_now):
    plain = coffee_and_tea()
    partly_packed = coffee_and_tea()
    coffee = partly_packed.lines.order_by("position")[0]
    earlier = make_shipment(partly_packed, quantities={coffee.pk: 1}, actor=staff)
    all_on_a_slip = coffee_and_tea()
    waiting = make_shipment(all_on_a_slip, actor=staff)
    cancelled = make_order()
    order_cancel(order=cancelled, actor=staff, reason=CancelReason.OUT_OF_STOCK)
    on_hold = make_order()
    order_hold(order=on_hold, actor=staff)
    shipped = make_order()
    order_mark_shipped(order=shipped, actor=staff)
    everything = [plain, partly_packed, all_on_a_slip, cancelled, on_hold, shipped]

    job = print_now(user=admin_user, order_ids=[order.pk for order in everything])

    # a new slip for what was on none, through the service (numbered, in the history, by who printed)
    new = {order: Shipment.objects.filter(order=order).latest("id") for order in (plain, partly_packed)}
    for order, shipment in new.items():
        assert shipment.created_by == admin_user and not shipment.is_shipped
        assert OrderEvent.objects.filter(
            order=order, type=ShippingEventType.SHIPMENT_CREATED, data__number=shipment.number
        ).exists()
    assert Shipment.objects.filter(order=all_on_a_slip).count() == 1  # nothing left for a second slip
    assert not Shipment.objects.filter(order__in=[cancelled, on_hold]).exists()
    # printed: every unshipped slip of the packable orders, newest order first
    printed = [new[plain], new[partly_packed], earlier, waiting]
    assert (job.status, job.total, job.done, job.slip_count) == (PackingSlipPrintStatus.DONE, 6, 6, 4)
    assert job.skipped == [
        [shipped.number, "Deze order is al helemaal verzonden."],
        [on_hold.number, "Deze order staat in de wacht. Haal hem eerst uit de wacht om te verzenden."],
        [cancelled.number, "Deze order is geannuleerd en kan niet worden verzonden."],
    ]
    pages = job_pages(job)
    assert len(pages) == job.slip_count
    on_pages = [[shipment.number for shipment in printed if shipment.number in page] for page in pages]
    assert sorted(on_pages) == sorted([shipment.number] for shipment in printed)  # each slip on a page of its own
    assert job.file == f"packing-slips/print-{job.pk}.pdf" and job.finished_at is not None and not job.error


def test_the_job_renders_chunk_by_chunk_and_reports_progress_after_each(staff, monkeypatch, print_now, settings):
    from shipping import pdf

    settings.PRINT_CHUNK_SIZE = 2
    orders = [make_order() for _ in range(5)]
    renders = []
    real = pdf.packing_slip_pdf

    def watched(shipments):
        progress = PackingSlipPrint.objects.values_list("status", "done", "slip_count").get()
        renders.append((len(shipments), progress))
        return real(shipments)

    monkeypatch.setattr(pdf, "packing_slip_pdf", watched)

    job = print_now(user=staff, order_ids=[order.pk for order in orders])

    running = PackingSlipPrintStatus.RUNNING
    assert renders == [(2, (running, 0, 0)), (2, (running, 2, 2)), (1, (running, 4, 4))]
    assert (job.status, job.done, job.slip_count, len(job_pages(job))) == (PackingSlipPrintStatus.DONE, 5, 5, 5)


def test_a_second_delivery_of_a_done_print_does_nothing(staff, print_now):
    job = print_now(user=staff, order_ids=[make_order().pk, make_order().pk])

    def state():
        return PackingSlipPrint.objects.values().get(), list(Shipment.objects.values()), OrderEvent.objects.count()

    before = state()
    modified = default_storage.get_modified_time(job.file)

    bulk.packing_slip_print_run(print_id=job.pk)

    assert state() == before
    assert default_storage.get_modified_time(job.file) == modified


def test_a_second_delivery_while_the_first_runs_does_nothing(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():  # the job is not run: it is "running" elsewhere
        job = bulk.packing_slip_print_start(user=staff, order_ids=[make_order().pk])
    PackingSlipPrint.objects.filter(pk=job.pk).update(status=PackingSlipPrintStatus.RUNNING, updated_at=timezone.now())

    bulk.packing_slip_print_run(print_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.done) == (PackingSlipPrintStatus.RUNNING, 0)
    assert not Shipment.objects.exists()


def test_a_print_whose_job_died_is_taken_over_without_a_second_slip(staff, django_capture_on_commit_callbacks):
    order = make_order()
    with django_capture_on_commit_callbacks():
        job = bulk.packing_slip_print_start(user=staff, order_ids=[order.pk])
    slip = make_shipment(order, actor=staff)  # the dead job got this far
    long_ago = timezone.now() - bulk.STALE_AFTER - timedelta(seconds=1)
    PackingSlipPrint.objects.filter(pk=job.pk).update(status=PackingSlipPrintStatus.RUNNING, updated_at=long_ago)

    job = bulk.packing_slip_print_run(print_id=job.pk)

    assert (job.status, job.slip_count) == (PackingSlipPrintStatus.DONE, 1)
    assert list(Shipment.objects.all()) == [slip]
    assert slip.number in job_pages(job)[0]


# --- in parallel: chunks done in any order, every job delivered twice ---------------------------------------------


def hold_chunks(monkeypatch) -> list[int]:
    """From now on the chunk jobs a start job sends are held here instead of run (as while the `pdf` workers have yet
    to take them): the list of their chunk ids, in the order they were sent."""
    sent = []
    monkeypatch.setattr(printing.ChunkedPrint, "_fan_out", lambda self, chunk_ids: sent.extend(chunk_ids))
    return sent


def progress(job) -> tuple:
    return PackingSlipPrint.objects.values_list("status", "done", "slip_count").get(pk=job.pk)


def test_chunks_done_in_any_order_give_the_same_pdf_and_progress_as_one_after_another(
    staff, monkeypatch, settings, print_now, django_capture_on_commit_callbacks
):
    settings.PRINT_CHUNK_SIZE = 2
    orders = [coffee_and_tea() for _ in range(5)]
    for held in (orders[1], orders[4]):
        order_hold(order=held, actor=staff)
    order_ids = newest_first(*orders)  # chunks [4, 3], [2, 1], [0]
    one_after_another = print_now(user=staff, order_ids=order_ids)  # in-process: chunk 0, 1, 2, the merge
    sent = hold_chunks(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        job = bulk.packing_slip_print_start(user=staff, order_ids=order_ids)
    seen = []
    for chunk_id in reversed(sent):  # as two workers might finish them: the last chunk first
        print_packing_slip_chunk(chunk_id)
        seen.append(progress(job))

    running, done = PackingSlipPrintStatus.RUNNING, PackingSlipPrintStatus.DONE
    assert len(sent) == 3 and seen == [(running, 1, 1), (running, 3, 2), (done, 5, 3)]
    job.refresh_from_db()
    assert (
        job.skipped == one_after_another.skipped == [[number, ANY] for number in (orders[4].number, orders[1].number)]
    )
    assert job.file != one_after_another.file
    assert job_pages(job) == job_pages(one_after_another) and len(job_pages(job)) == 3  # the same slips, same order
    assert Shipment.objects.count() == 3  # the second print made none: it printed the same unshipped slips


def test_every_job_delivered_twice_makes_one_result(staff, monkeypatch, settings, django_capture_on_commit_callbacks):
    settings.PRINT_CHUNK_SIZE = 2
    orders = [make_order() for _ in range(3)]
    sent = hold_chunks(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        job = bulk.packing_slip_print_start(user=staff, order_ids=newest_first(*orders))
    bulk.packing_slip_print_run(print_id=job.pk)  # the start job again: the print is running, nothing is sent
    first, last = sent

    print_packing_slip_chunk(first)
    print_packing_slip_chunk(first)  # delivered again after it was done
    part = PrintChunk.objects.get(pk=first).file
    # a delivery that took the chunk over while the first still rendered, and finished second: its PDF is dropped
    late = default_storage.save(f"packing-slips/print-{job.pk}-late.pdf", ContentFile(b"%PDF-1.7"))
    assert bulk.PRINT._finish_chunk(first, print_id=job.pk, name=late, count=2, skipped=[]) is False

    assert progress(job) == (PackingSlipPrintStatus.RUNNING, 2, 2) and Shipment.objects.count() == 2
    assert PrintChunk.objects.get(pk=first).attempts == 1 and not default_storage.exists(late)
    assert default_storage.exists(part)

    print_packing_slip_chunk(last)  # completes the set: the merge runs (in-process, after its commit)
    job.refresh_from_db()
    assert (job.status, job.done, job.slip_count, len(job_pages(job))) == (PackingSlipPrintStatus.DONE, 3, 3, 3)
    assert len(sent) == 2  # the second start job sent nothing

    def state():
        return PackingSlipPrint.objects.values().get(), list(PrintChunk.objects.values()), Shipment.objects.count()

    before, modified = state(), default_storage.get_modified_time(job.file)
    merge_packing_slips(job.pk)
    print_packing_slip_chunk(last)
    bulk.packing_slip_print_run(print_id=job.pk)

    assert state() == before and default_storage.get_modified_time(job.file) == modified
    assert not default_storage.exists(part) and not PrintChunk.objects.exclude(file="").exists()  # parts deleted


def test_a_stalled_print_sends_only_its_unfinished_chunks_again(
    staff, staff_client, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.PRINT_CHUNK_SIZE = 2
    orders = [make_order() for _ in range(4)]
    sent = hold_chunks(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        job = bulk.packing_slip_print_start(user=staff, order_ids=newest_first(*orders))
    finished, lost = sent
    print_packing_slip_chunk(finished)
    # The worker that took the other chunk died mid-render and its job never came back: no progress for too long.
    PrintChunk.objects.filter(pk=lost).update(status=PrintStatus.RUNNING, claimed_at=timezone.now(), worker="x@pdf")
    long_ago = timezone.now() - bulk.STALE_AFTER - timedelta(seconds=1)
    PackingSlipPrint.objects.filter(pk=job.pk).update(updated_at=long_ago)

    staff_client.get(f"/orders/packing-slips/prints/{job.pk}/")  # its status page re-enqueues the start job

    assert sent == [finished, lost, lost]  # only the unfinished chunk, waiting again
    assert PrintChunk.objects.get(pk=lost).status == PrintStatus.PENDING
    job.refresh_from_db()
    assert (job.status, job.attempts, job.done, job.slip_count) == (PackingSlipPrintStatus.RUNNING, 2, 2, 2)
    print_packing_slip_chunk(lost)
    job.refresh_from_db()
    assert (job.status, job.done, job.slip_count, len(job_pages(job))) == (PackingSlipPrintStatus.DONE, 4, 4, 4)
    assert Shipment.objects.count() == 4


def test_a_failure_marks_the_print_failed_with_the_error_and_is_raised(staff, monkeypatch):
    job = bulk.packing_slip_print_start(user=staff, order_ids=[make_order().pk])  # not run: no commit
    from shipping import pdf

    def broken(shipments):
        raise OSError("disk full")

    monkeypatch.setattr(pdf, "packing_slip_pdf", broken)

    with pytest.raises(OSError):
        bulk.packing_slip_print_run(print_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.error, job.file) == (PackingSlipPrintStatus.FAILED, "OSError: disk full", "")
    assert job.finished_at is not None


def test_nothing_to_print_is_done_without_a_file(staff, print_now):
    order = make_order()
    order_hold(order=order, actor=staff)

    job = print_now(user=staff, order_ids=[order.pk])

    assert (job.status, job.slip_count, job.file) == (PackingSlipPrintStatus.DONE, 0, "")
    assert [number for number, _reason in job.skipped] == [order.number]


# --- the orders list --------------------------------------------------------------------------------------------


def test_the_list_has_a_checkbox_per_order_and_the_registered_action(staff_client):
    orders = [make_order() for _ in range(3)]

    with override_settings(ORDERS_PER_PAGE=2):
        html = staff_client.get("/orders/", {"payment_status": "unpaid"}).text

    shown = orders[:0:-1]  # the newest two
    assert '<form id="order-actions" method="post" action="/orders/packing-slips/print/">' in html
    for order in shown:
        assert f'name="order" value="{order.pk}"' in html
        assert f"Order {order.number} selecteren" in html
    assert f'name="page_orders" value="{shown[0].pk} {shown[1].pk}"' in html
    assert "Alle orders op deze pagina selecteren" in html
    assert "Alle 3 orders die aan het filter voldoen" in html
    assert '<input type="hidden" name="filter" value="payment_status=unpaid">' in html
    print_button = element(html, "button", formaction="/orders/packing-slips/print/")
    assert print_button.text == "Pakbonnen printen" and print_button.attrs["type"] == "submit"


def test_one_page_needs_no_all_matching_option(staff_client):
    make_order()

    html = staff_client.get("/orders/").text

    assert "Pakbonnen printen" in html and 'name="all_matching"' not in html


def test_the_list_actions_cost_no_query(staff_client, django_assert_num_queries):
    for _ in range(30):
        make_order(billing=address(name="Jan Jansen"))

    with django_assert_num_queries(3 + 3 + 1):  # as pinned in tests/orders/test_views.py (+1: the saved views)
        html = staff_client.get("/orders/").text
    with django_assert_num_queries(2 + 2 + 1):
        partial = staff_client.get("/orders/", {"q": "jansen"}, headers=HTMX).text

    assert "Pakbonnen printen" in html and "Pakbonnen printen" in partial


# --- the views ------------------------------------------------------------------------------------------------


def test_posting_ticked_orders_prints_them_and_goes_to_the_status_page(
    staff_client, django_capture_on_commit_callbacks
):
    first, second, third = make_order(), make_order(), make_order()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/orders/packing-slips/print/", {"order": [first.pk], "page_orders": f"{second.pk} ", "filter": ""}
        )

    job = PackingSlipPrint.objects.get()
    assert response.status_code == 302 and response.url == f"/orders/packing-slips/prints/{job.pk}/"
    assert job.order_ids == newest_first(first, second) and third.pk not in job.order_ids
    assert (job.status, job.slip_count) == (PackingSlipPrintStatus.DONE, 2)


def test_posting_all_matching_uses_the_filter_and_htmx_gets_a_client_redirect(staff_client):
    paid = [make_order(payment_method="ideal") for _ in range(2)]
    make_order()

    response = staff_client.post(
        "/orders/packing-slips/print/",
        {"all_matching": "1", "filter": "payment_status=paid&status=nonsense", "order": [paid[0].pk]},
        headers=HTMX,
    )

    job = PackingSlipPrint.objects.get()
    assert response.headers["HX-Redirect"] == f"/orders/packing-slips/prints/{job.pk}/"
    assert job.order_ids == newest_first(*paid)  # the invalid filter dropped, as the list does


def test_an_out_of_range_date_in_the_filter_is_dropped_as_the_list_drops_it(staff_client):
    orders = [make_order(), make_order()]

    response = staff_client.post(
        "/orders/packing-slips/print/", {"all_matching": "1", "filter": "placed_to=9999-12-31"}
    )

    job = PackingSlipPrint.objects.get()
    assert response.status_code == 302 and job.order_ids == newest_first(*orders)


@pytest.mark.parametrize(
    "chosen", [{"order": "²"}, {"order": ["1", "-2"]}, {"page_orders": "1 x"}, {"order": "9" * 30}]
)
def test_order_ids_that_are_not_whole_numbers_are_refused_with_a_message(staff_client, chosen):
    order = make_order()

    response = staff_client.post(
        "/orders/packing-slips/print/", {"filter": "q=jansen", "page_orders": str(order.pk)} | chosen, follow=True
    )

    assert response.redirect_chain == [("/orders/?q=jansen", 302)]
    assert "Die keuze van orders klopt niet. Kies de orders opnieuw." in response.text
    assert not PackingSlipPrint.objects.exists()


def test_posting_nothing_goes_back_to_the_filtered_list_with_the_reason(staff_client):
    make_order()

    response = staff_client.post("/orders/packing-slips/print/", {"filter": "payment_status=paid"}, follow=True)

    assert response.redirect_chain == [("/orders/?payment_status=paid", 302)]
    assert "Kies eerst een of meer orders." in response.text
    assert not PackingSlipPrint.objects.exists()


def test_the_status_page_polls_while_running(staff, staff_client):
    job = bulk.packing_slip_print_start(user=staff, order_ids=[make_order().pk, make_order().pk])  # not run yet
    PackingSlipPrint.objects.filter(pk=job.pk).update(
        status=PackingSlipPrintStatus.RUNNING, done=1, slip_count=1, updated_at=timezone.now()
    )
    url = f"/orders/packing-slips/prints/{job.pk}/"

    page = staff_client.get(url)
    partial = staff_client.get(url, headers=HTMX)

    assert "<html" in page.text and "<html" not in partial.text
    for html in (page.text, partial.text):
        assert f'hx-get="{url}" hx-trigger="every 1s"' in html
        assert '<progress value="1" max="2"' in html and "1 van 2 orders" in html
        assert "Download pakbonnen" not in html


def test_the_status_page_stops_polling_when_done_and_offers_the_download(staff, staff_client, print_now):
    ready, waiting = make_order(), make_order()
    order_hold(order=waiting, actor=staff)
    job = print_now(user=staff, order_ids=[ready.pk, waiting.pk])
    url = f"/orders/packing-slips/prints/{job.pk}/"

    html = staff_client.get(url, headers=HTMX).text

    assert "hx-trigger" not in html and "2 van 2 orders" in html
    assert f'href="{url}pakbonnen.pdf"' in html and "Download pakbonnen (1)" in html
    assert waiting.number in html and "Deze order staat in de wacht." in html

    download = staff_client.get(f"{url}pakbonnen.pdf")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="pakbonnen-{job.pk}.pdf"'
    pages = PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages
    assert len(pages) == 1 and Shipment.objects.get(order=ready).number in pages[0].extract_text()


def test_the_download_of_an_unfinished_print_is_the_status_page(staff, staff_client):
    job = bulk.packing_slip_print_start(user=staff, order_ids=[make_order().pk])  # not run yet

    response = staff_client.get(f"/orders/packing-slips/prints/{job.pk}/pakbonnen.pdf")

    assert response.status_code == 302 and response.url == f"/orders/packing-slips/prints/{job.pk}/"


def test_a_print_that_waited_too_long_is_enqueued_again_by_its_status_page(staff, staff_client):
    job = bulk.packing_slip_print_start(user=staff, order_ids=[make_order().pk])  # the broker was down
    PackingSlipPrint.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=2))

    html = staff_client.get(f"/orders/packing-slips/prints/{job.pk}/").text

    job.refresh_from_db()
    assert job.status == PackingSlipPrintStatus.DONE and "Download pakbonnen (1)" in html


def test_any_staff_member_may_follow_and_download_a_colleagues_print(client, staff, admin_user, print_now):
    job = print_now(user=staff, order_ids=[make_order().pk])
    client.force_login(admin_user)

    assert client.get(f"/orders/packing-slips/prints/{job.pk}/").status_code == 200
    assert client.get(f"/orders/packing-slips/prints/{job.pk}/pakbonnen.pdf").status_code == 200
    assert client.get("/orders/packing-slips/prints/999999/").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"), [("post", "print/"), ("get", "prints/{pk}/"), ("get", "prints/{pk}/pakbonnen.pdf")]
)
def test_only_staff(client, staff, customer_user, method, path, print_now):
    order = make_order()
    job = print_now(user=staff, order_ids=[order.pk])
    url = "/orders/packing-slips/" + path.format(pk=job.pk)
    data = {"order": [order.pk]} if method == "post" else None

    anonymous = getattr(client, method)(url, data)
    client.force_login(customer_user)
    customer = getattr(client, method)(url, data)

    assert anonymous.status_code == 302 and anonymous.url.startswith("/login/?next=")
    assert customer.status_code == 403
    assert PackingSlipPrint.objects.count() == 1
