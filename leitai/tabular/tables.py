"""The one header finder and the table reader: title rows above, notes below, limits.

A SheetSpec names a table's columns with their aliases (English code and Chinese header); a
header cell matches whatever its case, spaces, "*" marks and bracketed remarks ("目标值（万元）").
The header is the first row, among the first `search` non-blank rows, that holds every required
column; rows above it are titles; with `extra_ok`, other headers are kept in `Table.extra`.
Below it, blank rows are skipped, a row whose only cell is a note ("注：…", "说明：…",
"填报人：…") is skipped with a note, and a row with cells beyond the header is refused (with
`long_ok`, the extra cells are ignored). Limits on rows and cells are checked while the rows
stream in: past them, reading stops at once. Problems are Issues (a code and its parameters,
with the English text).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter

from leitai.tabular.cells import normalise, text
from leitai.tabular.problems import Issue, Problems, TabularError
from leitai.tabular.sources import CsvRows

HEADER_SEARCH = 20
REMARK = re.compile(r"[(（][^)）]*[)）]")
NOTE_PREFIXES = ("注", "备注", "说明", "填报人", "填表人", "制表", "审核", "联系人", "数据来源")


@dataclass(frozen=True)
class SheetSpec:
    """A table's name and aliases, its columns (code → aliases) and which are required."""

    name: str
    columns: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    extra_ok: bool = False
    search: int = HEADER_SEARCH
    long_ok: bool = False  # cells beyond the header are ignored instead of refused

    def column_of(self, header: str) -> str | None:
        """Return the column code a header cell names, or None."""
        key = _key(header)
        for code, aliases in self.columns.items():
            if key == _key(code) or key in (_key(a) for a in aliases):
                return code
        return None

    def names(self) -> tuple[str, ...]:
        """Return the sheet names (or CSV file stems) this table may have."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Limits:
    """Most rows and cells a caller accepts (None = no limit)."""

    rows: int | None = None
    cells: int | None = None


@dataclass
class Table:
    """A table read from a sheet: its label, column positions, rows and notes.

    `extra` maps the position of each header cell no column names (with `extra_ok`) to its text.
    """

    label: str
    columns: dict[str, int]
    headers: dict[str, str]
    width: int = 0
    extra: dict[int, str] = field(default_factory=dict)
    rows: list[tuple[int, list]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Every row is a list of 2 to `width` text cells (the ones left out are blank), its
    # first two cells filled (a CSV file with no blank, note or over-long row): readers may
    # take it by columns.
    plain: bool = False
    # A plain table's columns as read (as many as its rows have cells), when the file was a
    # plain grid (CsvRows.grid); `rows` is then a GridRows.
    grid: list[list[str]] | None = None

    def cell(self, row: list, column: str):
        """Return a row's cell of `column` (None when absent or short)."""
        position = self.columns.get(column)
        if position is None or position >= len(row):
            return None
        return row[position]

    def where(self, number: int, column: str | None = None) -> str:
        """Name a row (and column, by the header as written) of this table."""
        if column is None:
            return f"{self.label} row {number}"
        return f"{self.label} row {number}, column {self.headers.get(column, column)}"


def _key(header: str) -> str:
    return "".join(REMARK.sub("", normalise(header)).replace("*", "").lower().split())


def _plain(rows: list[list[str]], width: int) -> bool:
    """Tell whether every row has 2 to `width` cells, its first two filled (checked in C).

    A row shorter than the header is one whose last cells were left out (as a CSV file
    written without trailing commas has them): they read as blank.
    """
    lengths = set(map(len, rows))
    if width < 2 or (lengths and (min(lengths) < 2 or max(lengths) > width)):
        return False
    return all(all(map(str.strip, map(itemgetter(k), rows))) for k in (0, 1))


def _plain_grid(grid: list[list[str]], width: int) -> bool:
    """Tell whether rows given as columns (`grid`) are plain, as _plain() tells of rows."""
    return 2 <= len(grid) <= width and all(all(map(str.strip, grid[k])) for k in (0, 1))


class GridRows:
    """The (row number, cells) of a plain table read as columns, made when iterated."""

    def __init__(self, first: int, grid: list[list[str]]):
        self.first, self.grid = first, grid

    def __iter__(self):
        return zip(itertools.count(self.first), map(list, zip(*self.grid, strict=True)))

    def __len__(self) -> int:
        return len(self.grid[0])

    def numbers(self) -> list[int]:
        """Return the rows' numbers."""
        return list(range(self.first, self.first + len(self)))


def _blank_row(row: list) -> bool:
    return all(cell is None or (type(cell) is str and not cell.strip()) for cell in row)


def _two_filled(row: list) -> bool:
    """Tell whether the first two cells both hold something (true of almost every data row)."""
    if len(row) < 2:
        return False
    a, b = row[0], row[1]
    if a is None or b is None:
        return False
    return (type(a) is not str or bool(a.strip())) and (type(b) is not str or bool(b.strip()))


def _is_note(row: list) -> str | None:
    filled = [c for c in row if c is not None and text(c)]
    if len(filled) == 1 and type(filled[0]) is str:
        note = filled[0].strip()
        if normalise(note).startswith(NOTE_PREFIXES):
            return note
    return None


def read_table(
    rows: Iterable[tuple[int, list]],
    spec: SheetSpec,
    label: str,
    problems: Problems,
    limits: Limits = Limits(),
) -> Table | None:
    """Read a table from (row number, cells); None (with problems recorded) when unreadable."""
    rows = iter(rows)
    table = _header(rows, spec, label, problems)
    if table is None:
        return None
    if isinstance(rows, CsvRows) and limits == Limits():
        found = rows.grid()
        if found is not None:
            first, grid = found
            if _plain_grid(grid, table.width):
                # What the loop below would keep, without a Python step per row.
                table.rows, table.grid, table.plain = GridRows(first, grid), grid, True
                return table
            rows = zip(itertools.count(first), map(list, zip(*grid, strict=True)))
        else:
            first, rest = rows.rest()
            if _plain(rest, table.width):
                table.rows = list(zip(itertools.count(first), rest))
                table.plain = True
                return table
            rows = zip(itertools.count(first), rest)
    count = cells = 0
    for number, row in rows:
        if not _two_filled(row):  # else neither blank nor a note: the usual data row, kept fast
            if _blank_row(row):
                continue
            note = _is_note(row)
            if note is not None:
                table.notes.append(f"{table.where(number)}: read as a note and skipped: {note!r}")
                continue
        count += 1
        cells += len(row)
        _check_limits(limits, label, count, cells)
        if len(row) > table.width and any(c is not None for c in row[table.width :]):
            if not spec.long_ok:
                problems.add(_too_long(table, number, row))
                continue
            row = row[: table.width]
        table.rows.append((number, row))
    return table


def _too_long(table: Table, number: int, row: list) -> Issue:
    # CSV cells beyond the header count even when empty ("1,520," unquoted makes one).
    extra = max(i for i, c in enumerate(row) if c is not None) + 1
    message = (
        f"{table.where(number)}: {extra} cells but the header has {table.width} "
        'columns: remove the extra cells, or quote a number written with a comma ("1,520")'
    )
    params = {"label": table.label, "row": number, "cells": extra, "width": table.width}
    return Issue("extra_cells", params, message)


def _check_limits(limits: Limits, label: str, count: int, cells: int) -> None:
    if limits.rows is not None and count > limits.rows:
        message = f"{label}: more than {limits.rows} rows: split the file or remove unused rows"
        params = {"label": label, "limit": limits.rows}
        raise TabularError([Issue("too_many_rows", params, message)])
    if limits.cells is not None and cells > limits.cells:
        message = (
            f"{label}: more than {limits.cells} cells: split the file or remove unused columns"
        )
        params = {"label": label, "limit": limits.cells}
        raise TabularError([Issue("too_many_cells", params, message)])


def _missing(label: str, number: int, code: str) -> Issue:
    message = f"{label} row {number}: missing column {code}"
    return Issue("missing_column", {"label": label, "row": number, "column": code}, message)


def _header(rows, spec: SheetSpec, label: str, problems: Problems) -> Table | None:
    """Find the header row; record what is wrong with it when none fits."""
    candidates = []
    for number, row in rows:
        if _blank_row(row):
            continue
        found = [spec.column_of(text(c)) for c in row]
        if all(code in found for code in spec.required):
            return _table(spec, label, number, row, found, problems)
        candidates.append((number, row, found))
        if len(candidates) >= spec.search:
            break
    # No row holds every required column: report against the row that looks most like a header.
    if not candidates:
        for code in spec.required:
            problems.add(_missing(label, 1, code))
        return None
    number, row, found = max(candidates, key=lambda c: (sum(f is not None for f in c[2]), -c[0]))
    _table(spec, label, number, row, found, problems)
    return None


def _table(spec, label, number, row, found, problems) -> Table | None:
    headers = [text(c) for c in row]
    width = len(headers)  # trailing blank header cells still count as columns (CSV)
    while headers and not headers[-1]:
        headers.pop()
    before = len(problems)
    table = Table(label, {}, {}, width)
    for position, (header, code) in enumerate(zip(headers, found, strict=False)):
        if code is None:
            _unknown(spec, table, number, position, header, problems)
        elif code in table.columns:
            message = f"{label} row {number}: duplicate column {code}"
            params = {"label": label, "row": number, "column": code}
            problems.add(Issue("duplicate_column", params, message))
        else:
            table.columns[code] = position
            table.headers[code] = header
    for code in spec.required:
        if code not in table.columns:
            problems.add(_missing(label, number, code))
    return None if len(problems) > before else table


def _unknown(spec, table: Table, number: int, position: int, header: str, problems) -> None:
    """Keep a header no column names (with extra_ok), else record it as unknown."""
    if not header:
        return
    if spec.extra_ok:
        table.extra[position] = header
        return
    expected = ", ".join(spec.columns)
    message = f"{table.label} row {number}: unknown column {header!r} (expected {expected})"
    params = {"label": table.label, "row": number, "header": header, "expected": expected}
    problems.add(Issue("unknown_column", params, message))
