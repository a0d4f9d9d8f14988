"""Queries of a fixed shape, turned into SQL once per process instead of on every run.

Django compiles a queryset to SQL every time it is evaluated. For most queries that is a small part of the request,
but the order page's ledger (orders/ledger.py: a UNION ALL of four grouped queries, one per app) took ~3 ms to build
and compile against 0.7 ms for PostgreSQL to run it: the largest single cost of a dashboard. Its shape never changes;
only the order's id does.

`CompiledQuery(model, build)` calls `build(**params)` (a queryset of model instances, or of `values_list()` rows) the
first time it runs on a database, twice, with two sets of stand-in values, and compares the results: the SQL must
be the same text, and the stand-ins must be exactly the parameters that differ. That is where later runs put the real
values. Anything else (SQL that changes with a value, a value Django wrote into the SQL, a parameter the query does
not use) is refused. The rows go through the converters Django would apply (a sum to `int`, JSON decoded), kept from
the compilation, and become what the queryset returns: tuples, or instances made as Django makes them
(`Model.from_db`, `select_related`'s instances by Django's own populators, then the annotations). Refused too:
`prefetch_related` (more queries: run `prefetch_related_objects()` on the instances), a related manager's queryset
(it sets the instance it came from on every row), a query that can find nothing (`pk__in=[]`), `values()` and
`flat=True` rows. Parameters are integers or texts. The query runs through the connection's cursor: query logging,
`CaptureQueriesContext` and prepared statements (backoffice/db.py) see it as any other.

What `build` may use is therefore only its parameters, never the state of a model instance; the tests compare every
compiled query with its queryset.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

# Two sets of stand-ins, far from any id a table hands out or text anyone types, and unequal to each other.
_STAND_INS = (-7_130_000_001, -7_130_000_101)
_TYPES = (int, str)


def _stand_in(kind: type, base: int, index: int) -> int | str:
    return base + index if kind is int else f"\x1fstand-in {base} {index}\x1f"


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: dict[int, str]  # position in params -> the parameter's name
    converters: dict[int, tuple[list, Any]]  # column -> (Django's converters, the expression): SQLCompiler's own
    make: Callable[[tuple], Any]  # converted row -> what the queryset yields for it
    kinds: dict[str, type]  # each parameter's type
    width: int | None  # the columns the queryset yields, when the SQL selects more (an ordering's own columns)


class CompiledQuery:
    def __init__(self, model: type[Model], build: Callable[..., QuerySet]):
        self.model = model  # what the query reads: the database router picks the database by it
        self.build = build
        self._compiled: dict[str, _Compiled] = {}  # per database alias (SQLite and PostgreSQL write different SQL)

    def fetch(self, **params: int | str) -> list:
        """What `list(build(**params))` returns, from one query."""
        kinds = {name: type(value) for name, value in params.items()}
        for name, kind in kinds.items():
            if kind not in _TYPES:
                raise TypeError(f"{name}={params[name]!r}: a compiled query takes integers and texts only")
        using = router.db_for_read(self.model) or "default"
        compiled = self._compiled.get(using) or self._compile(using, kinds)
        if compiled.kinds != kinds:
            raise TypeError(f"compiled for {compiled.kinds}, called with {kinds}")
        values = list(compiled.params)
        for position, name in compiled.slots.items():
            values[position] = params[name]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, values)
            rows = cursor.fetchall()
        if compiled.width is not None:
            rows = [row[: compiled.width] for row in rows]
        if compiled.converters:
            rows = [_convert(row, compiled.converters, connection) for row in rows]
        return [compiled.make(row) for row in rows]

    def _compile(self, using: str, kinds: dict[str, type]) -> _Compiled:
        names = sorted(kinds)
        first, second = (
            self._sql({name: _stand_in(kinds[name], base, i) for i, name in enumerate(names)}, using)
            for base in _STAND_INS
        )
        if first.sql != second.sql or len(first.params) != len(second.params):
            raise ValueError("the query's SQL changes with its parameters: it cannot be compiled once")
        stand_ins = {
            (_stand_in(kinds[name], _STAND_INS[0], i), _stand_in(kinds[name], _STAND_INS[1], i)): name
            for i, name in enumerate(names)
        }
        slots = {}
        for position, (one, other) in enumerate(zip(first.params, second.params, strict=True)):
            if one == other:
                continue
            name = stand_ins.get((one, other))
            if name is None:
                raise ValueError(f"parameter {position} changes with the parameters but is not one of them")
            slots[position] = name
        if set(slots.values()) != set(names):
            raise ValueError(f"the SQL does not use every parameter ({', '.join(names)})")
        compiled = _Compiled(first.sql, first.params, slots, first.converters, first.make, kinds, first.width)
        self._compiled[using] = compiled
        return compiled

    def _sql(self, params: dict[str, int | str], using: str) -> _Compiled:
        queryset = self.build(**params)
        if queryset._prefetch_related_lookups:
            raise ValueError("prefetch_related runs more queries: run it as a queryset")
        if queryset._known_related_objects:
            raise ValueError("a related manager's queryset knows its instance: build it from the model's manager")
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, sql_params = compiler.as_sql()
        except EmptyResultSet:
            raise ValueError("the query never finds anything: there is nothing to compile") from None
        columns = [expression for expression, _sql, _alias in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise ValueError("composite fields: run it as a queryset")
        if queryset._iterable_class is ValuesListIterable:
            make = _row
        elif queryset._iterable_class is ModelIterable and not queryset._fetch_mode.track_peers:
            make = _instances(compiler, using, queryset._fetch_mode)
        else:
            raise ValueError("only model instances (not tracking peers) and values_list() rows can be compiled")
        width = compiler.col_count if compiler.has_extra_select else None
        return _Compiled(sql, tuple(sql_params), {}, compiler.get_converters(columns), make, {}, width)


def _row(row: tuple) -> tuple:
    return row


def _instances(compiler, using: str, fetch_mode) -> Callable[[tuple], Model]:
    """Instances as Django's ModelIterable makes them from the compiler's columns: the model's fields, the related
    instances of select_related (Django's own populators), then the annotations by name."""
    klass_info, select = compiler.klass_info, compiler.select
    model, fields = klass_info["model"], klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    attnames = [column[0].target.attname for column in select[start:end]]
    related = get_related_populators(klass_info, select, using, fetch_mode)
    annotations = list(compiler.annotation_col_map.items())

    def make(row: tuple) -> Model:
        instance = model.from_db(using, attnames, row[start:end], fetch_mode=fetch_mode)
        for populator in related:
            populator.populate(row, instance)
        for name, position in annotations:
            setattr(instance, name, row[position])
        return instance

    return make


def _convert(row: tuple, converters: dict[int, tuple[list, Any]], connection) -> tuple:
    row = list(row)
    for position, (functions, expression) in converters.items():
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return tuple(row)
