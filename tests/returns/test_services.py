"""Returns: every rule and refusal of the services, the amounts, the credit invoice, the system status."""

from decimal import Decimal

import pytest

from backoffice.exceptions import ActionRefused
from history.models import OrderEvent
from invoicing.models import Invoice, InvoiceKind
from orders.models import Order, OrderStatus
from returns.models import Return, ReturnLine, ReturnStatus
from returns.services import return_create, return_credit, return_mark_refunded, return_status_change
from tests.concurrency import click_twice_at_once
from tests.invoicing.factories import make_credit_invoice, make_invoice
from tests.orders.factories import line, make_order
from tests.returns.factories import make_action, make_reason, make_return, shipped_order
from tests.shipping.factories import coffee_and_tea, lines, make_shipment
from tests.support import event_types

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop")]


def status_of(order) -> str:
    return Order.objects.get(pk=order.pk).status


# --- what can be returned -----------------------------------------------------------------------------------


def test_a_return_registers_the_chosen_pieces_with_reason_action_and_amount(staff):
    order = shipped_order()
    coffee, tea = lines(order)
    reason, action = make_reason("Te klein"), make_action("Ruilen")

    ret = make_return(
        order, quantities={coffee.pk: 2, tea.pk: 0}, reason=reason, action=action, note=" past niet ", actor=staff
    )

    assert ret.sequence == 1 and ret.status == ReturnStatus.REGISTERED
    assert (ret.reason, ret.action, ret.note, ret.created_by) == (reason, action, "past niet", staff)
    [returned] = ret.lines.all()
    assert (returned.order_line, returned.quantity) == (coffee, 2)
    assert returned.amount == ret.amount == Decimal("49.90")  # 2 × 24,95 incl. btw
    assert "RETURN_REGISTERED" in event_types(order)


def test_the_amount_is_the_price_after_the_line_discount_and_the_last_piece_takes_what_is_left():
    order = make_order(lines=[line(quantity=3, unit_price=Decimal("10.00"), discount=Decimal("1.00"))])
    make_shipment(order, shipped=True)
    [coffee] = lines(order)
    assert coffee.total == Decimal("29.00")

    first = make_return(order, quantities={coffee.pk: 1})
    second = make_return(order, quantities={coffee.pk: 2})

    assert first.amount == Decimal("9.67")  # 29,00 / 3, rounded half up
    assert second.amount == Decimal("19.33")  # the rest: together exactly the line's total
    assert first.amount + second.amount == coffee.total


def test_shipping_cost_is_refunded_when_ticked_and_only_once():
    order = shipped_order()
    coffee, tea = lines(order)
    ret = make_return(order, quantities={coffee.pk: 1}, refund_shipping=True)
    assert ret.shipping_amount == order.shipping_cost == Decimal("4.95")
    assert ret.amount == Decimal("24.95") + Decimal("4.95")

    with pytest.raises(ActionRefused, match="verzendkosten"):
        make_return(order, quantities={tea.pk: 1}, refund_shipping=True)


def test_never_more_than_was_shipped_summed_over_all_returns():
    order = coffee_and_tea()
    coffee, tea = lines(order)
    make_shipment(order, quantities={coffee.pk: 2}, shipped=True)  # 2 of 3 coffee shipped, no tea
    make_return(order, quantities={coffee.pk: 1})

    with pytest.raises(ActionRefused, match="nog 1 retour"):
        make_return(order, quantities={coffee.pk: 2})
    with pytest.raises(ActionRefused, match="nog 0 retour"):
        make_return(order, quantities={tea.pk: 1})
    assert Return.objects.filter(order=order).count() == 1


def test_a_packing_slip_not_yet_shipped_does_not_count():
    order = coffee_and_tea()
    make_shipment(order, shipped=False)
    with pytest.raises(ActionRefused, match="nog niets verzonden"):
        make_return(order)


def test_a_rejected_return_gives_its_pieces_back():
    order = shipped_order()
    coffee, _tea = lines(order)
    ret = make_return(order, quantities={coffee.pk: 3})
    with pytest.raises(ActionRefused, match="nog 0 retour"):
        make_return(order, quantities={coffee.pk: 1})
    return_status_change(ret=ret, status=ReturnStatus.REJECTED, actor=None)
    assert make_return(order, quantities={coffee.pk: 3}).sequence == 2


@pytest.mark.parametrize(
    ("quantities", "message"),
    [("none", "minstens één"), ("zero", "minstens één"), ("negative", "niet -1"), ("foreign", "hoort niet bij")],
)
def test_refusals_change_nothing(quantities, message):
    order = shipped_order()
    coffee, _tea = lines(order)
    quantities = {
        "none": {}, "zero": {coffee.pk: 0}, "negative": {coffee.pk: -1}, "foreign": {lines(shipped_order())[0].pk: 1},
    }[quantities]  # fmt: skip
    before = list(OrderEvent.objects.filter(order=order).values_list("pk", flat=True))

    with pytest.raises(ActionRefused, match=message):
        return_create(order=order, actor=None, quantities=quantities)

    assert not Return.objects.filter(order=order).exists()
    assert list(OrderEvent.objects.filter(order=order).values_list("pk", flat=True)) == before


def test_an_inactive_reason_is_refused():
    order = shipped_order()
    reason = make_reason()
    reason.is_active = False
    reason.save()
    with pytest.raises(ActionRefused, match="niet actief"):
        make_return(order, reason=reason)


def test_a_double_submit_of_the_popup_makes_one_return():
    order = shipped_order()
    key = "6f1c1f7e-3d1b-4a7e-9a43-2f0f7f1f2b10"
    first = make_return(order, submit_key=key)
    second = make_return(order, submit_key=key)
    assert first.pk == second.pk
    assert Return.objects.filter(order=order).count() == 1


# --- status and the system status ---------------------------------------------------------------------------


def test_an_open_return_makes_the_order_retour_until_it_is_handled():
    order = shipped_order()
    assert status_of(order) == OrderStatus.SHIPPED
    ret = make_return(order)
    assert status_of(order) == OrderStatus.RETURN
    assert Order.objects.get(pk=order.pk).open_returns == 1

    return_status_change(ret=ret, status=ReturnStatus.RECEIVED, actor=None)
    assert status_of(order) == OrderStatus.RETURN
    return_status_change(ret=ret, status=ReturnStatus.HANDLED, actor=None)

    assert status_of(order) == OrderStatus.SHIPPED
    assert Order.objects.get(pk=order.pk).open_returns == 0
    assert event_types(order).count("STATUS_CHANGED") >= 3


def test_rejecting_the_last_open_return_gives_the_status_back():
    order = shipped_order()
    ret = make_return(order)
    return_status_change(ret=ret, status=ReturnStatus.REJECTED, actor=None)
    assert status_of(order) == OrderStatus.SHIPPED


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ([], ReturnStatus.HANDLED),  # Aangemeld → Afgehandeld skips Ontvangen
        ([ReturnStatus.RECEIVED, ReturnStatus.HANDLED], ReturnStatus.RECEIVED),
        ([ReturnStatus.REJECTED], ReturnStatus.RECEIVED),
        ([ReturnStatus.RECEIVED], "nonsense"),
    ],
)
def test_statuses_follow_their_order(path, status):
    ret = make_return()
    for step in path:
        ret = return_status_change(ret=ret, status=step, actor=None)
    with pytest.raises(ActionRefused, match="kan niet naar"):
        return_status_change(ret=ret, status=status, actor=None)


# --- credit invoices ----------------------------------------------------------------------------------------


def test_crediting_a_return_makes_one_credit_invoice_of_its_lines_and_locks_it():
    order = shipped_order()
    invoice = make_invoice(order, paid=True)
    coffee, _tea = lines(order)
    ret = make_return(order, quantities={coffee.pk: 1}, refund_shipping=True)

    credit = return_credit(ret=ret, actor=None)

    ret.refresh_from_db()
    assert credit.kind == InvoiceKind.CREDIT and credit.credited_invoice == invoice
    assert credit.total == -ret.amount == -(Decimal("24.95") + Decimal("4.95"))
    assert sorted((line.description, line.quantity) for line in credit.lines.all()) == [
        ("Koffiebonen 1 kg", -1), ("PostNL pakket", -1),
    ]  # fmt: skip
    assert ret.is_locked and ret.status == ReturnStatus.HANDLED
    assert status_of(order) == OrderStatus.COMPLETED
    for change in (
        lambda: return_status_change(ret=ret, status=ReturnStatus.REJECTED, actor=None),
        lambda: return_credit(ret=ret, actor=None),
    ):
        with pytest.raises(ActionRefused, match="kan niet meer worden gewijzigd"):
            change()


def test_credit_factuur_aanmaken_makes_the_return_and_its_credit_invoice_together():
    order = shipped_order()
    make_invoice(order)
    coffee, tea = lines(order)
    ret = make_return(order, quantities={coffee.pk: 1, tea.pk: 2}, credit=True, send_credit=False)
    assert ret.is_locked
    assert Invoice.objects.filter(order=order, kind=InvoiceKind.CREDIT).count() == 1
    assert {"RETURN_REGISTERED", "CREDIT_INVOICE_ISSUED", "RETURN_CREDITED"} <= set(event_types(order))
    assert "STATUS_CHANGED" not in event_types(order)[-3:]  # never Retour: registered and handled in one go
    assert Order.objects.get(pk=order.pk).status == OrderStatus.SHIPPED


def test_never_credit_more_than_is_left_on_the_invoice():
    order = shipped_order()
    invoice = make_invoice(order)
    coffee, _tea = lines(order)
    coffee_line = invoice.lines.get(order_line=coffee)
    make_credit_invoice(invoice, quantities={coffee_line.pk: 3}, send=False)  # all coffee credited by hand
    ret = make_return(order, quantities={coffee.pk: 1})

    with pytest.raises(ActionRefused, match="nog 0 gefactureerd"):
        return_credit(ret=ret, actor=None)
    assert not Return.objects.get(pk=ret.pk).is_locked


def test_a_return_without_an_invoice_cannot_be_credited():
    ret = make_return()
    with pytest.raises(ActionRefused, match="geen factuur"):
        return_credit(ret=ret, actor=None)


def test_a_return_sent_back_in_parts_gets_one_credit_invoice_per_part():
    order = shipped_order()
    invoice = make_invoice(order)
    coffee, _tea = lines(order)
    for _ in range(3):
        return_credit(ret=make_return(order, quantities={coffee.pk: 1}), actor=None)
    credits = Invoice.objects.filter(order=order, kind=InvoiceKind.CREDIT)
    assert credits.count() == 3
    coffee_total = invoice.lines.get(order_line=coffee).total
    assert -sum(credit.total for credit in credits) == coffee_total
    assert sum(ReturnLine.objects.filter(ret__order=order).values_list("amount", flat=True)) == coffee_total


@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_creditfactuur_aanmaken_make_one_credit_invoice(shop):
    order = shipped_order()
    make_invoice(order)
    ret = make_return(order)

    outcomes = click_twice_at_once(lambda: return_credit(ret=ret, actor=None))

    assert outcomes == ["done", "refused"]
    assert Invoice.objects.filter(order=order, kind=InvoiceKind.CREDIT).count() == 1


# --- paid back ----------------------------------------------------------------------------------------------


def test_terugbetaald_records_who_and_when_and_marks_the_credit_invoice(staff):
    order = shipped_order()
    make_invoice(order, paid=True)
    ret = make_return(order)
    credit = return_credit(ret=ret, actor=None)

    ret = return_mark_refunded(ret=ret, actor=staff)

    assert ret.refunded_by == staff and ret.refunded_at is not None
    credit.refresh_from_db()
    assert credit.is_paid
    with pytest.raises(ActionRefused, match="al terugbetaald"):
        return_mark_refunded(ret=ret, actor=staff)


def test_a_rejected_return_is_not_paid_back():
    ret = make_return()
    return_status_change(ret=ret, status=ReturnStatus.REJECTED, actor=None)
    with pytest.raises(ActionRefused, match="afgewezen"):
        return_mark_refunded(ret=ret, actor=None)


def test_everything_returned_is_refused_with_its_reason():
    order = shipped_order()
    coffee, tea = lines(order)
    make_return(order, quantities={coffee.pk: 3, tea.pk: 2})
    with pytest.raises(ActionRefused, match="al retour gemeld"):
        make_return(order, quantities={coffee.pk: 1})


def test_a_cancelled_order_has_nothing_to_return():
    order = coffee_and_tea()
    from orders.models import CancelReason
    from orders.services import order_cancel

    order_cancel(order=order, actor=None, reason=CancelReason.CUSTOMER_REQUEST)
    with pytest.raises(ActionRefused, match="geannuleerde"):
        make_return(order)


# --- e-mails ------------------------------------------------------------------------------------------------


def test_the_customer_gets_retour_aangemeld_when_staff_tick_it_and_afgehandeld_by_default():
    from notifications.models import OutboxMessage

    order = shipped_order()
    coffee, _tea = lines(order)
    quiet = make_return(order, quantities={coffee.pk: 1})
    assert not OutboxMessage.objects.filter(order=order, kind__startswith="return_").exists()

    told = make_return(order, quantities={coffee.pk: 1}, mail_customer=True)
    [registered] = OutboxMessage.objects.filter(order=order, kind="return_registered")
    assert "1 × Koffiebonen 1 kg" in registered.body and "24,95" in registered.body

    return_status_change(ret=told, status=ReturnStatus.RECEIVED, actor=None)
    return_status_change(ret=told, status=ReturnStatus.HANDLED, actor=None)
    return_status_change(ret=quiet, status=ReturnStatus.RECEIVED, actor=None)
    return_status_change(ret=quiet, status=ReturnStatus.HANDLED, actor=None, mail_customer=False)

    assert OutboxMessage.objects.filter(order=order, kind="return_handled").count() == 1
    last = OrderEvent.objects.filter(order=order, type="RETURN_STATUS_CHANGED", data__status="handled").first()
    assert last.data.get("email_id")


def test_an_order_marked_shipped_without_packing_slips_counts_as_shipped_in_full():
    """Imported orders, or shipped outside the backoffice: the order row says Verzonden and there is no slip."""
    order = coffee_and_tea()
    Order.objects.filter(pk=order.pk).update(shipment_status="shipped")
    coffee, tea = lines(order)
    ret = make_return(order, quantities={coffee.pk: 3, tea.pk: 2})
    assert ret.lines.count() == 2
    with pytest.raises(ActionRefused, match="al retour gemeld"):
        make_return(order, quantities={coffee.pk: 1})
