"""Reads that may go to a read replica, and the router that sends them there.

With `DATABASE_REPLICA_URL` set, the settings add a `replica` database. Only reads explicitly
marked with `replica_reads` go there: dashboards, exports, the public appeal board and Open311's
GET answers, where a few seconds of replication lag are harmless. Everything else, including
every page that shows what its user has just written (read-your-own-write), reads the primary,
and all writes go to the primary. Without a replica the router changes nothing.
"""

import contextlib
import contextvars
import functools

from django.conf import settings

REPLICA = "replica"

_reading_from_replica = contextvars.ContextVar("reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def reads_from_replica():
    """Inside this block, ORM reads go to the replica (when one is configured)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def replica_reads(view):
    """View decorator: a GET or HEAD reads from the replica; any other method stays on the primary."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        with reads_from_replica():
            return view(request, *args, **kwargs)

    wrapper.reads_replica = True
    return wrapper


class ReplicaRouter:
    """Sends marked reads to the replica; everything else to Django's default database."""

    def db_for_read(self, model, **hints):
        if _reading_from_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows the primary by replication, never by migrate
