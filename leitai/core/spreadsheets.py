"""The one writer of every spreadsheet Leitai produces: text stays text, never a formula.

Formula injection (CSV/XLSX injection, OWASP): a unit's name, a note or a problem description
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would otherwise be
written as a live formula (openpyxl turns any string starting with ``=`` into one), and a
spreadsheet program would evaluate it when the file is opened — ``=HYPERLINK("http://…"&C5)``
leaks neighbouring cells. Every workbook is therefore built with :func:`new_workbook` and
turned into bytes with :func:`workbook_bytes` (or saved with :func:`save_workbook`), which
rewrites every such cell as a plain string cell carrying Excel's *quote prefix* style (the
flag Excel sets when someone types a leading apostrophe). The quote prefix is formatting, not
data: the cell's value is the text exactly as typed, so a template downloaded and uploaded
again reads back unchanged and the importers have nothing to strip. Numbers stay numbers.

CSV has no styles, so :func:`csv_writer` follows OWASP's advice for it and prefixes such text
with a single quote; :func:`csv_unquote` removes exactly that prefix. A test
(tests/core/test_spreadsheets.py) fails if any module outside this one creates a workbook or a
CSV writer itself.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell, WriteOnlyCell

# What a spreadsheet program may read as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Text the CSV writer prefixes: a formula start, after any quotes a previous escape added.
_CSV_ESCAPED = re.compile(r"'*[=+\-@\t\r]")
# A plain number written as text ("-1.5", "+3", "2e-05") is no formula: it stays as it is.
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def is_formula_like(value: Any) -> bool:
    """Return True for text a spreadsheet program could evaluate as a formula."""
    return (
        isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value)
    )


def new_workbook() -> Workbook:
    """Return an empty workbook (one sheet); write it out with :func:`workbook_bytes`."""
    return Workbook()


def neutralise(workbook: Workbook) -> int:
    """Make every formula-like cell a quote-prefixed string cell; return how many there were."""
    count = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell, MergedCell):
                    continue
                if cell.data_type == "f" or is_formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    count += 1
    return count


def new_streaming_workbook() -> Workbook:
    """Return a write-only workbook for large outputs; append rows made by :func:`safe_row`
    and save it with its own ``save`` (nothing is kept in memory to neutralise later)."""
    return Workbook(write_only=True)


def safe_row(sheet, row) -> list:
    """Return a row for a write-only sheet: formula-like text as quote-prefixed string cells."""
    out = []
    for value in row:
        if is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            value = cell
        out.append(value)
    return out


def workbook_bytes(workbook: Workbook) -> bytes:
    """Return the workbook as XLSX bytes with no formula in it."""
    neutralise(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def save_workbook(workbook: Workbook, path: Path | str) -> None:
    """Save the workbook to a file with no formula in it."""
    Path(path).write_bytes(workbook_bytes(workbook))


def csv_cell(value: Any) -> Any:
    """Return the value for a CSV cell: formula-like text gets a leading single quote."""
    if isinstance(value, str) and _CSV_ESCAPED.match(value) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_unquote(text: str) -> str:
    """Remove the single quote :func:`csv_cell` added, and nothing else."""
    if _CSV_ESCAPED.match(text) and text.startswith("'"):
        return text[1:]
    return text


class SafeCsvWriter:
    """A ``csv.writer`` whose rows pass through :func:`csv_cell`."""

    def __init__(self, stream: TextIO, **options: Any):
        self._writer = csv.writer(stream, **options)
        self._stream = stream

    def writerow(self, row) -> Any:
        return self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)

    def writecolumns(self, columns: list[list[str]]) -> None:
        """Write rows given as columns of text, exactly as writerows() would write them.

        The rows are joined as they are, and the text is checked in a few passes of C: no
        quote, carriage return or formula character (a "-" only where it starts no cell, or
        starts a number), one delimiter fewer than cells a row, one line a row. Otherwise each
        column is escaped and quoted cell by cell, as writerow() does.
        """
        dialect = self._writer.dialect
        simple = dialect.quoting == csv.QUOTE_MINIMAL and not dialect.escapechar
        if len(columns) < 2 or not simple or dialect.lineterminator != "\n":
            self.writerows(zip(*columns, strict=True))
            return
        if not columns[0]:
            return
        text = _joined(columns, dialect.delimiter)
        if not self._plain(text, len(columns[0]), len(columns)):
            text = _joined([self._column(column) for column in columns], dialect.delimiter)
        self._stream.write(text)

    def _plain(self, text: str, rows: int, width: int) -> bool:
        """Tell whether rows joined as they are need no escaping and no quoting."""
        delimiter = self._writer.dialect.delimiter
        if any(c in text for c in "'\"\r=+@\t") or text.count("\n") != rows:
            return False
        if text.count(delimiter) != rows * (width - 1):
            return False  # a cell holds a delimiter: it needs quotes
        at = text.find("-")
        while at >= 0:
            end = at + 1
            if at == 0 or text[at - 1] in (delimiter, "\n"):  # a cell starting with "-"
                end = min(i for i in (text.find(delimiter, at), text.find("\n", at)) if i >= 0)
                if not _NUMBER.fullmatch(text, at, end):
                    return False
            at = text.find("-", end)
        return True

    def _column(self, column: list[str]) -> list[str]:
        special = self._writer.dialect.delimiter + self._writer.dialect.quotechar + "\r\n"
        column = list(map(csv_cell, column))
        return [self._quoted(c) if any(s in c for s in special) else c for c in column]

    def _quoted(self, cell: str) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, self._writer.dialect).writerow([cell])
        return buffer.getvalue()[: -len(self._writer.dialect.lineterminator)]


def _joined(columns: list[list[str]], delimiter: str) -> str:
    return "\n".join(map(delimiter.join, zip(*columns, strict=True))) + "\n"


def csv_writer(stream: TextIO, **options: Any) -> SafeCsvWriter:
    """Return a CSV writer that never writes formula-like text as is."""
    return SafeCsvWriter(stream, **options)
