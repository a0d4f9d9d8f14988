"""The Verzendmethoden and Verzendingen blocks as a shop employee uses them: a partial shipment (deelzending)
from Pakbon aanmaken, that parcel marked shipped from its blue i, then Verzonden for the rest."""

import re

import pytest
from playwright.sync_api import expect

from notifications.models import OutboxMessage
from notifications.registry import EmailKind
from orders.models import Order, ShipmentStatus
from shipping.models import Shipment
from tests.customers.factories import CustomerFactory
from tests.orders.factories import line, make_order
from tests.support import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_partial_shipment_from_the_blue_i_then_verzonden_for_the_rest(staff_page, document):
    page = staff_page
    order = make_order(
        customer=CustomerFactory(email="jan@example.nl"),
        lines=[line(product_name="Koffiebonen 1 kg", quantity=3), line(product_name="Thee", sku="TH-1", quantity=2)],
    )
    page.goto(f"/orders/{order.number}/")
    document.mark()
    methods = page.locator("#block-shipping")
    shipments = page.locator("#block-shipments")
    expect(methods).to_contain_text("PostNL pakket")
    expect(methods.locator(".badge")).to_have_text("Niet verzonden")
    expect(shipments).to_contain_text("Deze order heeft nog geen pakbon.")

    # Only one bag of coffee is in stock: Mila packs that one now (all that is left is offered by default).
    shipments.get_by_role("button", name="Pakbon aanmaken").click()
    dialog = page.get_by_role("dialog", name="Pakbon aanmaken")
    expect(dialog.get_by_label("Koffiebonen 1 kg")).to_have_value("3")
    expect(dialog.get_by_label("Thee")).to_have_value("2")
    dialog.get_by_label("Koffiebonen 1 kg").fill("1")
    dialog.get_by_label("Thee").fill("0")
    dialog.get_by_role("button", name="Pakbon aanmaken").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    first = Shipment.objects.get(order=order)
    expect(page.locator("#messages")).to_have_text(f"Pakbon {first.number} is aangemaakt.")
    row = shipments.locator(f"#shipment-{first.pk}")
    expect(row.locator(".badge")).to_have_text("Aangemaakt")

    # The printer opens that slip's PDF in a new tab: one bag of coffee, no tea, no prices.
    printer = row.get_by_role("link", name=f"Pakbon {first.number} printen")
    expect(printer).to_have_attribute("target", "_blank")
    slip = pdf_text(page.request.get(printer.get_attribute("href")).body())
    assert f"Pakbon {first.number}" in slip and "Koffiebonen 1 kg KB-1000 1" in slip
    assert "Thee" not in slip and "€" not in slip

    # The parcel leaves: the blue i, the Track & Trace code, Verzonden.
    row.get_by_role("button", name=f"Pakbon {first.number} bekijken").click()
    dialog = page.get_by_role("dialog", name=f"Pakbon {first.number}")
    expect(dialog.locator(".shipment-lines")).to_contain_text("Koffiebonen 1 kg")
    expect(dialog.locator(".shipment-lines")).not_to_contain_text("Thee")
    dialog.get_by_label("Track & Trace code").fill("3SFIRST001")
    dialog.get_by_role("button", name="Verzonden").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("#messages")).to_have_text(
        f"Pakbon {first.number} is verzonden; de klant kreeg de Track & Trace-e-mail."
    )
    expect(row.locator(".badge")).to_have_text("Verzonden")
    expect(row.get_by_role("link", name="3SFIRST001")).to_have_attribute("href", re.compile(r"3SFIRST001-NL-"))
    expect(methods.locator(".badge")).to_have_text("Deels verzonden")  # the other block heard order-changed
    expect(methods.get_by_role("link", name="3SFIRST001")).to_be_visible()

    # The rest goes out from the Verzendmethoden block with its own code.
    methods.get_by_label("Track & Trace code").fill("3SREST0002")
    methods.get_by_role("button", name="Verzonden").click()
    expect(page.locator("#messages")).to_have_text("De order is verzonden; de klant kreeg de Track & Trace-e-mail.")
    expect(methods.locator(".badge")).to_have_text("Verzonden")
    expect(methods.get_by_role("link", name="3SREST0002")).to_be_visible()
    expect(methods.get_by_role("button", name="Verzonden")).to_have_count(0)
    expect(methods).to_contain_text("Deze order is helemaal verzonden.")
    rest = Shipment.objects.filter(order=order).latest("id")
    expect(shipments.locator(f"#shipment-{rest.pk} .badge")).to_have_text("Verzonden")
    expect(shipments.get_by_role("button", name="Pakbon aanmaken")).to_have_count(0)
    assert document.is_same()
    assert Order.objects.get(pk=order.pk).shipment_status == ShipmentStatus.SHIPPED
    kinds = list(OutboxMessage.objects.filter(order=order).values_list("kind", flat=True))
    assert kinds.count(EmailKind.TRACK_AND_TRACE) == 2 and EmailKind.ORDER_SHIPPED not in kinds

    # The history tells both parcels apart.
    page.get_by_role("tab", name="Geschiedenis").click()
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text(f"Pakbon {first.number} aangemaakt: 1 × Koffiebonen 1 kg.")
    expect(timeline).to_contain_text(f"Verzonden (pakbon {first.number}) met Track & Trace-code 3SFIRST001.")
    expect(timeline).to_contain_text(f"Pakbon {rest.number} aangemaakt: 2 × Koffiebonen 1 kg, 2 × Thee.")
    expect(timeline).to_contain_text(f"Verzonden (pakbon {rest.number}) met Track & Trace-code 3SREST0002.")

    # The Verzendingen tab: both packing slips, what was in each, their codes.
    page.get_by_role("tab", name="Verzendingen").click()
    expect(page.get_by_role("tab", name="Verzendingen")).to_have_attribute("aria-selected", "true")
    first_row = page.locator(f"#shipment-row-{first.pk}")
    expect(first_row).to_contain_text("1 × Koffiebonen 1 kg")
    expect(first_row.get_by_role("link", name="3SFIRST001")).to_be_visible()
    rest_row = page.locator(f"#shipment-row-{rest.pk}")
    expect(rest_row).to_contain_text("2 × Koffiebonen 1 kg")
    expect(rest_row).to_contain_text("2 × Thee")
    expect(rest_row.get_by_role("link", name="3SREST0002")).to_be_visible()
    assert document.is_same()
