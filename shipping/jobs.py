from celery import shared_task

from .printing.services import PRINT, packing_slip_print_run, packing_slip_prints_expire


@shared_task(name="shipping.print_packing_slips", acks_late=True)
def print_packing_slips(print_id: int) -> None:
    """Pakbonnen printen (queue `pdf`, by CELERY_TASK_ROUTES): the print's chunks sent to the `pdf` workers.
    Idempotent: a print that is done, or being made by living jobs, is left alone."""
    packing_slip_print_run(print_id=print_id)


@shared_task(name="shipping.print_packing_slip_chunk", acks_late=True, bind=True)
def print_packing_slip_chunk(self, chunk_id: int) -> None:
    """One chunk of a Pakbonnen printen (queue `pdf`): its orders' packing slips as one PDF in the storage. The chunk
    that completes the print enqueues the merge. Idempotent: a chunk counts once however often it is delivered."""
    PRINT.run_chunk(chunk_id=chunk_id, worker=self.request.hostname or "")


@shared_task(name="shipping.merge_packing_slips", acks_late=True)
def merge_packing_slips(print_id: int) -> None:
    """The chunks of a Pakbonnen printen merged into its one PDF (queue `pdf`). Idempotent: made once."""
    PRINT.merge(print_id=print_id)


@shared_task(name="shipping.expire_print_results")
def expire_print_results() -> int:
    """Beat, daily: the merged PDFs of Pakbonnen printen older than PRINT_RESULT_RETENTION_DAYS are deleted."""
    return packing_slip_prints_expire()
