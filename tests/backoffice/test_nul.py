"""A NUL character is refused before any view sees it (backoffice.middleware.RefuseNulMiddleware): PostgreSQL cannot
compare text with a NUL in it, so before the middleware every order, invoice and shipment URL with %00 was a 500."""

import pytest

from orders.models import Order
from tests.invoicing.factories import make_invoice
from tests.orders.factories import make_order
from tests.shipping.factories import make_shipment

pytestmark = pytest.mark.django_db


def test_a_nul_in_an_order_invoice_or_shipment_url_is_a_404(admin_client):
    invoice = make_invoice()
    shipment = make_shipment(order=invoice.order)
    number = invoice.order.number

    for url in [
        f"/orders/{number}%00/",
        f"/orders/{number}%00/history/",
        f"/orders/{number}/invoices/{invoice.number}%00/",
        f"/orders/{number}/invoices/{invoice.number}%00.pdf",
        f"/orders/{number}/shipments/{shipment.number}%00/",
        f"/orders/{number}/shipments/{shipment.number}%00.pdf",
        f"/orders/{number}/customer/address/billing%00/",
        "/emails/order_shipped%00/nl/",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 404, url
        assert "Niet gevonden" in response.text


def test_a_nul_in_a_form_field_is_a_400_and_changes_nothing(admin_client):
    order = make_order()
    before = Order.objects.values().get(pk=order.pk)

    preview = admin_client.post("/emails/inform_customer/nl/preview/", {"subject": "x", "body": "y", "order": "\x00"})
    hold = admin_client.post(f"/orders/{order.number}/hold/", {"reason": "wacht\x00"})

    assert (preview.status_code, hold.status_code) == (400, 400)
    assert "Ongeldig verzoek" in hold.text
    assert Order.objects.values().get(pk=order.pk) == before


def test_a_nul_in_the_query_string_or_a_cookie_is_a_400(admin_client):
    assert admin_client.get("/orders/", {"q": "\x00"}).status_code == 400
    assert admin_client.get("/orders/", {"\x00": "1"}).status_code == 400
    admin_client.cookies["sessionid"] = "abcdefgh\x00"
    assert admin_client.get("/orders/").status_code == 400
