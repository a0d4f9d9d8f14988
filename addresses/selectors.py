"""The reads of the Factuuradres and Verzendadres blocks. Never the geocoder: only the cache the job fills."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.compiled import CompiledQuery
from orders.models import Address, Order

from .formatting import address_lines
from .geocoding import address_key
from .models import GeocodedAddress, GeocodeStatus

TITLES = {"billing": _("Factuuradres"), "shipping": _("Verzendadres")}
# An address not looked up for this long after the order last changed is not going to be looked up by itself
# (an order from before the geocoding, a job that was lost): the block stops asking for itself.
PENDING_FOR = timedelta(minutes=10)


class MapState:
    FOUND = "found"  # a map with a marker
    NOT_FOUND = "not_found"  # "Adres niet gevonden — controleer het adres"
    UNAVAILABLE = "unavailable"  # the geocoder could not be asked: no claim about the address
    PENDING = "pending"  # the job has not answered yet: the block asks again by itself
    NOT_LOOKED_UP = "not_looked_up"  # never looked up (older order): nothing claimed either
    EMPTY = "empty"  # no address entered


@dataclass(frozen=True)
class AddressBlock:
    kind: str
    title: str
    lines: list[str]  # formatted as the post of the address's country wants it
    company: str
    phone: str
    same_as_billing: bool  # Verzendadres: "zelfde als factuuradres"
    state: str
    latitude: float | None
    longitude: float | None
    tile_url: str
    tile_attribution: str

    @property
    def polls(self) -> bool:
        return self.state == MapState.PENDING


def _state(order: Order, address: Address, row: GeocodedAddress | None) -> str:
    if address.is_empty:
        return MapState.EMPTY
    if row is None:
        recent = order.updated_at is None or timezone.now() - order.updated_at < PENDING_FOR
        return MapState.PENDING if recent else MapState.NOT_LOOKED_UP
    return {
        GeocodeStatus.FOUND: MapState.FOUND,
        GeocodeStatus.NOT_FOUND: MapState.NOT_FOUND,
        GeocodeStatus.UNAVAILABLE: MapState.UNAVAILABLE,
    }[row.status]


def address_block(order: Order, kind: str) -> AddressBlock:
    """One address block. One query (the cached geocoding of this address), whatever the order."""
    address = order.billing_address if kind == "billing" else order.shipping_address
    key = address_key(address)  # an order shipped to its billing address reads the geocoding once for both blocks
    row = order.read_once(f"addresses.geocoded:{key}", lambda: next(iter(_GEOCODED.fetch(key=key)), None))
    state = _state(order, address, row)
    same = kind == "shipping" and address == order.billing_address
    return AddressBlock(
        kind=kind,
        title=str(TITLES[kind]),
        lines=address_lines(address),
        company=address.company,
        phone=address.phone,
        same_as_billing=same,
        state=state,
        latitude=row.latitude if state == MapState.FOUND else None,
        longitude=row.longitude if state == MapState.FOUND else None,
        tile_url=settings.MAP_TILE_URL,
        tile_attribution=settings.MAP_TILE_ATTRIBUTION,
    )


# Both address blocks of every dashboard read it: compiled once (backoffice/compiled.py). The key is unique.
_GEOCODED = CompiledQuery(
    GeocodedAddress, lambda key: GeocodedAddress.objects.filter(key=key).only("status", "latitude", "longitude")
)


def billing_block(order: Order) -> dict:
    return {"address": address_block(order, "billing")}


def shipping_block(order: Order) -> dict:
    return {"address": address_block(order, "shipping")}
