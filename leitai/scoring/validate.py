"""Check an input against a scheme, collecting every problem with its sheet, row and column."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from leitai.scoring.inputs import KINDS, ScoringInput
from leitai.scoring.scheme import Scheme


@dataclass(frozen=True)
class Problem:
    """One bad input: `index` is the 0-based position of the record in its sheet."""

    sheet: str
    index: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = self.sheet if self.index is None else f"{self.sheet} record {self.index + 1}"
        return (
            f"{where}, column {self.column}: {self.message}"
            if self.column
            else (f"{where}: {self.message}")
        )


class InputError(ValueError):
    """Input that cannot be scored; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem], describe=str):
        super().__init__("\n".join(describe(p) for p in problems))
        self.problems = problems
        self.describe = describe


def check(scheme: Scheme, data: ScoringInput) -> list[Problem]:
    """Return every problem of `data` under `scheme` (empty when it can be scored)."""
    units = _check_units(data)
    problems = units[1] + _check_groups(scheme, data)
    problems += _check_values(scheme, data, units[0])
    problems += _check_panel(scheme, data, units[0])
    problems += _check_adjustments(scheme, data, units[0])
    problems += _check_exemptions(scheme, data, units[0])
    return problems


def _check_units(data: ScoringInput) -> tuple[dict[str, int], list[Problem]]:
    index: dict[str, int] = {}
    problems = []
    for i, unit in enumerate(data.units):
        if not unit.code:
            problems.append(Problem("units", i, "unit", "unit code is blank"))
        elif unit.code in index:
            problems.append(Problem("units", i, "unit", f"duplicate unit {unit.code}"))
        if not unit.group:
            problems.append(Problem("units", i, "group", f"unit {unit.code} has no group"))
        index.setdefault(unit.code, i)
    return index, problems


def _check_groups(scheme: Scheme, data: ScoringInput) -> list[Problem]:
    groups = {unit.group for unit in data.units}
    return [
        Problem("scheme", None, "", f"arena {arena.code}, indicator {ind.code}: unknown group {g}")
        for arena in scheme.arenas
        for ind in arena.indicators
        for g in ind.groups
        if g not in groups
    ]


def _lookup(codes: Iterable[str], index: dict[str, int]) -> np.ndarray:
    return np.array([index.get(code, -1) for code in codes], dtype=np.int64)


def _check_values(scheme: Scheme, data: ScoringInput, units: dict[str, int]) -> list[Problem]:
    cols = data.values
    indicators = {ind.code: i for i, ind in enumerate(scheme.indicators)}
    ui, ii = _lookup(cols.unit, units), _lookup(cols.indicator, indicators)
    problems = _unknown("values", cols.unit, ui, "unit")
    problems += _unknown("values", cols.indicator, ii, "indicator")
    known = (ui >= 0) & (ii >= 0)
    problems += _duplicates("values", ii * len(units) + ui, known, "unit and indicator")
    for column in ("value", "target", "previous"):
        for i in np.flatnonzero(np.isinf(getattr(cols, column))):
            problems.append(Problem("values", int(i), column, "not a finite number"))
    rows = np.flatnonzero(known)
    rows = rows[np.argsort(ii[rows], kind="stable")]
    bounds = np.searchsorted(ii[rows], np.arange(len(indicators) + 1))
    for i, ind in enumerate(scheme.indicators):
        if bounds[i + 1] > bounds[i]:
            problems += _check_rule(ind, cols, rows[bounds[i] : bounds[i + 1]])
    return sorted(problems, key=lambda p: (p.index, p.column))


def _unknown(sheet: str, codes: tuple, index: np.ndarray, column: str) -> list[Problem]:
    return [
        Problem(sheet, int(i), column, f"unknown {column} {codes[i]!r}")
        for i in np.flatnonzero(index < 0)
    ]


def _duplicates(sheet: str, key: np.ndarray, known: np.ndarray, what: str) -> list[Problem]:
    rows = np.flatnonzero(known)
    order = rows[np.argsort(key[rows], kind="stable")]
    same = np.flatnonzero(key[order][1:] == key[order][:-1])
    return [
        Problem(
            sheet,
            int(order[j + 1]),
            "",
            f"duplicate row: same {what} as record {int(order[j]) + 1}",
        )
        for j in same
    ]


def _check_rule(ind, cols, rows: np.ndarray) -> list[Problem]:
    v = cols.value[rows]
    given = ~np.isnan(v)
    if ind.rule == "panel":
        return [
            Problem(
                "values",
                int(r),
                "indicator",
                f"indicator {ind.code} is scored by judges: give its scores in the panel sheet",
            )
            for r in rows
        ]
    if ind.rule == "completion":
        t = cols.target[rows]
        bad = given & ~(t > 0)
        return [
            Problem(
                "values",
                int(r),
                "target",
                f"target of completion indicator {ind.code} must be a number > 0, got {_show(x)}",
            )
            for r, x in zip(rows[bad], t[bad], strict=True)
        ]
    if ind.rule == "rank":
        return _positions(ind, "value", rows, v) + _positions(
            ind, "previous", rows, cols.previous[rows]
        )
    return []


def _positions(ind, column: str, rows: np.ndarray, k: np.ndarray) -> list[Problem]:
    bad = ~np.isnan(k) & ((k != np.round(k)) | (k < 1) | (k > ind.peers))
    return [
        Problem(
            "values",
            int(r),
            column,
            f"position of rank indicator {ind.code} must be a "
            f"whole number in 1..{ind.peers}, got {_show(x)}",
        )
        for r, x in zip(rows[bad], k[bad], strict=True)
    ]


def _show(x: float) -> str:
    return "blank" if np.isnan(x) else f"{x:g}"


def _check_panel(scheme: Scheme, data: ScoringInput, units: dict[str, int]) -> list[Problem]:
    rules = {ind.code: ind.rule for ind in scheme.indicators}
    problems, seen = [], {}
    for i, row in enumerate(data.panel):
        problems += _unit_known("panel", i, row.unit, units)
        if rules.get(row.indicator) != "panel":
            why = "unknown" if row.indicator not in rules else "not a panel indicator:"
            problems.append(Problem("panel", i, "indicator", f"{why} {row.indicator!r}"))
        if not 0 <= row.score <= 100:
            problems.append(Problem("panel", i, "score", f"score must be 0-100, got {row.score:g}"))
        key = (row.unit, row.indicator, row.judge)
        if key in seen:
            problems.append(
                Problem(
                    "panel",
                    i,
                    "",
                    f"duplicate row: same unit, indicator and judge as record {seen[key] + 1}",
                )
            )
        seen.setdefault(key, i)
    return problems


def _unit_known(sheet: str, i: int, unit: str, units: dict[str, int]) -> list[Problem]:
    return [] if unit in units else [Problem(sheet, i, "unit", f"unknown unit {unit!r}")]


def _check_adjustments(scheme: Scheme, data: ScoringInput, units: dict[str, int]) -> list[Problem]:
    arenas = {arena.code for arena in scheme.arenas}
    problems = []
    for i, row in enumerate(data.adjustments):
        problems += _unit_known("adjustments", i, row.unit, units)
        if row.kind not in KINDS:
            problems.append(
                Problem(
                    "adjustments",
                    i,
                    "kind",
                    f"unknown kind {row.kind!r} (use bonus, deduction or veto)",
                )
            )
        elif row.kind != "veto":
            problems += _check_amount(scheme, i, row, arenas)
        elif row.arena and row.arena not in arenas:
            # A veto concerns the whole unit; an arena is optional but must exist if named.
            problems.append(Problem("adjustments", i, "arena", f"unknown arena {row.arena!r}"))
    return problems


def _check_amount(scheme: Scheme, i: int, row, arenas: set[str]) -> list[Problem]:
    problems = []
    if row.arena not in arenas:
        problems.append(Problem("adjustments", i, "arena", f"unknown arena {row.arena!r}"))
    if row.points is not None:
        if not np.isfinite(row.points) or row.points < 0:
            problems.append(Problem("adjustments", i, "points", "points must be a number >= 0"))
    elif scheme.bonus_level(row.level) is None:
        levels = ", ".join(name for name, _ in scheme.bonus_levels)
        problems.append(
            Problem(
                "adjustments",
                i,
                "level",
                f"unknown level {row.level!r} and no points (levels: {levels})",
            )
        )
    return problems


def _check_exemptions(scheme: Scheme, data: ScoringInput, units: dict[str, int]) -> list[Problem]:
    codes = {ind.code for ind in scheme.indicators}
    problems, seen = [], {}
    for i, row in enumerate(data.exemptions):
        problems += _unit_known("exemptions", i, row.unit, units)
        if row.indicator not in codes:
            problems.append(
                Problem("exemptions", i, "indicator", f"unknown indicator {row.indicator!r}")
            )
        key = (row.unit, row.indicator)
        if key in seen:
            problems.append(
                Problem(
                    "exemptions",
                    i,
                    "",
                    f"duplicate row: same unit and indicator as record {seen[key] + 1}",
                )
            )
        seen.setdefault(key, i)
    return problems
