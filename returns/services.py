"""Every write of returns: register a return (Retour aanmaken, or Credit factuur aanmaken: a return and its credit
invoice together), move its status, credit it, mark it paid back.

Each service is one transaction that locks the order row first, so two clicks act one after the other and the
second sees what the first did: never more returned than shipped, never a second credit invoice for one return.
After each, the order's count of open returns (`Order.open_returns`) is recounted and the system status follows
(`orders.lifecycle.status_follow`): an open return shows Retour.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.exceptions import ActionRefused
from backoffice.money import ZERO, format_money
from history import services as history
from invoicing.models import Invoice, InvoiceLineKind
from invoicing.rules import creditable, open_invoices
from invoicing.services import credit_invoice_create, invoice_update
from notifications.registry import EmailKind
from notifications.services import email_language, mail_queue
from orders import ledger
from orders.lifecycle import status_follow
from orders.models import Order, OrderLine

from .events import ReturnEventType
from .models import OPEN_STATUSES, Return, ReturnAction, ReturnLine, ReturnReason, ReturnStatus
from .rules import (
    Returnable,
    create_refusal,
    credit_refusal,
    line_amount,
    refunded_refusal,
    returnable,
    shipping_refunded,
    status_refusal,
)


def order_returnable(order: Order) -> list[Returnable]:
    """Per order line: shipped, returned, what can still be returned. Three queries."""
    lines = list(OrderLine.objects.filter(order=order).order_by("position"))
    shipped = ledger.quantities("shipped", order, lines)
    counting = ReturnLine.objects.filter(ret__order=order).exclude(ret__status=ReturnStatus.REJECTED)
    return returnable(lines, shipped, list(counting.only("order_line_id", "quantity", "amount")))


def return_quote(*, order: Order, quantities: dict[int, int], refund_shipping: bool) -> tuple[dict, Decimal, Decimal]:
    """What a return of `quantities` ({order line id: pieces}) would be: ({Returnable: (pieces, amount)}, shipping
    amount, total). Refuses what the rules refuse. Used by the service (under the lock) and by the popup's amount."""
    items = order_returnable(order)
    if refusal := create_refusal(order, items):
        raise ActionRefused(refusal)
    by_id = {item.line.pk: item for item in items}
    chosen: dict[Returnable, tuple[int, Decimal]] = {}
    for line_id, quantity in quantities.items():
        if not quantity:
            continue
        item = by_id.get(line_id)
        if item is None:
            raise ActionRefused(_("Die orderregel hoort niet bij order %(number)s.") % {"number": order.number})
        if quantity < 0 or quantity > item.left:
            raise ActionRefused(
                _("Van %(product)s kunnen nog %(left)s retour komen (verzonden en nog niet retour), niet %(quantity)s.")
                % {"product": item.line.product_name, "left": item.left, "quantity": quantity}
            )
        chosen[item] = (quantity, line_amount(item, quantity))
    if not chosen:
        raise ActionRefused(_("Kies bij minstens één product hoeveel er retour komen."))
    shipping = ZERO
    if refund_shipping:
        if not order.shipping_cost:
            raise ActionRefused(_("Deze order heeft geen verzendkosten om terug te betalen."))
        if shipping_refunded(list(Return.objects.filter(order=order).only("refund_shipping", "status"))):
            raise ActionRefused(_("De verzendkosten van deze order worden al met een andere retour terugbetaald."))
        shipping = order.shipping_cost
    total = sum((amount for _quantity, amount in chosen.values()), ZERO) + shipping
    return chosen, shipping, total


def _follow(order: Order, *, actor) -> None:
    """Recount the order's open returns (on its row, for the state table) and let the system status follow."""
    count = Return.objects.filter(order=order, status__in=OPEN_STATUSES).count()
    if count != order.open_returns:
        order.open_returns = count
        order.save(update_fields=["open_returns", "updated_at"])
    status_follow(order, actor=actor)


def _mail(order: Order, ret: Return, kind: EmailKind, *, actor):
    """The e-mail about `ret` to the customer, through the outbox (sent after the commit); None without an address."""
    if not order.email:
        return None
    language = email_language(order)
    items = "\n".join(f"{line.quantity} × {line.order_line.product_name}" for line in ret.lines_with_order_lines())
    extra = {"return_items": items, "amount": format_money(ret.amount, language, order.currency)}
    return mail_queue(order=order, kind=kind, extra=extra, actor=actor)


def _chosen_active(model, pk, label: str):
    if pk is None:
        return None
    found = model.objects.filter(pk=getattr(pk, "pk", pk)).first()
    if found is None or not found.is_active:
        raise ActionRefused(_("Die %(what)s bestaat niet (meer) of is niet actief.") % {"what": label})
    return found


@transaction.atomic
def return_create(
    *,
    order: Order,
    actor,
    quantities: dict[int, int],
    reason=None,
    action=None,
    note: str = "",
    refund_shipping: bool = False,
    credit: bool = False,
    send_credit: bool = True,
    mail_customer: bool = False,
    submit_key=None,
) -> Return:
    """Retour aanmaken: `quantities` {order line id: pieces coming back}, a reason and an action (optional, active),
    a note, and whether the shipping cost is refunded too. `credit=True` (Credit factuur aanmaken) makes its credit
    invoice at once, which locks the return. `mail_customer`: the customer gets "Retour aangemeld". A second submit of
    the same popup (`submit_key`) gets the first return.
    """
    order = Order.objects.lock(order)
    if earlier := history.earlier_submit(order, ReturnEventType.RETURN_REGISTERED, submit_key):
        return Return.objects.get(order=order, sequence=earlier.data["sequence"])
    reason = _chosen_active(ReturnReason, reason, _("retour reden"))
    action = _chosen_active(ReturnAction, action, _("retour actie"))
    chosen, shipping, total = return_quote(order=order, quantities=quantities, refund_shipping=refund_shipping)
    sequence = (
        Return.objects.filter(order=order).order_by("-sequence").values_list("sequence", flat=True).first() or 0
    ) + 1
    ret = Return.objects.create(
        order=order,
        sequence=sequence,
        reason=reason,
        action=action,
        note=note.strip(),
        refund_shipping=refund_shipping,
        shipping_amount=shipping,
        amount=total,
        created_by=actor,
    )
    ordered = sorted(chosen.items(), key=lambda item: item[0].line.position)
    ReturnLine.objects.bulk_create(
        ReturnLine(ret=ret, order_line=item.line, quantity=quantity, amount=amount)
        for item, (quantity, amount) in ordered
    )
    email = _mail(order, ret, EmailKind.RETURN_REGISTERED, actor=actor) if mail_customer else None
    history.record(
        order,
        ReturnEventType.RETURN_REGISTERED,
        actor=actor,
        sequence=sequence,
        items=[[item.line.product_name, quantity] for item, (quantity, _amount) in ordered],
        amount=str(total),
        reason=reason.names.get("nl", "") if reason else "",
        action=action.names.get("nl", "") if action else "",
        submit_key=submit_key,
        **({"email_id": email.pk} if email else {}),
    )
    if credit:  # handled at once: the status follows once, after the credit
        _credit(order, ret, actor=actor, send=send_credit)
    else:
        _follow(order, actor=actor)
    return ret


def _get(ret: Return) -> Return:
    return Return.objects.select_related("credit_invoice").get(pk=ret.pk)


@transaction.atomic
def return_status_change(*, ret: Return, status: str, actor, mail_customer: bool = True) -> Return:
    """Ontvangen, Afgehandeld, Afgewezen: the next step of a return that is not locked. Afgehandeld e-mails the
    customer "Retour afgehandeld" unless `mail_customer` is off (the popup's tick, on by default)."""
    order = Order.objects.lock(ret.order)
    ret = _get(ret)
    if refusal := status_refusal(ret, status):
        raise ActionRefused(refusal)
    previous, ret.status, ret.status_changed_at = ret.status, status, timezone.now()
    ret.save(update_fields=["status", "status_changed_at"])
    email = None
    if status == ReturnStatus.HANDLED and mail_customer:
        email = _mail(order, ret, EmailKind.RETURN_HANDLED, actor=actor)
    history.record(
        order,
        ReturnEventType.RETURN_STATUS_CHANGED,
        actor=actor,
        sequence=ret.sequence,
        previous=previous,
        status=status,
        **({"email_id": email.pk} if email else {}),
    )
    _follow(order, actor=actor)
    return ret


def _credit_quantities(order: Order, ret: Return) -> tuple[Invoice, dict[int, int], dict[int, Decimal]]:
    """The open invoice of `order` and, per its line, how many pieces this return credits and for how much (the
    return's own amount). Refuses a return that asks more than is invoiced and not yet credited (per line; the total
    follows)."""
    invoices = open_invoices(list(Invoice.objects.for_order(order)))
    if not invoices:
        raise ActionRefused(_("Deze order heeft geen factuur die nog gecrediteerd kan worden."))
    invoice = invoices[-1]
    remaining = creditable(invoice)
    by_order_line = {line.order_line_id: line for line in remaining if line.kind == InvoiceLineKind.PRODUCT}
    quantities: dict[int, int] = {}
    amounts: dict[int, Decimal] = {}
    for return_line in ret.lines_with_order_lines():
        invoice_line = by_order_line.get(return_line.order_line_id)
        left = remaining[invoice_line][0] if invoice_line is not None else 0
        if return_line.quantity > left:
            raise ActionRefused(
                _("Van %(product)s staat nog %(left)s gefactureerd en niet gecrediteerd op factuur %(number)s; "
                  "deze retour vraagt %(quantity)s.")
                % {"product": return_line.order_line.product_name, "left": left, "number": invoice.number,
                   "quantity": return_line.quantity}
            )  # fmt: skip
        quantities[invoice_line.pk] = return_line.quantity
        amounts[invoice_line.pk] = return_line.amount
    if ret.refund_shipping:
        shipping = [line for line, (left, _amount) in remaining.items() if line.kind == InvoiceLineKind.SHIPPING]
        if not shipping or remaining[shipping[0]][0] < 1:
            raise ActionRefused(
                _("De verzendkosten staan niet (meer) open op factuur %(number)s.") % {"number": invoice.number}
            )
        quantities[shipping[0].pk] = 1
    return invoice, quantities, amounts


def _credit(order: Order, ret: Return, *, actor, send: bool) -> Invoice:
    """The credit invoice of `ret` (order locked): made by invoicing's own service from the open invoice, never more
    than it has left per line. The return takes the credit invoice's amounts (they agree to the cent when credits
    go with returns), is handled and locked."""
    invoice, quantities, amounts = _credit_quantities(order, ret)
    credit = credit_invoice_create(invoice=invoice, actor=actor, quantities=quantities, amounts=amounts, send=send)
    credited = {line.order_line_id: -line.total for line in credit.lines.all() if line.kind == InvoiceLineKind.PRODUCT}
    for return_line in ret.lines.all():
        if return_line.amount != credited[return_line.order_line_id]:
            return_line.amount = credited[return_line.order_line_id]
            return_line.save(update_fields=["amount"])
    previous = ret.status
    ret.credit_invoice, ret.amount = credit, -credit.total
    ret.shipping_amount = ret.amount - sum(credited.values(), ZERO)
    update_fields = ["credit_invoice", "amount", "shipping_amount"]
    if ret.status != ReturnStatus.HANDLED:
        ret.status, ret.status_changed_at = ReturnStatus.HANDLED, timezone.now()
        update_fields += ["status", "status_changed_at"]
    ret.save(update_fields=update_fields)
    history.record(
        order,
        ReturnEventType.RETURN_CREDITED,
        actor=actor,
        sequence=ret.sequence,
        number=credit.number,
        amount=str(ret.amount),
        previous=previous,
    )
    _follow(order, actor=actor)
    return credit


@transaction.atomic
def return_credit(*, ret: Return, actor, send: bool = True) -> Invoice:
    """Creditfactuur aanmaken from a registered return (e.g. when the parcel arrived): one credit invoice, after which
    the return is handled and locked. Two clicks at once: the second waits and finds the return locked."""
    order = Order.objects.lock(ret.order)
    ret = _get(ret)
    if refusal := credit_refusal(ret):
        raise ActionRefused(refusal)
    return _credit(order, ret, actor=actor, send=send)


@transaction.atomic
def return_mark_refunded(*, ret: Return, actor) -> Return:
    """Terugbetaald: the shop paid the amount back (outside the backoffice), recorded with who and when. A credited
    return's credit invoice is marked paid back too, so the Facturen block says the same."""
    order = Order.objects.lock(ret.order)
    ret = _get(ret)
    if refusal := refunded_refusal(ret):
        raise ActionRefused(refusal)
    ret.refunded_at, ret.refunded_by = timezone.now(), actor
    ret.save(update_fields=["refunded_at", "refunded_by"])
    history.record(order, ReturnEventType.RETURN_REFUNDED, actor=actor, sequence=ret.sequence, amount=str(ret.amount))
    credit = ret.credit_invoice
    if credit is not None and not credit.is_paid and not credit.settles_amount_due:
        invoice_update(invoice=credit, actor=actor, changes={"is_paid": True})
    return ret
