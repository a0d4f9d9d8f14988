from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from backoffice.money import ZERO, format_money
from invoicing.models import Invoice
from invoicing.rules import credited_amounts, open_invoices
from invoicing.selectors import order_invoices, print_options
from orders.models import Order

from .models import PaymentReminder
from .rules import mark_paid_refusal, mark_unpaid_refusal, reminder_refusal, repeat_refusal


@dataclass(frozen=True)
class PaymentsBlock:
    method: str  # the payment method's name
    status: str  # PaymentStatus value, for the badge's colour
    status_label: str
    paid_at: datetime | None
    can_mark_paid: bool
    can_mark_unpaid: bool


def payments_block(order: Order) -> dict:
    """The Betaalmethoden block: the payment is on the order row; Print facturen asks invoicing what to offer."""
    return {
        "payments": PaymentsBlock(
            method=order.get_payment_method_display(),
            status=order.payment_status,
            status_label=order.get_payment_status_display(),
            paid_at=order.paid_at,
            can_mark_paid=mark_paid_refusal(order) is None,
            can_mark_unpaid=mark_unpaid_refusal(order) is None,
        ),
        **print_options(order),
    }


# Betaalherinnering


@dataclass(frozen=True)
class AmountDue:
    """What a payment reminder asks for: the newest open invoice minus what was credited on it. Without an open
    invoice there is nothing to remind of (`refusal` says why)."""

    amount: Decimal
    currency: str
    invoice: Invoice | None
    refusal: str | None = None  # every invoice is credited in full: nothing is open


def payment_reminder_amount_due(order: Order) -> AmountDue:
    """Two queries (the order's invoices and their documents)."""
    invoices = order_invoices(order)
    still_open = open_invoices(invoices)
    if still_open:
        invoice = still_open[-1]  # order_invoices is oldest first
        credited = credited_amounts(invoices).get(invoice.pk, ZERO)
        return AmountDue(amount=invoice.total - credited, currency=invoice.currency, invoice=invoice)
    if invoices:
        refusal = _("De facturen van deze order zijn helemaal gecrediteerd: er staat niets open om aan te herinneren.")
        return AmountDue(amount=ZERO, currency=order.currency, invoice=None, refusal=refusal)
    refusal = _("Deze order heeft nog geen factuur. Maak eerst een factuur aan; die gaat met de herinnering mee.")
    return AmountDue(amount=order.total, currency=order.currency, invoice=None, refusal=refusal)


def latest_payment_reminder(order: Order) -> PaymentReminder | None:
    return PaymentReminder.objects.filter(order=order).order_by("-sent_at", "-id").first()


def payment_reminder_dialog(order: Order) -> dict:
    """The Betaalherinnering dialog: to whom, how much, which invoice goes along, and the last reminder sent; or
    only why it cannot be sent (`refusal`: the dialog then offers no Versturen). Three queries.
    """
    due = payment_reminder_amount_due(order)
    latest = latest_payment_reminder(order)
    refusal = reminder_refusal(order) or due.refusal or repeat_refusal(latest, now=timezone.now())
    explanation = ""
    if not refusal:
        values = {
            "email": order.email,
            "amount": format_money(due.amount, translation.get_language() or "nl", due.currency),
        }
        explanation = _(
            "De klant krijgt een betaalherinnering per e-mail aan %(email)s: %(amount)s staat open. "
            "Factuur %(number)s gaat als bijlage mee."
        ) % (values | {"number": due.invoice.number})
    warning = ""
    if not refusal and latest:
        sent_at = formats.date_format(timezone.localtime(latest.sent_at), "DATETIME_FORMAT")
        if latest.automatic:
            warning = _("Op %(sent_at)s is al automatisch een betaalherinnering verstuurd.") % {"sent_at": sent_at}
        else:
            warning = _("Op %(sent_at)s is al een betaalherinnering verstuurd.") % {"sent_at": sent_at}
    return {
        "title": _("Betaalherinnering versturen"),
        "explanation": explanation,
        "warning": warning,
        "refusal": refusal or "",
        "submit_label": _("Versturen"),
    }
