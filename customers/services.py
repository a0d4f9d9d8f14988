"""Every write of the customer side of an order: Klant inlichten and corrections on the Klant tab."""

from django.db import transaction
from django.utils.translation import gettext as _

from backoffice.exceptions import ActionRefused
from history import services as history
from notifications.models import OutboxMessage
from notifications.registry import EmailKind
from notifications.services import mail_queue
from orders import hooks
from orders.models import ADDRESS_PARTS, Order, normalize_postcode

from .events import CustomerEventType
from .models import Customer
from .rules import message_problem

CUSTOMER_FIELDS = ("first_name", "last_name", "company", "email", "phone", "vat_number", "language")
ADDRESS_KINDS = ("billing", "shipping")


def _differences(current: dict, changes: dict) -> list[dict]:
    """The changes that really change something, as {"field", "old", "new"} in a stable field order."""
    return [
        {"field": field, "old": current[field], "new": changes[field]}
        for field in current
        if field in changes and changes[field] != current[field]
    ]


def _cleaned(changes: dict, allowed) -> dict:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"Not a field that can be changed here: {', '.join(sorted(unknown))}")
    return {field: value.strip() if isinstance(value, str) else value for field, value in changes.items()}


@transaction.atomic
def customer_inform(*, order: Order, actor, message: str, submit_key=None) -> OutboxMessage:
    """Klant inlichten: the message goes to the customer inside the shop's e-mail "Klant inlichten".

    The e-mail is queued in this transaction and sent after the commit; the history links to it.
    Informing the customer about a cancelled order is fine (that is often the reason to write). A second submit
    of the same dialog (`submit_key`: a double click) sends nothing more.
    """
    message = message.strip()
    if problem := message_problem(message):
        raise ActionRefused(problem)
    order = Order.objects.lock(order)
    if earlier := history.earlier_submit(order, CustomerEventType.CUSTOMER_INFORMED, submit_key):
        return OutboxMessage.objects.get(pk=earlier.data["email_id"])
    email = mail_queue(order=order, kind=EmailKind.INFORM_CUSTOMER, extra={"message": message}, actor=actor)
    history.record(
        order,
        CustomerEventType.CUSTOMER_INFORMED,
        actor=actor,
        message=message,
        to=email.to,
        email_id=email.pk,
        submit_key=submit_key,
    )
    return email


@transaction.atomic
def customer_update(*, order: Order, actor, changes: dict) -> Customer:
    """Klant tab: add or correct the customer's data (`changes`: field -> cleaned value, as CustomerForm gives).

    A new e-mail address also becomes this order's address, so its mail goes to the new address.
    """
    changes = _cleaned(changes, CUSTOMER_FIELDS)
    order = Order.objects.lock(order)
    customer = Customer.objects.select_for_update().get(pk=order.customer_id)
    differences = _differences({field: getattr(customer, field) for field in CUSTOMER_FIELDS}, changes)
    if not differences:
        raise ActionRefused(_("Er is niets gewijzigd."))
    for change in differences:
        setattr(customer, change["field"], change["new"])
    customer.save(update_fields=[change["field"] for change in differences])
    if "email" in {change["field"] for change in differences} and order.email != customer.email:
        order.email = customer.email
        order.save(update_fields=["email", "updated_at"])
    history.record(order, CustomerEventType.CUSTOMER_UPDATED, actor=actor, changes=differences)
    return customer


@transaction.atomic
def order_address_update(*, order: Order, actor, kind: str, changes: dict) -> Order:
    """Klant tab: add or correct the order's billing or shipping address (the snapshot taken at checkout).

    `changes`: address part -> cleaned value, as AddressForm gives. Postcodes are stored the way
    order_create stores them (`1012AB`), countries upper case.
    """
    if kind not in ADDRESS_KINDS:
        raise ValueError(f"Unknown address kind {kind!r}")
    changes = _cleaned(changes, ADDRESS_PARTS)
    if "postcode" in changes:
        changes["postcode"] = normalize_postcode(changes["postcode"])
    if "country" in changes:
        changes["country"] = changes["country"].upper()
    order = Order.objects.lock(order)
    differences = _differences({part: getattr(order, f"{kind}_{part}") for part in ADDRESS_PARTS}, changes)
    if not differences:
        raise ActionRefused(_("Er is niets gewijzigd."))
    for change in differences:
        setattr(order, f"{kind}_{change['field']}", change["new"])
    order.save(update_fields=[f"{kind}_{change['field']}" for change in differences] + ["updated_at"])
    history.record(order, CustomerEventType.ADDRESS_UPDATED, actor=actor, kind=kind, changes=differences)
    hooks.address_changed(order=order, actor=actor, kind=kind)  # geocoded again (addresses)
    return order


@transaction.atomic
def customer_login_ensure(*, customer: Customer):
    """Mijn account for a customer made at checkout without a password: a login for the customer's e-mail address,
    without a usable password (the reset link sets one). The login it has already; None when the address belongs to
    another account (staff, or another customer's)."""
    from django.contrib.auth import get_user_model

    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if customer.user_id is not None:
        return customer.user
    users = get_user_model().objects
    if users.filter(email__iexact=customer.email.strip()).exists():
        return None
    user = users.create_user(
        customer.email.strip(), password=None, first_name=customer.first_name[:150], last_name=customer.last_name[:150]
    )
    customer.user = user
    customer.save(update_fields=["user"])
    return user
