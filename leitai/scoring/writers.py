"""Write a scored period as JSON, CSV or an .xlsx workbook a county office can read."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from leitai.scoring.engine import Result, UnitResult
from leitai.scoring.frames import frames

SENSITIVITY_FIELDS = ("median", "p5", "p95", "kept")
INDICATOR_FIELDS = ("points", "max_points", "applicable", "missing", "explain")
UNIT_HEADERS_ZH = ("单位代码", "单位名称", "分组", "总分", "排名", "名次变化", "一票否决")
SENSITIVITY_ZH = ("排名中位数", "排名P5", "排名P95", "保持名次比例")
POINT_HEADERS_ZH = (
    "单位代码", "单位名称", "分组", "擂台", "指标代码", "指标名称",
    "得分", "满分", "适用", "未报送", "说明",
)  # fmt: skip
ARENA_HEADERS_ZH = ("单位代码", "单位名称", "分组", "擂台", "擂台得分", "说明")


def unit_json(unit: UnitResult, *, sensitivity: bool = False) -> dict[str, Any]:
    """Return one unit's record in the JSON shape of SCORING.md."""
    out: dict[str, Any] = {
        "unit": unit.unit,
        "name": unit.name,
        "group": unit.group,
        "total": unit.total,
        "rank": unit.rank,
        "rank_change": unit.rank_change,
        "vetoed": unit.vetoed,
        "arenas": dict(unit.arenas),
        "indicators": {
            code: {
                "points": r.points,
                "max_points": r.max_points,
                "applicable": r.applicable,
                "missing": r.missing,
                "explain": r.explain_zh,
            }
            for code, r in unit.indicators.items()
        },
        "arena_explain": {code: a.explain_zh for code, a in unit.arena_details.items()},
    }
    if sensitivity:
        s = unit.sensitivity
        out["sensitivity"] = None if s is None else {f: getattr(s, f) for f in SENSITIVITY_FIELDS}
    return out


def write_json(result: Result, stream: TextIO, warnings: Sequence[str] = ()) -> None:
    """Write the JSON document of a result, one unit a line, a block of units at a time.

    `warnings` are the lines printed for legal but suspicious input (default: the engine's
    own warnings, without spreadsheet row numbers). The text is what json.dumps writes for
    unit_json() of each unit, assembled from columns.
    """
    warnings = list(warnings) if warnings else [str(w) for w in result.warnings]
    stream.write('{"scheme": ' + json.dumps(result.scheme.name, ensure_ascii=False))
    stream.write(', "warnings": ' + json.dumps(warnings, ensure_ascii=False))
    stream.write(', "units": [')
    first = True
    for frame in frames(result):
        for line in frame.json_lines():
            stream.write("\n" if first else ",\n")
            stream.write(line)
            first = False
    stream.write("\n]}\n")


def to_json(result: Result) -> str:
    """Return the JSON document of a result."""
    buffer = io.StringIO()
    write_json(result, buffer)
    return buffer.getvalue()


def csv_header(result: Result) -> list[str]:
    """Return the CSV columns: unit fields, arena:CODE, indicator:CODE:field, sensitivity."""
    header = ["unit", "name", "group", "total", "rank", "rank_change", "vetoed"]
    header += [f"arena:{a.code}" for a in result.scheme.arenas]
    header += [f"indicator:{i.code}:{f}" for i in _indicators(result) for f in INDICATOR_FIELDS]
    if result.sensitivity is not None:
        header += [f"sensitivity:{f}" for f in SENSITIVITY_FIELDS]
    return header


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else value


def csv_row(result: Result, unit: UnitResult) -> list[Any]:
    """Return one unit's CSV row (full precision; blank for none)."""
    row = [unit.unit, unit.name, unit.group, unit.total, unit.rank, unit.rank_change, unit.vetoed]
    row += [unit.arenas[a.code] for a in result.scheme.arenas]
    for ind in _indicators(result):
        r = unit.indicators[ind.code]
        row += [r.points, r.max_points, r.applicable, r.missing, r.explain_zh]
    if result.sensitivity is not None:
        s = unit.sensitivity
        row += [None if s is None else getattr(s, f) for f in SENSITIVITY_FIELDS]
    return row


def write_csv(result: Result, stream: TextIO) -> None:
    """Write the CSV document of a result, one row a unit (csv_row(), built by columns)."""
    from leitai.core.spreadsheets import csv_writer

    writer = csv_writer(stream, lineterminator="\n")
    writer.writerow(csv_header(result))
    for frame in frames(result):
        writer.writecolumns([column.csv() for column in frame.everyone()])


def to_csv(result: Result) -> str:
    """Return the CSV document of a result."""
    buffer = io.StringIO()
    write_csv(result, buffer)
    return buffer.getvalue()


def write_xlsx(result: Result, path: Path, warnings: Sequence[str] = ()) -> None:
    """Write the workbook: all units (CSV columns), one ranked sheet per group, points, arenas,
    and the warnings (as in write_json).

    The workbook is written in openpyxl's write-only mode in one pass over the units: each
    sheet streams to its own temporary file, so memory stays flat at province size.
    """
    from leitai.core.spreadsheets import new_streaming_workbook

    workbook = new_streaming_workbook()
    everyone = _Sheet(workbook, "全部单位", csv_header(result))
    groups = {g: _Sheet(workbook, _sheet_title(g), _group_header(result)) for g in result.groups}
    points = _Sheet(workbook, "指标得分", POINT_HEADERS_ZH)
    arenas = _Sheet(workbook, "擂台得分", ARENA_HEADERS_ZH)
    notes = _Sheet(workbook, "警告", ("警告",))
    for frame in frames(result):
        for row in _rows(frame.everyone()):
            everyone.append(row)
        for group, row in zip(frame.group, _rows(frame.ranked_columns()), strict=True):
            groups[group].append(row)
        for row in _rows(frame.point_columns()):
            points.append(row)
        for row in _rows(frame.arena_columns()):
            arenas.append(row)
    for warning in list(warnings) if warnings else [str(w) for w in result.warnings]:
        notes.append([warning])
    for sheet in (everyone, *groups.values(), points, arenas, notes):
        sheet.close()
    workbook.save(path)


def _rows(columns: list) -> Any:
    return zip(*(column.cells() for column in columns), strict=True)


class _Sheet:
    """A write-only sheet that sizes its columns from its first rows, then streams the rest."""

    SAMPLE = 200

    def __init__(self, workbook, title: str, header):
        from leitai.core.spreadsheets import safe_row  # formula-like text stays text

        self.safe_row = safe_row
        self.sheet = workbook.create_sheet(title)
        self.sheet.freeze_panes = "A2"
        self.pending: list | None = [list(header)]

    def append(self, row: list) -> None:
        if self.pending is None:
            self.sheet.append(self.safe_row(self.sheet, row))
            return
        self.pending.append(row)
        if len(self.pending) >= self.SAMPLE:
            self._flush()

    def _flush(self) -> None:
        rows, self.pending = self.pending, None
        for position in range(1, max(len(r) for r in rows) + 1):
            width = max(_width(r[position - 1]) if position <= len(r) else 0 for r in rows)
            self.sheet.column_dimensions[_letter(position)].width = min(max(width + 2, 8), 60)
        for row in rows:
            self.sheet.append(self.safe_row(self.sheet, row))

    def close(self) -> None:
        if self.pending is not None:
            self._flush()


def _sheet_title(group: str) -> str:
    # Excel forbids these characters in sheet names and allows at most 31 characters.
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in group)
    return f"排名-{cleaned}"[:31]


def _group_header(result: Result) -> list[str]:
    header = list(UNIT_HEADERS_ZH) + [a.name for a in result.scheme.arenas]
    return header + (list(SENSITIVITY_ZH) if result.sensitivity is not None else [])


def _indicators(result: Result) -> tuple:
    """Return the indicators with points in the result (none in a year's roll-up)."""
    return result.scheme.indicators if result.has_indicators else ()


def _width(value: Any) -> int:
    if isinstance(value, float):
        return 10
    # Chinese characters take two columns on screen.
    return sum(2 if ord(c) > 0x2E80 else 1 for c in str("" if value is None else value))


def _letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position)
