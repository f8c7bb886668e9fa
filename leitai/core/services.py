"""Helpers shared by every app's service functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from leitai.core.audit import state


def apply_changes(
    obj: models.Model, changes: Mapping[str, Any], allowed: Iterable[str]
) -> tuple[dict, dict]:
    """Set the allowed fields on `obj`, validate it, and return (before, after) of what changed.

    Raises ValidationError naming the field for an unknown field or an invalid value.
    """
    allowed = set(allowed)
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be changed here."))
    before = state(obj, changes)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    after = state(obj, changes)
    changed = [name for name in changes if before[name] != after[name]]
    return ({k: before[k] for k in changed}, {k: after[k] for k in changed})
