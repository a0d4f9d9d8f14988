from celery import shared_task

from .printing.services import packing_slip_print_run


@shared_task(name="shipping.print_packing_slips", acks_late=True)
def print_packing_slips(print_id: int) -> None:
    """Pakbonnen printen (queue `pdf`, by CELERY_TASK_ROUTES): packing slips for the print's orders, one PDF.
    Idempotent: a print that is done, or being made by a living job, is left alone."""
    packing_slip_print_run(print_id=print_id)
