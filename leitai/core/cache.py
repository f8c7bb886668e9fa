"""The shared cache's conventions: where it lives, and the generation every change bumps.

Leitai keeps three things in the cache so that a page which is already rendered costs no
database query: the session (`cached_db`), the logged-in user (`leitai.core.auth`) and each
person's scope (`leitai.org.access.scope_for`), besides rendered pages.

The default cache is a folder of files under the data folder: every gunicorn worker on the host
reads and writes the same entries, so a logout, a changed role or a dropped page takes effect in
all of them at once (a per-process memory cache could not promise that).

**The generation.** Every state change goes through a service that writes exactly one audit row
(`leitai.core.audit.record`), and that also replaces the generation token. Entries derived from
the organisation or from any other data put the token in their key, so the first read after a
change misses and recomputes. The token is replaced at once and again when the transaction
commits, so a reader that raced the writer cannot keep a stale entry. Writes that bypass the
services (the demo's bulk load, a restore) must call `clear()`.

**Fixed entries.** An entry whose key holds everything its content depends on (the generation,
a snapshot's stamps) never changes under that key. Such entries are read through
`get_fixed`/`set_fixed`: each process keeps its own copy in memory (the "local" cache) in front
of the shared one, which saves a file read and its decompression on every hit. Entries that may
change under the same key (a session, a user, the generation itself) must not use them.

**Keeping the folder small.** An entry derived from the generation has a key made by
`generation_key(...)` and lives at most GENERATION_TIMEOUT seconds (`set_fixed` caps it). The
folder cache (`leitai.core.foldercache.FolderCache`) keeps such entries in one sub-folder per
generation, and every new generation sweeps the folders of the others away: a dead generation's
entries can never be read again, so they do not accumulate. Other backends (memory) drop them
by their short lifetime and their size limit.
"""

from __future__ import annotations

import secrets
from urllib.parse import unquote, urlsplit

from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from leitai.core.foldercache import GENERATION_PREFIX, generation_of

GENERATION_KEY = "leitai:generation"
LOCAL = "local"
LOCAL_TIMEOUT = 600
# The longest an entry keyed by the generation is kept: a quiet site re-renders it after that.
GENERATION_TIMEOUT = 600
# Each process's own memory, in front of the shared cache for fixed entries (see above).
LOCAL_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "leitai-local",
    "TIMEOUT": LOCAL_TIMEOUT,
    "OPTIONS": {"MAX_ENTRIES": 1000},
}


def cache_settings(url: str) -> dict:
    """Return Django's CACHES["default"] for a LEITAI_CACHE_URL.

    `file:///absolute/folder` keeps entries in files shared by every process on the host (the
    default, under the data folder); `locmem://` keeps them in each process's memory (tests, a
    single process).
    """
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.path.startswith("/") and not parts.netloc:
        return {
            "BACKEND": "leitai.core.foldercache.FolderCache",
            "LOCATION": unquote(parts.path),
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4, "CULL_EVERY": 100},
        }
    if parts.scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "leitai",
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    raise ImproperlyConfigured(
        f"LEITAI_CACHE_URL={url!r} is not understood: use file:///absolute/folder or locmem://"
    )


def get_fixed(key: str):
    """Return a fixed entry from this process's memory, else from the shared cache."""
    local = caches[LOCAL]
    value = local.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            local.set(key, value)
    return value


def set_fixed(key: str, value, timeout: int) -> None:
    """Store a fixed entry in the shared cache and in this process's memory.

    An entry keyed by the generation (`generation_key`) is kept GENERATION_TIMEOUT at most.
    """
    if generation_of(key) is not None:
        timeout = min(timeout, GENERATION_TIMEOUT)
    cache.set(key, value, timeout)
    caches[LOCAL].set(key, value, min(timeout, LOCAL_TIMEOUT))


def local_cache():
    """Return this process's own cache (for short-lived stamps each process may keep)."""
    return caches[LOCAL]


def generation() -> str:
    """Return the current generation token (made on first use)."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), None)
        token = cache.get(GENERATION_KEY) or ""
    return token


def generation_key(*parts) -> str:
    """Return a cache key for an entry derived from data at the current generation.

    The key starts with the generation (`gen:<token>:`), which lets the folder cache keep it
    with its generation and sweep it away once another generation has started.
    """
    return ":".join([f"{GENERATION_PREFIX}{generation()}", *map(str, parts)])


def changed() -> None:
    """Start a new generation now and again when the current transaction commits."""
    _bump()
    transaction.on_commit(_bump)


def may_store() -> bool:
    """Tell whether derived entries may be stored now.

    Not while the current transaction holds audited changes it has not committed: if it rolled
    back, an entry computed from its data would outlive it under the new generation. (A test's
    own wrapping transaction, which Django marks, stands for committed data.)
    """
    connection = transaction.get_connection()
    if not any(func is _bump for _, func, _ in connection.run_on_commit):
        return True
    return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _bump() -> None:
    token = secrets.token_hex(8)
    cache.set(GENERATION_KEY, token, None)
    sweep = getattr(cache, "forget_generations", None)
    if sweep is not None:
        # Keep the token just made and the one now current (another process may have started
        # a newer one at the same moment); every other generation is dead.
        sweep({token, cache.get(GENERATION_KEY)})


def clear() -> None:
    """Drop every cached entry (after writes that did not go through the services).

    Other processes' own copies are fixed entries: keyed by the generation (renewed here, as
    the shared cache is emptied) or by stamps of the data, they cannot be served stale.
    """
    cache.clear()
    caches[LOCAL].clear()
