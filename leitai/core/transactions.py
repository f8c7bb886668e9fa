"""Service transactions: all or nothing, retried once when the database reports a conflict.

A *transient conflict* is a transaction the database gave up on although nothing was wrong
with it: PostgreSQL's deadlock (SQLSTATE 40P01) or serialization failure (40001), SQLite's
"database is locked" after its busy timeout. Running the service again usually succeeds, so
`service` does that once; if it fails again the person is told to try again shortly
(`RetryLater`, answered 503 by the pages and the API) and nothing of either try is kept.

**Services own the transaction.** A service called from a page, the API or a job opens the
outermost transaction (`atomic(durable=True)`): a view or an API view that opened one itself
would make the service fail at once, so the rule cannot be broken quietly. A service called by
another service (a batch service calling the single one, a save-and-submit) runs inside the
caller's transaction, once, and leaves the retry to the caller. A command that runs many
services as one whole (the demo load, `leitai init`) opens the outermost transaction with
`outermost()`.

Each outermost transaction is one *run* (`current_run()`): code that notes something about the
data the run has not committed yet (the cache's `may_store`) can tell when that run is over,
committed or rolled back, without reading Django's private state.
"""

from __future__ import annotations

import contextvars
import functools
import logging
from contextlib import contextmanager

from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

TRANSIENT_SQLSTATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected
RETRY_LATER_MESSAGE = _(
    "The system is busy saving other people's data. Nothing of your change was saved; "
    "please try again in a moment."
)


class RetryLater(Exception):
    """A transient conflict happened twice: nothing was saved; the person should try again."""

    def __init__(self, message=RETRY_LATER_MESSAGE):
        super().__init__(message)
        self.message = message


def is_transient(exc: BaseException) -> bool:
    """Return whether a database error is a conflict that running again may not meet."""
    if not isinstance(exc, DatabaseError):
        return False
    sqlstate = getattr(exc.__cause__, "sqlstate", None)  # psycopg 3
    if sqlstate in TRANSIENT_SQLSTATES:
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


# How many services (or `outermost` blocks) enclose the code running now.
_depth: contextvars.ContextVar[int] = contextvars.ContextVar("leitai_service_depth", default=0)
# The marker of the outermost service transaction running now.
_current_run: contextvars.ContextVar[object | None] = contextvars.ContextVar(
    "leitai_run", default=None
)


def in_service() -> bool:
    """Return whether the code running now is inside a service's transaction."""
    return _depth.get() > 0


def current_run() -> object | None:
    """Return the marker of the outermost service transaction running now, None outside one.

    Every run (every try of an outermost service, every `outermost` block) has a marker of its
    own, so a marker that is no longer current belongs to a transaction that is over.
    """
    return _current_run.get()


@contextmanager
def _entered():
    outer = _depth.get() == 0
    token = _depth.set(_depth.get() + 1)
    run = _current_run.set(object()) if outer else None
    try:
        yield
    finally:
        if run is not None:
            _current_run.reset(run)
        _depth.reset(token)


@contextmanager
def outermost():
    """Open the outermost transaction for a command that runs many services as one whole."""
    with transaction.atomic(durable=True), _entered():
        yield


def _run(func, args, kwargs, *, durable: bool):
    with transaction.atomic(durable=durable), _entered():
        return func(*args, **kwargs)


# Every service, by "module.name" (leitai.org.services.unit_create): what the audit
# completeness test goes through (tests/core/test_audit_complete.py).
REGISTRY: dict[str, object] = {}


def service(func):
    """Run a service as the outermost transaction, once more after a transient conflict.

    Inside another service it joins the caller's transaction (see the module's docstring).
    """

    @functools.wraps(func)
    def run(*args, **kwargs):
        if in_service():
            return _run(func, args, kwargs, durable=False)
        try:
            return _run(func, args, kwargs, durable=True)
        except DatabaseError as exc:
            if not is_transient(exc) or connection.in_atomic_block:
                raise
            log.warning("%s met a transient conflict (%s); running it again", func.__name__, exc)
        try:
            return _run(func, args, kwargs, durable=True)
        except DatabaseError as exc:
            if not is_transient(exc):
                raise
            raise RetryLater() from exc

    REGISTRY[f"{func.__module__}.{func.__qualname__}"] = run
    return run


def share_lock(model, pk) -> bool:
    """Re-read one row of `model` under a shared row lock held to the end of the transaction.

    On PostgreSQL this is `SELECT … FOR SHARE` (Django offers FOR UPDATE only): other
    transactions may share the lock, and one that locks the row for update waits for them (and
    they for it). SQLite has no row locks (a write locks the whole database), so there it is a
    plain re-read. Returns whether the row exists. Only inside a transaction, where the lock
    means something.
    """
    if not connection.in_atomic_block:
        raise TransactionManagementError("share_lock() needs a transaction")
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    suffix = " FOR SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE {column} = %s{suffix}", [pk])
        return cursor.fetchone() is not None
