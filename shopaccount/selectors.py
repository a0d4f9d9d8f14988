"""Every read of Mijn account, each scoped to the logged-in customer: another customer's order, invoice, ticket or
attachment is DoesNotExist (the views answer 404, never 403: nobody learns that it exists)."""

from dataclasses import dataclass

from invoicing.models import Invoice
from invoicing.selectors import order_invoices
from orders.models import Order
from shipping.models import Shipment
from tickets.models import Ticket
from tickets.selectors import customer_tickets

ORDERS_PER_PAGE = 20
ORDER_CHOICES = 100  # the newest orders offered in "Een vraag stellen"


def customer_orders(customer, *, page: int = 1) -> tuple[list[Order], bool]:
    """The customer's orders, newest first: one page and whether there is a next. One query (the custom status
    joined for its name)."""
    offset = (page - 1) * ORDERS_PER_PAGE
    found = list(
        Order.objects.filter(customer=customer).select_related("custom_status")
        .order_by("-placed_at", "-id")[offset : offset + ORDERS_PER_PAGE + 1]
    )  # fmt: skip
    return found[:ORDERS_PER_PAGE], len(found) > ORDERS_PER_PAGE


def order_choices(customer) -> list[Order]:
    return list(
        Order.objects.filter(customer=customer).only("id", "number").order_by("-placed_at", "-id")[:ORDER_CHOICES]
    )


def customer_order(customer, number: str) -> Order:
    return Order.objects.select_related("custom_status").get(customer=customer, number=number)


def customer_invoice(order: Order, invoice_number: str) -> Invoice:
    return Invoice.objects.get(order=order, number=invoice_number)


def customer_ticket(customer, ticket_id: int) -> Ticket:
    return Ticket.objects.of_customer(customer).select_related("order", "customer").get(pk=ticket_id)


@dataclass(frozen=True)
class OrderPage:
    order: Order
    invoices: list[Invoice]
    shipments: list[Shipment]  # shipped, with a Track & Trace link
    tickets: list[Ticket]


def order_page(order: Order, t: dict) -> OrderPage:
    """One order of the customer: its invoices (two queries), its shipped parcels with a Track & Trace link (one)
    and the customer's questions about it (one)."""
    shipments = [
        shipment for shipment in Shipment.objects.for_order(order) if shipment.is_shipped and shipment.tracking_url
    ]
    invoices = order_invoices(order)
    for invoice in invoices:
        invoice.label = t["credit_invoice" if invoice.is_credit else "invoice"] % {"number": invoice.number}
    for shipment in shipments:
        shipment.follow = t["follow"] % {"code": shipment.tracking_code or shipment.number}
    return OrderPage(
        order=order,
        invoices=invoices,
        shipments=shipments,
        tickets=customer_tickets(order.customer, order=order),
    )


def status_name(order: Order, language: str, t: dict) -> str:
    """The order's status as staff chose to show it: a custom status's name in the customer's language, else the
    system status in the customer's words."""
    if order.custom_status_id is not None:
        return order.custom_status.name_in(language)
    return t.get(f"st_{order.status}", order.status)
