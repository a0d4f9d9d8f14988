"""Every write of payments: Betaald and Niet betaald (the Betaalmethoden block), Betaalherinnering.

For Betaald / Niet betaald only the payment fields change, and the order's invoices follow (invoicing's
services); what a payment means for the order's status is the state table's to say (orders/lifecycle.py).
"""

import logging
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.documents import format_date
from backoffice.exceptions import ActionRefused
from backoffice.models import ShopSettings
from backoffice.money import format_money
from history import services as history
from invoicing import services as invoicing
from notifications.registry import EmailKind
from notifications.services import email_language, mail_queue
from orders.lifecycle import status_follow
from orders.models import Order, OrderStatus, PaymentStatus

from .events import PaymentEventType
from .models import PaymentReminder
from .rules import mark_paid_refusal, mark_unpaid_refusal, reminder_refusal, repeat_refusal
from .selectors import latest_payment_reminder, payment_reminder_amount_due

logger = logging.getLogger(__name__)

# The automatic reminders: at most this many per run (the job runs every hour), oldest order first, and only
# orders that became due at most AUTOMATIC_REMINDER_WINDOW ago. Older unpaid orders are left to the staff:
# switching the setting on must not mail every unpaid order of the past years, and the job's query stays a
# short range scan of the index order_payment_sort however many old unpaid orders there are.
AUTOMATIC_REMINDERS_PER_RUN = 500
AUTOMATIC_REMINDER_WINDOW = timedelta(days=30)


@transaction.atomic
def payment_mark_paid(*, order: Order, actor) -> Order:
    """Betaald (the blue button): the payment has come in, now."""
    order = Order.objects.lock(order)  # lock first: two clicks, one effect
    if refusal := mark_paid_refusal(order):
        raise ActionRefused(refusal)
    order.payment_status, order.paid_at = PaymentStatus.PAID, timezone.now()
    order.save(update_fields=["payment_status", "paid_at", "updated_at"])
    history.record(order, PaymentEventType.PAYMENT_MARKED_PAID, actor=actor, method=order.payment_method)
    status_follow(order, actor=actor)
    invoicing.invoices_after_payment(order=order, actor=actor)  # the invoice is paid, or made now
    return order


@transaction.atomic
def payment_mark_unpaid(*, order: Order, actor) -> Order:
    """Niet betaald (the grey button): the payment was not properly received after all."""
    order = Order.objects.lock(order)
    if refusal := mark_unpaid_refusal(order):
        raise ActionRefused(refusal)
    was_paid_at = order.paid_at.isoformat() if order.paid_at else None
    order.payment_status, order.paid_at = PaymentStatus.UNPAID, None
    order.save(update_fields=["payment_status", "paid_at", "updated_at"])
    history.record(
        order,
        PaymentEventType.PAYMENT_MARKED_UNPAID,
        actor=actor,
        method=order.payment_method,
        was_paid_at=was_paid_at,
    )
    status_follow(order, actor=actor)
    invoicing.invoices_after_unpayment(order=order, actor=actor)
    return order


REMINDER_TERM = timedelta(days=14)


def reminder_due_date(invoice) -> date:
    """Pay by: the invoice's due date, or – when that has passed – 14 days from today."""
    today = timezone.localdate()
    if invoice.due_date and invoice.due_date > today:
        return invoice.due_date
    return today + REMINDER_TERM


@transaction.atomic
def payment_reminder_send(*, order: Order, actor, automatic: bool = False) -> PaymentReminder:
    """Betaalherinnering: e-mail the customer what is still to be paid, with the open invoice attached.

    The amount is the newest open invoice's total minus what was credited on it; an order without an invoice
    (the shop invoices by hand and made none) is refused: the reminder is about an invoice. The new due date
    is the invoice's, or 14 days from today when that has passed (the Dutch "veertiendagenbrief"). The e-mail is
    queued in this transaction and sent after the commit (waiting for the invoice's PDF if it is still being
    rendered); the history links to it. A second reminder within REMINDER_INTERVAL is refused, so a double
    click sends one. `automatic` (the job, actor None): only an order that never had a reminder and is not on
    hold, judged again under the lock.
    """
    order = Order.objects.lock(order)  # lock first: two clicks, one reminder
    if refusal := reminder_refusal(order):
        raise ActionRefused(refusal)
    latest = latest_payment_reminder(order)
    if automatic and latest is not None:
        raise ActionRefused(_("Deze order heeft al een betaalherinnering gehad."))
    if automatic and order.is_on_hold:
        raise ActionRefused(_("Deze order staat in de wacht."))
    if refusal := repeat_refusal(latest, now=timezone.now()):
        raise ActionRefused(refusal)
    due = payment_reminder_amount_due(order)
    if due.refusal:
        raise ActionRefused(due.refusal)
    language = email_language(order)
    invoice = due.invoice
    email = mail_queue(
        order=order,
        kind=EmailKind.PAYMENT_REMINDER,
        extra={
            "amount_due": format_money(due.amount, language, due.currency),
            "invoice_number": invoice.number if invoice else "",
            "due_date": format_date(reminder_due_date(invoice), language),
            "iban": ShopSettings.load().iban,
        },
        actor=actor,
        attachments=[invoicing.invoice_attachment(invoice)] if invoice else [],
    )
    reminder = PaymentReminder.objects.create(order=order, automatic=automatic, email=email, created_by=actor)
    history.record(
        order,
        PaymentEventType.PAYMENT_REMINDER_SENT,
        actor=actor,
        to=email.to,
        email_id=email.pk,
        invoice_number=invoice.number if invoice else "",
        amount_due=str(due.amount),
        automatic=automatic,
    )
    return reminder


def payment_reminders_due(*, now=None) -> list[int]:
    """Ids of the orders the automatic reminder is for now (empty when the shop has it off), oldest first.

    Unpaid, not cancelled, not on hold, with an e-mail address, placed `payment_reminder_after_days` ago or
    longer (but within AUTOMATIC_REMINDER_WINDOW of that), and never reminded. One query: a backward range
    scan of order_payment_sort (payment_status, placed_at, id), with an anti-join on the reminders' index.
    """
    days = ShopSettings.load().payment_reminder_after_days
    if days is None:
        return []
    due_since = (now or timezone.now()) - timedelta(days=days)
    return list(
        Order.objects.filter(
            payment_status=PaymentStatus.UNPAID,
            placed_at__lte=due_since,
            placed_at__gt=due_since - AUTOMATIC_REMINDER_WINDOW,
            is_on_hold=False,
        )
        .exclude(status=OrderStatus.CANCELLED)
        .exclude(email="")
        .filter(~Exists(PaymentReminder.objects.filter(order=OuterRef("pk"))))
        .order_by("placed_at", "id")
        .values_list("pk", flat=True)[:AUTOMATIC_REMINDERS_PER_RUN]
    )


def payment_reminders_send_due(*, now=None) -> int:
    """The automatic payment reminder (the periodic job): one reminder per due order, each in its own
    transaction. An order that changed meanwhile (paid, cancelled, reminded by hand) is refused and skipped;
    one that fails otherwise is logged and skipped, so it cannot hold up the others. Returns how many went out.
    """
    sent = 0
    for order_id in payment_reminders_due(now=now):
        try:
            payment_reminder_send(order=Order(pk=order_id), actor=None, automatic=True)
        except ActionRefused as refusal:
            logger.info("No automatic payment reminder for order %s: %s", order_id, refusal)
        except Exception:
            logger.exception("The automatic payment reminder for order %s failed.", order_id)
        else:
            sent += 1
    return sent
