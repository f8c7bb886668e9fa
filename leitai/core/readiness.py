"""The checks of `/readyz`: can this host serve requests and are its jobs being run?

- `database`: a `SELECT 1` on the default database;
- `cache`: a value written to the shared cache reads back (folder or Redis);
- `jobs`: the oldest queued job waits at most `LEITAI_READY_MAX_LAG` seconds (300) — a longer
  wait means no worker runs (`lag` is 0 when nothing waits; with the immediate backend jobs never
  wait);
- `disk`: the data folder's file system has at least `LEITAI_READY_MIN_FREE_MB` (1024) free.

Each check reports `ok` and its figure, never an error's text (the page is public).
"""

from __future__ import annotations

import logging
import secrets
import shutil

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

log = logging.getLogger(__name__)


def checks() -> dict[str, dict]:
    """Run every check; a check that raises fails (and is logged)."""
    found = {}
    for name, check in (("database", _database), ("cache", _cache), ("jobs", _jobs),
                        ("disk", _disk)):  # fmt: skip
        try:
            found[name] = check()
        except Exception:
            log.exception("readiness check %s failed", name)
            found[name] = {"ok": False}
    return found


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return {"ok": cursor.fetchone()[0] == 1}


def _cache() -> dict:
    key, value = "leitai:readyz", secrets.token_hex(8)
    cache.set(key, value, 30)
    return {"ok": cache.get(key) == value}


def _jobs() -> dict:
    from leitai.core.models import BackgroundJob

    oldest = (
        BackgroundJob.objects.filter(status=BackgroundJob.Status.QUEUED)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    lag = 0 if oldest is None else int((timezone.now() - oldest).total_seconds())
    limit = settings.LEITAI_READY_MAX_LAG
    return {"ok": lag <= limit, "lag": lag, "limit": limit}


def _disk() -> dict:
    free_mb = shutil.disk_usage(settings.DATA_DIR).free // (1024 * 1024)
    limit = settings.LEITAI_READY_MIN_FREE_MB
    return {"ok": free_mb >= limit, "free_mb": free_mb, "limit_mb": limit}
