"""Reads that may be a little stale on a read replica; writes, and every read after a write, on the primary.

With DATABASE_REPLICA_URL set, a view marked `@replica_reads` (the orders list and its search, exports) reads from the
replica alias: a page that is a second behind is fine there, and those are the reads that grow with the number of
orders. Everything else reads from the primary, and so does a marked view from its first write on (a write inside it,
a `select_for_update`, or any transaction), so nobody acts on a row they cannot see yet. The session, the user and
the login checks run before the view, on the primary.

Without a replica the router answers None everywhere and Django uses "default", as if it were not there.
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
