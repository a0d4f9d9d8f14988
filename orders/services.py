from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.exceptions import ActionRefused
from backoffice.models import ShopSettings
from backoffice.money import ZERO, quantize
from backoffice.numbering import number_format, number_next
from history import services as history

from . import hooks
from .events import OrderEventType
from .lifecycle import Facts, status_follow, system_status
from .models import (
    ADDRESS_PARTS,
    Address,
    CancelReason,
    Order,
    OrderLine,
    PaymentMethod,
    PaymentStatus,
    ShipmentStatus,
    normalize_postcode,
)
from .rules import cancel_refusal, hold_refusal, release_refusal

ORDER_SERIES = "order"


@dataclass(frozen=True)
class LineInput:
    product_name: str
    quantity: int
    unit_price: Decimal  # including VAT
    vat_rate: Decimal
    sku: str = ""
    discount: Decimal = ZERO  # for the whole line, including VAT


def line_total(line: LineInput) -> Decimal:
    return quantize(line.unit_price * line.quantity - line.discount)


def order_number_next() -> str:
    shop = ShopSettings.load()
    return number_format(shop.order_prefix, number_next(series=ORDER_SERIES, start=shop.order_start_number))


def _address_fields(kind: str, address: Address) -> dict:
    fields = {f"{kind}_{part}": getattr(address, part) for part in ADDRESS_PARTS}
    fields[f"{kind}_postcode"] = normalize_postcode(address.postcode)
    fields[f"{kind}_country"] = address.country.upper()
    return fields


@transaction.atomic
def order_create(
    *,
    customer,
    lines: list[LineInput],
    billing: Address,
    shipping: Address | None = None,
    payment_method: PaymentMethod,
    shipping_method: str,
    carrier: str,
    shipping_cost: Decimal = ZERO,
    shipping_vat_rate: Decimal = Decimal("21"),
    language: str | None = None,
    placed_at=None,
    customer_note: str = "",
    actor=None,
    arrives_paid: bool | None = None,
    copied_from: Order | None = None,
    mail_customer: bool = True,
) -> Order:
    """An order as the webshop places it: numbered, totalled, with its first history event.

    An order paid at checkout (iDEAL, PayPal, …) arrives paid, unless `arrives_paid` says otherwise.
    `mail_customer=False` keeps the other apps from e-mailing the customer about it (its invoice) now.
    """
    if not lines:
        raise ActionRefused(_("Een order heeft minstens één orderregel nodig."))
    for line in lines:
        if line.quantity <= 0:
            raise ActionRefused(_("Het aantal van %(product)s moet positief zijn.") % {"product": line.product_name})
        if line.discount < 0 or line.discount > line.unit_price * line.quantity:
            raise ActionRefused(_("De korting op %(product)s is ongeldig.") % {"product": line.product_name})
    payment_method = PaymentMethod(payment_method)
    if arrives_paid is None:
        arrives_paid = payment_method.pays_directly
    placed_at = placed_at or timezone.now()
    subtotal = sum((line_total(line) for line in lines), ZERO)
    order = Order.objects.create(
        number=order_number_next(),
        placed_at=placed_at,
        language=language or customer.language,
        customer=customer,
        email=customer.email,
        **_address_fields("billing", billing),
        **_address_fields("shipping", shipping or billing),
        payment_method=payment_method,
        payment_status=PaymentStatus.PAID if arrives_paid else PaymentStatus.UNPAID,
        status=system_status(
            Facts(cancelled=False, on_hold=False, shipped=ShipmentStatus.NOT_SHIPPED, paid=arrives_paid)
        ),
        paid_at=placed_at if arrives_paid else None,
        shipping_method=shipping_method,
        carrier=carrier,
        shipping_cost=quantize(shipping_cost),
        shipping_vat_rate=shipping_vat_rate,
        subtotal=subtotal,
        discount_total=sum((line.discount for line in lines), ZERO),
        total=subtotal + quantize(shipping_cost),
        customer_note=customer_note,
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            position=position,
            product_name=line.product_name,
            sku=line.sku,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount=line.discount,
            vat_rate=line.vat_rate,
            total=line_total(line),
        )
        for position, line in enumerate(lines, start=1)
    )
    copy_of = {"copied_from": copied_from.number} if copied_from is not None else {}
    history.record(order, OrderEventType.ORDER_CREATED, actor=actor, at=placed_at, number=order.number, **copy_of)
    hooks.order_placed(order=order, actor=actor, mail_customer=mail_customer)
    return order


@transaction.atomic
def order_copy(*, order: Order, actor, send_invoice: bool = False, submit_key=None) -> Order:
    """Order kopiëren: a new, unpaid order for the same customer with the same lines, addresses and shipping.

    For re-sending a lost parcel or re-placing an order by phone. Both orders record it in their history.
    The new order's invoice (when the shop invoices on order) is e-mailed only with `send_invoice`: a lost
    parcel sent again must not ask the customer to pay twice; staff can send it later (Opnieuw versturen).
    A second submit of the same dialog (`submit_key`: a double click) gets the copy the first one made.
    """
    original = Order.objects.lock(order)
    if earlier := history.earlier_submit(original, OrderEventType.ORDER_COPIED, submit_key):
        return Order.objects.get(number=earlier.data["copy"])
    lines = [
        LineInput(
            product_name=line.product_name,
            quantity=line.quantity,
            unit_price=line.unit_price,
            vat_rate=line.vat_rate,
            sku=line.sku,
            discount=line.discount,
        )
        for line in original.lines.order_by("position")
    ]
    copy = order_create(
        customer=original.customer,
        lines=lines,
        billing=original.billing_address,
        shipping=original.shipping_address,
        payment_method=original.payment_method,
        shipping_method=original.shipping_method,
        carrier=original.carrier,
        shipping_cost=original.shipping_cost,
        shipping_vat_rate=original.shipping_vat_rate,
        language=original.language,
        actor=actor,
        arrives_paid=False,
        copied_from=original,
        mail_customer=send_invoice,
    )
    history.record(original, OrderEventType.ORDER_COPIED, actor=actor, copy=copy.number, submit_key=submit_key)
    return copy


@transaction.atomic
def order_hold(*, order: Order, actor, reason: str = "") -> Order:
    """In de wacht zetten: the order may not be shipped until it is released."""
    order = Order.objects.lock(order)
    if refusal := hold_refusal(order):
        raise ActionRefused(refusal)
    order.is_on_hold, order.hold_reason = True, reason.strip()
    order.save(update_fields=["is_on_hold", "hold_reason", "updated_at"])
    history.record(order, OrderEventType.ORDER_HELD, actor=actor, reason=order.hold_reason)
    status_follow(order, actor=actor)
    return order


@transaction.atomic
def order_release(*, order: Order, actor) -> Order:
    """Uit de wacht halen: the order can be handled again."""
    order = Order.objects.lock(order)
    if refusal := release_refusal(order):
        raise ActionRefused(refusal)
    order.is_on_hold, order.hold_reason = False, ""
    order.save(update_fields=["is_on_hold", "hold_reason", "updated_at"])
    history.record(order, OrderEventType.ORDER_RELEASED, actor=actor)
    status_follow(order, actor=actor)
    return order


@transaction.atomic
def order_cancel(*, order: Order, actor, reason: CancelReason, note: str = "") -> Order:
    """Annuleren: only while nothing has been shipped. Its open invoices are credited (a credit invoice each);
    paid money is refunded outside the backoffice."""
    order = Order.objects.lock(order)
    if refusal := cancel_refusal(order):
        raise ActionRefused(refusal)
    reason = CancelReason(reason)
    order.cancel_reason, order.cancelled_at = reason, timezone.now()
    order.is_on_hold, order.hold_reason = False, ""
    order.save(update_fields=["cancel_reason", "cancelled_at", "is_on_hold", "hold_reason", "updated_at"])
    history.record(order, OrderEventType.ORDER_CANCELLED, actor=actor, reason=reason.value, note=note.strip())
    status_follow(order, actor=actor)
    hooks.order_cancelled(order=order, actor=actor)  # invoicing: open invoices are credited
    return order
