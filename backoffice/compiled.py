"""Queries of a fixed shape, turned into SQL once per process instead of on every run.

Django compiles a queryset to SQL every time it is evaluated. For most queries that is a small part of the request,
but the order page's ledger (orders/ledger.py: a UNION ALL of four grouped queries, one per app) took ~3 ms to build
and compile against 0.7 ms for PostgreSQL to run it: the largest single cost of a dashboard. Its shape never changes;
only the order's id does.

`CompiledQuery(model, build)` calls `build(**params)` (a queryset of model instances, or of `values_list()` rows) the
first time it runs on a database, twice, with two sets of stand-in integers, and compares the results: the SQL must
be the same text, and the stand-ins must be exactly the parameters that differ. That is where later runs put the real
values. Anything else (SQL that changes with a value, a value Django wrote into the SQL, a parameter the query does
not use) is refused. The rows go through the converters Django would apply (a sum to `int`, JSON decoded), kept from
the compilation, and become what the queryset returns: tuples, or instances made as Django makes them
(`Model.from_db`, then the annotations). Refused too: `select_related` (related instances), `prefetch_related` (more
queries), `values()` and `flat=True` rows. The query runs through the connection's cursor: query logging,
`CaptureQueriesContext` and prepared statements (backoffice/db.py) see it as any other.

What `build` may use is therefore only its parameters, never the state of a model instance; the tests compare every
compiled query with its queryset.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable

# Two sets of stand-ins, far from any id a table hands out, and unequal to each other.
_STAND_INS = (-7_130_000_001, -7_130_000_101)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: dict[int, str]  # position in params -> the parameter's name
    converters: dict[int, tuple[list, Any]]  # column -> (Django's converters, the expression): SQLCompiler's own
    make: Callable[[str, tuple], Any]  # (database alias, converted row) -> what the queryset yields for it


class CompiledQuery:
    def __init__(self, model: type[Model], build: Callable[..., QuerySet]):
        self.model = model  # what the query reads: the database router picks the database by it
        self.build = build
        self._compiled: dict[str, _Compiled] = {}  # per database alias (SQLite and PostgreSQL write different SQL)

    def fetch(self, **params: int) -> list:
        """What `list(build(**params))` returns, from one query."""
        for name, value in params.items():
            if type(value) is not int:
                raise TypeError(f"{name}={value!r}: a compiled query takes integers only")
        using = router.db_for_read(self.model) or "default"
        compiled = self._compiled.get(using) or self._compile(using, sorted(params))
        values = list(compiled.params)
        for position, name in compiled.slots.items():
            values[position] = params[name]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, values)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = [_convert(row, compiled.converters, connection) for row in rows]
        return [compiled.make(using, row) for row in rows]

    def _compile(self, using: str, names: list[str]) -> _Compiled:
        first, second = (self._sql({name: base + i for i, name in enumerate(names)}, using) for base in _STAND_INS)
        if first.sql != second.sql or len(first.params) != len(second.params):
            raise ValueError("the query's SQL changes with its parameters: it cannot be compiled once")
        stand_ins = {(_STAND_INS[0] + i, _STAND_INS[1] + i): name for i, name in enumerate(names)}
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
        compiled = _Compiled(first.sql, first.params, slots, first.converters, first.make)
        self._compiled[using] = compiled
        return compiled

    def _sql(self, params: dict[str, int], using: str) -> _Compiled:
        queryset = self.build(**params)
        if queryset._prefetch_related_lookups:
            raise ValueError("prefetch_related runs more queries: run it as a queryset")
        compiler = queryset.query.get_compiler(using=using)
        sql, sql_params = compiler.as_sql()
        converters = compiler.get_converters([expression for expression, _sql, _alias in compiler.select])
        if queryset._iterable_class is ValuesListIterable:
            make = _row
        elif queryset._iterable_class is ModelIterable:
            make = _instances(compiler)
        else:
            raise ValueError("only model instances and values_list() rows (not flat, not named) can be compiled")
        return _Compiled(sql, tuple(sql_params), {}, converters, make)


def _row(_using: str, row: tuple) -> tuple:
    return row


def _instances(compiler) -> Callable[[str, tuple], Model]:
    """Instances as Django's ModelIterable makes them from the compiler's columns: the model's fields, then the
    annotations set by name."""
    klass_info, select = compiler.klass_info, compiler.select
    if klass_info.get("related_klass_infos"):
        raise ValueError("select_related builds related instances: run it as a queryset")
    model, fields = klass_info["model"], klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    attnames = [column[0].target.attname for column in select[start:end]]
    annotations = list(compiler.annotation_col_map.items())

    def make(using: str, row: tuple) -> Model:
        instance = model.from_db(using, attnames, row[start:end])
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
