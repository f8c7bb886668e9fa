"""What every Excel import shares: reading sheets into located cells, and the kept upload.

An import reads the workbook into clean cells (`open_workbook`, `read_sheet`), reports every
problem by sheet, Excel row and column (`Problem`), shows a preview, and applies only on
confirm. Between the two steps the upload waits under MEDIA_ROOT/imports/<random token>.xlsx
with the token in the session (`keep_upload`, `kept_upload`, `forget_upload`); the confirm
re-reads the file and compares the plan's `fingerprint` with the previewed one.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from openpyxl.utils import get_column_letter

from leitai.core.uploads import UnsafeArchive, load_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YES, NO = "是", "否"
EMPTY_MARKS = {"—", "——", "-", "--", "无", "/", "–"}
LIST_SPLIT = re.compile(r"[,、;\s]+")
HEADER_ROWS = 5
STALE_SECONDS = 24 * 3600

# --- the workbook layout -------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its key, Chinese and English headers, and how to read it."""

    key: str
    zh: str
    en: str
    required: bool = False
    nfkc: bool = True  # names keep their full-width punctuation; codes do not
    width: int = 14
    note: str = ""


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the workbook."""

    key: str
    zh: str
    en: str
    columns: tuple[Column, ...]


# --- problems ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One error, located by sheet, Excel row and column; the text is translated when shown."""

    message: str
    params: dict = field(default_factory=dict, hash=False, compare=False)
    sheet: str = ""
    row: int | None = None
    column: int | None = None
    header: str = ""

    @property
    def text(self) -> str:
        return _(self.message) % self.params

    @property
    def letter(self) -> str:
        return get_column_letter(self.column) if self.column else ""

    def __str__(self) -> str:
        place = {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.letter,
            "header": self.header,
            "message": self.text,
        }
        if self.column:
            return _("%(sheet)s row %(row)s, column %(column)s (%(header)s): %(message)s") % place
        if self.row:
            return _("%(sheet)s row %(row)s: %(message)s") % place
        if self.sheet:
            return _("%(sheet)s: %(message)s") % place
        return self.text


class ImportRejected(Exception):
    """The workbook cannot be applied; `problems` says why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class PlanChanged(Exception):
    """The plan no longer matches the one previewed; `plan` is the fresh one to show instead."""

    def __init__(self, plan):
        super().__init__("the plan changed since the preview")
        self.plan = plan


def fingerprint(value: Any) -> str:
    """Return a short, stable hash of JSON-able data (a plan, to confirm what was previewed)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A cleaned cell value with where it came from."""

    value: str
    sheet: str
    row: int
    column: int | None
    header: str

    def problem(self, message: str, **params) -> Problem:
        return Problem(message, params, self.sheet, self.row, self.column, self.header)


@dataclass
class Sheet:
    """The data rows of one sheet, each a dict of column key → Cell."""

    title: str
    rows: list[dict[str, Cell]]


def clean(value: Any, *, nfkc: bool = True) -> str:
    """Return a cell as trimmed text: 101.0 → "101", full-width → half-width, '—' → ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    text = unicodedata.normalize("NFKC", text) if nfkc else text.replace("\u00a0", " ")
    text = text.strip()
    return "" if unicodedata.normalize("NFKC", text) in EMPTY_MARKS else text


def header_key(text: str) -> str:
    """Return a header or sheet title as matched: no brackets, no '*', lower case."""
    text = re.sub(r"[(（].*?[)）]", "", clean(text)).replace("*", "")
    return text.strip().lower()


def open_workbook(data: bytes, *, max_bytes: int):
    """Return (openpyxl workbook or None, problems) for the uploaded bytes."""
    if len(data) > max_bytes:
        limit = filesizeformat(max_bytes)
        return None, [
            Problem(N_("The file is larger than the limit of %(limit)s."), {"limit": limit})
        ]
    try:
        return load_xlsx(data, data_only=True), []
    except UnsafeArchive as exc:
        return None, [Problem(exc.message, exc.params)]
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        return None, [
            Problem(
                N_("The file is not an Excel workbook (.xlsx): %(reason)s"),
                {"reason": type(exc).__name__},
            )
        ]


def find_sheet(workbook, spec: SheetSpec):
    """Return the worksheet named by the spec's Chinese or English name, or None."""
    titles = {header_key(ws.title): ws for ws in workbook.worksheets}
    return titles.get(spec.zh) or titles.get(spec.en)


def read_sheet(ws, spec: SheetSpec, problems: list[Problem]) -> Sheet:
    """Return the sheet's non-blank data rows; a missing required column is a problem."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header_row, positions = find_header(rows[:HEADER_ROWS], spec)
    missing = [c for c in spec.columns if c.required and c.key not in positions]
    for column in missing:
        problems.append(
            Problem(
                N_("The required column %(header)s is missing."),
                {"header": column.zh},
                ws.title,
                header_row or None,
            )
        )
    if missing:
        return Sheet(ws.title, [])
    result = []
    for index, values in enumerate(rows[header_row:], start=header_row + 1):
        cells = {}
        for column in spec.columns:
            pos = positions.get(column.key)
            raw = values[pos] if pos is not None and pos < len(values) else None
            header = clean(rows[header_row - 1][pos]) if pos is not None else column.zh
            cells[column.key] = Cell(
                clean(raw, nfkc=column.nfkc),
                ws.title,
                index,
                pos + 1 if pos is not None else None,
                header,
            )
        if any(cell.value for cell in cells.values()):
            result.append(cells)
    return Sheet(ws.title, result)


def find_header(rows: list[list], spec: SheetSpec) -> tuple[int, dict[str, int]]:
    """Return (1-based header row, column key → 0-based position) for the best-matching row."""
    names = {}
    for column in spec.columns:
        names[column.zh.lower()] = names[column.en.lower()] = column.key
    best = (0, {})
    for number, values in enumerate(rows, start=1):
        found = {}
        for pos, value in enumerate(values):
            key = names.get(header_key(value)) if value is not None else None
            if key and key not in found:
                found[key] = pos
        if len(found) > len(best[1]):
            best = (number, found)
    return best


# --- the upload kept between preview and confirm --------------------------------------------


def upload_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def upload_path(token: str) -> Path:
    """Return where the upload of `token` is kept (the token is reduced to safe characters)."""
    safe = "".join(ch for ch in token if ch.isalnum() or ch in "-_")
    return upload_folder() / f"{safe or 'none'}.xlsx"


def keep_upload(data: bytes) -> str:
    """Store the upload under a random token, dropping uploads older than a day."""
    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.xlsx"):
        if time.time() - old.stat().st_mtime > STALE_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    upload_path(token).write_bytes(data)
    return token


def kept_upload(request, session_key: str, token: str) -> Path | None:
    """Return the kept file of `token` if it is this session's and still there, else None."""
    path = upload_path(token)
    if not token or token != request.session.get(session_key) or not path.exists():
        return None
    return path


def forget_upload(request, session_key: str, path: Path) -> None:
    """Delete the kept file and its token in the session."""
    path.unlink(missing_ok=True)
    request.session.pop(session_key, None)
