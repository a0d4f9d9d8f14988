"""Queries of a fixed shape, turned into SQL once per process instead of on every run.

Django compiles a queryset to SQL every time it is evaluated. For most queries that is a small part of the request,
but the order page's ledger (orders/ledger.py: a UNION ALL of four grouped queries, one per app) took ~3 ms to build
and compile against 0.7 ms for PostgreSQL to run it: the largest single cost of a dashboard. Its shape never changes;
only the order's id does.

`CompiledQuery(model, build)` calls `build(**params)` (a `values_list()` queryset) the first time it runs on a database,
twice, with two sets of stand-in integers, and compares the results: the SQL must be the same text, and the stand-ins
must be exactly the parameters that differ. That is where later runs put the real values. Anything else (SQL that
changes with a value, a value Django wrote into the SQL, a parameter the query does not use) is refused. The rows go
through the converters Django would apply (a sum to `int`, JSON decoded), kept from the compilation, so they are what
`values_list()` returns. The query runs through the connection's cursor: query logging, `CaptureQueriesContext` and
prepared statements (backoffice/db.py) see it as any other.

What `build` may use is therefore only its parameters, never the state of a model instance; the tests compare every
compiled query with its queryset.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet

# Two sets of stand-ins, far from any id a table hands out, and unequal to each other.
_STAND_INS = (-7_130_000_001, -7_130_000_101)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: dict[int, str]  # position in params -> the parameter's name
    converters: dict[int, tuple[list, Any]]  # column -> (Django's converters, the expression): SQLCompiler's own


class CompiledQuery:
    def __init__(self, model: type[Model], build: Callable[..., QuerySet]):
        self.model = model  # what the query reads: the database router picks the database by it
        self.build = build
        self._compiled: dict[str, _Compiled] = {}  # per database alias (SQLite and PostgreSQL write different SQL)

    def rows(self, **params: int) -> list[tuple]:
        """The rows of `build(**params)`, as `list(build(**params))` would return them."""
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
        if not compiled.converters:
            return rows
        return [self._convert(row, compiled.converters, connection) for row in rows]

    @staticmethod
    def _convert(row: tuple, converters: dict[int, tuple[list, Any]], connection) -> tuple:
        row = list(row)
        for position, (functions, expression) in converters.items():
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        return tuple(row)

    def _compile(self, using: str, names: list[str]) -> _Compiled:
        first, second = (self._sql({name: base + i for i, name in enumerate(names)}, using) for base in _STAND_INS)
        (sql, params, converters), (other_sql, other_params, _converters) = first, second
        if sql != other_sql or len(params) != len(other_params):
            raise ValueError("the query's SQL changes with its parameters: it cannot be compiled once")
        stand_ins = {(_STAND_INS[0] + i, _STAND_INS[1] + i): name for i, name in enumerate(names)}
        slots = {}
        for position, (one, other) in enumerate(zip(params, other_params, strict=True)):
            if one == other:
                continue
            name = stand_ins.get((one, other))
            if name is None:
                raise ValueError(f"parameter {position} changes with the parameters but is not one of them")
            slots[position] = name
        if set(slots.values()) != set(names):
            raise ValueError(f"the SQL does not use every parameter ({', '.join(names)})")
        compiled = _Compiled(sql, params, slots, converters)
        self._compiled[using] = compiled
        return compiled

    def _sql(self, params: dict[str, int], using: str) -> tuple[str, tuple, dict]:
        compiler = self.build(**params).query.get_compiler(using=using)
        sql, sql_params = compiler.as_sql()
        converters = compiler.get_converters([expression for expression, _sql, _alias in compiler.select])
        return sql, tuple(sql_params), converters
