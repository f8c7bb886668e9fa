"""Where the current change comes from (web request, API, command), for the audit log."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    """The source of a change and an id that ties its audit rows together."""

    source: str
    request_id: str


_origin: contextvars.ContextVar[Origin | None] = contextvars.ContextVar(
    "leitai_origin", default=None
)


def current_origin() -> Origin:
    """Return the origin set by the middleware or a command, else a fresh system origin."""
    return _origin.get() or Origin("system", "")


@contextmanager
def origin(source: str, request_id: str | None = None) -> Iterator[Origin]:
    """Mark every audit row written inside the block with `source` and one request id."""
    value = Origin(source, request_id or uuid.uuid4().hex)
    token = _origin.set(value)
    try:
        yield value
    finally:
        _origin.reset(token)
