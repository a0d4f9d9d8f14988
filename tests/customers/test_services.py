"""Klant inlichten and the Klant tab's corrections: every rule and every refusal of the services."""

import pytest
from django.core import mail
from django.db import transaction

from backoffice.exceptions import ActionRefused
from customers.events import CustomerEventType
from customers.models import Customer
from customers.rules import MESSAGE_MAX_LENGTH
from customers.services import customer_inform, customer_update, order_address_update
from history import services as history
from history.models import OrderEvent
from history.selectors import history_tab
from notifications.models import OutboxMessage, OutboxStatus
from notifications.registry import EmailKind
from orders.events import OrderEventType
from orders.models import Order, OrderStatus
from tests.customers.factories import CustomerFactory
from tests.orders.factories import make_order
from tests.support import shop_settings

pytestmark = pytest.mark.django_db


def events(order) -> list[OrderEvent]:
    return list(OrderEvent.objects.filter(order=order).order_by("id"))


def snapshot(order) -> tuple[dict, dict]:
    """Everything a refused action must leave alone: the order row and its customer row."""
    return Order.objects.values().get(pk=order.pk), Customer.objects.values().get(pk=order.customer_id)


# Klant inlichten


def test_inform_queues_one_email_with_the_message_and_records_it(staff, django_capture_on_commit_callbacks):
    order = make_order(customer=CustomerFactory(email="jan@example.nl"))

    with django_capture_on_commit_callbacks(execute=True):
        email = customer_inform(order=order, actor=staff, message="  Uw bestelling wordt morgen bezorgd.\n")

    email.refresh_from_db()
    assert OutboxMessage.objects.get() == email
    assert email.kind == EmailKind.INFORM_CUSTOMER and email.to == "jan@example.nl" and email.created_by == staff
    assert "\n\nUw bestelling wordt morgen bezorgd.\n\n" in email.body and order.number in email.subject
    assert email.status == OutboxStatus.SENT
    assert len(mail.outbox) == 1 and "Uw bestelling wordt morgen bezorgd." in mail.outbox[0].body
    assert mail.outbox[0].to == ["jan@example.nl"]
    informed = events(order)[-1]
    assert informed.type == CustomerEventType.CUSTOMER_INFORMED and informed.actor == staff
    assert informed.data == {
        "message": "Uw bestelling wordt morgen bezorgd.",
        "to": "jan@example.nl",
        "email_id": email.pk,
    }
    assert len(events(order)) == 2


def test_inform_history_row_says_who_informed_the_customer_and_links_the_email(staff):
    order = make_order(customer=CustomerFactory(email="jan@example.nl"))

    email = customer_inform(order=order, actor=staff, message="Het pakket is vertraagd.")

    row = history_tab(order)[0]
    assert row.label == "Klant ingelicht"
    assert row.sentence == "Bericht aan jan@example.nl: Het pakket is vertraagd."
    assert row.actor == "Mila de Vries" and row.email_id == email.pk


def test_inform_uses_the_order_language_when_the_shop_offers_it(staff):
    shop_settings(languages=["nl", "de"])
    order = make_order(language="de")

    email = customer_inform(order=order, actor=staff, message="Ihr Paket kommt morgen.")

    assert email.language == "de" and "Ihr Paket kommt morgen." in email.body and "Guten Tag" in email.body


def test_a_cancelled_order_may_still_be_explained_to_the_customer(staff):
    order = make_order()
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED)

    customer_inform(order=order, actor=staff, message="Helaas is het product uitverkocht.")

    assert OutboxMessage.objects.count() == 1


def test_a_message_of_exactly_the_maximum_length_is_sent(staff):
    order = make_order()

    customer_inform(order=order, actor=staff, message="x" * MESSAGE_MAX_LENGTH)

    assert OutboxMessage.objects.count() == 1


@pytest.mark.parametrize(
    ("prepare", "message", "refusal"),
    [
        ({}, "", "Schrijf eerst een bericht"),
        ({}, " \n\t ", "Schrijf eerst een bericht"),
        ({}, "x" * (MESSAGE_MAX_LENGTH + 1), "te lang: hoogstens 5000 tekens, dit zijn er 5001"),
        ({"email": ""}, "Uw pakket is onderweg.", "geen e-mailadres"),
    ],
)
def test_inform_refusals_send_nothing_and_record_nothing(
    staff, prepare, message, refusal, django_capture_on_commit_callbacks
):
    order = make_order()
    Order.objects.filter(pk=order.pk).update(**prepare)
    before = snapshot(order)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ActionRefused, match=refusal):
        customer_inform(order=Order.objects.get(pk=order.pk), actor=staff, message=message)

    assert snapshot(order) == before
    assert OutboxMessage.objects.count() == 0 and mail.outbox == []
    assert [event.type for event in events(order)] == [OrderEventType.ORDER_CREATED]


# Klantgegevens


def test_customer_update_changes_the_customer_and_records_old_and_new(staff):
    customer = CustomerFactory(email="oud@example.nl", phone="0612345678", company="")
    order = make_order(customer=customer)

    customer_update(
        order=order,
        actor=staff,
        changes={
            "email": "nieuw@example.nl",
            "phone": "020 123 4567",
            "company": " Bakkerij Jansen ",
            "language": "nl",
        },
    )

    customer.refresh_from_db()
    assert (customer.email, customer.phone, customer.company) == ("nieuw@example.nl", "020 123 4567", "Bakkerij Jansen")
    event = events(order)[-1]
    assert event.type == CustomerEventType.CUSTOMER_UPDATED and event.actor == staff
    assert event.data == {
        "changes": [
            {"field": "company", "old": "", "new": "Bakkerij Jansen"},
            {"field": "email", "old": "oud@example.nl", "new": "nieuw@example.nl"},
            {"field": "phone", "old": "0612345678", "new": "020 123 4567"},
        ]
    }
    assert history_tab(order)[0].sentence == (
        "Klantgegevens gewijzigd: bedrijf — → Bakkerij Jansen; e-mailadres oud@example.nl → nieuw@example.nl; "
        "telefoonnummer 0612345678 → 020 123 4567"
    )


def test_a_new_email_address_becomes_the_orders_address_so_mail_goes_there(staff):
    order = make_order(customer=CustomerFactory(email="oud@example.nl"))

    customer_update(order=order, actor=staff, changes={"email": "nieuw@example.nl"})
    email = customer_inform(order=order, actor=staff, message="Test")

    order.refresh_from_db()
    assert order.email == "nieuw@example.nl" and email.to == "nieuw@example.nl"


def test_other_changes_leave_the_orders_email_alone(staff):
    order = make_order(customer=CustomerFactory(email="klant@example.nl"))
    Order.objects.filter(pk=order.pk).update(email="anders@example.nl")

    customer_update(order=order, actor=staff, changes={"phone": "+31 6 1234 5678"})

    assert Order.objects.get(pk=order.pk).email == "anders@example.nl"


def test_the_history_names_a_language_by_its_name(staff):
    order = make_order()

    customer_update(order=order, actor=staff, changes={"language": "de"})

    assert history_tab(order)[0].sentence == "Klantgegevens gewijzigd: taal Nederlands → Deutsch"


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"email": "zelfde@example.nl"},
        {"email": " zelfde@example.nl ", "language": "nl", "company": ""},
    ],
)
def test_customer_update_without_a_change_is_refused_and_records_nothing(staff, changes):
    order = make_order(customer=CustomerFactory(email="zelfde@example.nl", company=""))
    before = snapshot(order)

    with pytest.raises(ActionRefused, match="Er is niets gewijzigd."):
        customer_update(order=order, actor=staff, changes=changes)

    assert snapshot(order) == before
    assert [event.type for event in events(order)] == [OrderEventType.ORDER_CREATED]


def test_customer_update_only_takes_the_customers_own_fields(staff):
    order = make_order()

    with pytest.raises(ValueError, match="user"):
        customer_update(order=order, actor=staff, changes={"user": None})


# Adressen


def test_address_update_changes_the_snapshot_and_stores_the_postcode_normalized(staff):
    order = make_order(customer=CustomerFactory(first_name="Jan", last_name="Jansen"))

    order_address_update(
        order=order,
        actor=staff,
        kind="billing",
        changes={"postcode": "3511 ab", "city": "Utrecht", "name": "Jan Jansen"},
    )

    order.refresh_from_db()
    assert (order.billing_postcode, order.billing_city) == ("3511AB", "Utrecht")
    assert (order.shipping_postcode, order.shipping_city) == ("1012LG", "Amsterdam")
    event = events(order)[-1]
    assert event.type == CustomerEventType.ADDRESS_UPDATED
    assert event.data == {
        "kind": "billing",
        "changes": [
            {"field": "postcode", "old": "1012LG", "new": "3511AB"},
            {"field": "city", "old": "Amsterdam", "new": "Utrecht"},
        ],
    }
    assert (
        history_tab(order)[0].sentence == "Factuuradres gewijzigd: postcode 1012LG → 3511AB; plaats Amsterdam → Utrecht"
    )


def test_shipping_address_update(staff):
    order = make_order()

    order_address_update(order=order, actor=staff, kind="shipping", changes={"country": "be", "postcode": "1000"})

    order.refresh_from_db()
    assert (order.shipping_country, order.shipping_postcode) == ("BE", "1000")
    assert order.billing_country == "NL"
    assert history_tab(order)[0].sentence == "Verzendadres gewijzigd: postcode 1012LG → 1000; land NL → BE"


def test_address_update_without_a_change_is_refused_and_records_nothing(staff):
    order = make_order()
    before = snapshot(order)

    with pytest.raises(ActionRefused, match="Er is niets gewijzigd."):
        order_address_update(
            order=order, actor=staff, kind="billing", changes={"postcode": "1012 lg", "city": "Amsterdam"}
        )

    assert snapshot(order) == before
    assert [event.type for event in events(order)] == [OrderEventType.ORDER_CREATED]


@pytest.mark.parametrize(("kind", "changes"), [("delivery", {"city": "Utrecht"}), ("billing", {"email": "x@y.nl"})])
def test_address_update_takes_only_known_kinds_and_parts(staff, kind, changes):
    order = make_order()

    with pytest.raises(ValueError):
        order_address_update(order=order, actor=staff, kind=kind, changes=changes)


def test_old_history_about_a_removed_field_still_reads():
    order = make_order()
    with transaction.atomic():
        history.record(
            order, CustomerEventType.CUSTOMER_UPDATED, changes=[{"field": "fax", "old": "", "new": "020 1234567"}]
        )

    assert history_tab(order)[0].sentence == "Klantgegevens gewijzigd: fax — → 020 1234567"
