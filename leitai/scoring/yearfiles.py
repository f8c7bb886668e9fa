"""`leitai score SCHEME DIR --year`: a year's roll-up from the quarters' own outputs.

DIR holds the outputs `leitai score` wrote for the quarters (JSON, CSV or XLSX; the file name
ends in Q1..Q4, e.g. `2022-Q1.json`), and optionally the year's adjustments (`adjustments.csv`
or `加扣分.csv`, the sheet of the input files). The roll-up is `roll_up()` of SCORING.md.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np

from leitai.scoring.engine import ArenaArrays, Result
from leitai.scoring.inputs import Adjustment, Unit
from leitai.scoring.readers import SPECS, ReadError, SheetReader
from leitai.scoring.rollup import arenas_only_result
from leitai.scoring.scheme import Scheme
from leitai.tabular import Problems, SheetSpec, csv_rows, read_table, text, xlsx_sheets

QUARTER_FILE = re.compile(r"(?i).*(Q[1-4])\.(json|csv|xlsx)$")


def output_spec(scheme: Scheme) -> SheetSpec:
    """The columns of an output's 全部单位 table that the roll-up needs."""
    columns = dict.fromkeys(("unit", "name", "group", "total", "rank", "vetoed"), ())
    columns.update({f"arena:{a.code}": () for a in scheme.arenas})
    return SheetSpec("全部单位", columns, tuple(columns), extra_ok=True)


def read_year(scheme: Scheme, folder: Path) -> tuple[dict[str, Result], tuple[Adjustment, ...]]:
    """Return the quarters' results and the year's adjustments found in `folder`."""
    if not folder.is_dir():
        raise ReadError([f"{folder}: --year needs a folder of quarter outputs"])
    problems = Problems()
    quarters: dict[str, Result] = {}
    for path in sorted(folder.iterdir()):
        match = QUARTER_FILE.fullmatch(path.name)
        if match is None:
            continue
        quarter = match.group(1).upper()
        if quarter in quarters:
            problems.add(f"{folder}: more than one output for {quarter}")
            continue
        records = _records(scheme, path, problems)
        if records is not None:
            quarters[quarter] = _result(scheme, records)
    if not quarters and not problems:
        problems.add(f"{folder}: no quarter output found (a file named like 2022-Q1.json)")
    adjustments = _adjustments(folder, problems)
    if problems:
        raise ReadError(problems.messages())
    return quarters, adjustments


def _records(scheme: Scheme, path: Path, problems: Problems) -> list[dict] | None:
    if path.suffix.lower() == ".json":
        try:
            units = json.loads(path.read_text(encoding="utf-8"))["units"]
            return [
                {**u, "arenas": {a.code: u["arenas"][a.code] for a in scheme.arenas}} for u in units
            ]
        except (ValueError, KeyError, TypeError) as exc:
            problems.add(f"{path.name}: not an output of leitai score for this scheme ({exc!r})")
            return None
    if path.suffix.lower() == ".xlsx":
        rows, label = xlsx_sheets(path).get("全部单位", iter(())), f"{path.name} 全部单位"
    else:
        rows, label = csv_rows(path), path.name
    table = read_table(rows, output_spec(scheme), label, problems)
    if table is None:
        return None
    records = []
    for number, cells in table.rows:
        try:
            records.append(_record(scheme, table, cells))
        except ValueError as exc:
            problems.add(f"{table.where(number)}: not a number ({exc})")
    return records


def _record(scheme: Scheme, table, cells: list) -> dict:
    def cell(column: str) -> str:
        return text(table.cell(cells, column))

    def number(column: str) -> float | None:
        return float(cell(column)) if cell(column) else None

    rank = number("rank")
    return {
        "unit": cell("unit"),
        "name": cell("name"),
        "group": cell("group"),
        "total": number("total"),
        "rank": None if rank is None else int(rank),
        "vetoed": cell("vetoed").lower() in ("true", "1", "是"),
        "arenas": {a.code: number(f"arena:{a.code}") for a in scheme.arenas},
    }


def _result(scheme: Scheme, records: list[dict]) -> Result:
    """Hold a quarter's output as the Result fields the roll-up reads."""
    units = tuple(Unit(r["unit"], r["name"] or r["unit"], r["group"]) for r in records)
    nan = math.nan
    score = np.array(
        [[nan if r["arenas"][a.code] is None else r["arenas"][a.code] for r in records]
         for a in scheme.arenas],
        dtype=float,
    ).reshape(len(scheme.arenas), len(records))  # fmt: skip
    return arenas_only_result(
        scheme,
        units,
        ArenaArrays(*(score,) * 8),
        np.array([nan if r["total"] is None else r["total"] for r in records], dtype=float),
        np.array([r["rank"] or 0 for r in records], dtype=np.int64),
        np.array([bool(r["vetoed"]) for r in records], dtype=bool),
        np.zeros(len(units), dtype=np.int64),
    )


def _adjustments(folder: Path, problems: Problems) -> tuple[Adjustment, ...]:
    spec = SPECS["adjustments"]
    found = [folder / f"{n}.csv" for n in spec.names() if (folder / f"{n}.csv").is_file()]
    if not found:
        return ()
    table = read_table(csv_rows(found[0]), spec, found[0].stem, problems)
    if table is None:
        return ()
    return SheetReader(problems, None).adjustments(table)
