"""CompiledQuery (backoffice/compiled.py): a fixed-shape query compiled once returns what its queryset returns, for
any values, and refuses what it cannot run from a cached SQL text."""

import pytest
from django.db import connection
from django.db.models import Count, F, Sum
from django.test.utils import CaptureQueriesContext

from backoffice.compiled import CompiledQuery
from orders import ledger
from orders.models import Order, OrderLine
from status.models import CustomStatus
from tests.orders.factories import line, make_order

pytestmark = pytest.mark.django_db


def quantities_of(order_id: int):
    return OrderLine.objects.filter(order_id=order_id).values_list("sku", "quantity").order_by("position")


def test_the_rows_are_the_querysets_for_every_order():
    orders = [make_order(lines=[line(quantity=n), line(quantity=n + 1)]) for n in (1, 5)]
    compiled = CompiledQuery(OrderLine, quantities_of)
    for order in [*orders, *orders]:
        assert compiled.fetch(order_id=order.pk) == list(quantities_of(order.pk))
    assert compiled.fetch(order_id=0) == []


def test_it_builds_the_queryset_only_to_compile_it_and_runs_one_query_each_time():
    order = make_order()
    built = []
    compiled = CompiledQuery(OrderLine, lambda order_id: built.append(order_id) or quantities_of(order_id))
    compiled.fetch(order_id=order.pk)
    assert len(built) == 2 and order.pk not in built  # twice, with stand-ins
    with CaptureQueriesContext(connection) as queries:
        compiled.fetch(order_id=order.pk)
    assert len(built) == 2 and len(queries) == 1


def test_several_parameters_each_go_where_they_belong():
    first, second = make_order(), make_order()

    def between(low: int, high: int):
        return Order.objects.filter(pk__gte=low, pk__lte=high).values_list("pk").order_by("pk")

    compiled = CompiledQuery(Order, between)
    assert compiled.fetch(low=first.pk, high=second.pk) == [(first.pk,), (second.pk,)]
    assert compiled.fetch(low=second.pk, high=second.pk) == [(second.pk,)]
    assert compiled.fetch(high=first.pk, low=first.pk) == [(first.pk,)]


def test_grouped_rows_and_constants_in_the_sql():
    order = make_order(lines=[line(quantity=2), line(quantity=3)])

    def totals(order_id: int):
        return (
            OrderLine.objects.filter(order_id=order_id, quantity__gte=1)
            .values("order_id")
            .annotate(pieces=Sum("quantity"), lines=Count("pk"))
            .values_list("order_id", "pieces", "lines")
        )

    assert CompiledQuery(OrderLine, totals).fetch(order_id=order.pk) == [(order.pk, 5, 2)] == list(totals(order.pk))


def test_sql_that_changes_with_a_value_is_refused():
    def sliced(order_id: int):
        return OrderLine.objects.values_list("pk")[: 1 + abs(order_id) % 7]  # a LIMIT is written into the SQL

    with pytest.raises(ValueError, match="SQL changes"):
        CompiledQuery(OrderLine, sliced).fetch(order_id=1)


def test_a_parameter_the_query_does_not_use_is_refused():
    with pytest.raises(ValueError, match="does not use every parameter"):
        CompiledQuery(OrderLine, lambda order_id: OrderLine.objects.values_list("pk")).fetch(order_id=1)


def test_values_are_converted_as_django_converts_them():
    status = CustomStatus.objects.create(names={"nl": "Wacht"}, position=1)

    def names(pk: int):
        return CustomStatus.objects.filter(pk=pk).values_list("names", "is_active", "created_at")

    assert CompiledQuery(CustomStatus, names).fetch(pk=status.pk) == list(names(status.pk))
    assert CompiledQuery(CustomStatus, names).fetch(pk=status.pk)[0][0] == {"nl": "Wacht"}


@pytest.mark.parametrize("value", [7.0, True, None, b"7"])
def test_only_integers_and_texts_are_taken(value):
    with pytest.raises(TypeError):
        CompiledQuery(OrderLine, quantities_of).fetch(order_id=value)


def test_a_parameter_keeps_the_type_it_was_compiled_for():
    compiled = CompiledQuery(Order, lambda number: Order.objects.filter(number=number).values_list("pk"))
    compiled.fetch(number="ORD1")
    with pytest.raises(TypeError):
        compiled.fetch(number=1)


def test_registering_a_ledger_column_compiles_the_ledger_afresh():
    compiled = ledger._union()
    column = ledger.columns()[0]
    ledger.register_column(column)  # as an app's ready() does
    assert ledger._union() is not compiled


def test_an_f_expression_of_a_parameter_is_fine():
    order = make_order(lines=[line(quantity=4)])

    def more_than(order_id: int):
        return OrderLine.objects.filter(order_id=order_id, quantity__gt=F("quantity") - 1).values_list("quantity")

    assert CompiledQuery(OrderLine, more_than).fetch(order_id=order.pk) == [(4,)]


def fields_of(instance) -> dict:
    return {name: value for name, value in instance.__dict__.items() if name != "_state"}


def test_instances_are_what_the_queryset_makes_deferred_fields_and_annotations_included():
    orders = [make_order(lines=[line(quantity=n)]) for n in (1, 3)]

    def lines_of(order_id: int):
        return OrderLine.objects.filter(order_id=order_id).order_by("position")

    def light(order_id: int):
        return Order.objects.filter(pk=order_id).only("number", "total").annotate(pieces=Sum("lines__quantity"))

    for build, model in ((lines_of, OrderLine), (light, Order)):
        compiled = CompiledQuery(model, build)
        for order in orders:
            made, expected = compiled.fetch(order_id=order.pk), list(build(order.pk))
            assert [fields_of(instance) for instance in made] == [fields_of(instance) for instance in expected]
            assert all(not instance._state.adding and instance._state.db == "default" for instance in made)
    light_order = CompiledQuery(Order, light).fetch(order_id=orders[1].pk)[0]
    assert (
        light_order.pieces == 3
        and light_order.get_deferred_fields()
        == Order.objects.only("number", "total").get(pk=orders[1].pk).get_deferred_fields()
    )


def test_a_query_without_parameters_compiles_too():
    CustomStatus.objects.create(names={"nl": "Wacht"}, position=2)
    CustomStatus.objects.create(names={"nl": "Klaar"}, position=1)

    def in_order():
        return CustomStatus.objects.order_by("position")

    assert [fields_of(status) for status in CompiledQuery(CustomStatus, in_order).fetch()] == [
        fields_of(status) for status in in_order()
    ]


@pytest.mark.parametrize(
    "build",
    [
        lambda order_id: Order.objects.filter(pk=order_id).prefetch_related("lines"),
        lambda order_id: Order.objects.filter(pk=order_id).values("number"),
        lambda order_id: Order.objects.filter(pk=order_id).values_list("number", flat=True),
    ],
    ids=["prefetch_related", "values", "flat"],
)
def test_what_one_compiled_query_cannot_give_is_refused(build):
    with pytest.raises(ValueError, match="run it as a queryset|can be compiled"):
        CompiledQuery(Order, build).fetch(order_id=1)


def test_select_related_and_a_text_parameter_give_the_querysets_instances():
    orders = [make_order(), make_order()]

    def by_number(number: str):
        return (
            Order.objects.select_related("customer", "custom_status")
            .annotate(line_count=Count("lines"))
            .filter(number=number)
        )

    compiled = CompiledQuery(Order, by_number)
    for order in orders:
        (made,), (expected,) = compiled.fetch(number=order.number), list(by_number(order.number))
        assert fields_of(made) == fields_of(expected) and made.line_count == 1
        assert fields_of(made.customer) == fields_of(expected.customer)
        assert made.custom_status is None and Order.custom_status.is_cached(made)  # read with it: no query later
    assert compiled.fetch(number="ORD0") == []
    assert compiled.fetch(number="it's; DROP TABLE") == []  # a value, never SQL


def test_an_ordering_by_a_column_not_asked_for_is_not_in_the_rows():
    order = make_order(lines=[line(quantity=2), line(quantity=5)])

    def by_position(order_id: int):
        # DISTINCT with an ordering not asked for adds its column to the SELECT; the queryset's rows leave it out.
        return OrderLine.objects.filter(order_id=order_id).values_list("quantity").order_by("-position").distinct()

    assert CompiledQuery(OrderLine, by_position).fetch(order_id=order.pk) == list(by_position(order.pk)) == [(5,), (2,)]


def test_a_related_managers_queryset_and_a_query_that_finds_nothing_are_refused():
    order = make_order()
    with pytest.raises(ValueError, match="related manager"):
        CompiledQuery(OrderLine, lambda order_id: Order(pk=order_id).lines.all()).fetch(order_id=order.pk)
    with pytest.raises(ValueError, match="never finds anything"):
        CompiledQuery(OrderLine, lambda order_id: OrderLine.objects.filter(pk__in=[], order_id=order_id)).fetch(
            order_id=order.pk
        )
