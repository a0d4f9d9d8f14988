"""Every write of Tickets: a customer asks or replies (Mijn account), staff reply, close or assign.

One transaction each. A ticket about an order takes the order's row lock first (as every order service does), then
the ticket's; it keeps `Order.unanswered_tickets` (the marker on the dashboard and the orders list) equal to the
number of the order's open tickets, and writes one history event. A general question locks only its ticket.
E-mails to the customer go through the outbox, in the customer's language.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.exceptions import ActionRefused
from backoffice.models import ShopSettings
from history import services as history
from notifications.registry import EmailKind
from notifications.services import email_compose, order_email_context, outbox_queue, shop_email_address
from orders.models import Order

from . import attachments, rules
from .events import TicketEventType
from .models import AuthorKind, Ticket, TicketMessage, TicketStatus


def _refuse(problem: str | None) -> None:
    if problem:
        raise ActionRefused(problem)


def _name(user) -> str:
    return user.get_full_name() or user.email


def customer_language(customer, shop: ShopSettings | None = None) -> str:
    """The customer's language when the shop offers it, else the shop's first language."""
    languages = (shop or ShopSettings.load()).enabled_languages
    return customer.language if customer.language in languages else languages[0]


def ticket_mail_queue(*, ticket: Ticket, kind: str, actor, extra: dict):
    """An e-mail about `ticket` to its customer (the e-mail address of their account), in their language."""
    shop = ShopSettings.load()
    language = customer_language(ticket.customer, shop)
    if ticket.order is not None:
        context = order_email_context(ticket.order, language)
    else:
        context = {"shop_name": shop.name, "shop_email": shop_email_address(shop), "order_number": "",
                   "order_date": "", "order_total": ""}  # fmt: skip
    context |= {"customer_name": ticket.customer.full_name, "ticket_subject": ticket.subject, **extra}
    subject, body = email_compose(kind=kind, language=language, context=context)
    return outbox_queue(
        to=ticket.customer.email, kind=kind, language=language, subject=subject, body=body, actor=actor,
        order=ticket.order,
    )  # fmt: skip


def _earlier(submit_key) -> TicketMessage | None:
    """The message an earlier submit of the same form (`submit_key`) made, or None (also without a key)."""
    if not submit_key:
        return None
    return TicketMessage.objects.select_related("ticket").filter(submit_key=submit_key).first()


def _add_message(ticket: Ticket, *, kind: str, author, body: str, files, now, submit_key=None) -> TicketMessage:
    message = TicketMessage.objects.create(
        ticket=ticket, author_kind=kind, author=author, body=body, created_at=now, submit_key=submit_key
    )
    for upload in files:
        content_type, extension = attachments.sniff(upload)
        attachments.store(message=message, upload=upload, content_type=content_type, extension=extension)
    return message


def _count_open(order: Order | None, change: int) -> None:
    if order is not None and change:
        Order.objects.filter(pk=order.pk).update(unanswered_tickets=F("unanswered_tickets") + change)


def _locked(ticket: Ticket) -> tuple[Order | None, Ticket]:
    order = Order.objects.lock(ticket.order) if ticket.order_id else None
    locked = Ticket.objects.select_related("customer", "order").select_for_update(of=("self",)).get(pk=ticket.pk)
    return order, locked


@transaction.atomic
def ticket_open(
    *, customer, user, subject: str, body: str, order: Order | None = None, files=(), submit_key=None
) -> Ticket:
    """Een vraag stellen: a new open ticket with the customer's first message (and attachments), a confirmation
    e-mail, and on the order the marker and a history event. `order` must be the customer's own. A second submit of
    the same form (`submit_key`) makes nothing more and answers with the first one's ticket."""
    subject, body, files = subject.strip(), body.strip(), list(files)
    _refuse(rules.subject_refusal(subject) or rules.body_refusal(body) or rules.files_refusal(files))
    if order is not None:
        if order.customer_id != customer.pk:
            raise ActionRefused(_("Deze order bestaat niet."))
        order = Order.objects.lock(order)
    if (earlier := _earlier(submit_key)) is not None and earlier.ticket.customer_id == customer.pk:
        return earlier.ticket
    now = timezone.now()
    try:
        with transaction.atomic():  # a general question has no order to lock: the key's unique index decides
            ticket = Ticket.objects.create(
                customer=customer, order=order, subject=subject, created_at=now, last_message_at=now, waiting_since=now
            )
            _add_message(ticket, kind=AuthorKind.CUSTOMER, author=user, body=body, files=files, now=now,
                         submit_key=submit_key)  # fmt: skip
    except IntegrityError:
        if (earlier := _earlier(submit_key)) is None:
            raise
        return earlier.ticket
    _count_open(order, +1)
    ticket_mail_queue(ticket=ticket, kind=EmailKind.TICKET_RECEIVED, actor=user, extra={})
    if order is not None:
        history.record(
            order, TicketEventType.TICKET_OPENED, actor=user, ticket_id=ticket.pk, subject=subject,
            attachments=len(files),
        )  # fmt: skip
    return ticket


@transaction.atomic
def ticket_customer_reply(*, ticket: Ticket, user, body: str, files=(), submit_key=None) -> Ticket:
    """The customer replies in Mijn account: an answered or closed ticket opens again (waiting for the shop). A
    second submit of the same form adds nothing."""
    body, files = body.strip(), list(files)
    _refuse(rules.body_refusal(body) or rules.files_refusal(files))
    order, ticket = _locked(ticket)
    if _earlier(submit_key) is not None:
        return ticket
    now = timezone.now()
    _add_message(ticket, kind=AuthorKind.CUSTOMER, author=user, body=body, files=files, now=now, submit_key=submit_key)
    reopened = ticket.status != TicketStatus.OPEN
    if reopened:
        ticket.status, ticket.waiting_since = TicketStatus.OPEN, now
        _count_open(order, +1)
    ticket.last_message_at = now
    ticket.save(update_fields=["status", "waiting_since", "last_message_at"])
    if order is not None:
        history.record(
            order, TicketEventType.TICKET_CUSTOMER_REPLIED, actor=user, ticket_id=ticket.pk, subject=ticket.subject,
            attachments=len(files), reopened=reopened,
        )  # fmt: skip
    return ticket


@transaction.atomic
def ticket_reply(*, ticket: Ticket, actor, body: str, submit_key=None) -> Ticket:
    """Staff answer (the magnifier's popup): the ticket is Beantwoord and the customer gets "Ticket beantwoord". A
    second submit of the same popup (a double click) sends nothing more."""
    body = body.strip()
    _refuse(rules.body_refusal(body))
    order, ticket = _locked(ticket)
    if _earlier(submit_key) is not None:
        return ticket
    _refuse(rules.reply_refusal(ticket))
    now = timezone.now()
    _add_message(ticket, kind=AuthorKind.STAFF, author=actor, body=body, files=(), now=now, submit_key=submit_key)
    _count_open(order, -1 if ticket.status == TicketStatus.OPEN else 0)
    ticket.status, ticket.waiting_since, ticket.last_message_at = TicketStatus.ANSWERED, None, now
    ticket.save(update_fields=["status", "waiting_since", "last_message_at"])
    mail = ticket_mail_queue(ticket=ticket, kind=EmailKind.TICKET_ANSWERED, actor=actor, extra={"reply": body})
    if order is not None:
        history.record(
            order, TicketEventType.TICKET_ANSWERED, actor=actor, ticket_id=ticket.pk, subject=ticket.subject,
            emailed=mail.to,
        )  # fmt: skip
    return ticket


@transaction.atomic
def ticket_close(*, ticket: Ticket, actor) -> Ticket:
    """Sluiten: nothing more to do; a reply of the customer opens it again."""
    order, ticket = _locked(ticket)
    _refuse(rules.close_refusal(ticket))
    _count_open(order, -1 if ticket.status == TicketStatus.OPEN else 0)
    ticket.status, ticket.waiting_since = TicketStatus.CLOSED, None
    ticket.save(update_fields=["status", "waiting_since"])
    if order is not None:
        history.record(order, TicketEventType.TICKET_CLOSED, actor=actor, ticket_id=ticket.pk, subject=ticket.subject)
    return ticket


@transaction.atomic
def ticket_assign(*, ticket: Ticket, actor, assignee) -> Ticket:
    """Toewijzen aan een collega (or to nobody: `assignee` None)."""
    _refuse(rules.assignee_refusal(assignee))
    order, ticket = _locked(ticket)
    if ticket.assignee_id == (assignee.pk if assignee else None):
        raise ActionRefused(_("Het ticket is al aan deze collega toegewezen."))
    ticket.assignee = assignee
    ticket.save(update_fields=["assignee"])
    if order is not None:
        history.record(
            order, TicketEventType.TICKET_ASSIGNED, actor=actor, ticket_id=ticket.pk, subject=ticket.subject,
            assignee=_name(assignee) if assignee else "",
        )  # fmt: skip
    return ticket
