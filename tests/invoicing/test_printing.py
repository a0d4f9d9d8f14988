"""Facturen printen from VERKOOP > Orders (invoicing/printing/): the choice and its refusals, the language, the jobs
(stored PDFs merged, a missing language rendered first, skipped orders with the reason, chunks done in any order,
idempotence of every job), the pages."""

import io

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from backoffice import printing
from backoffice.celery import app as celery_app
from backoffice.exceptions import ActionRefused
from invoicing.jobs import merge_invoice_prints, print_invoice_chunk
from invoicing.models import DocumentStatus, Invoice, InvoiceDocument, InvoicePrint, InvoicePrintStatus
from invoicing.printing import services as bulk
from invoicing.services import invoice_document_render
from tests.invoicing.factories import make_credit_invoice, make_invoice
from tests.orders.factories import make_order
from tests.support import HTMX, element

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop")]


@pytest.fixture(autouse=True)
def jobs_in_process():
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture
def print_now(django_capture_on_commit_callbacks):
    def start(**arguments) -> InvoicePrint:
        with django_capture_on_commit_callbacks(execute=True):
            job = bulk.invoice_print_start(**arguments)
        job.refresh_from_db()
        return job

    return start


def stored(invoice: Invoice, language: str) -> InvoiceDocument:
    document = InvoiceDocument.objects.get(invoice=invoice, revision=invoice.revision, language=language)
    return invoice_document_render(document_id=document.pk)


def pages_of(path: str) -> int:
    with default_storage.open(path, "rb") as file:
        return len(PdfReader(io.BytesIO(file.read())).pages)


def texts_of(path: str) -> list[str]:
    with default_storage.open(path, "rb") as file:
        return [page.extract_text() for page in PdfReader(io.BytesIO(file.read())).pages]


def test_the_stored_pdfs_are_merged_newest_order_first_and_the_pages_add_up(staff, print_now):
    older = make_invoice()
    credit = make_credit_invoice(older, send=False)
    newer = make_invoice()
    documents = [stored(invoice, "nl") for invoice in (newer, older, credit)]

    job = print_now(user=staff, language="nl", order_ids=[older.order_id, newer.order_id])

    assert (job.status, job.done, job.total, job.document_count, job.skipped) == ("done", 2, 2, 3, [])
    assert pages_of(job.file) == sum(pages_of(document.file) for document in documents)
    texts = texts_of(job.file)
    assert newer.number in texts[0] and older.number in texts[-2] and credit.number in texts[-1]


def test_a_language_never_made_is_rendered_by_the_job_first_and_kept(staff, print_now):
    invoice = make_invoice()
    assert not InvoiceDocument.objects.filter(invoice=invoice, language="de").exists()

    job = print_now(user=staff, language="de", order_ids=[invoice.order_id])

    document = InvoiceDocument.objects.get(invoice=invoice, language="de")
    assert document.status == DocumentStatus.READY
    assert job.document_count == 1 and pages_of(job.file) == pages_of(document.file)
    assert "Rechnung" in texts_of(job.file)[0]


def test_a_stored_pdf_is_not_rendered_again(staff, print_now, monkeypatch):
    invoice = make_invoice()
    stored(invoice, "nl")
    monkeypatch.setattr("invoicing.pdf.invoice_pdf", lambda *args: pytest.fail("rendered again"))

    job = print_now(user=staff, language="nl", order_ids=[invoice.order_id])

    assert job.status == InvoicePrintStatus.DONE and job.document_count == 1


def test_orders_without_an_invoice_or_whose_pdf_fails_are_skipped_with_the_reason(staff, print_now, monkeypatch):
    without = make_order()
    broken = make_invoice()
    fine = make_invoice()
    stored(fine, "nl")

    def fail(invoice, language):
        raise OSError("disk full")

    monkeypatch.setattr("invoicing.pdf.invoice_pdf", fail)
    job = print_now(user=staff, language="nl", order_ids=[without.pk, broken.order_id, fine.order_id])

    assert job.status == InvoicePrintStatus.DONE and job.document_count == 1
    assert sorted(job.skipped) == sorted(
        [
            [without.number, "Deze order heeft nog geen facturen."],
            [broken.order.number, f"De PDF van factuur {broken.number} kon niet worden gemaakt."],
        ]
    )


def test_nothing_to_print_is_done_without_a_file(staff, print_now):
    job = print_now(user=staff, language="nl", order_ids=[make_order().pk])
    assert job.status == InvoicePrintStatus.DONE and job.file == "" and len(job.skipped) == 1


def test_a_second_delivery_of_a_done_print_does_nothing(staff, print_now):
    invoice = make_invoice()
    job = print_now(user=staff, language="nl", order_ids=[invoice.order_id])
    again = bulk.invoice_print_run(print_id=job.pk)
    assert (again.file, again.finished_at, again.document_count) == (job.file, job.finished_at, 1)


def test_chunks_done_in_any_order_give_the_same_pdf_as_one_after_another(
    staff, print_now, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.PRINT_CHUNK_SIZE = 1
    older = make_invoice()
    make_credit_invoice(older, send=False)
    without = make_order()
    newer = make_invoice()
    order_ids = [newer.order_id, without.pk, older.order_id]
    one_after_another = print_now(user=staff, language="nl", order_ids=order_ids)
    sent = []
    monkeypatch.setattr(printing.ChunkedPrint, "_fan_out", lambda self, chunk_ids: sent.extend(chunk_ids))

    with django_capture_on_commit_callbacks(execute=True):
        job = bulk.invoice_print_start(user=staff, language="nl", order_ids=order_ids)
    for chunk_id in reversed(sent):  # the last chunk first, as two workers might finish them
        print_invoice_chunk(chunk_id)
        print_invoice_chunk(chunk_id)  # each delivered twice: counted once
    job.refresh_from_db()

    assert len(sent) == 3
    fields = ("status", "done", "total", "document_count", "skipped")
    assert [getattr(job, field) for field in fields] == [getattr(one_after_another, field) for field in fields]
    assert (job.status, job.done, job.document_count) == (InvoicePrintStatus.DONE, 3, 3)
    assert job.skipped == [[without.number, "Deze order heeft nog geen facturen."]]
    assert texts_of(job.file) == texts_of(one_after_another.file) and len(texts_of(job.file)) >= 3
    modified = default_storage.get_modified_time(job.file)
    merge_invoice_prints(job.pk)  # the merge delivered again
    assert default_storage.get_modified_time(job.file) == modified
    assert not printing.PrintChunk.objects.exclude(file="").exists()  # the parts were deleted after the merge


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"order_ids": []}, "Kies eerst een of meer orders."),
        ({"order_ids": [999_999]}, "Die orders bestaan niet (meer)."),
        ({"filters": {"q": "niemand-zo"}}, "Geen enkele order voldoet aan het filter."),
        ({"order_ids": list(range(1, 1003))}, "Kies hoogstens 1.000 orders per keer; verfijn het filter."),
    ],
)
def test_refusals_write_nothing(staff, arguments, message, django_capture_on_commit_callbacks):
    with pytest.raises(ActionRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        bulk.invoice_print_start(user=staff, language="nl", **arguments)
    assert not InvoicePrint.objects.exists()


def test_a_language_the_shop_does_not_offer_is_refused(staff):
    with pytest.raises(ActionRefused, match="De webwinkel heeft die taal niet ingesteld."):
        bulk.invoice_print_start(user=staff, language="es", order_ids=[make_order().pk])
    assert not InvoicePrint.objects.exists()


# --- the pages -----------------------------------------------------------------------------------------------


def test_the_list_offers_facturen_printen(staff_client):
    make_order()
    html = staff_client.get("/orders/").text
    button = element(html, "button", formaction="/orders/invoices/print/")
    assert button.text == "Facturen printen"


def test_from_the_list_the_language_is_asked_with_the_choice_carried_along(staff_client):
    first, second = make_order(), make_order()
    response = staff_client.post("/orders/invoices/print/", {"order": [str(first.pk), str(second.pk)]})
    html = response.text
    assert response.status_code == 200 and not InvoicePrint.objects.exists()
    assert "2 orders" in html
    assert f'name="order" value="{first.pk}"' in html and f'name="order" value="{second.pk}"' in html
    for code in ("nl", "en", "de", "fr"):
        assert f'value="{code}"' in html


def test_with_the_language_the_print_runs_and_the_status_page_offers_the_download(
    staff_client, django_capture_on_commit_callbacks
):
    invoice = make_invoice()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/orders/invoices/print/", {"all_matching": "1", "filter": "", "language": "en"}, headers=HTMX
        )
    job = InvoicePrint.objects.get()
    assert response["HX-Redirect"] == f"/orders/invoices/prints/{job.pk}/"
    assert job.language == "en" and job.order_ids == [invoice.order_id]
    page = staff_client.get(f"/orders/invoices/prints/{job.pk}/").text
    assert "1 van 1 order" in page and "Download facturen (1)" in page and 'hx-trigger="every 1s"' not in page
    download = staff_client.get(f"/orders/invoices/prints/{job.pk}/facturen.pdf")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_refusal_goes_back_to_the_filtered_list_with_the_reason(staff_client):
    response = staff_client.post("/orders/invoices/print/", {"filter": "payment_status=paid"}, follow=True)
    assert response.redirect_chain[-1][0] == "/orders/?payment_status=paid"
    assert "Kies eerst een of meer orders." in response.text


def test_the_status_page_polls_while_the_print_waits(staff, staff_client, monkeypatch):
    monkeypatch.setattr(bulk, "_enqueue", lambda print_id: None)
    job = bulk.invoice_print_start(user=staff, language="nl", order_ids=[make_order().pk])
    html = staff_client.get(f"/orders/invoices/prints/{job.pk}/", headers=HTMX).text
    assert 'hx-trigger="every 1s"' in html and "<html" not in html
    assert staff_client.get(f"/orders/invoices/prints/{job.pk}/facturen.pdf").status_code == 302
