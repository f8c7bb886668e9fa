"""Read `leitai score` input: an .xlsx workbook or a folder of CSV files, via leitai.tabular.

Sheets and headers may be named in English (the contract's codes) or in Chinese (单位, 数据 …;
单位代码, 指标代码, 数值 …). Every problem names the sheet, the row as a spreadsheet user counts
it and the column as written; all problems are collected (up to 200) before giving up. Cells
read in a way worth telling (a not-reported mark, a percentage) are listed in `Loaded.notes`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import compress, zip_longest
from operator import itemgetter
from pathlib import Path

import numpy as np

from leitai.scoring.inputs import (
    Adjustment,
    Carrier,
    Exemption,
    PanelColumns,
    ScoringInput,
    Unit,
    ValueColumns,
)
from leitai.scoring.scheme import Scheme
from leitai.scoring.validate import Problem
from leitai.tabular import (
    CellError,
    Percent,
    Problems,
    SheetSpec,
    Table,
    TabularError,
    csv_rows,
    is_not_reported,
    is_workbook,
    number,
    read_table,
    text,
    xlsx_sheets,
)
from leitai.tabular.cells import PercentText

UNIT = ("单位代码", "单位编码")
INDICATOR = ("指标代码", "指标编码")
SPECS = {
    "units": SheetSpec(
        "units",
        {"unit": UNIT, "name": ("单位名称", "名称"), "group": ("分组", "组别")},
        ("unit", "name", "group"),
        ("单位", "参评单位"),
    ),
    "values": SheetSpec(
        "values",
        {
            "unit": UNIT,
            "indicator": INDICATOR,
            "value": ("数值", "完成值", "实际值", "本期值"),
            "target": ("目标值", "目标"),
            "previous": ("上期值", "上期位次", "上期"),
        },
        ("unit", "indicator", "value", "target", "previous"),
        ("数据", "指标数据", "考核数据"),
    ),
    "panel": SheetSpec(
        "panel",
        {
            "unit": UNIT,
            "indicator": INDICATOR,
            "judge": ("评委", "评委编号"),
            "score": ("分数", "评分", "打分"),
            "class": ("类别", "评委类别"),
        },
        ("unit", "indicator", "judge", "score"),
        ("评委打分",),
    ),
    "adjustments": SheetSpec(
        "adjustments",
        {
            "unit": UNIT,
            "arena": ("擂台", "擂台代码"),
            "kind": ("类型", "类别"),
            "level": ("级别",),
            "points": ("分值",),
            "note": ("事由", "备注"),
        },
        ("unit", "arena", "kind", "level", "points", "note"),
        ("加扣分", "加减分"),
    ),
    "exemptions": SheetSpec(
        "exemptions", {"unit": UNIT, "indicator": INDICATOR}, ("unit", "indicator"), ("免考核",)
    ),
    "carriers": SheetSpec(
        "carriers",
        {"unit": UNIT, "indicator": INDICATOR, "weight": ("份额", "承担份额", "权重", "比例")},
        ("unit", "indicator"),
        ("承担", "承担指标", "指标承担"),
    ),
}
SHEETS = {name: tuple(spec.columns) for name, spec in SPECS.items()}
REQUIRED_SHEETS = ("units", "values")
PREVIOUS = SheetSpec(
    "previous",
    {"unit": UNIT, "rank": ("排名", "名次"), "group": ("分组", "组别")},
    ("unit", "rank"),
    extra_ok=True,
)
# Chinese words offices use for the kind and level of an adjustment.
KIND_WORDS = {"加分": "bonus", "减分": "deduction", "扣分": "deduction", "一票否决": "veto"}
LEVEL_WORDS = {"国家级": "national", "省级": "provincial", "市级": "municipal", "县级": "county"}


class ReadError(TabularError):
    """Input files that cannot be read; `messages` lists every problem found."""


@dataclass
class Loaded:
    """Input read from files, with the spreadsheet row of every record and the reader's notes."""

    data: ScoringInput
    rows: dict[str, list[int]]
    labels: dict[str, str] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def describe(self, problem: Problem) -> str:
        """Name a problem's sheet, spreadsheet row and column (as written in the header)."""
        label = self.labels.get(problem.sheet, problem.sheet)
        message = problem.message
        if problem.other is not None:
            message += f" row {self.rows[problem.sheet][problem.other]}"
        if problem.index is None:
            return f"{label}: {message}"
        row = self.rows[problem.sheet][problem.index]
        header = self.headers.get(problem.sheet, {}).get(problem.column, problem.column)
        column = f", column {header}" if problem.column else ""
        return f"{label} row {row}{column}: {message}"


def parse_number(cell) -> float | None:
    """Return a cell as a number, None when blank; raise ValueError otherwise (see tabular)."""
    value = number(cell)
    if isinstance(value, Percent):
        raise CellError(f"not a number: {text(cell)!r}")
    return value


def text_cell(cell) -> str:
    """Return a cell as stripped text; whole numbers lose their '.0'."""
    return text(cell)


def read_data(path: Path, scheme: Scheme | None = None) -> Loaded:
    """Read the sheets of DATA (folder of CSV files or .xlsx workbook).

    With `scheme`, a percentage ("85%", or a number Excel shows as 85%) in the value column of
    a `share` indicator is read as the rule expects (0.85, or 85 with `percent`), and refused
    for the other rules; without it, such cells are refused.
    """
    problems = Problems()
    tables = _open_tables(Path(path), problems)
    if problems:
        raise ReadError(problems.messages())
    reader = SheetReader(problems, scheme)
    units = reader.units(tables["units"])
    values = reader.values(tables["values"])
    panel = reader.panel(tables.get("panel"))
    adjustments = reader.adjustments(tables.get("adjustments"))
    exemptions = reader.exemptions(tables.get("exemptions"))
    carriers = reader.carriers(tables.get("carriers"))
    if problems:
        raise ReadError(problems.messages())
    data = ScoringInput(units, values, panel, adjustments, exemptions, carriers)
    notes = [note for table in tables.values() for note in table.notes] + reader.notes
    labels = {name: table.label for name, table in tables.items()}
    headers = {name: table.headers for name, table in tables.items()}
    return Loaded(data, reader.rows, labels, headers, notes)


def _open_tables(path: Path, problems: Problems) -> dict[str, Table]:
    if path.is_dir():
        sources = _csv_sources(path, problems)
    elif path.is_file() and path.suffix.lower() == ".xlsx":
        sources = _xlsx_sources(path, problems)
    elif path.is_file() and is_workbook(path):
        problems.add(f"{path}: an Excel workbook named {path.name}: rename it to .xlsx")
        return {}
    else:
        problems.add(f"{path}: DATA must be a folder of CSV files or an .xlsx workbook")
        return {}
    tables = {}
    for name, spec in SPECS.items():
        if name not in sources:
            if name in REQUIRED_SHEETS:
                problems.add(f"{name}: required sheet is missing")
            continue
        if sources[name] is None:
            continue  # given twice, already reported
        label, rows = sources[name]
        table = read_table(rows, spec, label, problems)
        if table is not None:
            tables[name] = table
    return tables


def _csv_sources(folder: Path, problems: Problems) -> dict:
    sources = {}
    for name, spec in SPECS.items():
        found = [folder / f"{n}.csv" for n in spec.names() if (folder / f"{n}.csv").is_file()]
        if len(found) > 1:
            problems.add(f"{folder}: {' and '.join(f.name for f in found)} are the same sheet")
            sources[name] = None
        elif found:
            sources[name] = (found[0].stem, csv_rows(found[0]))
    return sources


def _xlsx_sources(path: Path, problems: Problems) -> dict:
    sheets = xlsx_sheets(path)
    by_key = {_key(title): title for title in sheets}
    sources = {}
    for name, spec in SPECS.items():
        found = [by_key[_key(n)] for n in spec.names() if _key(n) in by_key]
        if len(found) > 1:
            problems.add(f"{path.name}: sheets {' and '.join(found)} are the same sheet")
            sources[name] = None
        elif found:
            sources[name] = (found[0], sheets[found[0]])
    return sources


def _key(name: str) -> str:
    return "".join(text(name).lower().split())


class SheetReader:
    """Turn tables into engine records, collecting problems and notes."""

    def __init__(self, problems: Problems, scheme: Scheme | None):
        self.problems = problems
        self.notes: list[str] = []
        self.rows: dict[str, list[int]] = {name: [] for name in SPECS}
        self.indicators = {ind.code: ind for ind in scheme.indicators} if scheme else None

    def number(self, table: Table, number_: int, cell, column: str, *, required=False) -> float:
        """Read a number cell; NaN for blank, not reported or bad (bad is recorded)."""
        if (cell is None or cell == "") and not required:
            return math.nan  # blank: most cells of a values sheet's target and previous columns
        if type(cell) is str and cell and "_" not in cell:
            try:
                value = float(cell)
            except ValueError:
                pass
            else:
                if math.isfinite(value):
                    return value
        return self._slow(table, number_, cell, column, required)

    def _slow(self, table: Table, row: int, cell, column: str, required: bool) -> float:
        if is_not_reported(cell):
            if required:
                self.problems.add(f"{table.where(row, column)}: not reported ({text(cell)!r})")
            else:
                self.notes.append(
                    f"{table.where(row, column)}: {text(cell)!r} read as not reported"
                )
            return math.nan
        try:
            value = number(cell)
        except CellError as exc:
            self.problems.add(f"{table.where(row, column)}: {exc}")
            return math.nan
        if value is None:
            if required:
                self.problems.add(f"{table.where(row, column)}: missing number")
            return math.nan
        return value

    def text(self, table: Table, row: int, cells: list, column: str, *, required=True) -> str:
        value = text(table.cell(cells, column))
        if required and not value:
            self.problems.add(f"{table.where(row, column)}: blank")
        return value

    def units(self, table: Table) -> tuple[Unit, ...]:
        out = []
        for number_, row in table.rows:
            self.rows["units"].append(number_)
            code = self.text(table, number_, row, "unit")
            name = self.text(table, number_, row, "name", required=False) or code
            out.append(Unit(code, name, self.text(table, number_, row, "group")))
        return tuple(out)

    def values(self, table: Table) -> ValueColumns:
        plain = _plain_columns(table, SHEETS["values"], texts=2, required=0)
        if plain is not None:
            self.rows["values"] = plain.numbers
            return ValueColumns(*plain.texts, *plain.numbers_read)
        positions = [table.columns[c] for c in SHEETS["values"]]
        width = max(positions) + 1
        units, indicators, columns = [], [], ([], [], [])
        rows = self.rows["values"]
        for number_, row in table.rows:
            rows.append(number_)
            if len(row) < width:
                row = list(row) + [None] * (width - len(row))
            cells = [row[p] for p in positions]
            units.append(self._code(table, number_, cells[0], "unit"))
            indicators.append(self._code(table, number_, cells[1], "indicator"))
            for column, cell, out in zip(SHEETS["values"][2:], cells[2:], columns, strict=True):
                value = self.number(table, number_, cell, column)
                if type(value) is not float:  # a Percent
                    value = self._percent(table, number_, value, cell, column, indicators[-1])
                out.append(value)
        arrays = [np.array(c, dtype=float) for c in columns]
        return ValueColumns(tuple(units), tuple(indicators), *arrays)

    def _percent(self, table: Table, row: int, value, cell, column: str, code: str) -> float:
        """Read a percentage where the rule says what it means; refuse it elsewhere."""
        where = table.where(row, column)
        ind = (self.indicators or {}).get(code)
        if column == "value" and ind is not None and ind.rule == "share":
            read = value.shown if ind.percent else float(value)
            self.notes.append(f"{where}: {text(cell)!r} read as {read:g}")
            return read
        if not isinstance(value, PercentText):
            return float(value)  # a number Excel shows as a percentage, in any other rule
        self.problems.add(
            f"{where}: a percentage ({text(cell)!r}) is read only in the value column of a "
            "share indicator: type the number without % in the unit of the target or bands"
        )
        return math.nan

    def _code(self, table: Table, row: int, cell, column: str) -> str:
        """Read a required code cell quickly (the values sheet can hold a million rows)."""
        value = cell.strip() if type(cell) is str else text(cell)
        if not value:
            self.problems.add(f"{table.where(row, column)}: blank")
        return value

    def panel(self, table: Table | None) -> PanelColumns:
        columns = ("unit", "indicator", "judge", "score")
        # A plain table is read a column at a time; the class column may be blank (the
        # default class) or absent.
        plain = None
        if table is not None:
            classes = ("class",) if "class" in table.columns else ()
            plain = _plain_columns(table, columns, texts=3, required=1, optional=classes)
        if plain is not None:
            self.rows["panel"] = plain.numbers
            given = plain.optional[0] if plain.optional and any(plain.optional[0]) else None
            return PanelColumns(*plain.texts, *plain.numbers_read, given)
        units, indicators, judges, scores, classes = [], [], [], [], []
        for row, cells in table.rows if table else ():
            self.rows["panel"].append(row)
            units.append(self.text(table, row, cells, "unit"))
            indicators.append(self.text(table, row, cells, "indicator"))
            judges.append(self.text(table, row, cells, "judge"))
            cell = table.cell(cells, "score")
            scores.append(float(self.number(table, row, cell, "score", required=True)))
            classes.append(self.text(table, row, cells, "class", required=False))
        return PanelColumns(
            tuple(units),
            tuple(indicators),
            tuple(judges),
            np.array(scores, dtype=float),
            tuple(classes) if any(classes) else None,  # blank or absent: the default class
        )

    def adjustments(self, table: Table | None) -> tuple[Adjustment, ...]:
        out = []
        for row, cells in table.rows if table else ():
            self.rows["adjustments"].append(row)
            kind = self.text(table, row, cells, "kind")
            kind = KIND_WORDS.get(kind, kind)
            level = self.text(table, row, cells, "level", required=False)
            points = self.number(table, row, table.cell(cells, "points"), "points")
            out.append(
                Adjustment(
                    self.text(table, row, cells, "unit"),
                    self.text(table, row, cells, "arena", required=kind != "veto"),
                    kind,
                    LEVEL_WORDS.get(level, level),
                    None if math.isnan(points) else float(points),
                    self.text(table, row, cells, "note", required=False),
                )
            )
        return tuple(out)

    def exemptions(self, table: Table | None) -> tuple[Exemption, ...]:
        out = []
        for row, cells in table.rows if table else ():
            self.rows["exemptions"].append(row)
            out.append(
                Exemption(
                    self.text(table, row, cells, "unit"),
                    self.text(table, row, cells, "indicator"),
                )
            )
        return tuple(out)

    def carriers(self, table: Table | None) -> tuple[Carrier, ...]:
        """Read the carried shares; a weight may be a fraction or a percentage, blank = 1."""
        out = []
        for row, cells in table.rows if table else ():
            self.rows["carriers"].append(row)
            weight = self.number(table, row, table.cell(cells, "weight"), "weight")
            out.append(
                Carrier(
                    self.text(table, row, cells, "unit"),
                    self.text(table, row, cells, "indicator"),
                    1.0 if math.isnan(weight) else float(weight),
                )
            )
        return tuple(out)


@dataclass
class PlainColumns:
    """A plain table read by columns: row numbers, stripped text columns, number columns."""

    numbers: list[int]
    texts: list[tuple[str, ...]]
    numbers_read: list[np.ndarray]
    optional: list[tuple[str, ...]] = field(default_factory=list)


def _plain_columns(
    table: Table, names, texts: int, required: int, optional: tuple[str, ...] = ()
) -> PlainColumns | None:
    """Read a plain CSV table (Table.plain) a column at a time, exactly as row by row.

    The first `texts` columns are codes (stripped, none blank); the rest are numbers, the first
    `required` of them never blank; `optional` names text columns that may be blank (stripped).
    A cell a short row leaves out is blank. None when the table is not plain or any cell needs
    the row-by-row reading (a blank code, a mark, a percentage, a typo): that reading then
    reports it with its row and column.
    """
    if not table.plain:
        return None
    if table.grid is not None:
        columns, numbers = table.grid, table.rows.numbers()
    else:
        rows = list(map(itemgetter(1), table.rows))
        columns = list(zip_longest(*rows, fillvalue=""))
        numbers = list(map(itemgetter(0), table.rows))
    n = len(numbers)

    def column(name: str) -> tuple[str, ...]:
        at = table.columns[name]
        return columns[at] if at < len(columns) else ("",) * n

    cells = [column(name) for name in names]
    stripped = [tuple(map(str.strip, c)) for c in cells[:texts]]
    if not all(all(c) for c in stripped):
        return None
    read = [_plain_numbers(c, k < required) for k, c in enumerate(cells[texts:])]
    if any(c is None for c in read):
        return None
    kept = [tuple(map(str.strip, column(name))) for name in optional]
    return PlainColumns(numbers, stripped, read, kept)


def _plain_numbers(cells: tuple[str, ...], required: bool) -> np.ndarray | None:
    """Read text cells as SheetReader.number() reads plain numbers (blank: NaN), or None
    when a cell is anything else (then read row by row, which says what is wrong)."""
    n = len(cells)
    filled = np.fromiter(map(bool, cells), bool, n)
    if (required and not filled.all()) or "_" in "".join(cells):
        return None
    out = np.full(n, np.nan)
    try:
        out[filled] = np.fromiter(map(float, compress(cells, filled)), float)
    except ValueError:
        return None
    return out if np.isfinite(out[filled]).all() else None


def read_previous(path: Path) -> tuple[dict[str, int], dict[str, str]]:
    """Read the previous period's ranks: a `unit,rank[,group]` CSV, or that period's own output.

    Other columns are ignored, so the CSV or XLSX that `leitai score` wrote last period works
    as it is (its sheet 全部单位).
    """
    path = Path(path)
    if not path.is_file():
        raise ReadError([f"{path}: previous ranks file not found"])
    problems = Problems()
    if path.suffix.lower() == ".xlsx":
        sheets = xlsx_sheets(path)
        title = "全部单位" if "全部单位" in sheets else next(iter(sheets))
        rows, label = sheets[title], f"previous ({title})"
    else:
        rows, label = csv_rows(path), "previous"
    table = read_table(rows, PREVIOUS, label, problems)
    if problems:
        raise ReadError(problems.messages())
    ranks, groups, seen = {}, {}, {}
    for row, cells in table.rows:
        unit = text(table.cell(cells, "unit"))
        rank = _previous_rank(table.cell(cells, "rank"))
        if rank is None:
            problems.add(
                f"{table.where(row, 'rank')}: not a whole number >= 1: "
                f"{text(table.cell(cells, 'rank'))!r}"
            )
        if unit in seen:
            problems.add(f"{table.where(row, 'unit')}: duplicate unit {unit} (row {seen[unit]})")
        seen.setdefault(unit, row)
        ranks[unit] = rank
        if "group" in table.columns:
            groups[unit] = text(table.cell(cells, "group"))
    if problems:
        raise ReadError(problems.messages())
    return ranks, groups


def _previous_rank(cell) -> int | None:
    try:
        value = parse_number(cell)
    except ValueError:
        return None
    if value is None or value < 1 or not value.is_integer():
        return None
    return int(value)
