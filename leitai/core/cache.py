"""The shared cache's conventions: where it lives, and the generations every change bumps.

Leitai keeps three things in the cache so that a page which is already rendered costs no
database query: the session (`cached_db`), the logged-in user (`leitai.core.auth`) and each
person's scope (`leitai.org.access.scope_for`), besides rendered pages.

The default cache is a folder of files under the data folder: every gunicorn worker on the host
reads and writes the same entries, so a logout, a changed role or a dropped page takes effect in
all of them at once (a per-process memory cache could not promise that).

**The generations.** Every state change goes through a service that writes exactly one audit row
(`leitai.core.audit.record`), and that also starts a new generation (`changed_by`). Entries
derived from data that services change put generation tokens in their key
(`generation_key(...)`), so the first read after a change misses and recomputes. There are two
kinds of generation:

- the **global** generation, which every such key holds;
- one generation **per jurisdiction**, which the key of an entry derived from one
  jurisdiction's data holds as well (`generation_key(..., jurisdiction=J)`).

A change is *global* (`is_global_change`) when the audited object is a model of the `org` app
(jurisdictions, units, years, groups, supervision groups and the units they supervise, role
grants) or of `auth` (people), or when its audit row names no jurisdiction. Those decide who may
see what, and a person may hold roles in several jurisdictions, so a global change drops every
entry of every jurisdiction. Every other change (values, submissions, periods, schemes,
rankings, key tasks, supervision, notices...) starts a new generation of its audit row's
jurisdiction only: entries of the other jurisdictions stay. Hence a person's scope
(`leitai.org.access.scope_for`), derived from the organisation alone, holds only the global
generation, while a page showing one jurisdiction's data (the battle map, a snapshot page's
personal copy) holds the global generation and that jurisdiction's.

A token is replaced at once and again when the transaction commits, so a reader that raced the
writer cannot keep a stale entry. Nothing derived is stored while the current transaction holds
audited changes it has not committed (`may_store`): if it rolled back, an entry computed from its
data would outlive it under the new generation. Only public Django API tells: `changed` notes
the change in a context variable with the service transaction it happened in
(`leitai.core.transactions.current_run`), and storing is allowed again once that run is over
(committed or rolled back); for a change made outside any service, once its transaction
commits (`transaction.on_commit`), no transaction is open (`transaction.get_autocommit`) or the
next request starts (`transaction_started`). Writes that bypass the services (the demo's bulk
load, a restore) must call `clear()`.

**Fixed entries.** An entry whose key holds everything its content depends on (the generations,
a snapshot's stamps) never changes under that key. Such entries are read through
`get_fixed`/`set_fixed`: each process keeps its own copy in memory (the "local" cache) in front
of the shared one, which saves a file read and its decompression on every hit. Entries that may
change under the same key (a session, a user, a generation token itself) must not use them.

**Keeping the folder small.** An entry derived from the generations has a key made by
`generation_key(...)` and lives at most GENERATION_TIMEOUT seconds (`set_fixed` caps it). The
folder cache (`leitai.core.foldercache.FolderCache`) keeps such entries in one sub-folder per
global generation, and inside it one per jurisdiction generation. A new global generation sweeps
away the folders of the other global generations; a new generation of a jurisdiction sweeps
away only that jurisdiction's other folders, never another jurisdiction's: a dead generation's
entries can never be read again, so they do not accumulate. Redis needs no sweep: it removes
an entry itself when its lifetime (at most GENERATION_TIMEOUT) ends, so a dead generation's
entries are gone ten minutes after its last write. Memory drops them by their short lifetime
and its size limit.
"""

from __future__ import annotations

import contextvars
import functools
import secrets
from urllib.parse import unquote, urlsplit

from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import request_started
from django.db import transaction

from leitai.core.foldercache import GENERATION_PREFIX, generation_of, jurisdiction_folder
from leitai.core.transactions import current_run

GENERATION_KEY = "leitai:generation"  # the global token; a jurisdiction's adds ":<id>"
# Audited changes of these apps' models are global (see above).
GLOBAL_APPS = frozenset({"org", "auth"})
# What `_held` holds for an uncommitted change made in a transaction outside any service.
OUTSIDE_SERVICE = object()
# The service run (or OUTSIDE_SERVICE) whose transaction holds an uncommitted change, if any.
_held: contextvars.ContextVar[object | None] = contextvars.ContextVar("leitai_held", default=None)
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
    default, under the data folder); `redis://host:6379/0` (or `rediss://`, `unix://`) keeps
    them in Redis, shared by every process of every host; `locmem://` keeps them in each
    process's memory (tests, a single process).
    """
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.path.startswith("/") and not parts.netloc:
        return {
            "BACKEND": "leitai.core.foldercache.FolderCache",
            "LOCATION": unquote(parts.path),
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4, "CULL_EVERY": 100},
        }
    if parts.scheme in ("redis", "rediss", "unix"):
        # Django's own RedisCache: `add` is Redis's SET NX (atomic) and an entry's lifetime is
        # Redis's own expiry, so entries keyed by a dead generation simply expire (see above).
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "TIMEOUT": 24 * 3600,
            "KEY_PREFIX": "leitai",
        }
    if parts.scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "leitai",
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    raise ImproperlyConfigured(
        f"LEITAI_CACHE_URL={url!r} is not understood: "
        "use file:///absolute/folder, redis://host:port/db or locmem://"
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


def generation(jurisdiction=None) -> str:
    """Return the current global generation token, or a jurisdiction's (made on first use)."""
    key = _token_key(_id_of(jurisdiction))
    token = cache.get(key)
    if token is None:
        cache.add(key, secrets.token_hex(8), None)
        token = cache.get(key) or ""
    return token


def generation_key(*parts, jurisdiction=None) -> str:
    """Return a cache key for an entry derived from data at the current generations.

    The key starts with the global generation (`gen:<token>:`) and, for an entry derived from
    one jurisdiction's data, that jurisdiction's (`j<id>-<token>:`); the folder cache keeps it
    with its generations and sweeps it away once either has been replaced.
    """
    head = [f"{GENERATION_PREFIX}{generation()}"]
    if jurisdiction is not None:
        jurisdiction_id = _id_of(jurisdiction)
        head.append(jurisdiction_folder(jurisdiction_id, generation(jurisdiction_id)))
    return ":".join([*head, *map(str, parts)])


def is_global_change(obj, jurisdiction) -> bool:
    """Tell whether an audited change of `obj` in `jurisdiction` is global (see above)."""
    return jurisdiction is None or obj._meta.app_label in GLOBAL_APPS


def changed_by(obj, jurisdiction=None) -> None:
    """Start the new generation an audited change of `obj` in `jurisdiction` calls for."""
    changed(None if is_global_change(obj, jurisdiction) else jurisdiction)


def changed(jurisdiction=None) -> None:
    """Start a new generation now and again when the current transaction commits.

    Without a jurisdiction it is the global generation (every entry is dropped); with one, only
    that jurisdiction's (a Jurisdiction or its id).
    """
    jurisdiction_id = _id_of(jurisdiction)
    _bump(jurisdiction_id)
    _hold()
    transaction.on_commit(functools.partial(_committed, jurisdiction_id))


def may_store() -> bool:
    """Tell whether derived entries may be stored now.

    Not while the current transaction holds audited changes it has not committed: if it rolled
    back, an entry computed from its data would outlive it under the new generation. A service
    transaction that is over (committed, or rolled back with its changes) holds nothing; so
    does none at all. (A test's own wrapping transaction, around the services it calls, stands
    for committed data.)
    """
    held = _held.get()
    if held is None:
        return True
    run = current_run()
    if held is run:
        return False
    if held is OUTSIDE_SERVICE and run is None and not transaction.get_autocommit():
        return False
    _held.set(None)  # the transaction that held the change is over
    return True


def transaction_started(**_) -> None:
    """Forget the uncommitted change noted in this context: its transaction is over.

    A request starts outside any transaction (`request_started` calls this), so a change noted
    before it was committed or rolled back; a test calls it as it starts its own transaction.
    """
    _held.set(None)


request_started.connect(transaction_started, dispatch_uid="leitai-cache-transaction-started")


def _hold() -> None:
    """Note that the transaction running now holds an uncommitted change (see `may_store`)."""
    if transaction.get_autocommit():
        return  # no transaction: the change is committed already
    run = current_run()
    _held.set(OUTSIDE_SERVICE if run is None else run)


def _committed(jurisdiction_id: int | None) -> None:
    _held.set(None)
    _bump(jurisdiction_id)


def _bump(jurisdiction_id: int | None) -> None:
    key = _token_key(jurisdiction_id)
    token = secrets.token_hex(8)
    cache.set(key, token, None)
    sweep = getattr(cache, "forget_generations", None)
    if sweep is not None:
        # Keep the token just made and the one now current (another process may have started
        # a newer one at the same moment); every other generation of this kind is dead.
        sweep({token, cache.get(key)}, jurisdiction=jurisdiction_id)


def _token_key(jurisdiction_id: int | None) -> str:
    if jurisdiction_id is None:
        return GENERATION_KEY
    return f"{GENERATION_KEY}:{jurisdiction_id}"


def _id_of(jurisdiction) -> int | None:
    return getattr(jurisdiction, "pk", jurisdiction)


def clear() -> None:
    """Drop every cached entry (after writes that did not go through the services).

    Other processes' own copies are fixed entries: keyed by the generations (renewed here, as
    the shared cache is emptied) or by stamps of the data, they cannot be served stale.
    """
    cache.clear()
    caches[LOCAL].clear()
