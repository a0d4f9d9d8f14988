from celery import shared_task

from .export.services import order_export_run


@shared_task(name="orders.export_orders", acks_late=True)
def export_orders(export_id: int) -> None:
    """Exporteren, too large to send at once (queue `default`): write the file. Idempotent: an export that is done,
    or being written by a living job, is left alone."""
    order_export_run(export_id=export_id)
