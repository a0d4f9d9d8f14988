from celery import shared_task
from django.db import InterfaceError, OperationalError

from .bulk.services import bulk_run_perform


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
