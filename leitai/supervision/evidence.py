"""Supervision's evidence files: the shared rules of leitai.core.evidence, on the `files` field.

Files are stored under MEDIA_ROOT/supervision/ (the model's folder) with a random name and
served only through the access-checked download page.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from django.utils.translation import gettext_lazy

from leitai.core import evidence
from leitai.core.evidence import ACCEPT, MAX_FILES, CheckedFile, random_name

__all__ = ["ACCEPT", "MAX_FILES", "check_files", "safe_name"]

LABEL = gettext_lazy("Evidence files")


def check_files(files: Iterable, *, field: str = "files") -> list[CheckedFile]:
    """Return the uploads checked, else raise ValidationError on `field` naming each bad file."""
    return evidence.check_files(files, field=field, label=LABEL)


def safe_name(original: str) -> str:
    """Return a random file name keeping only the extension of `original` (the demo's files)."""
    return random_name(PurePath(original).suffix.lower().lstrip("."))
