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
# Units per block of the workbook: its indicator sheet has a row per unit and indicator.
XLSX_BLOCK = 500
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

    The workbook is written in one pass over the units, a block of units at a time, each sheet
    streaming its rows as XML to its own temporary file (leitai.core.spreadsheets'
    StreamingWorkbook), so memory stays flat at province size.
    """
    import tempfile

    from leitai.core.spreadsheets import StreamingWorkbook

    with tempfile.TemporaryDirectory() as folder:
        workbook = StreamingWorkbook(Path(folder))
        everyone = workbook.create_sheet("全部单位", csv_header(result))
        header = _group_header(result)
        groups = {g: workbook.create_sheet(_sheet_title(g), header) for g in result.groups}
        points = workbook.create_sheet("指标得分", list(POINT_HEADERS_ZH))
        arenas = workbook.create_sheet("擂台得分", list(ARENA_HEADERS_ZH))
        notes = workbook.create_sheet("警告", ["警告"])
        for frame in frames(result, XLSX_BLOCK):
            everyone.append_columns([column.cells() for column in frame.everyone()])
            ranked = [column.cells() for column in frame.ranked_columns()]
            at: dict[str, list[int]] = {}
            for position, group in enumerate(frame.group):
                at.setdefault(group, []).append(position)
            for group, positions in at.items():
                groups[group].append_columns([[c[k] for k in positions] for c in ranked])
            points.append_columns([column.cells() for column in frame.point_columns()])
            arenas.append_columns([column.cells() for column in frame.arena_columns()])
        lines = list(warnings) if warnings else [str(w) for w in result.warnings]
        notes.append_columns([lines])
        workbook.save(path)


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
