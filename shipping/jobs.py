from celery import shared_task

from .printing.services import packing_slip_print_run, packing_slip_prints_expire


@shared_task(name="shipping.print_packing_slips", acks_late=True)
def print_packing_slips(print_id: int) -> None:
    """Pakbonnen printen (queue `pdf`, by CELERY_TASK_ROUTES): packing slips for the print's orders, one PDF.
    Idempotent: a print that is done, or being made by a living job, is left alone."""
    packing_slip_print_run(print_id=print_id)


@shared_task(name="shipping.expire_print_results")
def expire_print_results() -> int:
    """Beat, daily: the merged PDFs of Pakbonnen printen older than PRINT_RESULT_RETENTION_DAYS are deleted."""
    return packing_slip_prints_expire()
