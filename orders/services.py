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

from .events import OrderEventType
from .models import ADDRESS_PARTS, Address, Order, OrderLine, PaymentMethod, PaymentStatus, normalize_postcode

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
) -> Order:
    """An order as the webshop places it: numbered, totalled, with its first history event.

    An order paid at checkout (iDEAL, PayPal, …) arrives paid.
    """
    if not lines:
        raise ActionRefused(_("Een order heeft minstens één orderregel nodig."))
    for line in lines:
        if line.quantity <= 0:
            raise ActionRefused(_("Het aantal van %(product)s moet positief zijn.") % {"product": line.product_name})
        if line.discount < 0 or line.discount > line.unit_price * line.quantity:
            raise ActionRefused(_("De korting op %(product)s is ongeldig.") % {"product": line.product_name})
    payment_method = PaymentMethod(payment_method)
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
        payment_status=PaymentStatus.PAID if payment_method.pays_directly else PaymentStatus.UNPAID,
        paid_at=placed_at if payment_method.pays_directly else None,
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
    history.record(order, OrderEventType.ORDER_CREATED, actor=actor, number=order.number)
    return order
