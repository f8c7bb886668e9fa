"""The database connection settings Leitai ships, for SQLite and for PostgreSQL.

SQLite (the zero-setup default) holds a deadline rush on one host only with these options
(docs/configuration.md, *Databases*): every transaction takes the write lock when it begins
(`IMMEDIATE`), so two requests never both read and then fail to upgrade to a write ("database
is locked" at once, whatever the busy timeout); WAL lets pages read while a save writes; the
busy timeout makes a writer wait its turn instead of failing.

PostgreSQL keeps connections for `conn_max_age` seconds and checks a kept one at the start of
each request (`CONN_HEALTH_CHECKS`), so a connection the server dropped (restart, fail-over, an
idle kill) is replaced instead of failing the request.
"""

from __future__ import annotations

import dj_database_url


def database_settings(url: str, *, conn_max_age: int, busy_timeout: int) -> dict:
    """Return Django's settings of the default database for a database URL."""
    settings = dj_database_url.parse(url, conn_max_age=conn_max_age)
    if settings["ENGINE"] == "django.db.backends.sqlite3":
        settings["CONN_MAX_AGE"] = 0
        settings["OPTIONS"] = {
            "timeout": busy_timeout,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    else:
        settings["CONN_HEALTH_CHECKS"] = True
    return settings
