"""The Facturen block, the blue i popup, credit invoices, the tab, the PDFs and Print facturen, as pages."""

import io
import json
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from invoicing.models import DocumentStatus, Invoice, InvoiceDocument
from invoicing.services import invoice_document_render
from notifications.models import OutboxMessage
from orders.models import CancelReason, PaymentStatus
from orders.services import order_cancel
from payments.services import payment_mark_paid
from tests.invoicing.factories import make_credit_invoice, make_invoice
from tests.orders.factories import line, make_order
from tests.support import HTMX, shop_settings

pytestmark = pytest.mark.django_db
D = Decimal


def render_all(order) -> None:
    for document in InvoiceDocument.objects.filter(invoice__order=order):
        invoice_document_render(document_id=document.pk)


def snapshot(order) -> list:
    return list(Invoice.objects.filter(order=order).order_by("id").values()) + [
        OutboxMessage.objects.filter(order=order).count()
    ]


def test_the_block_lists_invoices_with_the_blue_i(staff_client, staff):
    invoice = make_invoice(actor=staff)
    order = invoice.order

    response = staff_client.get(f"/orders/{order.number}/blocks/invoices/", headers=HTMX)

    assert response.status_code == 200 and "<html" not in response.text
    assert 'id="block-invoicing"' in response.text and invoice.number in response.text
    assert f"/orders/{order.number}/invoices/{invoice.number}/" in response.text  # the blue i
    assert "PDF wordt gemaakt…" in response.text and "every 1s" in response.text  # polls until the PDF is there
    render_all(order)
    response = staff_client.get(f"/orders/{order.number}/blocks/invoices/", headers=HTMX)
    assert "PDF wordt gemaakt…" not in response.text and "every 1s" not in response.text
    assert f"/orders/{order.number}/invoices/{invoice.number}.pdf" in response.text


def test_factuur_aanmaken_appears_when_the_shop_invoices_by_hand(staff_client):
    order = make_order()

    block = staff_client.get(f"/orders/{order.number}/blocks/invoices/", headers=HTMX).text
    assert "Factuur aanmaken" in block

    response = staff_client.post(f"/orders/{order.number}/invoices/new/", headers=HTMX)
    assert response.status_code == 200 and "order-changed" in response["HX-Trigger"]
    assert Invoice.objects.filter(order=order).count() == 1
    assert "Factuur F00001 is aangemaakt." in response.text

    again = staff_client.post(f"/orders/{order.number}/invoices/new/", headers=HTMX)
    assert again.status_code == 422 and "heeft al factuur F00001" in again.text
    assert 'id="block-invoicing"' in again.text and 'hx-swap-oob="true"' in again.text  # shown in the block
    assert Invoice.objects.filter(order=order).count() == 1


def test_the_popup_changes_the_delivery_time(staff_client, staff):
    invoice = make_invoice(actor=staff)
    order = invoice.order
    url = f"/orders/{order.number}/invoices/{invoice.number}/"

    dialog = staff_client.get(url, headers=HTMX)
    assert dialog.status_code == 200 and "<dialog" in dialog.text and "Factuur aanpassen" in dialog.text
    assert "Opnieuw versturen" in dialog.text

    response = staff_client.post(
        url, {"is_paid": "0", "delivery_time": "2-3 werkdagen", "custom_text": ""}, headers=HTMX
    )

    assert response.status_code == 200 and "order-changed" in json.loads(response["HX-Trigger"])
    assert "<dialog" not in response.text and 'hx-swap-oob="true"' in response.text
    invoice.refresh_from_db()
    assert (invoice.delivery_time, invoice.revision) == ("2-3 werkdagen", 2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"is_paid": "0", "delivery_time": "", "custom_text": ""}, "Er is niets gewijzigd."),
        (
            {"is_paid": "0", "delivery_time": "morgen", "custom_text": "", "buyer_name": "Iemand anders"},
            "de naam van de klant niet meer worden gewijzigd",
        ),
        ({"is_paid": "0", "delivery_time": "x" * 101, "custom_text": ""}, "niet meer dan 100 tekens"),
    ],
    ids=["nothing", "locked-field", "too-long"],
)
def test_a_refused_change_comes_back_in_the_popup_with_422(staff_client, staff, data, message):
    invoice = make_invoice(actor=staff)
    order = invoice.order
    before = snapshot(order)

    response = staff_client.post(f"/orders/{order.number}/invoices/{invoice.number}/", data, headers=HTMX)

    assert response.status_code == 422 and "<dialog" in response.text and message in response.text
    assert "HX-Trigger" not in response
    assert snapshot(order) == before


def test_paid_back_is_a_choice_in_a_credit_invoices_popup(staff_client, staff):
    invoice = make_invoice(actor=staff)
    order = invoice.order
    payment_mark_paid(order=order, actor=staff)  # a credit of a paid invoice is to be paid back
    credit = make_credit_invoice(invoice, actor=staff)
    url = f"/orders/{order.number}/invoices/{credit.number}/"
    before = snapshot(order)

    refused = staff_client.post(url, {"is_paid": "x", "delivery_time": "", "custom_text": ""}, headers=HTMX)
    assert refused.status_code == 422 and "geen beschikbare keuze" in refused.text
    assert snapshot(order) == before

    response = staff_client.post(url, {"is_paid": "1", "delivery_time": "", "custom_text": ""}, headers=HTMX)
    assert response.status_code == 200
    credit.refresh_from_db()
    order.refresh_from_db()
    assert credit.is_paid and order.payment_status == PaymentStatus.PAID  # the order's payment is untouched


def payment_form_action(dialog: str, action: str) -> str:
    """The URL that the popup's payment button (data-action `action`) posts to, through the form it names."""
    button = re.search(rf'<button [^>]*form="([^"]+)"[^>]*data-action="{action}"', dialog)
    form = re.search(rf'<form id="{button[1]}" method="post" action="([^"]+)" hx-post="([^"]+)"', dialog)
    assert form[1] == form[2]
    return form[1]


def test_the_popups_betaald_and_niet_betaald_post_to_payments(staff_client, staff):
    invoice = make_invoice(actor=staff)
    order = invoice.order
    url = f"/orders/{order.number}/invoices/{invoice.number}/"

    dialog = staff_client.get(url, headers=HTMX).text
    paid_url = payment_form_action(dialog, "invoice-mark-paid")
    assert paid_url == f"/orders/{order.number}/payment/paid/"
    assert 'name="is_paid"' not in dialog  # the order's payment, not a field of the invoice

    response = staff_client.post(paid_url, headers=HTMX)

    assert response.status_code == 200 and "order-changed" in json.loads(response["HX-Trigger"])
    assert '<div id="dialog-slot" hx-swap-oob="true"></div>' in response.text  # the popup closes
    order.refresh_from_db()
    invoice.refresh_from_db()
    assert order.payment_status == PaymentStatus.PAID and invoice.is_paid
    unpaid_url = payment_form_action(staff_client.get(url, headers=HTMX).text, "invoice-mark-unpaid")
    assert unpaid_url == f"/orders/{order.number}/payment/unpaid/"

    staff_client.post(unpaid_url, headers=HTMX)

    invoice.refresh_from_db()
    assert not invoice.is_paid


def test_a_cancelled_orders_popup_offers_no_payment_button(staff_client, staff):
    invoice = make_invoice(actor=staff)
    order = invoice.order
    order_cancel(order=order, actor=staff, reason=CancelReason.CUSTOMER_REQUEST)

    dialog = staff_client.get(f"/orders/{order.number}/invoices/{invoice.number}/", headers=HTMX).text

    assert "invoice-mark-" not in dialog and 'id="invoice-payment"' not in dialog


def test_opnieuw_versturen_from_the_popup(staff_client, staff):
    invoice = make_invoice(actor=staff)
    order = invoice.order
    mails = OutboxMessage.objects.filter(order=order).count()

    response = staff_client.post(f"/orders/{order.number}/invoices/{invoice.number}/resend/", headers=HTMX)

    assert response.status_code == 200 and "opnieuw naar" in response.text
    assert OutboxMessage.objects.filter(order=order).count() == mails + 1


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_opnieuw_versturen_again_within_a_minute_is_refused_in_the_popup(staff_client, staff, headers):
    # issue 9: the second click answered 500 (an unbound form was given the refusal as an error)
    invoice = make_invoice(actor=staff)
    order = invoice.order
    url = f"/orders/{order.number}/invoices/{invoice.number}/resend/"
    staff_client.post(url, headers=HTMX)
    before = snapshot(order)

    response = staff_client.post(url, headers=headers)

    html = response.text
    assert response.status_code == 422 and "<dialog" in html and "HX-Trigger" not in response
    assert f"Factuur {invoice.number} is net al opnieuw verstuurd" in html and 'role="alert"' in html
    assert 'data-action="invoice-resend"' not in html  # only the refusal: trying again cannot help now
    assert snapshot(order) == before


def test_a_credit_invoice_for_chosen_quantities(staff_client, staff):
    invoice = make_invoice(lines=[line(quantity=2), line(product_name="Thee")], actor=staff)
    order = invoice.order
    first, second, shipping = invoice.lines.order_by("position")
    url = f"/orders/{order.number}/invoices/credit/"

    dialog = staff_client.get(url, headers=HTMX)
    assert dialog.status_code == 200 and "Alles crediteren" in dialog.text and "Koffiebonen 1 kg" in dialog.text

    response = staff_client.post(
        url,
        {"invoice": invoice.number, f"line_{first.pk}": "1", f"line_{second.pk}": "0", f"line_{shipping.pk}": "1"},
        headers=HTMX,
    )

    assert response.status_code == 200 and "order-changed" in response["HX-Trigger"]
    credit = Invoice.objects.get(order=order, kind="credit")
    assert sorted(credit.lines.values_list("quantity", flat=True)) == [-1, -1]
    assert credit.total == -(D("24.95") + D("4.95"))


def test_crediting_more_than_is_left_is_refused_in_the_dialog(staff_client, staff):
    invoice = make_invoice(actor=staff)
    order = invoice.order
    first = invoice.lines.first()
    before = snapshot(order)

    response = staff_client.post(
        f"/orders/{order.number}/invoices/credit/", {"invoice": invoice.number, f"line_{first.pk}": "5"}, headers=HTMX
    )

    assert response.status_code == 422 and "kunt u nog 1 crediteren, niet 5" in response.text
    assert snapshot(order) == before


def test_alles_crediteren(staff_client, staff):
    invoice = make_invoice(actor=staff)
    order = invoice.order

    response = staff_client.post(
        f"/orders/{order.number}/invoices/credit/", {"invoice": invoice.number, "everything": "1"}, headers=HTMX
    )

    assert response.status_code == 200
    assert Invoice.objects.get(order=order, kind="credit").total == -invoice.total
    block = staff_client.get(f"/orders/{order.number}/blocks/invoices/", headers=HTMX).text
    assert "Gecrediteerd" in block and "Credit factuur aanmaken" not in block


def test_nothing_to_credit_says_so(staff_client):
    order = make_order()

    response = staff_client.get(f"/orders/{order.number}/invoices/credit/", headers=HTMX)

    assert response.status_code == 422 and "geen factuur die nog gecrediteerd kan worden" in response.text


def test_the_tab_lists_invoices_and_credit_invoices_with_pdf_links(staff_client, staff):
    shop_settings(languages=["nl", "en", "de"])
    invoice = make_invoice(actor=staff)
    order = invoice.order
    credit = make_credit_invoice(invoice, actor=staff)

    response = staff_client.get(f"/orders/{order.number}/invoices/", headers=HTMX)

    assert response.status_code == 200 and 'data-tab-content="invoices"' in response.text
    assert invoice.number in response.text and credit.number in response.text
    assert f"bij factuur {invoice.number}" in response.text
    for language in ("nl", "en", "de"):
        assert f"/orders/{order.number}/invoices/{credit.number}.pdf?language={language}" in response.text
    page = staff_client.get(f"/orders/{order.number}/invoices/")
    assert "<html" in page.text and 'aria-selected="true"' in page.text


def test_a_pdf_link_waits_for_the_job_then_serves_the_stored_file(staff_client, staff):
    invoice = make_invoice(actor=staff)
    order = invoice.order
    url = f"/orders/{order.number}/invoices/{invoice.number}.pdf"

    pending = staff_client.get(url)
    assert pending.status_code == 202 and "PDF wordt gemaakt…" in pending.text and pending["Refresh"]

    render_all(order)
    response = staff_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Factuur" in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()


def test_a_pdf_link_is_in_a_language_the_shop_offers_or_the_invoices_own(staff_client, staff):
    shop_settings(languages=["nl", "en"])
    invoice = make_invoice(actor=staff)
    order = invoice.order
    url = f"/orders/{order.number}/invoices/{invoice.number}.pdf"

    assert staff_client.get(url, {"language": "de"}).status_code == 404  # a document language, not the shop's
    assert staff_client.get(url, {"language": "xx"}).status_code == 404
    assert not InvoiceDocument.objects.filter(language__in=["de", "xx"]).exists()
    assert staff_client.get(url, {"language": "en"}).status_code == 202
    shop_settings(languages=["en"])  # Dutch no longer offered: the invoice is still Dutch
    assert staff_client.get(url).status_code == 202
    assert set(InvoiceDocument.objects.values_list("language", flat=True)) == {"nl", "en"}


def test_print_facturen_merges_the_stored_pdfs_in_the_chosen_language(staff_client, staff):
    shop_settings(languages=["nl", "en"])
    invoice = make_invoice(actor=staff)
    order = invoice.order
    make_credit_invoice(invoice, actor=staff)
    make_invoice(order, actor=staff)
    render_all(order)  # the Dutch documents exist; the English ones are made when first printed

    pending = staff_client.get(f"/orders/{order.number}/invoices/print/", {"language": "en"}, headers=HTMX)
    assert pending.status_code == 202 and "PDF wordt gemaakt…" in pending.text
    assert InvoiceDocument.objects.filter(invoice__order=order, language="en").count() == 3
    render_all(order)

    polled = staff_client.get(f"/orders/{order.number}/invoices/print/", {"language": "en", "poll": "1"}, headers=HTMX)
    assert polled.status_code == 200 and "Facturen downloaden (English)" in polled.text
    clicked = staff_client.get(f"/orders/{order.number}/invoices/print/", {"language": "en"}, headers=HTMX)
    assert clicked["HX-Redirect"] == f"/orders/{order.number}/invoices/print.pdf?language=en"

    response = staff_client.get(clicked["HX-Redirect"])
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    pages = PdfReader(io.BytesIO(response.content)).pages
    texts = [page.extract_text() for page in pages]
    numbers = list(Invoice.objects.filter(order=order).order_by("id").values_list("number", flat=True))
    assert len(pages) == 3 and all(number in text for number, text in zip(numbers, texts, strict=True))
    assert "Invoice" in texts[0] and "Credit note" in texts[1]


def test_printing_does_not_render_again(staff_client, staff):
    invoice = make_invoice(actor=staff)
    order = invoice.order
    render_all(order)
    rendered_at = InvoiceDocument.objects.get(invoice=invoice).rendered_at

    staff_client.get(f"/orders/{order.number}/invoices/print.pdf", {"language": "nl"})
    staff_client.get(f"/orders/{order.number}/invoices/print/", {"language": "nl"})

    document = InvoiceDocument.objects.get(invoice=invoice)
    assert document.rendered_at == rendered_at and document.status == DocumentStatus.READY


def test_print_facturen_refuses_a_language_the_shop_does_not_have_and_an_order_without_invoices(staff_client, staff):
    order = make_invoice(actor=staff).order
    without = make_order()

    response = staff_client.get(f"/orders/{order.number}/invoices/print/", {"language": "fr"}, follow=True)
    assert "De webwinkel heeft die taal niet ingesteld." in response.text
    assert not InvoiceDocument.objects.filter(language="fr").exists()
    response = staff_client.get(f"/orders/{without.number}/invoices/print/", follow=True)
    assert "Deze order heeft nog geen facturen." in response.text


def test_the_payments_block_offers_print_facturen_in_the_shops_languages(staff_client, staff):
    shop_settings(languages=["nl", "en", "de", "fr"])
    order = make_invoice(actor=staff).order

    block = staff_client.get(f"/orders/{order.number}/blocks/payments/", headers=HTMX).text

    assert "Print facturen" in block
    for name in ("Nederlands", "English", "Deutsch", "Français"):
        assert name in block


def test_an_invoice_of_another_order_is_not_found(staff_client, staff):
    order = make_invoice(actor=staff).order
    foreign = make_invoice(actor=staff)  # of another order

    assert staff_client.get(f"/orders/{order.number}/invoices/{foreign.number}/").status_code == 404
    assert staff_client.get(f"/orders/{order.number}/invoices/{foreign.number}.pdf").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "blocks/invoices/"), ("get", "invoices/"), ("post", "invoices/new/"), ("get", "invoices/credit/"),
     ("get", "invoices/print/"), ("get", "invoices/print.pdf"), ("get", "invoices/F00001/"),
     ("post", "invoices/F00001/resend/"), ("get", "invoices/F00001.pdf")],
)  # fmt: skip
def test_only_staff_may(client, staff, customer_user, method, path):
    order = make_invoice(actor=staff).order
    client.force_login(customer_user)

    response = getattr(client, method)(f"/orders/{order.number}/{path}")

    assert response.status_code in {302, 403, 404}
    assert OutboxMessage.objects.filter(order=order).count() == 1  # only the invoice mail at issue


def test_the_block_and_tab_do_not_query_more_for_more_invoices(staff_client, staff, django_assert_num_queries):
    small = make_invoice(actor=staff).order
    invoice = make_invoice(lines=[line(product_name=f"Product {n}") for n in range(40)], actor=staff)
    large = invoice.order
    for _ in range(4):
        make_credit_invoice(invoice, actor=staff)
        invoice = make_invoice(large, actor=staff)
    assert Invoice.objects.filter(order=large).count() == 9

    for order in (small, large):
        # session, user, order; invoices, their documents, the shop's settings
        with django_assert_num_queries(3 + 3):
            staff_client.get(f"/orders/{order.number}/blocks/invoices/", headers=HTMX)
        with django_assert_num_queries(3 + 4):  # and the shop's languages for the PDF links
            staff_client.get(f"/orders/{order.number}/invoices/", headers=HTMX)


def test_the_facturen_block_shows_the_invoices_betaalmethoden_read(django_assert_num_queries):
    """One dashboard, one Order instance: Betaalmethoden reads the invoices for Print facturen (with their PDFs),
    Facturen lists the same without reading them again; another instance reads afresh."""
    from invoicing.selectors import invoices_block
    from orders.models import Order
    from payments.selectors import payments_block

    invoice = make_invoice()
    order = Order.objects.get(pk=invoice.order_id)
    assert payments_block(order)["has_invoices"]
    with django_assert_num_queries(0):
        rows = invoices_block(order)["invoice_rows"]
    assert [row.invoice.number for row in rows] == [invoice.number]
    fresh = Order.objects.get(pk=invoice.order_id)
    with django_assert_num_queries(3):  # the shop's settings, the invoices, their PDFs
        invoices_block(fresh)
