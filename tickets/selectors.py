"""Every read of Tickets: the order's tab, the conversation popup, DIENST > Tickets, and Mijn account's lists."""

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, OuterRef, Prefetch, Subquery, Value, When

from .models import Ticket, TicketAttachment, TicketMessage, TicketStatus

PAGE_SIZE = 50


def _with_last_message(tickets):
    last = TicketMessage.objects.filter(ticket=OuterRef("pk")).order_by("-created_at", "-id").values("body")[:1]
    return tickets.annotate(last_body=Subquery(last))


def tickets_tab(order) -> dict:
    """The order's Tickets tab: its tickets, the newest conversation first, each with its last message. One query."""
    tickets = _with_last_message(Ticket.objects.filter(order=order)).order_by("-last_message_at", "-id")
    return {"tickets": list(tickets)}


def conversation(ticket: Ticket) -> list[TicketMessage]:
    """The messages of a ticket, oldest first, with their authors and attachments. Two queries."""
    return list(
        TicketMessage.objects.filter(ticket=ticket)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=TicketAttachment.objects.order_by("id")))
        .order_by("created_at", "id")
    )


def attachment_of(ticket: Ticket, attachment_id: int) -> TicketAttachment:
    """An attachment of this ticket's messages (TicketAttachment.DoesNotExist for any other)."""
    return TicketAttachment.objects.get(pk=attachment_id, message__ticket=ticket)


@dataclass(frozen=True)
class TicketPage:
    tickets: list[Ticket]
    page: int
    has_next: bool


def ticket_list(*, user, status: str = "", mine: bool = False, page: int = 1) -> TicketPage:
    """DIENST > Tickets: unanswered tickets first, the longest waiting at the top, then the rest by their last
    message; `status` narrows to one status, `mine` to the tickets assigned to `user`. One query per page."""
    tickets = _with_last_message(Ticket.objects.select_related("order", "customer", "assignee"))
    if status:
        tickets = tickets.filter(status=status)
    if mine:
        tickets = tickets.filter(assignee=user)
    waiting_first = Case(When(status=TicketStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    tickets = tickets.order_by(waiting_first, F("waiting_since").asc(nulls_last=True), "-last_message_at", "-id")
    offset = (page - 1) * PAGE_SIZE
    found = list(tickets[offset : offset + PAGE_SIZE + 1])
    return TicketPage(tickets=found[:PAGE_SIZE], page=page, has_next=len(found) > PAGE_SIZE)


def customer_tickets(customer, *, order=None) -> list[Ticket]:
    """Mijn account: the customer's own tickets (about `order`, when given), newest conversation first. One query."""
    tickets = Ticket.objects.of_customer(customer).select_related("order")
    if order is not None:
        tickets = tickets.filter(order=order)
    return list(_with_last_message(tickets).order_by("-last_message_at", "-id"))
