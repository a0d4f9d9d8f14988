"""Packing slip PDFs (pakbonnen): rendered when asked for, never stored – a packing slip is not a legal document.

`packing_slip_pdf(shipments)` renders any number of packing slips, of one order or of many, into ONE document,
one slip per page: the slips' orders, lines and order lines are fetched in three queries for all of them, the
HTML is one string and WeasyPrint renders once. Each slip is in its customer's language (like the invoices:
the order's language when the shop offers it). A packing slip shows no prices.

WeasyPrint gets the same strict URL fetcher as the invoices (backoffice.documents): our own static files and
the shop's logo, nothing else – addresses and notes are typed by customers.
"""

from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from backoffice.documents import BASE_URL, DocumentFetcher, format_date, logo_url, missing_words, words_for
from backoffice.models import ShopSettings
from notifications.services import email_language
from orders.models import Address

from .models import Shipment
from .selectors import lines_prefetch

# The few words of a packing slip in every document language (backoffice/languages.py), like the invoices'
# invoicing/document_texts.py: customers get their parcel in languages the backoffice's catalogs do not have.
TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "packing_slip": "Pakbon",
        "packing_slip_number": "Pakbonnummer",
        "packing_slip_date": "Datum pakbon",
        "order_number": "Ordernummer",
        "order_date": "Besteldatum",
        "shipping_method": "Verzendmethode",
        "shipping_address": "Verzendadres",
        "billing_address": "Factuuradres",
        "product": "Product",
        "sku": "Art.nr.",
        "quantity": "Aantal",
        "items": "Aantal artikelen",
        "partial": "Deelzending: in dit pakket zit een deel van uw bestelling. De rest wordt apart verzonden.",
        "customer_note": "Opmerking van de klant",
    },
    "en": {
        "packing_slip": "Packing slip",
        "packing_slip_number": "Packing slip number",
        "packing_slip_date": "Packing slip date",
        "order_number": "Order number",
        "order_date": "Order date",
        "shipping_method": "Shipping method",
        "shipping_address": "Shipping address",
        "billing_address": "Billing address",
        "product": "Product",
        "sku": "SKU",
        "quantity": "Quantity",
        "items": "Number of items",
        "partial": "Partial shipment: this parcel holds part of your order. The rest is shipped separately.",
        "customer_note": "Customer's note",
    },
    "de": {
        "packing_slip": "Lieferschein",
        "packing_slip_number": "Lieferscheinnummer",
        "packing_slip_date": "Lieferscheindatum",
        "order_number": "Bestellnummer",
        "order_date": "Bestelldatum",
        "shipping_method": "Versandart",
        "shipping_address": "Lieferadresse",
        "billing_address": "Rechnungsadresse",
        "product": "Produkt",
        "sku": "Art.-Nr.",
        "quantity": "Menge",
        "items": "Anzahl Artikel",
        "partial": "Teillieferung: Dieses Paket enthält einen Teil Ihrer Bestellung. Der Rest wird separat versandt.",
        "customer_note": "Anmerkung des Kunden",
    },
    "fr": {
        "packing_slip": "Bon de livraison",
        "packing_slip_number": "N° du bon de livraison",
        "packing_slip_date": "Date du bon de livraison",
        "order_number": "N° de commande",
        "order_date": "Date de commande",
        "shipping_method": "Mode de livraison",
        "shipping_address": "Adresse de livraison",
        "billing_address": "Adresse de facturation",
        "product": "Produit",
        "sku": "Réf.",
        "quantity": "Qté",
        "items": "Nombre d'articles",
        "partial": "Livraison partielle : ce colis contient une partie de votre commande. Le reste est expédié "
        "séparément.",
        "customer_note": "Remarque du client",
    },
}


def texts(language: str) -> dict[str, str]:
    return words_for(TEXTS, language)


def missing_texts() -> list[str]:
    return missing_words(TEXTS)


def _address_lines(address: Address) -> list[str]:
    city = f"{address.postcode} {address.city}".strip()
    return [part for part in (address.name, address.company, address.street_line, city, address.country) if part]


@dataclass(frozen=True)
class SlipLine:
    product_name: str
    sku: str
    quantity: int


def _slip(shipment: Shipment, shop: ShopSettings) -> dict:
    order = shipment.order
    language = email_language(order, shop)
    lines = [
        SlipLine(line.order_line.product_name, line.order_line.sku, line.quantity) for line in shipment.lines.all()
    ]
    items = sum(line.quantity for line in lines)
    return {
        "shipment": shipment,
        "language": language,
        "words": texts(language),
        "order_number": order.number,
        "order_date": format_date(timezone.localdate(order.placed_at), language),
        "date": format_date(timezone.localdate(shipment.created_at), language),
        "shipping_method": order.shipping_method,
        "shipping_address": _address_lines(order.shipping_address),
        "billing_address": _address_lines(order.billing_address),
        "lines": lines,
        "items": items,
        "partial": items < sum(line.quantity for line in order.lines.all()),
        "customer_note": order.customer_note.strip(),
    }


def packing_slips_html(shipments: list[Shipment]) -> str:
    """The HTML of `shipments`' packing slips, one after the other. Five queries however many slips: the orders,
    the slips' lines with their order lines, all the orders' lines, the shop's settings and its logo."""
    shipments = list(shipments)
    prefetch_related_objects(
        shipments, "order", lines_prefetch({shipment.order_id for shipment in shipments}), "order__lines"
    )
    shop = ShopSettings.load()
    context = {
        "slips": [_slip(shipment, shop) for shipment in shipments],
        "shop": shop,
        "logo_url": logo_url(),
        "language": email_language(shipments[0].order, shop) if shipments else "nl",
    }
    return render_to_string("shipping/packing_slip_pdf.html", context)


def packing_slip_pdf(shipments: list[Shipment]) -> bytes:
    """One PDF with the packing slip of every shipment in `shipments`, in that order, each on its own page(s)."""
    html = HTML(string=packing_slips_html(shipments), base_url=BASE_URL, url_fetcher=DocumentFetcher())
    return html.write_pdf()
