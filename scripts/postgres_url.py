#!/usr/bin/env python3
"""Print a PostgreSQL DATABASE_URL for the test run when a server answers, else nothing."""

import os
import socket

host = os.environ.get("LEITAI_TEST_PG_HOST", "127.0.0.1")
port = int(os.environ.get("LEITAI_TEST_PG_PORT", "5432"))
try:
    socket.create_connection((host, port), timeout=1).close()
except OSError:
    raise SystemExit(0) from None
user = os.environ.get("LEITAI_TEST_PG_USER", "postgres")
print(f"postgres://{user}@{host}:{port}/leitai")
