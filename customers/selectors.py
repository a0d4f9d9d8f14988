from dataclasses import dataclass

from backoffice.languages import language_name
from notifications.registry import EmailKind
from notifications.services import email_compose, email_language, order_email_context
from orders.models import Order
from orders.selectors import Cursor, OrderPage, order_list

from .models import Customer


@dataclass(frozen=True)
class CustomerBlock:
    id: int
    name: str
    company: str
    email: str
    phone: str
    language: str  # the language's name


def customer_block(order: Order) -> dict:
    """The Klant block. No query of its own: the dashboard's order comes with its customer (select_related)."""
    customer = order.customer
    return {
        "customer_block": CustomerBlock(
            id=customer.pk,
            name=customer.full_name,
            company=customer.company,
            email=customer.email,
            phone=customer.phone,
            language=customer.get_language_display(),
        )
    }


def customer_tab(order: Order) -> dict:
    """The Klant tab: the customer record and the order's addresses. No query of its own (see customer_block)."""
    return {"customer": order.customer}


@dataclass(frozen=True)
class CustomerDetail:
    customer: Customer
    orders: OrderPage


def customer_detail(*, user, customer_id: int, cursor: Cursor | None = None) -> CustomerDetail:
    """Bekijk klant: the customer and one page of all their orders, newest first. Raises Customer.DoesNotExist.

    The orders are the orders list's keyset pages filtered on the customer: three queries, however many
    orders the customer has and however deep the page.
    """
    customer = Customer.objects.select_related("user").get(pk=customer_id)
    orders = order_list(user=user, filters={"customer": customer.pk}, cursor=cursor)
    return CustomerDetail(customer=customer, orders=orders)


@dataclass(frozen=True)
class EmailPreview:
    to: str
    language: str  # the language's name
    subject: str
    body: str


def customer_inform_preview(order: Order, message: str) -> EmailPreview:
    """Klant inlichten › Voorbeeld: the complete e-mail as the customer will receive it."""
    language = email_language(order)
    subject, body = email_compose(
        kind=EmailKind.INFORM_CUSTOMER,
        language=language,
        context=order_email_context(order, language) | {"message": message},
    )
    return EmailPreview(to=order.email, language=language_name(language), subject=subject, body=body)
