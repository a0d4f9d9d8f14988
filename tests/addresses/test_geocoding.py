"""Geocoding through the real geopy client against a fake Nominatim (tests/addresses/fake_nominatim.py)."""

import threading
import time
from itertools import pairwise

import pytest

from addresses import geocoding
from addresses.models import GeocodedAddress, GeocodeStatus
from addresses.selectors import MapState, address_block
from addresses.services import order_geocode
from customers.services import order_address_update
from orders.models import Order
from tests.orders.factories import address, make_order
from tests.support import event_types

pytestmark = pytest.mark.django_db

WRONG = "9999 ZZ"  # a Dutch postcode that looks right and does not exist


def place(django_capture_on_commit_callbacks, **overrides) -> Order:
    """An order placed in the webshop, with what happens after the commit (the geocode job, in-process)."""
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(**overrides)
    order.refresh_from_db()
    return order


def test_a_found_address_gets_its_coordinates_and_a_map(nominatim, django_capture_on_commit_callbacks):
    nominatim.coordinates = (52.3745, 4.8979)
    order = place(django_capture_on_commit_callbacks)

    row = GeocodedAddress.objects.get(key=geocoding.address_key(order.billing_address))
    assert (row.status, row.latitude, row.longitude) == (GeocodeStatus.FOUND, 52.3745, 4.8979)
    block = address_block(order, "billing")
    assert (block.state, block.latitude, block.longitude) == (MapState.FOUND, 52.3745, 4.8979)
    assert not order.address_check
    # One structured query, identified, for the Netherlands; billing and shipping are the same: one request.
    [request] = nominatim.log
    assert request.path == "/search"
    assert request.query["postalcode"] == "1012LG" and request.query["countrycodes"] == "nl"
    assert request.query["street"] == "1 Damrak" and request.query["city"] == "Amsterdam"
    assert request.user_agent.startswith("shop-backoffice/")


def test_an_address_not_found_flags_the_order_and_warns(nominatim, django_capture_on_commit_callbacks):
    nominatim.answers[WRONG.replace(" ", "")] = ["not_found"]
    order = place(django_capture_on_commit_callbacks, shipping=address(postcode=WRONG))

    assert order.address_check
    assert address_block(order, "shipping").state == MapState.NOT_FOUND
    assert address_block(order, "billing").state == MapState.FOUND  # the billing address is fine
    assert event_types(order)[-1] == "ADDRESS_NOT_FOUND"
    row = GeocodedAddress.objects.get(key=geocoding.address_key(order.shipping_address))
    assert row.expires_at is not None  # not found is asked again some day; found never expires


@pytest.mark.parametrize("failure", ["timeout", "500", "503", "429"])
def test_a_timeout_or_server_error_is_retried_and_does_not_flag(
    failure, nominatim, settings, django_capture_on_commit_callbacks
):
    settings.GEOCODE_MAX_RETRIES = 3
    nominatim.answers["1012LG"] = [failure, failure, "found"]
    order = place(django_capture_on_commit_callbacks)

    assert len(nominatim.requests_for("1012LG")) == 3  # two failures, then the answer
    assert address_block(order, "billing").state == MapState.FOUND
    assert not order.address_check
    assert "ADDRESS_NOT_FOUND" not in event_types(order)


@pytest.mark.parametrize("failure", ["timeout", "500"])
def test_a_geocoder_that_keeps_failing_leaves_the_map_unavailable_not_the_address_wrong(
    failure, nominatim, settings, django_capture_on_commit_callbacks
):
    settings.GEOCODE_MAX_RETRIES = 2
    nominatim.answers["1012LG"] = [failure]
    order = place(django_capture_on_commit_callbacks)

    assert len(nominatim.requests_for("1012LG")) == 3  # the first try and two retries
    assert address_block(order, "billing").state == MapState.UNAVAILABLE
    assert not order.address_check
    # Unavailable is no answer: the next job asks again, and then the address is found.
    nominatim.answers["1012LG"] = ["found"]
    order_geocode(order_id=order.pk)
    order.refresh_from_db()  # the next page's order: the block read above is forgotten
    assert address_block(order, "billing").state == MapState.FOUND


def test_an_unreachable_geocoder_says_the_map_is_unavailable(settings, django_capture_on_commit_callbacks):
    settings.GEOCODER_URL = "http://127.0.0.1:9"  # nothing listens: as on a laptop on a train
    order = place(django_capture_on_commit_callbacks)

    assert address_block(order, "billing").state == MapState.UNAVAILABLE
    assert address_block(order, "shipping").state == MapState.UNAVAILABLE
    assert not order.address_check


def test_the_same_address_is_looked_up_once(nominatim, django_capture_on_commit_callbacks):
    first = place(django_capture_on_commit_callbacks)
    second = place(django_capture_on_commit_callbacks, billing=address(name="Piet Pietersen", postcode="1012lg "))

    assert len(nominatim.log) == 1
    assert address_block(second, "billing").state == MapState.FOUND
    assert geocoding.address_key(first.billing_address) == geocoding.address_key(second.billing_address)


def test_a_not_found_address_is_cached_too(nominatim, django_capture_on_commit_callbacks):
    nominatim.answers[WRONG.replace(" ", "")] = ["not_found"]
    place(django_capture_on_commit_callbacks, billing=address(postcode=WRONG))
    second = place(django_capture_on_commit_callbacks, billing=address(postcode=WRONG))

    assert len(nominatim.log) == 1
    assert second.address_check


def test_an_expired_not_found_is_asked_again(nominatim, django_capture_on_commit_callbacks):
    nominatim.answers[WRONG.replace(" ", "")] = ["not_found", "found"]
    order = place(django_capture_on_commit_callbacks, billing=address(postcode=WRONG))
    GeocodedAddress.objects.update(expires_at="2000-01-01T00:00:00Z")

    order_geocode(order_id=order.pk)
    order.refresh_from_db()
    assert len(nominatim.log) == 2
    assert not order.address_check
    assert event_types(order)[-2:] == ["ADDRESS_NOT_FOUND", "ADDRESS_CHECK_CLEARED"]


def test_correcting_the_address_geocodes_it_again_and_clears_the_flag(
    nominatim, staff, django_capture_on_commit_callbacks
):
    nominatim.answers[WRONG.replace(" ", "")] = ["not_found"]
    order = place(django_capture_on_commit_callbacks, shipping=address(postcode=WRONG))
    assert order.address_check

    with django_capture_on_commit_callbacks(execute=True):
        order_address_update(order=order, actor=staff, kind="shipping", changes={"postcode": "1012 LG"})
    order.refresh_from_db()

    assert not order.address_check
    assert address_block(order, "shipping").state == MapState.FOUND
    assert event_types(order)[-3:] == ["ADDRESS_NOT_FOUND", "ADDRESS_UPDATED", "ADDRESS_CHECK_CLEARED"]


def test_a_second_delivery_of_the_job_changes_nothing(nominatim, django_capture_on_commit_callbacks):
    nominatim.answers[WRONG.replace(" ", "")] = ["not_found"]
    order = place(django_capture_on_commit_callbacks, billing=address(postcode=WRONG))
    events = event_types(order)

    order_geocode(order_id=order.pk)
    assert len(nominatim.log) == 1
    assert event_types(order) == events


@pytest.mark.django_db(transaction=True)
def test_twenty_orders_at_once_never_ask_more_than_once_a_second(nominatim, geocode_redis, settings):
    """20 orders placed at the same moment (10 addresses, each twice): the limiter in Redis spaces the requests
    that reach the provider, as its log shows, and an address is asked once however many jobs want it."""
    settings.GEOCODER_MIN_INTERVAL = 1.1
    settings.GEOCODER_TIMEOUT = 10  # 20 busy threads in one process: an answer may take a moment to be read
    postcodes = [f"10{n:02d} AB" for n in range(10, 20)] * 2
    start = threading.Barrier(len(postcodes))
    failures = []

    def place_one(postcode: str) -> None:
        from django.db import connection

        try:
            start.wait()
            make_order(billing=address(postcode=postcode))  # the job runs in-process after the commit
        except Exception as error:  # noqa: BLE001 (reported below)
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=place_one, args=(postcode,)) for postcode in postcodes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not failures
    moments = sorted(request.at for request in nominatim.log)
    assert len(moments) == 10, sorted(request.postcode for request in nominatim.log)  # one request per address
    gaps = [later - earlier for earlier, later in pairwise(moments)]
    assert min(gaps) >= 1.0, gaps
    assert Order.objects.filter(address_check=False).count() == 20
    assert GeocodedAddress.objects.filter(status=GeocodeStatus.FOUND).count() == 10


def test_without_redis_the_limiter_spaces_requests_in_this_process():
    limiter = geocoding.LocalLimiter()
    spans = []

    def request() -> None:
        with limiter.request_slot(0.2):
            started = time.monotonic()
            time.sleep(0.05)  # the request itself
            spans.append((started, time.monotonic()))

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    spans.sort()
    # one at a time, and 0.2 s from the end of one to the start of the next
    assert all(later[0] - earlier[1] >= 0.2 for earlier, later in pairwise(spans)), spans


def test_with_geocoding_switched_off_no_job_asks(nominatim, settings, django_capture_on_commit_callbacks):
    settings.GEOCODING_ENABLED = False  # bench/run.py: its made-up orders are not looked up
    order = place(django_capture_on_commit_callbacks)
    assert nominatim.log == []
    assert address_block(order, "billing").state == MapState.PENDING
