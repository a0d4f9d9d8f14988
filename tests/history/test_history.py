import pytest
from django.db import transaction
from django.utils import translation

from history import registry
from history import services as history
from history.models import AppendOnlyError, OrderEvent
from history.selectors import history_tab
from orders.events import OrderEventType
from tests.orders.factories import make_order

pytestmark = pytest.mark.django_db


def test_every_registered_event_type_has_a_sentence():
    assert registry.registered_types(), "no event types registered"
    assert registry.missing_formatters() == []


def test_events_are_append_only():
    event = OrderEvent.objects.get(order=make_order())

    event.data = {"number": "changed"}
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert OrderEvent.objects.get(pk=event.pk).data != {"number": "changed"}


@pytest.mark.django_db(transaction=True)
def test_record_belongs_inside_the_services_transaction():
    order = make_order()

    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        history.record(order, OrderEventType.ORDER_CREATED, number=order.number)
    assert OrderEvent.objects.filter(order=order).count() == 1


def test_record_refuses_unknown_types():
    order = make_order()
    with pytest.raises(ValueError, match="Unknown event type"), transaction.atomic():
        history.record(order, "NOT_A_TYPE")


def test_history_tab_speaks_the_readers_language_with_the_actor(staff):
    order = make_order(actor=staff)
    with transaction.atomic():
        history.record(order, OrderEventType.ORDER_CREATED, actor=None, number=order.number, copied_from="ORD1")

    rows = history_tab(order)

    assert [row.actor for row in rows] == ["Systeem", "Mila de Vries"]
    assert rows[1].sentence == f"Order {order.number} geplaatst in de webwinkel."
    with translation.override("en"):
        assert history_tab(order)[0].actor == "System"
