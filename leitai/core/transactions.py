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
"""

from __future__ import annotations

import contextvars
import functools
import logging
from contextlib import contextmanager

from django.db import DatabaseError, OperationalError, connection, transaction
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


def in_service() -> bool:
    """Return whether the code running now is inside a service's transaction."""
    return _depth.get() > 0


@contextmanager
def _entered():
    token = _depth.set(_depth.get() + 1)
    try:
        yield
    finally:
        _depth.reset(token)


@contextmanager
def outermost():
    """Open the outermost transaction for a command that runs many services as one whole."""
    with transaction.atomic(durable=True), _entered():
        yield


def _run(func, args, kwargs, *, durable: bool):
    with transaction.atomic(durable=durable), _entered():
        return func(*args, **kwargs)


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

    return run
