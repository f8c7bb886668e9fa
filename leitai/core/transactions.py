"""Service transactions: all or nothing, retried once when the database reports a conflict.

A *transient conflict* is a transaction the database gave up on although nothing was wrong
with it: PostgreSQL's deadlock (SQLSTATE 40P01) or serialization failure (40001), SQLite's
"database is locked" after its busy timeout. Running the service again usually succeeds, so
`service` does that once; if it fails again the person is told to try again shortly
(`RetryLater`, answered 503 by the pages and the API) and nothing of either try is kept.

A retry is only possible from the outermost transaction: a service called inside another
one (a batch service, a test's transaction) runs once and leaves the retry to the caller.
"""

from __future__ import annotations

import functools
import logging

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


def service(func):
    """Run a service in a transaction of its own, once more after a transient conflict."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        if connection.in_atomic_block:
            with transaction.atomic():
                return func(*args, **kwargs)
        try:
            with transaction.atomic():
                return func(*args, **kwargs)
        except DatabaseError as exc:
            if not is_transient(exc):
                raise
            log.warning("%s met a transient conflict (%s); running it again", func.__name__, exc)
        try:
            with transaction.atomic():
                return func(*args, **kwargs)
        except DatabaseError as exc:
            if not is_transient(exc):
                raise
            raise RetryLater() from exc

    return run
