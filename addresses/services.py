"""Every write of the addresses app: the geocoding of an order's addresses and the "adres controleren" flag.

Correcting an address is the Klant tab's service (customers.services.order_address_update: the same validation
and history from the block's popup); it calls orders.hooks.address_changed, and so the address is geocoded again.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from history import services as history
from orders.models import Address, Order

from . import geocoding
from .events import AddressEventType
from .models import GeocodedAddress, GeocodeStatus

logger = logging.getLogger(__name__)

KINDS = ("billing", "shipping")


def order_addresses(order: Order) -> dict[str, Address]:
    return {"billing": order.billing_address, "shipping": order.shipping_address}


def cached(key: str) -> GeocodedAddress | None:
    """The cached answer for `key` that still holds: found (forever) or not found (until it expires)."""
    row = GeocodedAddress.objects.filter(key=key).first()
    if row is None or row.status == GeocodeStatus.UNAVAILABLE:
        return None
    if row.status == GeocodeStatus.NOT_FOUND and row.expires_at and row.expires_at <= timezone.now():
        return None
    return row


def _store(key: str, **fields) -> GeocodedAddress:
    fields = {"looked_up_at": timezone.now(), "provider": geocoding.provider_name(), **fields}
    try:
        with transaction.atomic():
            row, _created = GeocodedAddress.objects.update_or_create(key=key, defaults=fields)
    except IntegrityError:  # another process stored the same key at the same moment
        row, _created = GeocodedAddress.objects.update_or_create(key=key, defaults=fields)
    return row


def address_geocode(address: Address) -> GeocodedAddress:
    """The geocoder's answer for `address`, from the cache or asked once (one request per interval, installation
    wide). Raises one of geocoding.TRANSIENT_ERRORS when the geocoder cannot answer: then the address is stored as
    UNAVAILABLE (the block says the map is unavailable, never that the address is wrong) and the job retries."""
    key = geocoding.address_key(address)
    if row := cached(key):
        return row
    with geocoding.limiter().address_lock(key):  # held until the answer is stored: the next job finds it
        if row := cached(key):  # another job asked while we waited for the lock
            return row
        try:
            with geocoding.request_slot():
                result = geocoding.lookup(address)
        except geocoding.TRANSIENT_ERRORS:
            if not GeocodedAddress.objects.filter(key=key).exclude(status=GeocodeStatus.UNAVAILABLE).exists():
                _store(key, status=GeocodeStatus.UNAVAILABLE, latitude=None, longitude=None, expires_at=timezone.now())
            raise
        if result.found:
            return _store(
                key,
                status=GeocodeStatus.FOUND,
                latitude=result.latitude,
                longitude=result.longitude,
                display_name=result.display_name,
                expires_at=None,
            )
        expires = timezone.now() + timedelta(days=settings.GEOCODE_NOT_FOUND_DAYS)
        return _store(
            key, status=GeocodeStatus.NOT_FOUND, latitude=None, longitude=None, display_name="", expires_at=expires
        )


def order_geocode(*, order_id: int) -> Order | None:
    """The geocode job's work: both addresses of the order looked up (cache first), then the flag set right.

    The lookups happen outside any transaction (a request may take seconds); the flag is then decided under the
    order's lock for the addresses the order has *now* (corrected meanwhile: that correction queued its own job).
    Idempotent: a second delivery finds everything in the cache and changes nothing.
    """
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        return None
    for address in {geocoding.address_key(a): a for a in order_addresses(order).values()}.values():
        if not address.is_empty:
            address_geocode(address)
    return order_address_check_update(order=order)


@transaction.atomic
def order_address_check_update(*, order: Order) -> Order:
    """Set "adres controleren" when the geocoder did not find the billing or shipping address; clear it when it
    found them (or could not be asked: that says nothing against the address). One history event per change."""
    order = Order.objects.lock(order)
    keys = {kind: geocoding.address_key(address) for kind, address in order_addresses(order).items()}
    statuses = dict(GeocodedAddress.objects.filter(key__in=keys.values()).values_list("key", "status"))
    not_found = [kind for kind in KINDS if statuses.get(keys[kind]) == GeocodeStatus.NOT_FOUND]
    if bool(not_found) != order.address_check:
        order.address_check = bool(not_found)
        order.save(update_fields=["address_check", "updated_at"])
        if not_found:
            history.record(order, AddressEventType.ADDRESS_NOT_FOUND, kinds=not_found)
        else:
            history.record(order, AddressEventType.ADDRESS_CHECK_CLEARED)
    return order


def _enqueue_geocode(order_id: int) -> None:
    from .jobs import geocode_order

    if not settings.GEOCODING_ENABLED:
        return

    try:
        geocode_order.delay(order_id)
    except Exception:  # broker down: the block shows the map as not looked up yet; the next correction asks again
        logger.warning("Could not enqueue the geocoding of order %s.", order_id, exc_info=True)


def geocode_after_order_placed(*, order: Order, actor, mail_customer: bool = True) -> None:
    """orders.hooks.order_placed: geocode the new order's addresses after the commit."""
    transaction.on_commit(partial(_enqueue_geocode, order.pk))


def geocode_after_address_changed(*, order: Order, actor, kind: str) -> None:
    """orders.hooks.address_changed (the Klant tab or the block's popup): geocode the corrected address."""
    transaction.on_commit(partial(_enqueue_geocode, order.pk))
