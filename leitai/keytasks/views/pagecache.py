"""A short-lived per-session cache of the battle map page, dropped by any audited change to it.

The map of a whole county is the heaviest page here and the one put on a wall screen that
reloads it all day. The key holds the session and its user, the CSRF cookie (so the cached form
tokens stay valid), the address, the language, today's date (the default as-of date) and the
generations of leitai/core/cache.py: the global one and that of the map's jurisdiction. Every
service writes an audit row, which starts a new generation of its jurisdiction (or a global one
for the organisation), so any change in the county drops the page and a change in another
county does not. The map's jurisdiction is known only once the page is rendered (the year comes
from `?year=` or the person's current year), so it is kept beside the page under a key that
holds the global generation alone: which year a request shows depends on the organisation only.
A hit reads the session, the generations and the page from the shared cache and makes no query:
it is looked up before the user is loaded, and a session that was logged out no longer exists,
so it cannot hit. Writes that bypass the services (the demo's bulk load) clear the cache
themselves.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import timezone, translation

from leitai.core.cache import generation_key, get_fixed, may_store, set_fixed

TIMEOUT = 60


def page_key(request) -> str | None:
    """Return what names this request's page in the cache, or None when it must not be cached."""
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if request.method != "GET" or not csrf or "messages" in request.COOKIES:
        return None
    user_id = request.session.get(SESSION_KEY)  # loads the session: gone once logged out
    if not user_id or request.session.get("_messages"):
        return None  # anonymous, or a one-time message must be shown, not cached
    parts = [
        request.session.session_key or "",
        str(user_id),
        csrf,
        request.get_full_path(),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def get(key: str | None) -> bytes | None:
    """Return the cached page named `key`, or None."""
    jurisdiction_id = get_fixed(generation_key("tasks-map:where", key)) if key else None
    if jurisdiction_id is None:
        return None
    return get_fixed(generation_key("tasks-map", key, jurisdiction=jurisdiction_id))


def put(key: str | None, content: bytes, jurisdiction_id: int) -> None:
    """Keep the page named `key`, a map of `jurisdiction_id`'s data, if it may be stored."""
    if key and may_store():
        set_fixed(generation_key("tasks-map:where", key), jurisdiction_id, TIMEOUT)
        set_fixed(generation_key("tasks-map", key, jurisdiction=jurisdiction_id), content, TIMEOUT)
