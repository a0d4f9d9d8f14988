from celery import shared_task
from django.conf import settings

from . import geocoding
from .services import order_geocode


@shared_task(name="addresses.geocode_order", bind=True, acks_late=True, max_retries=None)
def geocode_order(self, order_id: int):
    """Geocode an order's billing and shipping address (queue `geocode`, by CELERY_TASK_ROUTES). Idempotent.

    A timeout, a 5xx, a 429 or no network is retried with back-off (GEOCODE_MAX_RETRIES times; a 429's
    Retry-After is respected) and never flags the order: meanwhile the block says the map is unavailable.
    """
    try:
        order_geocode(order_id=order_id)
    except geocoding.TRANSIENT_ERRORS as error:
        retry_after = getattr(error, "retry_after", None)
        countdown = retry_after or min(settings.GEOCODE_RETRY_BACKOFF * 2**self.request.retries, 3600)
        if self.request.retries >= settings.GEOCODE_MAX_RETRIES:
            return  # stays UNAVAILABLE; the next correction of the address asks again
        retry = self.retry(exc=error, countdown=countdown, throw=False)  # a worker: enqueued again, `countdown` on
        if self.request.is_eager:
            return retry  # in-process (no REDIS_URL, tests): Task.apply() runs the retry at once
        raise retry from error
