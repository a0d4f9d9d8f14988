"""Storingen's retry services in the owning apps (notifications, invoicing, shipping/printing): only failed or stuck
work may be retried, the rest is refused with the reason and nothing changes; a retry enqueues once after the
commit; a failed render is recorded with its error; old print results are deleted by the beat job."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from backoffice.celery import app as celery_app
from backoffice.exceptions import ActionRefused
from history.models import OrderEvent
from invoicing import pdf as invoice_pdf_module
from invoicing.jobs import expire_print_results as expire_invoice_prints
from invoicing.models import DocumentStatus, InvoiceDocument, InvoicePrint
from invoicing.printing import services as invoice_printing
from invoicing.services import invoice_document_render, invoice_document_retry
from notifications.models import OutboxMessage, OutboxStatus
from notifications.services import outbox_retry
from orders.export import services as order_export
from orders.jobs import expire_exports as expire_order_exports
from orders.models import OrderExport
from shipping.jobs import expire_print_results
from shipping.models import PackingSlipPrint, PackingSlipPrintStatus
from shipping.printing import services as bulk
from tests.concurrency import click_twice_at_once
from tests.invoicing.factories import make_invoice
from tests.orders.factories import make_order

pytestmark = pytest.mark.django_db


def row(instance):
    return type(instance).objects.get(pk=instance.pk)


# --- e-mails ------------------------------------------------------------------------------------------------------


def test_a_failed_email_goes_back_to_the_queue_and_is_sent_after_the_commit(
    failed_email, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        outbox_retry(message=failed_email, actor=admin_user)

    waiting = row(failed_email)
    assert waiting.status == OutboxStatus.PENDING and waiting.enqueued_at is not None and mailoutbox == []
    event = OrderEvent.objects.get(order=failed_email.order, type="EMAIL_RETRIED")
    assert event.actor == admin_user and event.data["email_id"] == failed_email.pk
    assert len(callbacks) == 1
    callbacks[0]()  # after the commit: the job sends it (in-process here)
    assert row(failed_email).status == OutboxStatus.SENT and len(mailoutbox) == 1
    assert row(failed_email).attempts == 11  # one more attempt


def test_a_retry_that_fails_again_is_failed_again_with_the_new_error(
    failed_email, admin_user, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("the SMTP server is down")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_retry(message=failed_email, actor=admin_user)  # the job's error is logged by outbox_enqueue

    failed = row(failed_email)
    assert failed.status == OutboxStatus.FAILED and failed.attempts == 11
    assert failed.last_error == "ConnectionRefusedError: the SMTP server is down"


def test_a_sent_email_is_not_retried(failed_email, admin_user, django_capture_on_commit_callbacks):
    OutboxMessage.objects.filter(pk=failed_email.pk).update(status=OutboxStatus.SENT, sent_at=timezone.now())
    before = row(failed_email)

    with pytest.raises(ActionRefused) as refusal, django_capture_on_commit_callbacks() as callbacks:
        outbox_retry(message=failed_email, actor=admin_user)

    assert refusal.value.message == "Deze e-mail is al verstuurd."
    after = row(failed_email)
    assert (after.status, after.enqueued_at, after.attempts) == (before.status, before.enqueued_at, before.attempts)
    assert not callbacks
    assert not OrderEvent.objects.filter(type="EMAIL_RETRIED").exists()


def test_a_waiting_email_is_not_retried_but_a_stuck_one_is(failed_email, admin_user):
    now = timezone.now()
    OutboxMessage.objects.filter(pk=failed_email.pk).update(status=OutboxStatus.PENDING, enqueued_at=now)
    with pytest.raises(ActionRefused) as refusal:
        outbox_retry(message=failed_email, actor=admin_user)
    assert refusal.value.message == "Deze e-mail staat al in de wachtrij en wordt zo verstuurd."

    OutboxMessage.objects.filter(pk=failed_email.pk).update(enqueued_at=now - timedelta(minutes=11))
    outbox_retry(message=failed_email, actor=admin_user)  # stuck: its job was lost
    assert row(failed_email).enqueued_at > now

    OutboxMessage.objects.filter(pk=failed_email.pk).update(
        status=OutboxStatus.SENDING, claimed_at=now - timedelta(minutes=6)
    )  # claimed by a worker that died (past the 5-minute lease)
    outbox_retry(message=failed_email, actor=admin_user)
    assert row(failed_email).status == OutboxStatus.PENDING and row(failed_email).claimed_at is None


@pytest.mark.django_db(transaction=True)
def test_a_double_click_retries_once_and_the_mail_is_sent_once(failed_email, admin_user, mailoutbox):
    # Two transactions at the same time, each on its own connection: the row lock makes the second wait, find the
    # message no longer failed and refuse.
    mailoutbox.clear()  # the fixture's first delivery (committed here), before it was marked failed
    results = click_twice_at_once(lambda: outbox_retry(message=failed_email, actor=admin_user))

    assert results == ["done", "refused"]
    assert OrderEvent.objects.filter(type="EMAIL_RETRIED").count() == 1
    assert row(failed_email).status == OutboxStatus.SENT and len(mailoutbox) == 1


# --- invoice PDFs -------------------------------------------------------------------------------------------------


def test_a_failed_render_is_recorded_with_its_error_and_attempts(shop, staff, monkeypatch):
    invoice = make_invoice(actor=staff)
    document = InvoiceDocument.objects.get(invoice=invoice)

    def broken(invoice, language):
        raise ValueError("Pango: no fonts")

    monkeypatch.setattr(invoice_pdf_module, "invoice_pdf", broken)
    with pytest.raises(ValueError):
        invoice_document_render(document_id=document.pk)

    failed = row(document)
    assert (failed.status, failed.attempts, failed.last_error) == ("failed", 1, "ValueError: Pango: no fonts")


def test_a_failed_pdf_is_rendered_again(failed_document, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        invoice_document_retry(document=failed_document, actor=admin_user)

    assert row(failed_document).status == DocumentStatus.PENDING and len(callbacks) == 1
    event = OrderEvent.objects.get(type="INVOICE_PDF_RETRIED")
    assert event.order == failed_document.invoice.order and event.actor == admin_user
    callbacks[0]()
    ready = row(failed_document)
    assert ready.status == DocumentStatus.READY and ready.attempts == 2 and default_storage.exists(ready.file)


def test_a_ready_or_rendering_pdf_is_not_retried(failed_document, admin_user, django_capture_on_commit_callbacks):
    for status, message in (("ready", "Deze PDF is al gemaakt."), ("pending", "Deze PDF wordt al gemaakt.")):
        InvoiceDocument.objects.filter(pk=failed_document.pk).update(status=status)
        with pytest.raises(ActionRefused) as refusal, django_capture_on_commit_callbacks() as callbacks:
            invoice_document_retry(document=failed_document, actor=admin_user)
        assert refusal.value.message == message and not callbacks
        assert row(failed_document).status == status
    assert not OrderEvent.objects.filter(type="INVOICE_PDF_RETRIED").exists()


@pytest.mark.django_db(transaction=True)
def test_a_double_click_renders_a_failed_pdf_once(failed_document, admin_user):
    assert click_twice_at_once(lambda: invoice_document_retry(document=failed_document, actor=admin_user)) == [
        "done", "refused"
    ]  # fmt: skip
    assert OrderEvent.objects.filter(type="INVOICE_PDF_RETRIED").count() == 1
    assert row(failed_document).status == DocumentStatus.READY and row(failed_document).attempts == 2


def test_a_stuck_pdf_is_retried_once(failed_document, admin_user):
    long_ago = timezone.now() - timedelta(minutes=11)
    InvoiceDocument.objects.filter(pk=failed_document.pk).update(status="pending", created_at=long_ago)

    invoice_document_retry(document=failed_document, actor=admin_user)
    with pytest.raises(ActionRefused):  # the second click: it waits for its job again
        invoice_document_retry(document=failed_document, actor=admin_user)


# --- Pakbonnen printen --------------------------------------------------------------------------------------------


@pytest.fixture
def failed_print(staff):
    job = bulk.packing_slip_print_start(user=staff, order_ids=[make_order().pk])
    PackingSlipPrint.objects.filter(pk=job.pk).update(
        status=PackingSlipPrintStatus.FAILED, error="MemoryError: ", attempts=1, finished_at=timezone.now()
    )
    return row(job)


def test_a_failed_print_runs_again(failed_print, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        bulk.packing_slip_print_retry(job=failed_print, actor=admin_user)

    assert row(failed_print).status == PackingSlipPrintStatus.PENDING and len(callbacks) == 1
    callbacks[0]()
    done = row(failed_print)
    assert (done.status, done.attempts, done.slip_count, done.error) == (PackingSlipPrintStatus.DONE, 2, 1, "")
    with pytest.raises(ActionRefused) as refusal:
        bulk.packing_slip_print_retry(job=failed_print, actor=admin_user)
    assert refusal.value.message == "Deze printopdracht is al klaar."


@pytest.mark.django_db(transaction=True)
def test_a_double_click_runs_a_failed_print_once(failed_print, admin_user):
    assert click_twice_at_once(lambda: bulk.packing_slip_print_retry(job=failed_print, actor=admin_user)) == [
        "done", "refused"
    ]  # fmt: skip
    done = row(failed_print)
    assert (done.status, done.attempts, done.slip_count) == (PackingSlipPrintStatus.DONE, 2, 1)


def test_a_running_print_is_not_retried_until_it_is_stale(failed_print, admin_user):
    now = timezone.now()
    PackingSlipPrint.objects.filter(pk=failed_print.pk).update(status=PackingSlipPrintStatus.RUNNING, updated_at=now)
    with pytest.raises(ActionRefused) as refusal:
        bulk.packing_slip_print_retry(job=failed_print, actor=admin_user)
    assert refusal.value.message == "Deze printopdracht wordt al gemaakt."

    PackingSlipPrint.objects.filter(pk=failed_print.pk).update(updated_at=now - bulk.STALE_AFTER - timedelta(seconds=1))
    bulk.packing_slip_print_retry(job=failed_print, actor=admin_user)
    assert row(failed_print).status == PackingSlipPrintStatus.PENDING


# --- cleanup: old print results -----------------------------------------------------------------------------------


def finished_print(staff, *, days_ago: float) -> PackingSlipPrint:
    job = bulk.packing_slip_print_start(user=staff, order_ids=[make_order().pk])
    name = default_storage.save(f"packing-slips/print-{job.pk}.pdf", ContentFile(b"%PDF-1.7 test"))
    finished = timezone.now() - timedelta(days=days_ago)
    PackingSlipPrint.objects.filter(pk=job.pk).update(
        status=PackingSlipPrintStatus.DONE, file=name, finished_at=finished
    )
    return row(job)


def test_the_beat_job_deletes_print_results_older_than_the_retention(staff, settings):
    settings.PRINT_RESULT_RETENTION_DAYS = 7
    old = finished_print(staff, days_ago=7.1)
    recent = finished_print(staff, days_ago=6.9)

    assert expire_print_results() == 1  # the job beat runs (CELERY_BEAT_SCHEDULE "expire-print-results")

    assert not default_storage.exists(old.file) and row(old).expired_at is not None
    assert default_storage.exists(recent.file) and row(recent).expired_at is None
    assert row(old).status == PackingSlipPrintStatus.DONE  # the row stays: its page says "verlopen"
    assert expire_print_results() == 0  # nothing twice


def test_a_shorter_retention_is_a_setting_and_a_missing_file_is_marked_all_the_same(staff, settings):
    settings.PRINT_RESULT_RETENTION_DAYS = 1
    job = finished_print(staff, days_ago=2)
    default_storage.delete(job.file)

    assert bulk.packing_slip_prints_expire() == 1 and row(job).expired_at is not None


def test_the_cleanup_is_in_the_beat_schedule_once_a_day(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["expire-print-results"]
    assert entry["task"] == expire_print_results.name == "shipping.expire_print_results"
    assert expire_print_results.name in celery_app.tasks  # found by autodiscover (shipping/jobs.py)
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {17}
    assert settings.PRINT_RESULT_RETENTION_DAYS == 7
    assert celery_app.amqp.router.route({}, expire_print_results.name)["queue"].name == "default"
    assert celery_app.amqp.router.route({}, "shipping.print_packing_slips")["queue"].name == "pdf"


def test_an_expired_print_says_so_and_its_download_goes_to_that_page(staff, staff_client):
    job = finished_print(staff, days_ago=30)
    bulk.packing_slip_prints_expire()

    download = staff_client.get(f"/orders/packing-slips/prints/{job.pk}/pakbonnen.pdf")
    assert download.status_code == 302 and download.url == f"/orders/packing-slips/prints/{job.pk}/"
    page = staff_client.get(download.url)
    assert "Deze download is verlopen: de PDF wordt 7 dagen bewaard." in page.text
    assert "Download pakbonnen" not in page.text


# --- Facturen printen's PDFs and the files of large exports expire the same way ----------------------------------


def finished_invoice_print(staff, *, days_ago: float) -> InvoicePrint:
    order = make_order()
    invoice = make_invoice(order=order, actor=staff)
    for document in InvoiceDocument.objects.filter(invoice=invoice):
        invoice_document_render(document_id=document.pk)
    job = invoice_printing.invoice_print_start(user=staff, language="nl", order_ids=[order.pk])
    invoice_printing.invoice_print_run(print_id=job.pk)
    InvoicePrint.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=days_ago))
    return row(job)


def finished_export(staff, *, days_ago: float) -> OrderExport:
    make_order()
    job = order_export.order_export_start(user=staff, query="", format="csv", columns=["number"])
    order_export.order_export_run(export_id=job.pk)
    OrderExport.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=days_ago))
    return row(job)


@pytest.mark.parametrize(
    ("make", "job", "status_url", "says"),
    [
        (
            finished_invoice_print,
            expire_invoice_prints,
            "/orders/invoices/prints/{pk}/",
            "Start Facturen printen opnieuw",
        ),
        (finished_export, expire_order_exports, "/orders/export/{pk}/", "Exporteer opnieuw vanuit de lijst"),
    ],
    ids=["facturen printen", "export"],
)
def test_invoice_prints_and_exports_expire_and_say_so(make, job, status_url, says, shop, staff, staff_client, settings):
    settings.PRINT_RESULT_RETENTION_DAYS = 7
    old, recent = make(staff, days_ago=7.1), make(staff, days_ago=6.9)
    assert old.file and default_storage.exists(old.file)

    assert job() == 1  # the job beat runs
    assert not default_storage.exists(old.file) and row(old).expired_at is not None
    assert default_storage.exists(recent.file) and row(recent).expired_at is None
    assert job() == 0  # nothing twice

    page = staff_client.get(status_url.format(pk=old.pk))
    assert "Deze download is verlopen" in page.text and says in page.text


@pytest.mark.parametrize(
    ("entry", "task"),
    [("expire-invoice-prints", expire_invoice_prints), ("expire-order-exports", expire_order_exports)],
)
def test_the_other_cleanups_are_in_the_beat_schedule_on_the_default_queue(settings, entry, task):
    assert settings.CELERY_BEAT_SCHEDULE[entry]["task"] == task.name and task.name in celery_app.tasks
    assert celery_app.amqp.router.route({}, task.name)["queue"].name == "default"
