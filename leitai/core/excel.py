"""Reading numbers people type into spreadsheets and forms, forgivingly.

Shared by every import and data-entry form: full-width digits (１２３), thousands separators
(1,234 or 1，234), surrounding spaces and the usual marks for "nothing" ('—', '-', '无', '/').
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

EMPTY_MARKS = {"", "—", "——", "-", "--", "无", "/", "–", "－"}
THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")


def cell_text(raw: Any) -> str:
    """Return a cell as trimmed text: 101.0 → "101", full-width → half-width, '—' → ""."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    return "" if text in EMPTY_MARKS else text


def cell_decimal(raw: Any) -> Decimal | None:
    """Return a cell as a Decimal, None when empty; raise ValueError for text."""
    return parse_decimal(raw)


def parse_decimal(raw: Any) -> Decimal | None:
    """Return the cell or field as a Decimal, None when empty; raise ValueError for text."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ValueError(raw)
        return Decimal(repr(raw))
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(" ", "")
    if text in EMPTY_MARKS:
        return None
    if THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if not NUMBER.fullmatch(text):
        raise ValueError(raw)
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(raw) from exc
