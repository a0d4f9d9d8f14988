"""Mijn account's pages: each shows only the logged-in customer's own orders, invoices, parcels and questions;
another customer's are 404. Questions with attachments, checked by their content; everything typed is escaped."""

import pytest
from django.test import Client

from invoicing.models import InvoiceDocument
from invoicing.services import invoice_document_render
from notifications.models import OutboxMessage
from tests.invoicing.factories import make_invoice
from tests.orders.factories import make_order
from tests.shipping.factories import make_shipment
from tests.support import element, elements
from tests.tickets.factories import PDF, PNG, customer_account, make_ticket, pdf_upload
from tickets.models import Ticket, TicketAttachment, TicketStatus
from tickets.services import ticket_reply

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop")]


@pytest.fixture
def anna():
    return customer_account("anna@example.com", first_name="Anna")


@pytest.fixture
def bert():
    return customer_account("bert@example.com", first_name="Bert")


@pytest.fixture
def anna_client(client, anna):
    client.force_login(anna.user)
    return client


def test_mijn_account_lists_my_orders_and_questions_and_nobody_elses(anna_client, anna, bert):
    mine, theirs = make_order(customer=anna), make_order(customer=bert)
    make_ticket(customer=anna, order=mine, subject="Mijn vraag")
    make_ticket(customer=bert, order=theirs, subject="Vraag van Bert")
    page = anna_client.get("/account/").text
    assert mine.number in page and theirs.number not in page
    assert "Mijn vraag" in page and "Vraag van Bert" not in page


def test_my_order_shows_status_payment_invoices_and_track_and_trace(anna_client, anna):
    order = make_order(customer=anna)
    invoice = make_invoice(order=order)
    make_shipment(order, tracking_code="3SABCD1234567")
    page = anna_client.get(f"/account/orders/{order.number}/").text
    assert element(page, "a", data_invoice=invoice.number).text == f"Factuur {invoice.number}"
    link = element(page, "a", data_tracking="3SABCD1234567")
    assert link.attrs["href"].startswith("https://") and "3SABCD1234567" in link.attrs["href"]


def test_another_customers_order_invoice_ticket_and_attachment_are_not_found(anna_client, bert):
    order = make_order(customer=bert)
    invoice = make_invoice(order=order)
    ticket = make_ticket(customer=bert, order=order, files=[pdf_upload()])
    attachment = TicketAttachment.objects.get(message__ticket=ticket)
    for url in (
        f"/account/orders/{order.number}/",
        f"/account/orders/{order.number}/invoices/{invoice.number}/",
        f"/account/questions/{ticket.pk}/",
        f"/account/questions/{ticket.pk}/attachments/{attachment.pk}/",
        f"/account/questions/new/?order={order.number}",
    ):
        assert anna_client.get(url).status_code == 404, url
    assert anna_client.post(f"/account/questions/{ticket.pk}/", {"body": "Hallo"}).status_code == 404
    assert ticket.messages.count() == 1


def test_my_invoice_is_the_stored_pdf_as_a_download(anna_client, anna):
    order = make_order(customer=anna)
    invoice = make_invoice(order=order)
    pending = anna_client.get(f"/account/orders/{order.number}/invoices/{invoice.number}/")
    assert pending.status_code == 202  # the job has not stored it yet: "try again in a minute"
    for document in InvoiceDocument.objects.filter(invoice=invoice):
        invoice_document_render(document_id=document.pk)
    response = anna_client.get(f"/account/orders/{order.number}/invoices/{invoice.number}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_asking_a_question_about_my_order_with_a_pdf(anna_client, anna, django_capture_on_commit_callbacks):
    order = make_order(customer=anna)
    form = anna_client.get(f"/account/questions/new/?order={order.number}")
    assert [option.attrs["value"] for option in elements(form.text, "option") if option.has("selected")] == [
        order.number
    ]
    response = anna_client.post("/account/questions/new/", {
        "about": order.number, "subject": "Kapotte mok", "body": "De mok is <b>gebroken</b> aangekomen.",
        "files": [pdf_upload("foto's & bon.pdf"), pdf_upload("png.png", PNG)],
    })  # fmt: skip
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response.url == f"/account/questions/{ticket.pk}/"
    assert ticket.order == order and ticket.status == TicketStatus.OPEN
    order.refresh_from_db()
    assert order.unanswered_tickets == 1
    assert OutboxMessage.objects.filter(kind="ticket_received", to=anna.email).exists()
    page = anna_client.get(response.url).text
    assert "De mok is &lt;b&gt;gebroken&lt;/b&gt; aangekomen." in page
    names = sorted(TicketAttachment.objects.values_list("name", "content_type"))
    assert names == [("foto-s-bon.pdf", "application/pdf"), ("png.png", "image/png")]


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (pdf_upload("evil.pdf", b"<html><script>alert(1)</script></html>"), "is geen PDF, PNG of JPEG"),
        (pdf_upload("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'), "is geen PDF, PNG of JPEG"),
        (pdf_upload("big.pdf", PDF + b"0" * (5 * 1024 * 1024)), "is te groot"),
    ],
)
def test_a_file_that_is_no_pdf_png_or_jpeg_or_too_big_is_refused(anna_client, upload, error):
    response = anna_client.post(
        "/account/questions/new/", {"about": "", "subject": "Vraag", "body": "Zie bijlage", "files": [upload]}
    )
    assert response.status_code == 422 and error in response.text
    assert not Ticket.objects.exists()


def test_attachments_are_downloads_never_shown_inline(anna_client, anna, staff):
    ticket = make_ticket(customer=anna, files=[pdf_upload()])
    attachment = TicketAttachment.objects.get()
    staff_client = Client()
    staff_client.force_login(staff)
    for client, url in (
        (anna_client, f"/account/questions/{ticket.pk}/attachments/{attachment.pk}/"),
        (staff_client, f"/tickets/{ticket.pk}/attachments/{attachment.pk}/"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="factuur.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF


def test_my_reply_opens_an_answered_question_again(anna_client, anna, staff):
    order = make_order(customer=anna)
    ticket = make_ticket(customer=anna, order=order)
    ticket_reply(ticket=ticket, actor=staff, body="Het pakket komt morgen.")
    page = anna_client.get(f"/account/questions/{ticket.pk}/").text
    assert "Het pakket komt morgen." in page and "Beantwoord" in page
    response = anna_client.post(f"/account/questions/{ticket.pk}/", {"body": "Het kwam niet."})
    assert response.status_code == 302
    ticket.refresh_from_db()
    order.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN and order.unanswered_tickets == 1


def test_an_empty_question_is_refused_in_the_customers_language(client):
    german = customer_account("hans@example.com", language="de")
    client.force_login(german.user)
    response = client.post("/account/questions/new/", {"about": "", "subject": "", "body": ""})
    assert response.status_code == 422
    assert "Bitte geben Sie einen Betreff ein." in response.text
    assert not Ticket.objects.exists()


def test_every_language_has_every_word_of_mijn_account():
    from backoffice.documents import missing_words
    from shopaccount.texts import TEXTS

    assert missing_words(TEXTS) == []
