"""What every Excel import shares: reading sheets into located cells, limits, the kept upload.

An import reads the workbook through `leitai.tabular` (streamed, with the one header finder
and cell cleaner) into clean cells (`open_workbook`, `find_sheet`, `read_sheet`), reports
problems by sheet, Excel row and column (`Problem`; the first LIMIT are kept and shown, the
rest counted in a `ProblemList`), shows a preview, and applies only on confirm. Every upload
reads at most `upload_limits()` rows and cells: past them it stops at once and is refused.
Between the two steps the upload waits under MEDIA_ROOT/imports/<random token>.xlsx with the
token in the session (`keep_upload`, `kept_upload`, `forget_upload`); the confirm re-reads the
file and compares the plan's `fingerprint` with the previewed one.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from openpyxl.utils import get_column_letter

from leitai import tabular
from leitai.core.uploads import UnsafeArchive, upload_sheets
from leitai.tabular.cells import NO, YES, clean  # noqa: F401 - YES, NO for the sheet modules
from leitai.tabular.problems import LIMIT

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_SPLIT = re.compile(r"[,、;\s]+")
MAX_ROWS = 20_000
CELLS_PER_ROW = 50
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

    def table(self) -> tabular.SheetSpec:
        """Return the spec the tabular reader finds this sheet's header by."""
        columns = {c.key: (c.zh, c.en) for c in self.columns}
        required = tuple(c.key for c in self.columns if c.required)
        return tabular.SheetSpec(self.key, columns, required, extra_ok=True, long_ok=True)

    def header(self, key: str) -> str:
        """Return the Chinese header of a column key (the key itself when unknown)."""
        return next((c.zh for c in self.columns if c.key == key), key)


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


class ProblemList(list):
    """The problems of one upload: the first LIMIT are kept (and shown), the rest counted."""

    more = 0

    def append(self, problem) -> None:
        if len(self) < LIMIT:
            super().append(problem)
        else:
            self.more += 1

    def extend(self, problems) -> None:
        for problem in problems:
            self.append(problem)

    @property
    def total(self) -> int:
        """Return how many problems were found, kept or not."""
        return len(self) + self.more


# How the web words the tabular reader's problems (leitai.tabular.Issue codes).
ISSUES = {
    "not_workbook": N_("The file is not an Excel workbook (.xlsx): %(reason)s"),
    "cannot_open": N_("The file is not an Excel workbook (.xlsx): %(reason)s"),
    "too_many_rows": N_(
        "More than %(limit)s rows: the file was not read further and nothing was changed. "
        "Split it or delete the rows that are not needed."
    ),
    "too_many_cells": N_(
        "More than %(limit)s cells: the file was not read further and nothing was changed. "
        "Split it or delete the columns that are not needed."
    ),
    "missing_column": N_("The required column %(header)s is missing."),
    "duplicate_column": N_("The column %(header)s appears twice."),
}


def issue_problem(issue: tabular.Issue, spec: SheetSpec | None = None) -> Problem:
    """Return a tabular reader's Issue as a Problem, worded for the web and translated."""
    params = dict(issue.params)
    if "column" in params:
        params["header"] = spec.header(params["column"]) if spec else params["column"]
    message = ISSUES.get(issue.code)
    if message is None:  # a code the web does not word: show the reader's English text
        return Problem("%(text)s", {"text": issue.text}, params.get("label", ""))
    return Problem(message, params, params.get("label", ""), params.get("row"))


def add_issues(problems: list, issues, more: int = 0, spec: SheetSpec | None = None) -> None:
    """Add the reader's Issues (and the count of those it did not keep) to `problems`."""
    problems.extend(issue_problem(tabular.problems.as_issue(i), spec) for i in issues)
    if more and isinstance(problems, ProblemList):
        problems.more += more


def upload_limits(expected_rows: int = 0) -> tabular.Limits:
    """Return the rows and cells an upload may hold: MAX_ROWS or twice the expected rows."""
    rows = max(MAX_ROWS, 2 * expected_rows)
    return tabular.Limits(rows=rows, cells=rows * CELLS_PER_ROW)


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


def header_key(text: str) -> str:
    """Return a header or sheet title as matched: no brackets, no '*', lower case."""
    text = re.sub(r"[(（].*?[)）]", "", clean(text)).replace("*", "")
    return text.strip().lower()


class Worksheet(NamedTuple):
    """One sheet of an upload: its title and its streamed (row number, cells)."""

    title: str
    rows: Any


def open_workbook(data: bytes, *, max_bytes: int) -> tuple[dict | None, ProblemList]:
    """Return (the upload's sheets by title, or None; problems) for the uploaded bytes."""
    problems = ProblemList()
    if len(data) > max_bytes:
        limit = filesizeformat(max_bytes)
        problems.append(
            Problem(N_("The file is larger than the limit of %(limit)s."), {"limit": limit})
        )
        return None, problems
    try:
        return upload_sheets(data), problems
    except UnsafeArchive as exc:
        problems.append(Problem(exc.message, exc.params))
    except tabular.TabularError as exc:
        add_issues(problems, exc.issues)
    return None, problems


def find_sheet(workbook: dict, spec: SheetSpec) -> Worksheet | None:
    """Return the worksheet named by the spec's Chinese or English name, or None."""
    titles = {header_key(title): title for title in workbook}
    title = titles.get(spec.zh) or titles.get(spec.en)
    return Worksheet(title, workbook[title]) if title is not None else None


def read_sheet(
    ws: Worksheet, spec: SheetSpec, problems: list, limits: tabular.Limits | None = None
) -> Sheet:
    """Return the sheet's non-blank data rows; a missing required column is a problem.

    Reading stops, with a problem, past `limits` (default: `upload_limits()`).
    """
    found = tabular.Problems()
    try:
        table = tabular.read_table(
            ws.rows, spec.table(), ws.title, found, limits or upload_limits()
        )
    except tabular.TabularError as exc:
        add_issues(problems, exc.issues, spec=spec)
        return Sheet(ws.title, [])
    add_issues(problems, found.kept, found.more, spec)
    if table is None:
        return Sheet(ws.title, [])
    rows = (_cells(table, spec, number, values) for number, values in table.rows)
    return Sheet(ws.title, [cells for cells in rows if any(c.value for c in cells.values())])


def _cells(table: tabular.Table, spec: SheetSpec, number: int, values: list) -> dict[str, Cell]:
    cells = {}
    for column in spec.columns:
        pos = table.columns.get(column.key)
        header = clean(table.headers[column.key]) if pos is not None else column.zh
        raw = clean(table.cell(values, column.key), nfkc=column.nfkc)
        cells[column.key] = Cell(
            raw, table.label, number, pos + 1 if pos is not None else None, header
        )
    return cells


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
