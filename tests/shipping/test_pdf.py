"""The packing slip PDF: what goes in the parcel – that slip's products and quantities, both addresses, the
numbers and dates, the customer's note – and no prices; several slips make one document, one per page, for a
constant number of queries; nothing typed by a customer reaches a file or the network."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shipping import pdf as packing_slips
from shipping.models import Shipment
from shipping.pdf import packing_slip_pdf, packing_slips_html
from tests.orders.factories import address, line, make_order
from tests.shipping.factories import make_shipment
from tests.support import pdf_pages, shop_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop")]


def order_for_esther(**overrides):
    return make_order(
        lines=[
            line(product_name="Koffiebonen 1 kg", sku="KB-1000", quantity=3),
            line(product_name="Moka pot", sku="MP-6", quantity=1),
            line(product_name="Filterzakjes", sku="FZ-100", quantity=2),
        ],
        billing=address(name="Esther van Doorn", company="Koffiebar Esther", street="Damrak", house_number="1",
                        postcode="1012 LG", city="Amsterdam"),
        shipping=address(name="Pieter Bos", street="Lange Nieuwstraat", house_number="7", postcode="3512 PA",
                         city="Utrecht"),
        placed_at=timezone.now() - timedelta(days=3),
        **overrides,
    )  # fmt: skip


def test_a_packing_slip_has_that_slips_lines_both_addresses_and_no_prices(staff):
    order = order_for_esther(customer_note="Graag bij de buren afgeven.")
    coffee, moka, _filters = order.lines.order_by("position")
    first = make_shipment(order, quantities={coffee.pk: 2, moka.pk: 1}, actor=staff)
    make_shipment(order, actor=staff)  # the rest: 1 coffee and the filters, on a slip of their own

    [text] = pdf_pages(packing_slip_pdf([first]))

    assert f"Pakbon {first.number}" in text and f"Pakbonnummer {first.number}" in text
    assert f"Ordernummer {order.number}" in text
    assert "Datum pakbon" in text and "Besteldatum" in text
    placed = timezone.localdate(order.placed_at)
    assert f"Besteldatum {placed.day} " in text and str(placed.year) in text
    assert "Koffiebonen 1 kg KB-1000 2" in text and "Moka pot MP-6 1" in text
    assert "Filterzakjes" not in text and "FZ-100" not in text  # on the other slip
    assert "Aantal artikelen 3" in text
    assert "Verzendadres Pieter Bos Lange Nieuwstraat 7 3512PA Utrecht NL" in text
    assert "Factuuradres Esther van Doorn Koffiebar Esther Damrak 1 1012LG Amsterdam NL" in text
    assert "Verzendmethode PostNL pakket" in text
    assert "De Gouden Boon" in text and "Keizersgracht 12" in text and "1015 CS Amsterdam" in text
    assert "Opmerking van de klant Graag bij de buren afgeven." in text
    assert "Deelzending" in text
    assert "€" not in text and "24,95" not in text and "Totaal" not in text


def test_a_slip_with_everything_is_no_partial_shipment_and_has_no_empty_note(staff):
    order = order_for_esther()
    shipment = make_shipment(order, actor=staff)

    [text] = pdf_pages(packing_slip_pdf([shipment]))

    assert "Koffiebonen 1 kg KB-1000 3" in text and "Filterzakjes FZ-100 2" in text
    assert "Deelzending" not in text and "Opmerking van de klant" not in text and "€" not in text


def test_the_slip_speaks_the_customers_language(staff):
    order = order_for_esther(language="de")
    shipment = make_shipment(order, actor=staff)

    [text] = pdf_pages(packing_slip_pdf([shipment]))

    assert f"Lieferschein {shipment.number}" in text and "Lieferadresse" in text and "Rechnungsadresse" in text
    assert "Pakbon" not in text and "Verzendadres" not in text


def test_every_document_language_has_every_word():
    assert packing_slips.missing_texts() == []
    assert {"nl", "en", "de", "fr"} <= set(packing_slips.TEXTS)


def test_several_slips_make_one_document_one_page_each_for_a_constant_number_of_queries(
    staff, django_assert_num_queries
):
    orders = [order_for_esther() for _ in range(2)] + [make_order(lines=[line(product_name=f"Product {n}")
                                                                         for n in range(12)])]  # fmt: skip
    first = make_shipment(orders[0], quantities={orders[0].lines.first().pk: 1}, shipped=True, actor=staff)
    shipments = [first] + [make_shipment(order, actor=staff) for order in orders]
    fresh = list(Shipment.objects.filter(pk__in=[shipment.pk for shipment in shipments]).order_by("id"))

    # the orders, the slips' lines with their order lines, all the orders' lines, the shop's settings, its logo
    with django_assert_num_queries(5):
        html = packing_slips_html(fresh)
    assert html.count('class="slip"') == 4

    texts = pdf_pages(packing_slip_pdf(fresh))

    assert len(texts) == 4
    for text, shipment in zip(texts, shipments, strict=True):
        assert f"Pakbon {shipment.number}" in text and shipment.order.number in text
    assert "Koffiebonen 1 kg KB-1000 1" in texts[0] and "Moka pot" not in texts[0]
    assert "Koffiebonen 1 kg KB-1000 2" in texts[1] and "Moka pot MP-6 1" in texts[1]
    assert "Product 11" in texts[3] and "Koffiebonen" not in texts[3]


def test_customer_text_is_escaped_and_cannot_make_the_renderer_fetch_anything(staff, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    evil = f'<img src="file://{secret}"><link rel="stylesheet" href="https://evil.example/x.css">'
    order = order_for_esther(customer_note=evil)
    shipment = make_shipment(order, actor=staff)

    html = packing_slips_html([shipment])
    [text] = pdf_pages(packing_slip_pdf([shipment]))

    assert '<img src="file://' not in html and "&lt;img src=&quot;file://" in html
    assert "TOPSECRET" not in text and "file://" in text  # printed as text, not fetched


def test_the_shop_name_is_the_heading_without_a_logo_and_the_logo_with_one(staff, settings):
    shipment = make_shipment(order_for_esther(), actor=staff)

    assert '<span class="shop-name">De Gouden Boon</span>' in packing_slips_html([shipment])

    shop_settings(logo="shop/logo.png")
    html = packing_slips_html([shipment])
    assert 'src="https://invoice.backoffice.invalid/media/shop/logo.png"' in html
    assert '<span class="shop-name">' not in html
