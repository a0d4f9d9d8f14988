from celery import shared_task
from django.db import InterfaceError, OperationalError

from .bulk.services import bulk_run_perform
from .export.services import order_export_run, order_exports_expire


@shared_task(
    name="orders.run_bulk_action",
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def run_bulk_action(run_id: int) -> None:
    """A bulk action of VERKOOP > Orders (queue `default`): the run's orders, one transaction each. Idempotent: an
    order that has an outcome is never acted on again, a finished run is left alone."""
    bulk_run_perform(run_id=run_id)


@shared_task(name="orders.export_orders", acks_late=True)
def export_orders(export_id: int) -> None:
    """Exporteren, too large to send at once (queue `default`): write the file. Idempotent: an export that is done,
    or being written by a living job, is left alone."""
    order_export_run(export_id=export_id)


@shared_task(name="orders.expire_exports")
def expire_exports() -> int:
    """Beat, daily (queue `default`): delete the files of large exports older than PRINT_RESULT_RETENTION_DAYS."""
    return order_exports_expire()
