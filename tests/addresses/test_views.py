"""The Factuuradres and Verzendadres blocks, their popup, and the orders list's "Adres controleren", as staff use
them. The geocoder here is the fake Nominatim (tests/addresses/fake_nominatim.py) or nothing at all."""

import pytest

from addresses.formatting import address_lines
from addresses.jobs import geocode_order
from addresses.models import GeocodedAddress, GeocodeStatus
from addresses.selectors import billing_block, shipping_block
from orders.models import Order
from tests.customers.test_views import form_data
from tests.orders.factories import address, line, make_order
from tests.support import HTMX, element, event_types

pytestmark = pytest.mark.django_db

WRONG = "9999ZZ"


def geocoded(order: Order) -> Order:
    geocode_order.delay(order.pk)  # the job, as after the commit (in-process here)
    order.refresh_from_db()
    return order


def test_the_dashboard_shows_both_blocks_with_a_map_for_a_found_address(staff_client, nominatim):
    shipping = address(name="Piet", street="Rokin", house_number="9", postcode="1012 KK")
    order = geocoded(make_order(billing=address(company="Bakkerij Jansen"), shipping=shipping))

    html = staff_client.get(f"/orders/{order.number}/").text

    billing = element(html, "section", id="block-address-billing")
    shipping = element(html, "section", id="block-address-shipping")
    assert "Bakkerij Jansen" in billing.text and "1012 LG Amsterdam" in billing.text
    assert "Rokin 9" in shipping.text and "Zelfde als factuuradres" not in shipping.text
    map_ = billing.element("div", data_map="address")
    assert map_.attrs.get("data-lat") == "52.374500"
    assert map_.attrs.get("data-lon") == "4.897900"
    assert "openstreetmap" in map_.attrs.get("data-tiles")
    assert html.index('id="block-address-billing"') < html.index('id="block-payments"')  # top left, as the seed


def test_equal_addresses_say_zelfde_als_factuuradres(staff_client):
    order = make_order()
    html = staff_client.get(f"/orders/{order.number}/blocks/address/shipping/", headers=HTMX).text
    assert element(html, "p", class_="same-as-billing").text.strip() == "Zelfde als factuuradres"


def test_reading_the_dashboard_never_asks_the_geocoder(staff_client, nominatim, django_assert_num_queries):
    order = make_order()  # its job has not run (no commit in this test): not looked up yet

    html = staff_client.get(f"/orders/{order.number}/").text

    assert nominatim.log == []
    billing = element(html, "section", id="block-address-billing")
    assert billing.element("p", data_note="map-pending")
    assert "every 2s" in billing.attrs["hx-trigger"]  # the block asks for itself until the job has answered


@pytest.mark.parametrize("size", [1, 30])
def test_each_address_block_is_one_query_whatever_the_order(size, django_assert_num_queries):
    # the query: the cached geocoding of this address (the order and its customer come with the dashboard)
    order = make_order(lines=[line(product_name=f"Product {n}") for n in range(size)], shipping=address(postcode=WRONG))
    order = Order.objects.select_related("customer").get(pk=order.pk)
    with django_assert_num_queries(1):
        billing_block(order)
    with django_assert_num_queries(1):
        shipping_block(order)


def test_an_order_shipped_to_its_billing_address_reads_its_geocoding_once_for_both_blocks(django_assert_num_queries):
    order = Order.objects.select_related("customer").get(pk=make_order().pk)
    with django_assert_num_queries(1):
        billing = billing_block(order)["address"]
        shipping = shipping_block(order)["address"]
    assert shipping.same_as_billing and (shipping.state, shipping.lines) == (billing.state, billing.lines)


def test_an_address_not_found_shows_the_warning_and_no_map(staff_client, nominatim):
    nominatim.answers[WRONG] = ["not_found"]
    order = geocoded(make_order(shipping=address(postcode=WRONG)))

    html = staff_client.get(f"/orders/{order.number}/blocks/address/shipping/", headers=HTMX).text

    warning = element(html, "div", data_warning="address-not-found")
    assert "Adres niet gevonden — controleer het adres" in warning.text
    assert not element(html, "section").elements("div", data_map="address")
    assert "every 2s" not in html  # nothing more to wait for


def test_an_unavailable_geocoder_says_so_and_never_that_the_address_is_wrong(staff_client, settings):
    settings.GEOCODER_URL = "http://127.0.0.1:9"
    order = geocoded(make_order())

    html = staff_client.get(f"/orders/{order.number}/blocks/address/billing/", headers=HTMX).text

    assert "Kaart niet beschikbaar" in element(html, "p", data_note="map-unavailable").text
    assert "niet gevonden" not in html and not element(html, "section").elements("div", data_map="address")
    assert not order.address_check


def test_the_block_url_renders_the_block_alone(staff_client):
    order = make_order()
    response = staff_client.get(f"/orders/{order.number}/blocks/address/billing/", headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert staff_client.get(f"/orders/{order.number}/blocks/address/elsewhere/").status_code == 404


@pytest.mark.parametrize(
    ("fields", "lines"),
    [
        ({"postcode": "1012LG", "city": "Amsterdam", "country": "NL"}, ["Damrak 1", "1012 LG Amsterdam", "Nederland"]),
        ({"street": "Meir", "house_number": "78", "postcode": "2000", "city": "Antwerpen", "country": "BE"},
         ["Meir 78", "2000 Antwerpen", "België"]),
        ({"street": "Unter den Linden", "house_number": "77", "postcode": "10117", "city": "Berlin", "country": "DE"},
         ["Unter den Linden 77", "10117 Berlin", "Duitsland"]),
        ({"street": "Rue de Rivoli", "house_number": "99", "postcode": "75001", "city": "Paris", "country": "FR"},
         ["Rue de Rivoli 99", "75001 PARIS", "Frankrijk"]),
    ],
)  # fmt: skip
def test_the_address_is_formatted_per_country(fields, lines):
    assert address_lines(address(name="Jan Jansen", **fields)) == ["Jan Jansen", *lines]


# Correcting an address from the block


def test_the_popup_has_the_klant_tabs_address_form(staff_client):
    order = make_order()
    response = staff_client.get(f"/orders/{order.number}/address/shipping/", headers=HTMX)
    assert response.status_code == 200
    dialog = element(response.text, "dialog")
    assert dialog.element("input", name="shipping-postcode").attrs["value"] == "1012LG"


def test_a_wrong_postcode_format_is_refused_as_on_the_klant_tab(staff_client):
    order = make_order()
    data = form_data(staff_client.get(f"/orders/{order.number}/address/billing/", headers=HTMX).text, "dialog-title")
    data["billing-postcode"] = "12345"

    response = staff_client.post(f"/orders/{order.number}/address/billing/", data, headers=HTMX)

    assert response.status_code == 422
    assert "4 cijfers en 2 letters" in response.text
    order.refresh_from_db()
    assert order.billing_postcode == "1012LG" and "ADDRESS_UPDATED" not in event_types(order)


def test_correcting_the_address_saves_it_with_history_and_geocodes_it_again(
    staff_client, nominatim, django_capture_on_commit_callbacks
):
    nominatim.answers[WRONG] = ["not_found"]
    order = geocoded(make_order(shipping=address(postcode=WRONG)))
    assert order.address_check
    data = form_data(staff_client.get(f"/orders/{order.number}/address/shipping/", headers=HTMX).text, "dialog-title")
    data["shipping-postcode"] = "1012 LG"

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/orders/{order.number}/address/shipping/", data, headers=HTMX)

    assert response.status_code == 200
    assert "order-changed" in response.headers["HX-Trigger"]
    block = element(response.text, "section", id="block-address-shipping")
    assert block.attrs.get("hx-swap-oob") == "true"
    order.refresh_from_db()
    assert order.shipping_postcode == "1012LG" and not order.address_check
    assert event_types(order)[-2:] == ["ADDRESS_UPDATED", "ADDRESS_CHECK_CLEARED"]
    # the corrected address is the billing address, looked up before: the answer comes from the cache
    assert [request.postcode for request in nominatim.log] == ["1012LG", WRONG]
    # the block, fetched again (as order-changed makes it), shows the map
    html = staff_client.get(f"/orders/{order.number}/blocks/address/shipping/", headers=HTMX).text
    assert element(html, "section").element("div", data_map="address")


def test_the_klant_tab_correction_geocodes_again_too(staff_client, nominatim, django_capture_on_commit_callbacks):
    order = make_order()
    tab = staff_client.get(f"/orders/{order.number}/customer/").text
    data = form_data(tab, "address-billing")
    data["billing-postcode"] = "1013 AB"
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/orders/{order.number}/customer/address/billing/", data, headers=HTMX)
    assert "1013AB" in [request.postcode for request in nominatim.log]


# The orders list


def test_the_orders_list_filters_on_adres_controleren_and_marks_the_order(staff_client, nominatim):
    nominatim.answers[WRONG] = ["not_found"]
    wrong = geocoded(make_order(billing=address(postcode=WRONG)))
    right = geocoded(make_order())

    html = staff_client.get("/orders/?address_check=on").text

    assert wrong.number in html and right.number not in html
    assert element(html, "span", data_marker="address-check").text == "Adres controleren"
    everything = staff_client.get("/orders/").text
    assert wrong.number in everything and right.number in everything
    assert everything.count('data-marker="address-check"') == 1


def test_the_cache_keeps_not_found_with_an_expiry_and_found_without(nominatim):
    nominatim.answers[WRONG] = ["not_found"]
    geocoded(make_order(billing=address(postcode=WRONG)))
    geocoded(make_order())
    rows = {row.status: row for row in GeocodedAddress.objects.all()}
    assert rows[GeocodeStatus.NOT_FOUND].expires_at is not None
    assert rows[GeocodeStatus.FOUND].expires_at is None
