"""The demo data: maps without any network, and a few wrong addresses to see the warning on."""

from io import StringIO

import pytest
from django.core.management import call_command

from addresses.models import GeocodedAddress, GeocodeStatus
from addresses.selectors import MapState, address_block
from demo import data as demo
from orders.models import Order

pytestmark = pytest.mark.django_db


def test_seed_demo_shows_maps_without_asking_a_geocoder(nominatim, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the geocode jobs of the demo orders, in-process
        call_command("seed_demo", stdout=StringIO())

    assert nominatim.log == []  # every demo address was in the cache
    assert not GeocodedAddress.objects.filter(status=GeocodeStatus.UNAVAILABLE).exists()
    flagged = Order.objects.filter(address_check=True)
    assert flagged.count() == len(demo.WRONG_ORDER_POSITIONS)
    for order in Order.objects.select_related("customer"):
        states = {address_block(order, kind).state for kind in ("billing", "shipping")}
        expected = {MapState.FOUND, MapState.NOT_FOUND} if order.address_check else {MapState.FOUND}
        assert states == expected, order.number
