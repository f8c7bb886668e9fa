"""Writing the audit log: the one function every service calls after a change."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from leitai.core import cache
from leitai.core.context import current_origin
from leitai.core.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # One instant, one text: a value read back from the database (UTC) and the same
        # instant typed in local time must not look like a change.
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name  # a stored file is logged by its name
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(_plain(v) for v in value)
    return value


def state(obj: models.Model | None, fields: Iterable[str]) -> dict[str, Any] | None:
    """Return the named fields of `obj` as JSON-ready values (foreign keys as ids)."""
    if obj is None:
        return None
    result = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            ids = getattr(obj, name).values_list("pk", flat=True) if obj.pk else []
            result[name] = sorted(ids)
        elif field.is_relation:
            result[name] = getattr(obj, field.attname)
        else:
            result[name] = _plain(getattr(obj, name))
    return result


def record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    unit=None,
    jurisdiction=None,
) -> AuditEntry:
    """Write one audit row for `action` on `obj`; call inside the service's transaction."""
    origin = current_origin()
    user = actor if getattr(actor, "is_authenticated", False) else None
    cache.changed_by(obj, jurisdiction)  # what was derived from the data before is stale now
    return AuditEntry.objects.create(
        actor=user,
        actor_name=_actor_name(user),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk or ""),
        object_repr=str(obj)[:255],
        unit=unit,
        jurisdiction=jurisdiction,
        before=before,
        after=after,
        source=origin.source,
        request_id=origin.request_id,
    )


def _actor_name(user) -> str:
    if user is None:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return (full or user.get_username())[:150]
