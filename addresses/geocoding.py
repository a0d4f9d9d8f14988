"""The geocoding adapter: geopy, the provider from the settings, and Nominatim's usage policy kept.

- the provider is a setting (GEOCODER_PROVIDER: any geopy geocoder by its service name, Nominatim by default;
  GEOCODER_URL for a self-hosted one), asked with an identifying User-Agent (GEOCODER_USER_AGENT);
- one request at a time for the whole installation, and GEOCODER_MIN_INTERVAL seconds from the end of one to the
  start of the next: a slot in Redis when REDIS_URL is set (every worker shares it), a lock in this process
  otherwise (`make run`: jobs run in-process);
- one lookup per normalised address at a time (a lock per address), so two jobs for the same address make one
  request: the second finds the first one's answer in the cache (services.address_geocode).

Nothing here writes the database; services.py does.
"""

import hashlib
import threading
import time
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from geopy import exc as geopy_errors
from geopy.adapters import URLLibAdapter
from geopy.geocoders import get_geocoder_for_service

from orders.models import Address, normalize_postcode

# Whatever the geocoder answers when it could not look the address up: says nothing about the address.
TRANSIENT_ERRORS = (geopy_errors.GeocoderServiceError, geopy_errors.GeocoderTimedOut)


@dataclass(frozen=True)
class Lookup:
    found: bool
    latitude: float | None = None
    longitude: float | None = None
    display_name: str = ""


def _simple(text: str) -> str:
    """Lower case, accents kept (Liège is not Liege to a geocoder), whitespace single."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def address_key(address: Address) -> str:
    """The cache key of an address: what the geocoder is asked, normalised ('1012 ab' = '1012AB', 'Damrak' =
    'damrak '). Name, company and phone are not part of it: two people at one address share a lookup."""
    parts = [
        address.country.upper(),
        normalize_postcode(address.postcode),
        _simple(address.city),
        _simple(address.street),
        _simple(address.house_number),
    ]
    return "|".join(parts)[:500]


def provider_name() -> str:
    return settings.GEOCODER_PROVIDER


def geocoder():
    """The geopy geocoder of the settings: GEOCODER_URL gives its domain and scheme where it has them."""
    geocoder_class = get_geocoder_for_service(settings.GEOCODER_PROVIDER)
    # geopy picks requests when it happens to be installed, and requests retries a timeout twice by itself; the
    # retries here are the job's, with back-off, so the adapter is chosen, not left to what else is installed.
    options = {
        "user_agent": settings.GEOCODER_USER_AGENT, "timeout": settings.GEOCODER_TIMEOUT,
        "adapter_factory": URLLibAdapter,
    }  # fmt: skip
    if settings.GEOCODER_URL:
        url = urlsplit(settings.GEOCODER_URL)
        options.update(domain=(url.netloc + url.path).rstrip("/"), scheme=url.scheme or "https")
    options.update(settings.GEOCODER_OPTIONS)
    return geocoder_class(**options)


def lookup(address: Address) -> Lookup:
    """Ask the provider (no cache, no limiter: see `limited`). Raises one of TRANSIENT_ERRORS when it cannot answer."""
    client = geocoder()
    if settings.GEOCODER_PROVIDER == "nominatim":
        # A structured query: the postcode must fit the street and the city, so a wrong postcode is not found.
        query = {
            "street": f"{address.house_number} {address.street}".strip(),
            "postalcode": address.postcode,
            "city": address.city,
        }
        location = client.geocode(query, exactly_one=True, country_codes=address.country.lower())
    else:
        line = f"{address.street} {address.house_number}".strip()
        location = client.geocode(f"{line}, {address.postcode} {address.city}, {address.country}", exactly_one=True)
    if location is None:
        return Lookup(found=False)
    return Lookup(
        found=True, latitude=location.latitude, longitude=location.longitude, display_name=location.address[:500]
    )


# --- the limiter: one request at a time for the whole installation, the interval between the end of one and the
# start of the next (so however late a request reaches the provider, the next one reaches it at least an interval
# later); one lookup per address at a time ------------------------------------------------------------------------


class LocalLimiter:
    """In this process only (no REDIS_URL: `make run`, where jobs run in the web process)."""

    def __init__(self) -> None:
        self._slot = threading.Lock()
        self._next = 0.0
        self._keys: dict[str, threading.Lock] = {}
        self._keys_lock = threading.Lock()

    @contextmanager
    def request_slot(self, interval: float):
        with self._slot:
            time.sleep(max(0.0, self._next - time.monotonic()))
            try:
                yield
            finally:
                self._next = time.monotonic() + interval

    @contextmanager
    def address_lock(self, key: str):
        with self._keys_lock:
            lock = self._keys.setdefault(key, threading.Lock())
        with lock:
            yield


class RedisLimiter:
    """Shared by every process that uses the same Redis: the slot is one key, taken with SET NX while a request is
    under way (expiring after the timeout, should its holder die), then left to live `interval` after it ended."""

    SLOT = "geocode:slot"

    def __init__(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url)

    @contextmanager
    def request_slot(self, interval: float):
        interval_ms = max(1, int(interval * 1000))
        hold_ms = int(settings.GEOCODER_TIMEOUT * 1000) + interval_ms + 1000
        while not self.client.set(self.SLOT, "busy", nx=True, px=hold_ms):
            remaining = self.client.pttl(self.SLOT)
            time.sleep(min(remaining, 200) / 1000 if remaining > 0 else 0.005)
        try:
            yield
        finally:
            self.client.set(self.SLOT, "after", px=interval_ms)

    @contextmanager
    def address_lock(self, key: str):
        name = "geocode:address:" + hashlib.sha256(key.encode()).hexdigest()
        # Longer than one lookup can take (the timeout, the wait for a slot); released at once when done.
        lock = self.client.lock(name, timeout=settings.GEOCODER_TIMEOUT + 120, blocking_timeout=None)
        with lock:
            yield


_local = LocalLimiter()


def limiter():
    return RedisLimiter(settings.REDIS_URL) if settings.REDIS_URL else _local


def request_slot():
    """`with request_slot(): <one request to the provider>`: waits for its turn, installation-wide."""
    return limiter().request_slot(settings.GEOCODER_MIN_INTERVAL)
