"""The staff side: the order's Tickets tab, the magnifier's popup (reply, close, assign), the unanswered marker on
the order's header and in the orders list, DIENST > Tickets."""

import json

import pytest

from notifications.models import OutboxMessage
from tests.orders.factories import make_order
from tests.support import HTMX, element, elements, top
from tickets.models import Ticket, TicketStatus
from tickets.services import ticket_close, ticket_reply

from .factories import customer_account, make_ticket, pdf_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop")]


@pytest.fixture
def customer():
    return customer_account()


@pytest.fixture
def order(customer):
    return make_order(customer=customer)


def test_the_tickets_tab_lists_the_orders_tickets_with_status_last_message_and_magnifier(staff_client, customer, order):
    ticket = make_ticket(customer=customer, order=order, subject="Kapotte <mok>", body="Hij is <i>stuk</i>.")
    response = staff_client.get(f"/orders/{order.number}/tickets/", headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    row = element(response.text, "tr", id=f"ticket-{ticket.pk}")
    assert "Kapotte <mok>" in row.text and "Hij is <i>stuk</i>." in row.text  # shown as text: escaped
    assert "&lt;mok&gt;" in response.text and "<mok>" not in response.text
    assert row.element("span", class_="badge badge-open").text == "Open"
    assert element(response.text, "button", data_action="open-ticket").attrs["aria-haspopup"] == "dialog"
    whole = staff_client.get(f"/orders/{order.number}/tickets/")
    assert element(whole.text, "a", id="tab-tickets").attrs["aria-selected"] == "true"


def test_the_order_header_and_the_orders_list_mark_an_unanswered_question(staff_client, customer, order, staff):
    quiet = make_order(customer=customer)
    ticket = make_ticket(customer=customer, order=order)
    dashboard = staff_client.get(f"/orders/{order.number}/").text
    assert "1 onbeantwoorde vraag van de klant" in element(dashboard, "p", data_notice="unanswered-tickets").text
    listing = staff_client.get("/orders/").text
    assert len(elements(listing, "span", data_marker="unanswered-tickets")) == 1
    assert element(listing, "tr", id=f"order-{order.pk}").elements("span", data_marker="unanswered-tickets")
    assert not element(listing, "tr", id=f"order-{quiet.pk}").elements("span", data_marker="unanswered-tickets")

    ticket_reply(ticket=ticket, actor=staff, body="Morgen.")
    assert not elements(staff_client.get(f"/orders/{order.number}/").text, "p", data_notice="unanswered-tickets")


def test_the_magnifier_shows_the_conversation_and_the_reply_mails_the_customer(
    staff_client, customer, order, django_capture_on_commit_callbacks
):
    ticket = make_ticket(customer=customer, order=order, body="<script>alert(1)</script>", files=[pdf_upload()])
    popup = staff_client.get(f"/tickets/{ticket.pk}/", headers=HTMX)
    assert top(popup.text).tag == "dialog"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in popup.text and "<script>alert" not in popup.text
    assert element(popup.text, "a", data_attachment=str(ticket.messages.get().attachments.get().pk)).has("download")

    response = staff_client.post(f"/tickets/{ticket.pk}/reply/", {"body": "Het pakket komt morgen."}, headers=HTMX)

    assert response.status_code == 200 and top(response.text).tag == "dialog"
    assert set(json.loads(response["HX-Trigger"])) == {"order-changed", "tickets-changed"}
    assert "Het pakket komt morgen." in response.text
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.ANSWERED
    mail = OutboxMessage.objects.get(kind="ticket_answered")
    assert mail.to == customer.email and "Het pakket komt morgen." in mail.body


def test_an_empty_reply_comes_back_with_its_error_and_changes_nothing(staff_client, customer, order):
    ticket = make_ticket(customer=customer, order=order)
    response = staff_client.post(f"/tickets/{ticket.pk}/reply/", {"body": "  "}, headers=HTMX)
    assert response.status_code == 422 and top(response.text).tag == "dialog"
    assert Ticket.objects.get().status == TicketStatus.OPEN
    assert not OutboxMessage.objects.filter(kind="ticket_answered").exists()


def test_close_and_assign_from_the_popup(staff_client, customer, order, admin_user, staff):
    ticket = make_ticket(customer=customer, order=order)
    response = staff_client.post(f"/tickets/{ticket.pk}/assign/", {"assignee": admin_user.pk}, headers=HTMX)
    assert response.status_code == 200
    response = staff_client.post(f"/tickets/{ticket.pk}/close/", headers=HTMX)
    assert response.status_code == 200
    assert not elements(response.text, "button", data_action="send-reply")  # closed: no reply from here
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee) == (TicketStatus.CLOSED, admin_user)
    order.refresh_from_db()
    assert order.unanswered_tickets == 0
    again = staff_client.post(f"/tickets/{ticket.pk}/close/", headers=HTMX)
    assert again.status_code == 422 and "al gesloten" in again.text


def test_dienst_tickets_puts_the_longest_waiting_first_and_filters(staff_client, customer, order, staff, admin_user):
    first = make_ticket(customer=customer, order=order, subject="Eerste")
    second = make_ticket(customer=customer, subject="Tweede")
    answered = make_ticket(customer=customer, subject="Beantwoord al")
    ticket_reply(ticket=answered, actor=staff, body="Klaar.")
    closed = make_ticket(customer=customer, subject="Dicht")
    ticket_close(ticket=closed, actor=staff)
    from tickets.services import ticket_assign

    ticket_assign(ticket=second, actor=admin_user, assignee=staff)

    ids = [row.attrs["id"] for row in elements(staff_client.get("/tickets/").text, "tr") if row.attrs.get("id")]
    assert ids[:2] == [f"ticket-{first.pk}", f"ticket-{second.pk}"] and len(ids) == 4
    open_only = elements(staff_client.get("/tickets/?status=open").text, "tr")
    assert [row.attrs["id"] for row in open_only if row.attrs.get("id")] == [
        f"ticket-{first.pk}",
        f"ticket-{second.pk}",
    ]
    mine = elements(staff_client.get("/tickets/?mine=on").text, "tr")
    assert [row.attrs["id"] for row in mine if row.attrs.get("id")] == [f"ticket-{second.pk}"]


def test_the_tickets_tab_reads_one_query_however_many_tickets(staff, customer, order, django_assert_num_queries):
    from tickets.selectors import tickets_tab

    make_ticket(customer=customer, order=order)
    with django_assert_num_queries(1):  # the tickets with their last message (a subquery)
        assert len(tickets_tab(order)["tickets"]) == 1
    for number in range(5):
        make_ticket(customer=customer, order=order, subject=f"Vraag {number}")
    with django_assert_num_queries(1):
        assert len(tickets_tab(order)["tickets"]) == 6


def test_a_customer_never_reaches_the_staff_pages(client, customer, order):
    ticket = make_ticket(customer=customer, order=order)
    client.force_login(customer.user)
    for url in (f"/orders/{order.number}/tickets/", f"/tickets/{ticket.pk}/", "/tickets/"):
        assert client.get(url).status_code == 403
