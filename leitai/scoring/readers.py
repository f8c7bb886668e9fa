"""Read `leitai score` input: an .xlsx workbook or a folder of UTF-8 CSV files.

Every problem names the sheet, the row as a spreadsheet user counts it (header = row 1) and
the column; all problems are collected before giving up.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from leitai.scoring.inputs import (
    Adjustment,
    Exemption,
    PanelColumns,
    ScoringInput,
    Unit,
    ValueColumns,
)
from leitai.scoring.validate import Problem

SHEETS = {
    "units": ("unit", "name", "group"),
    "values": ("unit", "indicator", "value", "target", "previous"),
    "panel": ("unit", "indicator", "judge", "score"),
    "adjustments": ("unit", "arena", "kind", "level", "points", "note"),
    "exemptions": ("unit", "indicator"),
}
REQUIRED_SHEETS = ("units", "values")
PREVIOUS_COLUMNS = ("unit", "rank")
THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


class ReadError(ValueError):
    """Input files that cannot be read; `messages` lists every problem found."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class Sheet:
    """The rows of one sheet, each with its spreadsheet row number."""

    name: str
    columns: dict[str, int]
    rows: list[tuple[int, list]] = field(default_factory=list)

    def cell(self, row: list, column: str):
        """Return a row's cell of `column` (None when the row is short)."""
        position = self.columns[column]
        return row[position] if position < len(row) else None


@dataclass
class Loaded:
    """Input read from files, with the spreadsheet row number of every record per sheet."""

    data: ScoringInput
    rows: dict[str, list[int]]

    def describe(self, problem: Problem) -> str:
        """Name a problem's sheet, spreadsheet row and column."""
        if problem.index is None:
            return f"{problem.sheet}: {problem.message}"
        row = self.rows[problem.sheet][problem.index]
        column = f", column {problem.column}" if problem.column else ""
        return f"{problem.sheet} row {row}{column}: {problem.message}"


def parse_number(cell) -> float | None:
    """Return a cell as a number, None when blank; accept full-width digits and 1,234."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise ValueError(cell)
    if isinstance(cell, int | float):
        return _finite(float(cell), cell)
    try:
        # Fast path for plain numbers; float() would also take "1_000", which we do not.
        number = float(cell)
    except ValueError:
        pass
    else:
        if "_" not in cell:
            return _finite(number, cell)
    text = unicodedata.normalize("NFKC", str(cell)).strip()
    if not text:
        return None
    if THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):
        raise ValueError(cell)
    return _finite(float(text), cell)


def _finite(number: float, cell) -> float:
    if not math.isfinite(number):
        raise ValueError(cell)
    return number


def text_cell(cell) -> str:
    """Return a cell as stripped text; whole numbers lose their '.0'."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def read_data(path: Path) -> Loaded:
    """Read the sheets of DATA (folder of CSV files or .xlsx workbook)."""
    sheets, messages = _open_sheets(Path(path))
    if messages:
        raise ReadError(messages)
    reader = _Reader()
    units = reader.units(sheets["units"])
    values = reader.values(sheets["values"])
    panel = reader.panel(sheets.get("panel"))
    adjustments = reader.adjustments(sheets.get("adjustments"))
    exemptions = reader.exemptions(sheets.get("exemptions"))
    if reader.messages:
        raise ReadError(reader.messages)
    data = ScoringInput(units, values, panel, adjustments, exemptions)
    return Loaded(data, reader.rows)


def _open_sheets(path: Path) -> tuple[dict[str, Sheet], list[str]]:
    if path.is_dir():
        raw = {name: _csv_rows(path / f"{name}.csv") for name in SHEETS}
    elif path.suffix.lower() == ".xlsx" and path.is_file():
        raw = _xlsx_rows(path)
    else:
        return {}, [f"{path}: DATA must be a folder of CSV files or an .xlsx workbook"]
    sheets, messages = {}, []
    for name, columns in SHEETS.items():
        rows = raw.get(name)
        if rows is None:
            if name in REQUIRED_SHEETS:
                messages.append(f"{name}: required sheet is missing")
            continue
        sheet = _sheet(name, columns, rows, messages)
        if sheet is not None:
            sheets[name] = sheet
    return sheets, messages


def _csv_rows(path: Path) -> list[list] | None:
    if not path.is_file():
        return None
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _xlsx_rows(path: Path) -> dict[str, list]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in workbook}
    finally:
        workbook.close()


def _sheet(name: str, columns: tuple, rows: list, messages: list[str]) -> Sheet | None:
    header = [text_cell(c) for c in rows[0]] if rows else []
    while header and not header[-1]:
        header.pop()
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns]
    duplicate = sorted({c for c in header if header.count(c) > 1})
    for column in missing:
        messages.append(f"{name} row 1: missing column {column}")
    for column in unknown:
        messages.append(f"{name} row 1: unknown column {column!r} (expected {', '.join(columns)})")
    for column in duplicate:
        messages.append(f"{name} row 1: duplicate column {column}")
    if missing or unknown or duplicate:
        return None
    sheet = Sheet(name, {c: header.index(c) for c in columns})
    sheet.rows = [(n, row) for n, row in enumerate(rows[1:], start=2) if not _blank(row)]
    return sheet


def _blank(row: list) -> bool:
    try:
        return not "".join(row).strip()  # CSV rows: all text
    except TypeError:
        return not any(text_cell(c) for c in row)


class _Reader:
    """Turn sheets into engine records, collecting problems."""

    def __init__(self):
        self.messages: list[str] = []
        self.rows: dict[str, list[int]] = {name: [] for name in SHEETS}

    def number(self, sheet: Sheet, number: int, row: list, column: str, *, required=False):
        cell = sheet.cell(row, column)
        try:
            value = parse_number(cell)
        except ValueError:
            self.messages.append(
                f"{sheet.name} row {number}, column {column}: not a number: {text_cell(cell)!r}"
            )
            return math.nan
        if value is None and required:
            self.messages.append(f"{sheet.name} row {number}, column {column}: missing number")
            return math.nan
        return value

    def text(self, sheet: Sheet, number: int, row: list, column: str, *, required=True) -> str:
        value = text_cell(sheet.cell(row, column))
        if required and not value:
            self.messages.append(f"{sheet.name} row {number}, column {column}: blank")
        return value

    def units(self, sheet: Sheet) -> tuple[Unit, ...]:
        out = []
        for number, row in sheet.rows:
            self.rows["units"].append(number)
            code = self.text(sheet, number, row, "unit")
            name = self.text(sheet, number, row, "name", required=False) or code
            out.append(Unit(code, name, self.text(sheet, number, row, "group")))
        return tuple(out)

    def values(self, sheet: Sheet) -> ValueColumns:
        positions = [sheet.columns[c] for c in SHEETS["values"]]
        width = max(positions) + 1
        units, indicators, columns = [], [], ([], [], [])
        for number, row in sheet.rows:
            self.rows["values"].append(number)
            if len(row) < width:
                row = list(row) + [None] * (width - len(row))
            cells = [row[p] for p in positions]
            units.append(self._code(sheet, number, cells[0], "unit"))
            indicators.append(self._code(sheet, number, cells[1], "indicator"))
            for column, cell, out in zip(SHEETS["values"][2:], cells[2:], columns, strict=True):
                out.append(self._number(sheet, number, cell, column))
        arrays = [np.array(c, dtype=float) for c in columns]
        return ValueColumns(tuple(units), tuple(indicators), *arrays)

    def _code(self, sheet: Sheet, number: int, cell, column: str) -> str:
        """Read a required code cell quickly (the values sheet can hold a million rows)."""
        value = cell.strip() if type(cell) is str else text_cell(cell)
        if not value:
            self.messages.append(f"{sheet.name} row {number}, column {column}: blank")
        return value

    def _number(self, sheet: Sheet, number: int, cell, column: str) -> float:
        """Read an optional number cell quickly; NaN for blank or bad (bad is recorded)."""
        if type(cell) is str and cell and "_" not in cell:
            try:
                value = float(cell)
            except ValueError:
                pass
            else:
                if math.isfinite(value):
                    return value
        return self._slow(sheet, number, cell, column)

    def _slow(self, sheet: Sheet, number: int, cell, column: str) -> float:
        try:
            value = parse_number(cell)
        except ValueError:
            self.messages.append(
                f"{sheet.name} row {number}, column {column}: not a number: {text_cell(cell)!r}"
            )
            return math.nan
        return math.nan if value is None else value

    def panel(self, sheet: Sheet | None) -> PanelColumns:
        units, indicators, judges, scores = [], [], [], []
        for number, row in sheet.rows if sheet else ():
            self.rows["panel"].append(number)
            units.append(self.text(sheet, number, row, "unit"))
            indicators.append(self.text(sheet, number, row, "indicator"))
            judges.append(self.text(sheet, number, row, "judge"))
            scores.append(self.number(sheet, number, row, "score", required=True))
        return PanelColumns(
            tuple(units), tuple(indicators), tuple(judges), np.array(scores, dtype=float)
        )

    def adjustments(self, sheet: Sheet | None) -> tuple[Adjustment, ...]:
        out = []
        for number, row in sheet.rows if sheet else ():
            self.rows["adjustments"].append(number)
            kind = self.text(sheet, number, row, "kind")
            out.append(
                Adjustment(
                    self.text(sheet, number, row, "unit"),
                    self.text(sheet, number, row, "arena", required=kind != "veto"),
                    kind,
                    self.text(sheet, number, row, "level", required=False),
                    self.number(sheet, number, row, "points"),
                    self.text(sheet, number, row, "note", required=False),
                )
            )
        return tuple(out)

    def exemptions(self, sheet: Sheet | None) -> tuple[Exemption, ...]:
        out = []
        for number, row in sheet.rows if sheet else ():
            self.rows["exemptions"].append(number)
            out.append(
                Exemption(
                    self.text(sheet, number, row, "unit"),
                    self.text(sheet, number, row, "indicator"),
                )
            )
        return tuple(out)


def read_previous(path: Path) -> tuple[dict[str, int], dict[str, str]]:
    """Read a previous period's `unit,rank[,group]` CSV; return ranks and groups by unit."""
    rows = _csv_rows(Path(path))
    if rows is None:
        raise ReadError([f"{path}: previous ranks file not found"])
    messages: list[str] = []
    columns = ("unit", "rank", "group") if rows and "group" in rows[0] else PREVIOUS_COLUMNS
    sheet = _sheet("previous", columns, rows, messages)
    if sheet is None:
        raise ReadError(messages)
    ranks, groups, seen = {}, {}, {}
    for number, row in sheet.rows:
        unit = text_cell(sheet.cell(row, "unit"))
        rank = _previous_rank(sheet.cell(row, "rank"))
        if rank is None:
            messages.append(
                f"previous row {number}, column rank: not a whole number >= 1: "
                f"{text_cell(sheet.cell(row, 'rank'))!r}"
            )
        if unit in seen:
            messages.append(
                f"previous row {number}, column unit: duplicate unit {unit} (row {seen[unit]})"
            )
        seen.setdefault(unit, number)
        ranks[unit] = rank
        if "group" in columns:
            groups[unit] = text_cell(sheet.cell(row, "group"))
    if messages:
        raise ReadError(messages)
    return ranks, groups


def _previous_rank(cell) -> int | None:
    try:
        value = parse_number(cell)
    except ValueError:
        return None
    if value is None or value < 1 or not value.is_integer():
        return None
    return int(value)
