"""The status app's services: choosing a custom status for an order, and managing the custom statuses."""

import re

import pytest

from backoffice.exceptions import ActionRefused
from history.models import OrderEvent
from notifications.models import OutboxMessage
from orders.models import CancelReason, Order, OrderStatus
from orders.services import order_cancel
from payments.services import payment_mark_paid
from status.models import CustomStatus
from status.services import (
    custom_status_activate,
    custom_status_create,
    custom_status_delete,
    custom_status_move,
    custom_status_update,
    order_custom_status_set,
)
from tests.concurrency import click_at_once
from tests.customers.factories import CustomerFactory
from tests.orders.factories import make_order
from tests.status.factories import make_custom_status
from tests.support import event_types

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop")]


def refreshed(order) -> Order:
    return Order.objects.select_related("custom_status").get(pk=order.pk)


# --- choosing a custom status ---------------------------------------------------------------------------------


def test_a_custom_status_replaces_what_staff_see_and_the_system_status_goes_on_underneath(staff):
    order = make_order()
    waiting = make_custom_status("Wacht op leverancier", colour="amber")

    order_custom_status_set(order=order, status=waiting, actor=staff)
    payment_mark_paid(order=order, actor=staff)

    order = refreshed(order)
    assert order.status_label == "Wacht op leverancier" and order.status_badge_class == "badge-colour-amber"
    assert order.status == OrderStatus.PROCESSING  # Betaald still moved the system status
    event = OrderEvent.objects.get(order=order, type="CUSTOM_STATUS_SET")
    assert event.actor == staff
    assert event.data == {"status_id": waiting.pk, "names": {"nl": "Wacht op leverancier"}}
    assert CustomStatus.objects.get(pk=waiting.pk).is_used


def test_choosing_another_replaces_it_and_clearing_shows_the_system_status_again(staff):
    order = make_order()
    waiting, checking = make_custom_status("Wacht op leverancier"), make_custom_status("Wordt gecontroleerd")
    order_custom_status_set(order=order, status=waiting, actor=staff)

    order_custom_status_set(order=order, status=checking, actor=staff)
    replaced = OrderEvent.objects.filter(order=order).latest("id")
    order_custom_status_set(order=order, status=None, actor=staff)
    cleared = OrderEvent.objects.filter(order=order).latest("id")

    assert replaced.data["previous"] == {"nl": "Wacht op leverancier"}
    assert cleared.type == "CUSTOM_STATUS_CLEARED" and cleared.data == {"previous": {"nl": "Wordt gecontroleerd"}}
    order = refreshed(order)
    assert order.custom_status is None and order.status_label == "Nieuw"


def test_choosing_what_the_order_already_has_records_nothing(staff):
    order = make_order()
    waiting = make_custom_status(mail=True)
    order_custom_status_set(order=order, status=waiting, actor=staff)
    events = event_types(order)

    order_custom_status_set(order=order, status=waiting, actor=staff)
    order_custom_status_set(order=make_order(), status=None, actor=staff)

    assert event_types(order) == events and OutboxMessage.objects.filter(order=order).count() == 1


def test_a_cancelled_order_gets_no_custom_status(staff):
    order = make_order()
    order_cancel(order=order, actor=staff, reason=CancelReason.OUT_OF_STOCK)
    events = event_types(order)

    with pytest.raises(ActionRefused, match="Een geannuleerde order krijgt geen eigen status."):
        order_custom_status_set(order=order, status=make_custom_status(), actor=staff)

    assert refreshed(order).custom_status is None and event_types(order) == events


def test_cancelling_drops_the_custom_status_and_says_so(staff):
    order = make_order()
    order_custom_status_set(order=order, status=make_custom_status("Wacht op leverancier"), actor=staff)

    order_cancel(order=order, actor=staff, reason=CancelReason.OUT_OF_STOCK)

    order = refreshed(order)
    assert order.custom_status is None and order.status_label == "Geannuleerd"
    change = OrderEvent.objects.filter(order=order, type="STATUS_CHANGED").latest("id")
    assert change.data == {"previous": "new", "status": "cancelled", "custom_status": {"nl": "Wacht op leverancier"}}


def test_a_deactivated_status_is_refused_for_other_orders_but_kept_by_those_that_have_it(staff):
    order, other = make_order(), make_order()
    waiting = make_custom_status()
    order_custom_status_set(order=order, status=waiting, actor=staff)

    custom_status_activate(status=waiting, active=False, actor=staff)

    with pytest.raises(ActionRefused, match="De status “Wacht op leverancier” is niet meer actief."):
        order_custom_status_set(order=other, status=waiting, actor=staff)
    assert refreshed(order).status_label == "Wacht op leverancier"
    order_custom_status_set(order=order, status=waiting, actor=staff)  # what it has: nothing to refuse


@pytest.mark.parametrize(
    ("language", "subject"),
    [("nl", "Uw bestelling {number}: Wacht op leverancier"), ("de", "Ihre Bestellung {number}: Wartet auf Lieferant")],
)
def test_a_status_that_mails_queues_the_customers_email_in_their_language(staff, language, subject):
    order = make_order(customer=CustomerFactory(language=language), language=language)
    waiting = make_custom_status("Wacht op leverancier", en="Awaiting supplier", de="Wartet auf Lieferant", mail=True)

    order_custom_status_set(order=order, status=waiting, actor=staff)

    mail = OutboxMessage.objects.get(order=order)
    assert mail.kind == f"custom_status-{waiting.pk}" and mail.subject == subject.format(number=order.number)
    assert OrderEvent.objects.get(order=order, type="CUSTOM_STATUS_SET").data["email_id"] == mail.pk


def test_without_an_email_address_the_status_is_set_and_nobody_is_mailed(staff):
    order = make_order()
    Order.objects.filter(pk=order.pk).update(email="")

    order_custom_status_set(order=order, status=make_custom_status(mail=True), actor=staff)

    assert refreshed(order).custom_status is not None and not OutboxMessage.objects.filter(order=order).exists()


@pytest.mark.django_db(transaction=True)
def test_two_people_choosing_at_once_the_last_one_wins_and_nobody_gets_an_error(shop, staff, admin_user):
    order = make_order()
    waiting, checking = make_custom_status("Wacht op leverancier"), make_custom_status("Wordt gecontroleerd")

    outcomes = click_at_once(
        lambda: order_custom_status_set(order=order, status=waiting, actor=staff),
        lambda: order_custom_status_set(order=order, status=checking, actor=admin_user),
    )

    assert outcomes == [("done", ""), ("done", "")]
    last = OrderEvent.objects.filter(order=order, type="CUSTOM_STATUS_SET").latest("id")
    assert refreshed(order).custom_status_id == last.data["status_id"]
    assert OrderEvent.objects.filter(order=order, type="CUSTOM_STATUS_SET").count() == 2


# --- managing the custom statuses -----------------------------------------------------------------------------


def test_a_new_status_goes_last_with_its_names_tidied():
    first = make_custom_status("Wacht op leverancier")
    second = make_custom_status("  Wordt   gecontroleerd ", en="Being checked")

    assert second.position == first.position + 1
    assert second.names == {"nl": "Wordt gecontroleerd", "en": "Being checked"}


@pytest.mark.parametrize(
    ("names", "colour", "message"),
    [
        ({"nl": "", "en": "Awaiting supplier"}, "blue", "Geef de status een Nederlandse naam."),
        ({"nl": "wacht op LEVERANCIER"}, "blue", "Er is al een status “wacht op LEVERANCIER”."),
        ({"nl": "Nieuw", "en": "awaiting supplier"}, "blue", "Er is al een status “awaiting supplier”."),
        ({"nl": "x" * 41}, "blue", "Een naam is hoogstens 40 tekens."),
        ({"nl": "Retour"}, "fuchsia", "Kies een kleur uit de lijst."),
    ],
)
def test_refused_names_and_colours_change_nothing(names, colour, message):
    make_custom_status("Wacht op leverancier", en="Awaiting supplier")

    with pytest.raises(ActionRefused, match=re.escape(message)):
        custom_status_create(names=names, colour=colour, mail_customer=False, actor=None)

    assert CustomStatus.objects.count() == 1


def test_renaming_keeps_its_own_name_free_and_the_history_keeps_the_old_name(staff):
    order = make_order()
    waiting = make_custom_status("Wacht op leverancier")
    order_custom_status_set(order=order, status=waiting, actor=staff)

    custom_status_update(
        status=waiting, names={"nl": "Wacht op Leverancier", "en": "Awaiting supplier"}, colour="purple",
        mail_customer=False, actor=staff,
    )  # fmt: skip

    assert refreshed(order).status_label == "Wacht op Leverancier"
    assert OrderEvent.objects.get(order=order, type="CUSTOM_STATUS_SET").data["names"] == {"nl": "Wacht op leverancier"}


def test_moving_up_and_down_swaps_neighbours_and_stops_at_the_ends(staff):
    a, b, c = (make_custom_status(name) for name in ("A", "B", "C"))

    custom_status_move(status=c, up=True, actor=staff)
    assert [status.names["nl"] for status in CustomStatus.objects.in_order()] == ["A", "C", "B"]
    custom_status_move(status=a, up=False, actor=staff)
    assert [status.names["nl"] for status in CustomStatus.objects.in_order()] == ["C", "A", "B"]
    with pytest.raises(ActionRefused, match="Deze status staat al bovenaan."):
        custom_status_move(status=c, up=True, actor=staff)
    with pytest.raises(ActionRefused, match="Deze status staat al onderaan."):
        custom_status_move(status=b, up=False, actor=staff)


def test_a_used_status_is_deactivated_never_deleted_an_unused_one_may_go(staff):
    used, typo = make_custom_status("Wacht op leverancier"), make_custom_status("Wacht op leverancer")
    order = make_order()
    order_custom_status_set(order=order, status=used, actor=staff)
    order_custom_status_set(order=order, status=None, actor=staff)  # no order carries it now; it was used

    with pytest.raises(ActionRefused, match="is al gebruikt en kan niet worden verwijderd"):
        custom_status_delete(status=used, actor=staff)
    custom_status_delete(status=typo, actor=staff)

    assert list(CustomStatus.objects.values_list("pk", flat=True)) == [used.pk]


def test_activating_twice_is_refused(staff):
    waiting = make_custom_status()

    with pytest.raises(ActionRefused, match="Deze status is al actief."):
        custom_status_activate(status=waiting, active=True, actor=staff)
    custom_status_activate(status=waiting, active=False, actor=staff)
    with pytest.raises(ActionRefused, match="Deze status is al niet actief."):
        custom_status_activate(status=waiting, active=False, actor=staff)
