"""Tickets' services: what each action does to the ticket, the order's unanswered marker, the history and the mail."""

import pytest

from backoffice.exceptions import ActionRefused
from history.selectors import history_tab
from notifications.models import OutboxMessage
from tests.backoffice.factories import StaffFactory
from tests.orders.factories import make_order
from tests.support import event_types
from tickets import services
from tickets.models import TicketStatus

from .factories import customer_account, make_ticket, pdf_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop")]


@pytest.fixture
def customer():
    return customer_account()


@pytest.fixture
def order(customer):
    return make_order(customer=customer)


def unanswered(order) -> int:
    order.refresh_from_db()
    return order.unanswered_tickets


def test_a_question_about_an_order_is_open_marks_the_order_mails_a_confirmation_and_is_in_the_history(customer, order):
    ticket = make_ticket(customer=customer, order=order, files=[pdf_upload()])

    assert ticket.status == TicketStatus.OPEN and ticket.waiting_since is not None
    assert unanswered(order) == 1
    [message] = ticket.messages.all()
    [attachment] = message.attachments.all()
    assert (attachment.content_type, attachment.name) == ("application/pdf", "factuur.pdf")
    mail = OutboxMessage.objects.get(kind="ticket_received")
    assert mail.to == customer.email and "Waar blijft mijn pakket?" in mail.subject
    assert event_types(order)[-1] == "TICKET_OPENED"


def test_the_answer_mails_the_customer_in_their_language_and_clears_the_marker(customer, order, staff):
    customer.language = "de"
    customer.save()
    ticket = make_ticket(customer=customer, order=order)

    services.ticket_reply(ticket=ticket, actor=staff, body="Das Paket kommt morgen.")

    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.ANSWERED and ticket.waiting_since is None
    assert unanswered(order) == 0
    mail = OutboxMessage.objects.get(kind="ticket_answered")
    assert mail.language == "de" and mail.subject.startswith("Antwort auf Ihre Anfrage")
    assert "\n\nDas Paket kommt morgen.\n\n" in mail.body
    assert event_types(order)[-1] == "TICKET_ANSWERED"


def test_a_reply_of_the_customer_opens_an_answered_or_closed_ticket_again(customer, order, staff):
    ticket = make_ticket(customer=customer, order=order)
    services.ticket_reply(ticket=ticket, actor=staff, body="Morgen.")
    services.ticket_customer_reply(ticket=ticket, user=customer.user, body="Het is niet gekomen.")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN and unanswered(order) == 1

    services.ticket_close(ticket=ticket, actor=staff)
    assert unanswered(order) == 0
    services.ticket_customer_reply(ticket=ticket, user=customer.user, body="Nog een vraag.")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN and unanswered(order) == 1
    # a second message while open does not count twice
    services.ticket_customer_reply(ticket=ticket, user=customer.user, body="Hallo?")
    assert unanswered(order) == 1
    sentences = [row.sentence for row in history_tab(order)]
    assert any("weer open" in sentence for sentence in sentences)


def test_a_closed_ticket_cannot_be_answered_or_closed_again(customer, order, staff):
    ticket = make_ticket(customer=customer, order=order)
    services.ticket_close(ticket=ticket, actor=staff)
    with pytest.raises(ActionRefused, match="gesloten"):
        services.ticket_reply(ticket=ticket, actor=staff, body="Toch nog")
    with pytest.raises(ActionRefused, match="al gesloten"):
        services.ticket_close(ticket=ticket, actor=staff)
    assert OutboxMessage.objects.filter(kind="ticket_answered").count() == 0


def test_assign_to_an_active_colleague_only(customer, order, staff, admin_user):
    ticket = make_ticket(customer=customer, order=order)
    services.ticket_assign(ticket=ticket, actor=admin_user, assignee=staff)
    ticket.refresh_from_db()
    assert ticket.assignee == staff
    assert event_types(order)[-1] == "TICKET_ASSIGNED"
    with pytest.raises(ActionRefused):
        services.ticket_assign(ticket=ticket, actor=admin_user, assignee=staff)
    gone = StaffFactory(is_active=False)
    with pytest.raises(ActionRefused, match="actieve medewerker"):
        services.ticket_assign(ticket=ticket, actor=admin_user, assignee=gone)


def test_a_general_question_has_no_order_and_no_history(customer, staff):
    ticket = make_ticket(customer=customer, subject="Hebben jullie cadeaubonnen?")
    services.ticket_reply(ticket=ticket, actor=staff, body="Ja.")
    mail = OutboxMessage.objects.get(kind="ticket_answered")
    assert mail.order is None and mail.to == customer.email


def test_empty_text_a_disguised_file_and_another_customers_order_are_refused(customer, order):
    other = make_order()
    with pytest.raises(ActionRefused):
        make_ticket(customer=customer, order=order, body="   ")
    with pytest.raises(ActionRefused, match="geen PDF"):
        make_ticket(customer=customer, order=order, files=[pdf_upload("x.pdf", b"<html><script>alert(1)</script>")])
    with pytest.raises(ActionRefused):
        make_ticket(customer=customer, order=other)
    assert unanswered(order) == 0 and unanswered(other) == 0


def test_a_second_submit_of_the_same_form_makes_no_second_question_answer_or_reply(customer, order, staff):
    import uuid

    key = uuid.uuid4()
    first = make_ticket(customer=customer, order=order, submit_key=key)
    assert make_ticket(customer=customer, order=order, submit_key=key) == first
    general_key = uuid.uuid4()
    general = make_ticket(customer=customer, submit_key=general_key)
    assert make_ticket(customer=customer, submit_key=general_key) == general
    answer_key = uuid.uuid4()
    services.ticket_reply(ticket=first, actor=staff, body="Morgen.", submit_key=answer_key)
    services.ticket_reply(ticket=first, actor=staff, body="Morgen.", submit_key=answer_key)
    reply_key = uuid.uuid4()
    services.ticket_customer_reply(ticket=first, user=customer.user, body="Dank", submit_key=reply_key)
    services.ticket_customer_reply(ticket=first, user=customer.user, body="Dank", submit_key=reply_key)

    assert first.messages.count() == 3 and general.messages.count() == 1
    assert OutboxMessage.objects.filter(kind="ticket_answered").count() == 1
    assert OutboxMessage.objects.filter(kind="ticket_received").count() == 2
    assert unanswered(order) == 1


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_on_answer_send_one_answer(customer, order, staff):
    import uuid

    from tests.concurrency import click_twice_at_once

    ticket = make_ticket(customer=customer, order=order)
    key = uuid.uuid4()
    outcomes = click_twice_at_once(
        lambda: services.ticket_reply(ticket=ticket, actor=staff, body="Ja.", submit_key=key)
    )
    assert outcomes == ["done", "done"]  # the second waits for the first's lock, then finds its answer
    assert ticket.messages.filter(author_kind="staff").count() == 1
    assert OutboxMessage.objects.filter(kind="ticket_answered").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_on_a_general_question_make_one_ticket(customer):
    import uuid

    from tests.concurrency import click_twice_at_once
    from tickets.models import Ticket

    key = uuid.uuid4()
    assert click_twice_at_once(lambda: make_ticket(customer=customer, submit_key=key)) == ["done", "done"]
    assert Ticket.objects.count() == 1
