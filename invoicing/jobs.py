from celery import shared_task

from .printing.services import invoice_print_run, invoice_prints_expire
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
    """Facturen printen (queue `pdf`): the chosen orders' stored invoice PDFs merged into one. Idempotent: a print
    that is done, or being made by a living job, is left alone."""
    invoice_print_run(print_id=print_id)


@shared_task(name="invoicing.expire_print_results")
def expire_print_results() -> int:
    """Beat, daily (queue `default`): delete Facturen printen's PDFs older than PRINT_RESULT_RETENTION_DAYS."""
    return invoice_prints_expire()
