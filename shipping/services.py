"""Every write of shipping: make a packing slip, mark it shipped, Verzonden for the whole (rest of the) order.

All writes of one order's shipments lock the order row first, so two clicks on Verzonden make one shipment
and one e-mail, and no order line ends up on packing slips for more than was ordered. The customer gets
the "Order verzonden" e-mail, or – when a Track & Trace code was entered – the "Track & Trace" e-mail with
its link instead; never both.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.exceptions import ActionRefused
from backoffice.models import ShopSettings
from backoffice.numbering import PACKING_SLIP_SERIES, number_format, number_next
from history import services as history
from notifications.registry import EmailKind
from notifications.services import mail_queue
from orders.lifecycle import status_follow
from orders.models import Order, OrderLine

from .events import ShippingEventType
from .models import DEFAULT_TRACKING_URLS, Shipment, ShipmentLine, ShippingMethod
from .rules import (
    normalize_tracking_code,
    remaining_quantities,
    ship_refusal,
    shipment_status,
    tracking_code_problem,
    tracking_url,
)


def _lines_and_remaining(order: Order) -> tuple[list[OrderLine], dict[OrderLine, int]]:
    lines = list(order.lines.order_by("position"))
    return lines, remaining_quantities(lines, ShipmentLine.objects.filter(shipment__order=order))


def _checked_code(code: str) -> str:
    code = normalize_tracking_code(code)
    if problem := tracking_code_problem(code):
        raise ActionRefused(problem)
    return code


def tracking_url_pattern(order: Order) -> str:
    """The order's shipping method's tracking link pattern, else its carrier's."""
    method = ShippingMethod.objects.filter(name__iexact=order.shipping_method).first()
    if method is not None:
        return method.tracking_url_pattern
    return DEFAULT_TRACKING_URLS.get(order.carrier, "")


def _create(*, order: Order, chosen: dict[OrderLine, int], actor, submit_key=None) -> Shipment:
    """One packing slip for `chosen` (already checked against what is left), numbered now."""
    shop = ShopSettings.load()
    sequence = number_next(series=PACKING_SLIP_SERIES, start=shop.packing_slip_start_number)
    shipment = Shipment.objects.create(
        order=order,
        number=number_format(shop.packing_slip_prefix, sequence),
        sequence=sequence,
        created_at=timezone.now(),
        created_by=actor,
    )
    ordered = sorted(chosen.items(), key=lambda item: item[0].position)
    ShipmentLine.objects.bulk_create(
        ShipmentLine(shipment=shipment, order_line=line, quantity=quantity) for line, quantity in ordered
    )
    history.record(
        order,
        ShippingEventType.SHIPMENT_CREATED,
        actor=actor,
        number=shipment.number,
        items=[[line.product_name, quantity] for line, quantity in ordered],
        submit_key=submit_key,
    )
    return shipment


@transaction.atomic
def shipment_create(*, order: Order, actor, quantities: dict[int, int] | None = None, submit_key=None) -> Shipment:
    """Pakbon aanmaken: for every item not on a packing slip yet (no quantities), or the chosen quantity per
    order line id (a partial shipment). A second submit of the same dialog (`submit_key`) gets the first slip."""
    order = Order.objects.lock(order)
    if earlier := history.earlier_submit(order, ShippingEventType.SHIPMENT_CREATED, submit_key):
        return Shipment.objects.get(order=order, number=earlier.data["number"])
    if refusal := ship_refusal(order):
        raise ActionRefused(refusal)
    lines, remaining = _lines_and_remaining(order)
    if not any(remaining.values()):
        raise ActionRefused(_("Alle producten van deze order staan al op een pakbon."))
    if quantities is None:
        chosen = {line: left for line, left in remaining.items() if left > 0}
    else:
        by_id = {line.pk: line for line in lines}
        chosen = {}
        for line_id, quantity in quantities.items():
            if not quantity:
                continue
            line = by_id.get(line_id)
            if line is None:
                raise ActionRefused(_("Die orderregel hoort niet bij order %(number)s.") % {"number": order.number})
            if quantity < 0 or quantity > remaining[line]:
                raise ActionRefused(
                    _("Van %(product)s kunnen nog %(left)s mee, niet %(quantity)s.")
                    % {"product": line.product_name, "left": remaining[line], "quantity": quantity}
                )
            chosen[line] = quantity
        if not chosen:
            raise ActionRefused(_("Kies minstens één product voor de pakbon."))
    return _create(order=order, chosen=chosen, actor=actor, submit_key=submit_key)


def _ship(*, order: Order, shipments: list[Shipment], actor, code: str, created: Shipment | None = None) -> None:
    """Mark `shipments` shipped now with `code`; the order's shipping status follows; one e-mail, one event."""
    now = timezone.now()
    url = tracking_url(tracking_url_pattern(order), code=code, order=order)
    for shipment in shipments:
        shipment.shipped_at, shipment.shipped_by, shipment.tracking_code, shipment.tracking_url = now, actor, code, url
        shipment.save(update_fields=["shipped_at", "shipped_by", "tracking_code", "tracking_url"])
    lines = list(order.lines.order_by("position"))
    order.shipment_status = shipment_status(
        lines, ShipmentLine.objects.filter(shipment__order=order, shipment__shipped_at__isnull=False)
    )
    order.save(update_fields=["shipment_status", "updated_at"])
    email = None
    if order.email:
        if code:
            extra = {
                "shipping_method": order.shipping_method,
                "carrier": order.get_carrier_display(),
                "tracking_code": code,
                "tracking_url": url,
            }
            email = mail_queue(order=order, kind=EmailKind.TRACK_AND_TRACE, extra=extra, actor=actor)
        else:
            extra = {"shipping_method": order.shipping_method}
            email = mail_queue(order=order, kind=EmailKind.ORDER_SHIPPED, extra=extra, actor=actor)
    history.record(
        order,
        ShippingEventType.SHIPMENT_SHIPPED,
        actor=actor,
        numbers=[shipment.number for shipment in shipments],
        tracking_code=code,
        tracking_url=url,
        **({"created": created.number} if created else {}),
        **({"email_id": email.pk} if email else {}),
    )
    status_follow(order, actor=actor)


@transaction.atomic
def shipment_mark_shipped(*, shipment: Shipment, actor, tracking_code: str = "") -> Shipment:
    """The blue i next to a packing slip: this parcel has left, with its Track & Trace code if there is one."""
    order = Order.objects.lock(shipment.order)
    shipment = Shipment.objects.get(pk=shipment.pk)
    if shipment.is_shipped:
        raise ActionRefused(_("Pakbon %(number)s is al verzonden.") % {"number": shipment.number})
    if refusal := ship_refusal(order):
        raise ActionRefused(refusal)
    code = _checked_code(tracking_code)
    _ship(order=order, shipments=[shipment], actor=actor, code=code)
    return shipment


@transaction.atomic
def order_mark_shipped(*, order: Order, actor, tracking_code: str = "") -> list[Shipment]:
    """Verzonden (the blue button of the Verzendmethoden block): everything of the order that has not been
    shipped goes now – its open packing slips, and a new packing slip for items on none."""
    order = Order.objects.lock(order)
    if refusal := ship_refusal(order):
        raise ActionRefused(refusal)
    code = _checked_code(tracking_code)
    _lines, remaining = _lines_and_remaining(order)
    shipments = list(Shipment.objects.for_order(order).filter(shipped_at__isnull=True))
    created = None
    if rest := {line: left for line, left in remaining.items() if left > 0}:
        created = _create(order=order, chosen=rest, actor=actor)
        shipments.append(created)
    if not shipments:
        raise ActionRefused(_("Deze order is al helemaal verzonden."))
    _ship(order=order, shipments=shipments, actor=actor, code=code, created=created)
    return shipments
