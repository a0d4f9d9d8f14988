"""The invoice PDF (issue #4): what Dutch law requires on an invoice and a credit invoice, in every document
language; hidden contact data stays off; nothing typed by a customer or staff member reaches a file or the
network; a stored document is rendered once, and again only when its file is gone."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from backoffice import languages
from backoffice.documents import BASE_URL, DocumentFetcher, format_date, logo_url
from backoffice.models import ShopSettings
from backoffice.services import shop_settings_update
from invoicing import document_texts
from invoicing.models import DocumentStatus, InvoiceDocument
from invoicing.pdf import invoice_context, invoice_html, invoice_pdf
from invoicing.services import (
    invoice_document_render,
    invoice_update,
)
from payments.services import payment_mark_paid, payment_mark_unpaid
from tests.customers.factories import CustomerFactory
from tests.invoicing.factories import make_credit_invoice, make_invoice
from tests.orders.factories import address, line, make_order
from tests.support import assert_says, pdf_text, shop_settings

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def shop_without_invoice_mail(shop):
    """The shop (tests/conftest.py) with every detail an invoice prints; an issued invoice is not mailed here."""
    return shop_settings(invoice_send_on_issue=False)


def invoiced(*, customer=None, lines=None):
    """An order placed three days ago (so the supply date is not the invoice date) with two VAT rates, invoiced now:
    21%: 35.00 + 4.95 = 39.95 -> 33.02 + 6.93; 9%: 74.85 -> 68.67 + 6.18; total 114.80."""
    customer = customer or CustomerFactory(
        first_name="Esther", last_name="van Doorn", email="esther@example.nl", vat_number="NL000099998B57"
    )
    order = make_order(
        customer=customer,
        billing=address(name="Esther van Doorn", company="Koffiebar Esther", phone="0201234567"),
        lines=lines
        or [
            line(product_name="Koffiebonen 1 kg", quantity=3, unit_price=D("24.95"), vat_rate=D("9")),
            line(product_name="Moka pot", sku="MP-6", quantity=1, unit_price=D("39.00"), vat_rate=D("21"),
                 discount=D("4.00")),
        ],
        shipping_cost=D("4.95"),
        placed_at=timezone.now() - timedelta(days=3),
    )  # fmt: skip
    return make_invoice(order, actor=None)


def read(pdf: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    return pdf_text(pdf), reader


def test_an_invoice_has_every_field_dutch_law_requires():
    invoice = invoiced()
    due = format_date(invoice.due_date, "nl")
    assert invoice.supply_date != invoice.invoice_date

    text, reader = read(invoice_pdf(invoice, "nl"))

    assert reader.metadata.title == "Factuur F00001"
    assert_says(
        text,
        # seller: name, address, VAT and Chamber of Commerce numbers
        "De Gouden Boon",
        "Keizersgracht 12",
        "1015 CS Amsterdam",
        "Btw-nummer NL814792054B01",
        "KvK-nummer 68750110",
        # customer: name, address, VAT number
        "Koffiebar Esther",
        "Esther van Doorn",
        "Damrak 1",
        "1012LG Amsterdam, NL",
        "Btw-nummer klant: NL000099998B57",
        # number and dates
        "Factuur",
        "Factuurnummer F00001",
        f"Factuurdatum {format_date(invoice.invoice_date, 'nl')}",
        f"Leverdatum {format_date(invoice.supply_date, 'nl')}",
        f"Te betalen vóór {due}",
        # lines: description, quantity, unit price, discount, VAT rate, amount
        "Koffiebonen 1 kg",
        "3 € 24,95 9% € 74,85",
        "Moka pot",
        "1 € 39,00 € 4,00 21% € 35,00",
        "PostNL pakket 1 € 4,95 21% € 4,95",
        # VAT per rate: rate, net, VAT, gross
        "21% € 33,02 € 6,93 € 39,95",
        "9% € 68,67 € 6,18 € 74,85",
        "Totaal excl. btw € 101,69",
        "Totaal btw € 13,11",
        "Totaal € 114,80",
        # payment term and where to pay
        f"Gelieve het bedrag van € 114,80 binnen 14 dagen, uiterlijk {due}, over te maken op NL44RABO0123456789 "
        "onder vermelding van factuurnummer F00001.",
        "IBAN NL44RABO0123456789",
    )


def test_a_customer_without_a_vat_number_has_none_on_the_invoice():
    invoice = invoiced(customer=CustomerFactory(vat_number=""))

    text, _reader = read(invoice_pdf(invoice, "nl"))

    assert "Btw-nummer klant" not in text
    assert_says(text, "Btw-nummer NL814792054B01")  # the seller's stays


def test_a_credit_invoice_says_so_has_negative_amounts_and_refers_to_the_original():
    invoice = invoiced()
    credit = make_credit_invoice(invoice, send=False, actor=None)

    text, reader = read(invoice_pdf(credit, "nl"))

    assert reader.metadata.title == "Creditfactuur F00002"
    assert_says(
        text,
        "Creditfactuur",
        "Creditfactuurnummer F00002",
        f"Creditering van factuur F00001 van {format_date(invoice.invoice_date, 'nl')}",
        f"Factuurdatum {format_date(credit.invoice_date, 'nl')}",
        "-3 € 24,95 9% € -74,85",
        "-1 € 39,00 € -4,00 21% € -35,00",
        "PostNL pakket -1 € 4,95 21% € -4,95",
        "21% € -33,02 € -6,93 € -39,95",
        "9% € -68,67 € -6,18 € -74,85",
        "Totaal excl. btw € -101,69",
        "Totaal btw € -13,11",
        "Totaal te crediteren € -114,80",
        "Factuur F00001 was nog niet betaald: dit bedrag gaat af van wat u nog moet betalen. "
        "Er wordt niets terugbetaald.",
        "De Gouden Boon",
        "Btw-nummer NL814792054B01",
        "Btw-nummer klant: NL000099998B57",
    )
    assert "Gelieve" not in text and "Te betalen vóór" not in text  # nothing to pay


def stored_text(invoice) -> str:
    """The text of the invoice's current stored PDF in its language, as Print facturen and the link serve it."""
    invoice.refresh_from_db()
    document = InvoiceDocument.objects.get(invoice=invoice, revision=invoice.revision, language=invoice.language)
    document = invoice_document_render(document_id=document.pk)
    with default_storage.open(document.file, "rb") as file:
        return read(file.read())[0]


def test_a_paid_invoice_says_it_is_paid_and_asks_for_nothing_and_unpaid_asks_again(staff):
    invoice = invoiced()
    order = invoice.order

    payment_mark_paid(order=order, actor=staff)
    paid_text = stored_text(invoice)
    payment_mark_unpaid(order=order, actor=staff)
    open_text = stored_text(invoice)

    assert_says(paid_text, "Deze factuur is betaald.")
    assert "Gelieve" not in paid_text and "Te betalen vóór" not in paid_text
    assert_says(open_text, "Gelieve het bedrag van € 114,80", f"Te betalen vóór {format_date(invoice.due_date, 'nl')}")
    assert "is betaald" not in open_text
    assert invoice.revision == 3  # as issued, paid, open again: each kept


def test_betaald_makes_the_stored_pdf_say_paid(staff):
    # Betaald in the block and in the popup are the same service (the popup posts to payments).
    invoice = invoiced()

    payment_mark_paid(order=invoice.order, actor=staff)

    text = stored_text(invoice)
    assert_says(text, "Deze factuur is betaald.")
    assert "Gelieve" not in text


def test_a_credit_invoice_of_a_paid_invoice_says_it_is_refunded_and_then_that_it_was(staff):
    invoice = invoiced()
    payment_mark_paid(order=invoice.order, actor=staff)
    invoice.refresh_from_db()
    credit = make_credit_invoice(invoice, send=False, actor=None)

    to_refund = stored_text(credit)
    invoice_update(invoice=credit, actor=staff, changes={"is_paid": True})
    refunded = stored_text(credit)

    assert_says(to_refund, "Het bedrag van deze creditfactuur wordt aan u terugbetaald of verrekend.")
    assert_says(refunded, "Het bedrag van deze creditfactuur is aan u terugbetaald.")
    assert "niet betaald" not in to_refund + refunded


@pytest.mark.parametrize(
    ("language", "title", "credit_title", "total"),
    [("en", "Invoice", "Credit note", "€114.80"), ("de", "Rechnung", "Gutschrift", "114,80 €"),
     ("fr", "Facture", "Avoir", "114,80 €")],
)  # fmt: skip
def test_other_languages_use_the_document_texts(language, title, credit_title, total):
    words = document_texts.texts(language)
    assert (words["invoice"], words["credit_invoice"]) == (title, credit_title)
    invoice = invoiced()
    credit = make_credit_invoice(invoice, send=False, actor=None)

    text, reader = read(invoice_pdf(invoice, language))
    credit_text, credit_reader = read(invoice_pdf(credit, language))

    assert reader.metadata.title == f"{title} F00001"
    assert_says(
        text,
        title,
        f"{words['invoice_number']} F00001",
        f"{words['invoice_date']} {format_date(invoice.invoice_date, language)}",
        f"{words['supply_date']} {format_date(invoice.supply_date, language)}",
        words["vat_summary"],
        f"{words['total']} {total}",
        f"{words['vat_number']} NL814792054B01",
        f"{words['iban']} NL44RABO0123456789",
        words["payment_terms"]
        % {
            "amount": total,
            "days": 14,
            "due": format_date(invoice.due_date, language),
            "iban": "NL44RABO0123456789",
            "number": "F00001",
        },
    )
    assert "Factuurnummer" not in text and "Btw-specificatie" not in text  # no Dutch left
    assert credit_reader.metadata.title == f"{credit_title} F00002"
    assert_says(
        credit_text,
        credit_title,
        words["credits"] % {"number": "F00001", "date": format_date(invoice.invoice_date, language)},
        f"{words['total_credit']} -{total}",
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", ["1 1.229,55\u00a0€ 21\u00a0% 1.229,55\u00a0€",
                "21\u00a0% 1.020,25\u00a0€ 214,25\u00a0€ 1.234,50\u00a0€",
                "Gesamtbetrag 1.234,50\u00a0€", "Bitte überweisen Sie 1.234,50\u00a0€ innerhalb", "-1.234,50\u00a0€"]),
        ("fr", ["1 1\u202f229,55\u00a0€ 21\u00a0% 1\u202f229,55\u00a0€",
                "21\u00a0% 1\u202f020,25\u00a0€ 214,25\u00a0€ 1\u202f234,50\u00a0€",
                "Total TTC 1\u202f234,50\u00a0€", "Merci de virer 1\u202f234,50\u00a0€ sous", "-1\u202f234,50\u00a0€"]),
        ("en", ["1 €1,229.55 21% €1,229.55", "Total €1,234.50", "-€1,234.50"]),
        ("nl", ["1 €\u00a01.229,55 21% €\u00a01.229,55", "Totaal €\u00a01.234,50", "€\u00a0-1.234,50"]),
    ],
)  # fmt: skip
def test_amounts_on_the_pdf_are_written_as_the_customers_language_writes_them(language, expected):
    """German `1.234,50 €`, French `1 234,50 €`, English `€1,234.50`, Dutch `€ 1.234,50` (Babel), found in the text
    of the rendered invoice and credit invoice (the last amount). Matched exactly, spaces not normalised: the
    space before or after € is a no-break space (U+00A0) and the French thousands separator a narrow one (U+202F),
    so an amount never breaks over two lines; a PDF reader's text has the same characters."""
    invoice = invoiced(lines=[line(product_name="Espressomachine", unit_price=D("1229.55"), vat_rate=D("21"))])
    credit = make_credit_invoice(invoice, send=False, actor=None)  # 1229.55 + 4.95 shipping = 1234.50

    text, credit_text = exact_text(invoice_pdf(invoice, language)), exact_text(invoice_pdf(credit, language))

    assert [amount for amount in expected[:-1] if amount not in text] == [], text
    assert expected[-1] in credit_text, credit_text


def exact_text(pdf: bytes) -> str:
    """The PDF's text with line breaks as spaces and every other character as it is."""
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", " ")


def test_every_document_language_has_every_word():
    assert document_texts.missing_texts() == []
    assert set(document_texts.TEXTS) == set(languages.CODES)


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "shown"])
def test_the_customers_email_and_phone_are_on_the_invoice_unless_the_shop_hides_them(hidden):
    shop_settings(invoice_hide_email=hidden, invoice_hide_phone=hidden)
    invoice = invoiced()

    text, _reader = read(invoice_pdf(invoice, "nl"))

    shown = [part in text for part in ("esther@example.nl", "0201234567", "E-mail:", "Telefoon:")]
    assert shown == [not hidden] * 4
    assert_says(text, "info@degoudenboon.nl", "020 555 0101")  # the shop's own stay


# --- what WeasyPrint may fetch --------------------------------------------------------------------------------


def record_fetches(monkeypatch) -> list[str]:
    """The URLs WeasyPrint asks the fetcher for, from now on (fetched as usual)."""
    fetched = []
    fetch = DocumentFetcher.fetch

    def recording_fetch(self, url, headers=None):
        fetched.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(DocumentFetcher, "fetch", recording_fetch)
    return fetched


def png(width: int = 120, height: int = 40) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#1f4e79").save(buffer, "PNG")
    return buffer.getvalue()


def logo_store(content: bytes, name: str = "logo.png") -> ShopSettings:
    return shop_settings_update(changes={"logo": ContentFile(content, name=name)}, actor=None)


def test_the_shops_logo_is_on_the_invoice(monkeypatch):
    shop = logo_store(png())
    invoice = invoiced()
    fetched = record_fetches(monkeypatch)

    _text, reader = read(invoice_pdf(invoice, "nl"))

    assert invoice_context(invoice, "nl")["logo_url"] == f"{BASE_URL}media/{shop.logo.name}"
    assert f"{BASE_URL}media/{shop.logo.name}" in fetched
    images = reader.pages[0].images
    assert len(images) == 1 and images[0].image.size == (120, 40)  # the PNG, as an image XObject


def test_an_svg_logo_is_drawn_on_the_invoice(monkeypatch):
    with open(finders.find("invoicing/logo.svg"), "rb") as file:
        shop = logo_store(file.read(), "logo.svg")
    invoice = invoiced()
    fetched = record_fetches(monkeypatch)

    _text, reader = read(invoice_pdf(invoice, "nl"))

    assert f"{BASE_URL}media/{shop.logo.name}" in fetched
    assert len(reader.pages[0].images) == 0  # drawn as vector paths, not embedded as a picture


def test_without_a_logo_the_invoice_has_no_image_and_asks_for_none(monkeypatch):
    invoice = invoiced()
    fetched = record_fetches(monkeypatch)

    html = invoice_html(invoice, "nl")
    _text, reader = read(invoice_pdf(invoice, "nl"))

    assert invoice_context(invoice, "nl")["logo_url"] == "" and "<img" not in html
    assert fetched == [f"{BASE_URL}static/invoicing/invoice.css"]  # not even the old demo logo
    assert len(reader.pages[0].images) == 0


def test_the_fetcher_serves_the_shops_current_logo():
    content = png()
    shop = logo_store(content)

    response = DocumentFetcher().fetch(logo_url())

    assert logo_url() == f"{BASE_URL}media/{shop.logo.name}" and shop.logo.name.startswith("shop/")
    assert response.read() == content
    assert response.content_type == "image/png"


def test_the_fetcher_refuses_other_stored_files_and_a_replaced_logo():
    old = logo_store(png()).logo.name
    new = logo_store(png(), "nieuw.png").logo.name  # the old file is deleted after the commit, not in a test
    assert default_storage.exists(old) and old != new
    other = default_storage.save("shop/ander.png", ContentFile(png()))
    invoice_pdf_name = default_storage.save("invoices/2026/F00001/F00001-r1-nl.pdf", ContentFile(b"%PDF-"))

    DocumentFetcher().fetch(f"{BASE_URL}media/{new}")  # served
    for name in (old, other, invoice_pdf_name, f"shop/../{invoice_pdf_name}", f"shop/%2e%2e/{invoice_pdf_name}",
                 "/" + new, f"{new}/", new.upper(), f"static/../media/{new}"):  # fmt: skip
        with pytest.raises(ValueError):
            DocumentFetcher().fetch(f"{BASE_URL}media/{name}")
    with pytest.raises(ValueError):
        DocumentFetcher().fetch(f"https://example.com/media/{new}")


def test_the_fetcher_serves_the_invoice_stylesheet():
    response = DocumentFetcher().fetch(f"{BASE_URL}static/invoicing/invoice.css")

    with open(finders.find("invoicing/invoice.css"), "rb") as file:
        assert response.read() == file.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/static/invoicing/invoice.css",
        "http://invoice.backoffice.invalid/static/invoicing/invoice.css",
        "https://invoice.backoffice.invalid@example.com/static/invoicing/invoice.css",
        "https://invoice.backoffice.invalid/static/../settings.py",
        "https://invoice.backoffice.invalid/static/%2e%2e/%2e%2e/backoffice/settings/base.py",
        "https://invoice.backoffice.invalid/static/invoicing/..%2F..%2Fbackoffice/settings/base.py",
        "https://invoice.backoffice.invalid/static//etc/passwd",
        "https://invoice.backoffice.invalid/static/%2Fetc%2Fpasswd",
        "https://invoice.backoffice.invalid/media/invoices/2026/F00001/F00001-r1-nl.pdf",
        "https://invoice.backoffice.invalid/media/shop/logo.png",  # the shop has no logo
        "https://invoice.backoffice.invalid/static/invoicing/logo.png",  # the logo is no static file
        "https://invoice.backoffice.invalid/static/invoicing/no-such-file.css",
        "data:text/css,body{}",
    ],
)
def test_the_fetcher_refuses_everything_else(url):
    with pytest.raises(ValueError):
        DocumentFetcher().fetch(url)


def test_markup_typed_into_an_invoice_is_printed_as_text_and_fetches_nothing(monkeypatch):
    link = '<link rel=stylesheet href="http://example.com/x.css">'
    image = '<img src="file:///etc/passwd">'
    invoice = invoiced(lines=[line(product_name=link, vat_rate=D("21"))])
    invoice = invoice_update(invoice=invoice, actor=None, changes={"custom_text": image})
    fetched = record_fetches(monkeypatch)

    html = invoice_html(invoice, "nl")
    text, _reader = read(invoice_pdf(invoice, "nl"))

    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html and image not in html
    assert "&lt;link rel=stylesheet href=&quot;http://example.com/x.css&quot;&gt;" in html and link not in html
    assert_says(text, link, image)
    assert fetched and all(url.startswith(f"{BASE_URL}static/invoicing/") for url in fetched), fetched


# --- the stored document --------------------------------------------------------------------------------------


def test_rendering_a_stored_document_twice_renders_it_once_and_again_when_its_file_is_gone():
    invoice = invoiced()
    document = InvoiceDocument.objects.get(invoice=invoice, language="nl")
    assert document.status == DocumentStatus.PENDING  # the job runs after the commit, which a test never reaches

    first = invoice_document_render(document_id=document.pk)
    with default_storage.open(first.file, "rb") as file:
        content = file.read()
    modified = default_storage.get_modified_time(first.file)
    second = invoice_document_render(document_id=document.pk)

    assert first.status == DocumentStatus.READY and content.startswith(b"%PDF-") and first.size == len(content)
    assert (second.file, second.rendered_at, second.size) == (first.file, first.rendered_at, first.size)
    assert default_storage.get_modified_time(second.file) == modified
    assert default_storage.listdir(f"invoices/{timezone.localdate(invoice.issued_at).year}/F00001")[1] == [
        "F00001-r1-nl.pdf"
    ]

    default_storage.delete(first.file)
    third = invoice_document_render(document_id=document.pk)

    assert third.status == DocumentStatus.READY and third.rendered_at > first.rendered_at
    assert third.file == first.file and default_storage.exists(third.file)
    with default_storage.open(third.file, "rb") as file:
        assert PdfReader(file).metadata.title == "Factuur F00001"
