from celery import shared_task

from .printing.services import PRINT, invoice_print_run, invoice_prints_expire
from .services import invoice_document_render, invoice_documents_requeue


@shared_task(
    name="invoicing.render_invoice_pdf",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def render_invoice_pdf(document_id: int) -> None:
    """Render and store one invoice PDF (queue `pdf`, by CELERY_TASK_ROUTES). Idempotent."""
    invoice_document_render(document_id=document_id)


@shared_task(name="invoicing.requeue_pending_documents")
def requeue_pending_documents() -> int:
    """Beat, every five minutes: PDFs still waiting after two minutes are enqueued again."""
    return invoice_documents_requeue()


@shared_task(name="invoicing.print_invoices", acks_late=True)
def print_invoices(print_id: int) -> None:
    """Facturen printen (queue `pdf`): the print's chunks sent to the `pdf` workers, which merge the chosen orders'
    stored invoice PDFs into one. Idempotent: a print that is done, or being made by living jobs, is left alone."""
    invoice_print_run(print_id=print_id)


@shared_task(name="invoicing.print_invoice_chunk", acks_late=True, bind=True)
def print_invoice_chunk(self, chunk_id: int) -> None:
    """One chunk of a Facturen printen (queue `pdf`): its orders' stored invoice PDFs as one part in the storage. The
    chunk that completes the print enqueues the merge. Idempotent: a chunk counts once however often it is delivered."""
    PRINT.run_chunk(chunk_id=chunk_id, worker=self.request.hostname or "")


@shared_task(name="invoicing.merge_invoice_prints", acks_late=True)
def merge_invoice_prints(print_id: int) -> None:
    """The chunks of a Facturen printen merged into its one PDF (queue `pdf`). Idempotent: made once."""
    PRINT.merge(print_id=print_id)


@shared_task(name="invoicing.expire_print_results")
def expire_print_results() -> int:
    """Beat, daily (queue `default`): delete Facturen printen's PDFs older than PRINT_RESULT_RETENTION_DAYS."""
    return invoice_prints_expire()
