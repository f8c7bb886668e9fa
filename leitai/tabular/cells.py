"""The one cell cleaner: text and numbers as county offices type them.

Cells arrive as Python values (CSV: str; XLSX: str, int, float, bool, datetime, or the markers
below). `number()` returns a float, None for blank, or raises CellError saying what is wrong and
what to do; `text()` returns stripped text. The web uploads and forms read through `clean()`
(text, with not-reported marks as "") and `decimal()` (an exact Decimal). All are plain
functions with no state.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

# Marks offices type for "not reported" (未报送); read as blank, with a note.
NOT_REPORTED = frozenset({"—", "——", "–", "-", "--", "/", "无", "未报", "未报送", "空"})
YES, NO = "是", "否"
THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


class CellError(ValueError):
    """A cell that is not what the column needs; `reason` says what, `advice` what to do."""

    def __init__(self, reason: str, advice: str = ""):
        super().__init__(f"{reason}: {advice}" if advice else reason)
        self.reason = reason
        self.advice = advice


class Percent(float):
    """A number typed or formatted as a percentage ("85%" or an Excel cell shown as 85%).

    The float is the fraction (0.85); `shown` is the number as displayed (85).
    """

    @property
    def shown(self) -> float:
        """Return the percentage as displayed."""
        return float(self) * 100


class PercentText(Percent):
    """A percentage typed as text ("85%"), as opposed to a number Excel formats as one."""


@dataclass(frozen=True)
class Formula:
    """A formula cell saved without its result (written by a program, not by Excel)."""

    text: str


def normalise(text: str) -> str:
    """Return text in NFKC form (full-width digits and punctuation become ASCII), stripped."""
    return unicodedata.normalize("NFKC", text).strip()


def text(cell) -> str:
    """Return a cell as stripped text; whole-number floats lose their '.0'."""
    if cell is None:
        return ""
    if type(cell) is str:
        return cell.strip()
    if isinstance(cell, Formula):
        return cell.text
    if isinstance(cell, Percent):
        return f"{cell.shown:.10g}%"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def is_not_reported(cell) -> bool:
    """Tell whether a cell is a not-reported mark such as "—", "/", "无" or "未报"."""
    return type(cell) is str and normalise(cell) in NOT_REPORTED


def number(cell) -> float | None:
    """Return a cell as a number (None when blank); raise CellError otherwise.

    Accepts full-width digits, thousands separators (1,234), and "85%" (returned as
    Percent(0.85)); refuses dates, times, booleans, formulas without a result, and other text.
    A not-reported mark is not a number here: callers check is_not_reported() first.
    """
    if cell is None:
        return None
    kind = type(cell)
    if kind is float or kind is int:
        return _finite(float(cell), cell)
    if isinstance(cell, Percent):
        return _finite(cell, cell)
    if kind is str:
        return _number_text(cell)
    return _typed(cell)


def _typed(cell) -> float:
    if isinstance(cell, bool):
        raise CellError(
            f"a true/false cell ({'TRUE' if cell else 'FALSE'}), not a number",
            "type the number",
        )
    if isinstance(cell, dt.datetime | dt.date | dt.time | dt.timedelta):
        raise CellError(
            f"a date or time ({_show_date(cell)}), not a number",
            "format the cell as a number (Excel: 设置单元格格式 → 数值) and type the value",
        )
    if isinstance(cell, Formula):
        raise CellError(
            f"a formula without a saved result ({cell.text})",
            "open the file in Excel or WPS and save it, or type the value instead of the formula",
        )
    if isinstance(cell, numbers.Real):  # e.g. NumPy numbers
        return _finite(float(cell), cell)
    raise CellError(f"not a number: {text(cell)!r}")


def _show_date(cell) -> str:
    if isinstance(cell, dt.datetime) and cell.time() == dt.time(0):
        return cell.date().isoformat()
    return str(cell)


def _number_text(cell: str) -> float | None:
    try:
        # Fast path for plain numbers; float() would also take "1_000", which we do not.
        value = float(cell)
    except ValueError:
        pass
    else:
        if "_" not in cell:
            return _finite(value, cell)
    stripped = normalise(cell)
    if not stripped:
        return None
    percent = stripped.endswith("%")
    if percent:
        stripped = stripped[:-1].strip()
    if THOUSANDS.fullmatch(stripped):
        stripped = stripped.replace(",", "")
    if not PLAIN.fullmatch(stripped):
        raise CellError(f"not a number: {cell.strip()!r}")
    value = _finite(float(stripped), cell)
    return PercentText(value / 100) if percent else value


def _finite(value: float, cell) -> float:
    if not math.isfinite(value):
        raise CellError(f"not a number: {text(cell)!r}")
    return value


def clean(cell, *, nfkc: bool = True) -> str:
    """Return a cell as trimmed text: 101.0 → "101", TRUE → 是, full-width → half-width, — → "".

    With `nfkc=False` (names that keep their full-width punctuation) only no-break spaces change.
    """
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return YES if cell else NO
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    value = cell.text if isinstance(cell, Formula) else str(cell)
    value = normalise(value) if nfkc else value.replace("\u00a0", " ").strip()
    return "" if normalise(value) in NOT_REPORTED else value


def decimal(cell) -> Decimal | None:
    """Return a cell as an exact Decimal, None when blank or not reported; raise CellError else.

    Text is read digit by digit (no float rounding): full-width digits, spaces and thousands
    separators are fine; a percentage typed as text is not a number here.
    """
    kind = type(cell)
    if kind is int:
        return Decimal(cell)
    if kind is str:
        return _decimal_text(cell)
    value = number(cell)
    return None if value is None else Decimal(repr(float(value)))


def _decimal_text(cell: str) -> Decimal | None:
    stripped = normalise(cell).replace(" ", "")
    if not stripped or stripped in NOT_REPORTED:
        return None
    if THOUSANDS.fullmatch(stripped):
        stripped = stripped.replace(",", "")
    if not PLAIN.fullmatch(stripped):
        raise CellError(f"not a number: {cell.strip()!r}")
    return Decimal(stripped)
