"""Reads that may be a little stale on a read replica; writes, and every read after a write, on the primary.

With DATABASE_REPLICA_URL set, a view marked `@replica_reads` (the orders list and its search, exports) reads from the
replica alias: a page that is a second behind is fine there, and those are the reads that grow with the number of
orders. Everything else reads from the primary, and so does a marked view from its first write on (a write inside it,
a `select_for_update`, or any transaction), so nobody acts on a row they cannot see yet. The session, the user and
the login checks run before the view, on the primary.

Without a replica the router answers None everywhere and Django uses "default", as if it were not there.

Prepared statements: planning an order page's small queries took PostgreSQL longer than running them (1.5 ms
against 0.2 ms for the Taken block's). An order page calls `prepare_statements()` (orders.pages.get_order_or_404):
from there to the end of the request a statement the connection runs again is prepared and planned once per
connection. Only there: every query of an order page is keyed by the order, so one plan fits every order, while
the list's searches need a plan for their values: prepared, a search for a rare postcode got the generic plan of
a common one and walked the whole orders index (1.8 s instead of 4 ms). Every request starts unprepared again.
"""

import functools
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

_stale_reads_ok: ContextVar[bool] = ContextVar("stale_reads_ok", default=False)
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


def replica_reads(view):
    """Let `view` read from the replica until it writes."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        ok, wrote = _stale_reads_ok.set(True), _wrote.set(False)
        try:
            return view(*args, **kwargs)
        finally:
            _stale_reads_ok.reset(ok)
            _wrote.reset(wrote)

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = settings.DATABASE_REPLICA_ALIAS
        if not alias or not _stale_reads_ok.get() or _wrote.get():
            return None
        if connections["default"].in_atomic_block:  # reads inside a transaction belong to it
            return None
        return alias

    def db_for_write(self, model, **hints):
        if _stale_reads_ok.get():
            _wrote.set(True)
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database and its copy: rows from either may relate

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == settings.DATABASE_REPLICA_ALIAS else None


def prepare_statements(using: str = "default") -> None:
    """Until the request ends, `using`'s connection prepares a statement it runs DATABASE_PREPARE_THRESHOLD times.
    For queries whose best plan does not depend on their values (an order page's); nothing on other databases."""
    connection = connections[using]
    if settings.DATABASE_PREPARE_THRESHOLD is None or connection.vendor != "postgresql":
        return
    connection.ensure_connection()
    connection.connection.prepare_threshold = settings.DATABASE_PREPARE_THRESHOLD


def plan_each_statement(**kwargs) -> None:
    """On request_started (BackofficeConfig.ready): every request starts without preparing (psycopg's
    prepare_threshold None), whatever the last one on this connection asked."""
    for connection in connections.all(initialized_only=True):
        if connection.vendor == "postgresql" and connection.connection is not None:
            connection.connection.prepare_threshold = None
