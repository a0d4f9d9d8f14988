"""One effect per click for the actions that create something: the dialog's hidden `submit_key`
(backoffice/forms/submit_key.py). Two submits of one opened dialog at the same moment make one thing; a dialog
opened again makes another. (Order kopiëren with ten at once: tests/orders/test_actions.py.)"""

import pytest
from django.test import Client

from invoicing.models import Invoice
from notifications.models import OutboxMessage
from shipping.models import Shipment
from tests.concurrency import click_twice_at_once
from tests.invoicing.factories import make_invoice
from tests.orders.factories import line
from tests.shipping.factories import coffee_and_tea, lines
from tests.support import HTMX, element, event_types


def clients(user, count=2) -> list[Client]:
    made = [Client() for _ in range(count)]
    for client in made:
        client.force_login(user)
    return made


def open_dialog(client, url: str) -> str:
    return element(client.get(url, headers=HTMX).text, "input", name="submit_key").attrs["value"]


def submit_twice_at_once(user, url: str, data: dict) -> list[int]:
    """Open the dialog once, then post it from two clients at the same moment; their status codes."""
    first, second = clients(user)
    data = data | {"submit_key": open_dialog(first, url)}
    statuses = []
    iterator = iter([first, second])

    def submit():
        statuses.append(next(iterator).post(url, data, headers=HTMX).status_code)

    assert click_twice_at_once(submit) == ["done", "done"]
    return statuses


@pytest.mark.django_db(transaction=True)
def test_pakbon_aanmaken_twice_at_once_makes_one_packing_slip(staff):
    order = coffee_and_tea()
    coffee, tea = lines(order)
    url = f"/orders/{order.number}/shipments/new/"

    statuses = submit_twice_at_once(staff, url, {f"line_{coffee.pk}": "1", f"line_{tea.pk}": "0"})

    assert statuses == [200, 200]
    assert Shipment.objects.filter(order=order).count() == 1
    assert event_types(order).count("SHIPMENT_CREATED") == 1

    (client,) = clients(staff, count=1)
    client.post(url, {f"line_{coffee.pk}": "1", "submit_key": open_dialog(client, url)}, headers=HTMX)
    assert Shipment.objects.filter(order=order).count() == 2  # the dialog opened again: a second slip


@pytest.mark.django_db(transaction=True)
def test_creditfactuur_aanmaken_twice_at_once_makes_one_credit_invoice(staff):
    invoice = make_invoice(lines=[line(quantity=3)], actor=staff)
    order = invoice.order
    first = invoice.lines.order_by("position").first()

    statuses = submit_twice_at_once(
        staff, f"/orders/{order.number}/invoices/credit/", {"invoice": invoice.number, f"line_{first.pk}": "1"}
    )

    assert statuses == [200, 200]
    assert Invoice.objects.filter(order=order, credited_invoice__isnull=False).count() == 1
    assert event_types(order).count("CREDIT_INVOICE_ISSUED") == 1


@pytest.mark.django_db(transaction=True)
def test_klant_inlichten_twice_at_once_sends_one_email(staff):
    order = coffee_and_tea()

    statuses = submit_twice_at_once(staff, f"/orders/{order.number}/customer/inform/", {"message": "Hallo!"})

    assert statuses == [200, 200]
    assert OutboxMessage.objects.filter(order=order).count() == 1
    assert event_types(order).count("CUSTOMER_INFORMED") == 1
