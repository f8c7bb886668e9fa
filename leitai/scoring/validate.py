"""Check an input against a scheme, collecting every problem with its sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leitai.scoring.inputs import KINDS, ScoringInput, encode, lookup
from leitai.scoring.panel import DEFAULT_CLASS, resolve_classes
from leitai.scoring.scheme import Scheme


@dataclass(frozen=True)
class Problem:
    """One bad input: `index` is the 0-based position of the record in its sheet."""

    sheet: str
    index: int | None
    column: str
    message: str
    other: int | None = None  # the 0-based record this one clashes with (duplicates)

    def __str__(self) -> str:
        where = self.sheet if self.index is None else f"{self.sheet} record {self.index + 1}"
        message = self.message if self.other is None else f"{self.message} record {self.other + 1}"
        return f"{where}, column {self.column}: {message}" if self.column else f"{where}: {message}"


class InputError(ValueError):
    """Input that cannot be scored; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem], describe=str):
        super().__init__("\n".join(describe(p) for p in problems))
        self.problems = problems
        self.describe = describe


@dataclass(frozen=True)
class Resolved:
    """Positions of the unit and indicator of every values and panel row (-1 = unknown), and
    of every panel row's rater class in its indicator (see panel.resolve_classes)."""

    units: dict[str, int]
    value_unit: np.ndarray
    value_indicator: np.ndarray
    panel_unit: np.ndarray
    panel_indicator: np.ndarray
    panel_class: np.ndarray


def resolve(scheme: Scheme, data: ScoringInput) -> Resolved:
    """Look up every row's unit and indicator once, for checking and scoring."""
    units: dict[str, int] = {}
    for i, unit in enumerate(data.units):
        units.setdefault(unit.code, i)
    indicators = {ind.code: i for i, ind in enumerate(scheme.indicators)}
    panel_indicator = lookup(data.panel.indicator, indicators)
    return Resolved(
        units,
        lookup(data.values.unit, units),
        lookup(data.values.indicator, indicators),
        lookup(data.panel.unit, units),
        panel_indicator,
        resolve_classes(scheme.indicators, data.panel.rater_class, panel_indicator),
    )


def check(scheme: Scheme, data: ScoringInput, resolved: Resolved | None = None) -> list[Problem]:
    """Return every problem of `data` under `scheme` (empty when it can be scored)."""
    resolved = resolved or resolve(scheme, data)
    problems = _check_units(data) + _check_groups(scheme, data)
    problems += _check_values(scheme, data, resolved)
    problems += _check_panel(scheme, data, resolved)
    problems += _check_adjustments(scheme, data, resolved.units)
    problems += _check_exemptions(scheme, data, resolved.units)
    problems += _check_carriers(scheme, data, resolved.units)
    return problems


def warnings(scheme: Scheme, data: ScoringInput, resolved: Resolved) -> list[Problem]:
    """Return values that are legal but suspicious, one warning per indicator and kind.

    A `share` value above 1 (above 100 with `percent`) scores full marks, and a completion
    value 100 times its target or more is most likely typed in the wrong unit.
    """
    cols, ii = data.values, resolved.value_indicator
    out = []
    for i, ind in enumerate(scheme.indicators):
        if ind.rule not in ("share", "completion"):
            continue
        rows = ii == i
        if ind.rule == "share":
            limit = 100.0 if ind.percent else 1.0
            odd = rows & (cols.value > limit)
            advice = (
                "values above 100% score full marks: check them"
                if ind.percent
                else "if they are percentages, set `percent: true` on the indicator; "
                "as fractions they score full marks"
            )
            what = f"above {limit:g}"
        else:
            odd = rows & (cols.value >= 100.0 * cols.target) & (cols.target > 0)
            advice = "check that value and target are in the same unit"
            what = "at least 100 times the target"
        out += _warning(ind.code, odd, cols.value, what, advice)
    return out


def _warning(code: str, odd: np.ndarray, value: np.ndarray, what: str, advice: str) -> list:
    rows = np.flatnonzero(odd)
    if not len(rows):
        return []
    first = int(rows[0])
    count = f"{len(rows)} values" if len(rows) > 1 else "1 value"
    message = f"indicator {code}: {count} {what} (first {value[first]:g}); {advice}"
    return [Problem("values", first, "value", message)]


def _check_units(data: ScoringInput) -> list[Problem]:
    codes = [unit.code for unit in data.units]
    if len(set(codes)) == len(codes) and all(codes) and all(u.group for u in data.units):
        return []  # the usual case, checked without a loop per unit
    seen: set[str] = set()
    problems = []
    for i, unit in enumerate(data.units):
        if not unit.code:
            problems.append(Problem("units", i, "unit", "unit code is blank"))
        elif unit.code in seen:
            problems.append(Problem("units", i, "unit", f"duplicate unit {unit.code}"))
        if not unit.group:
            problems.append(Problem("units", i, "group", f"unit {unit.code} has no group"))
        seen.add(unit.code)
    return problems


def _check_groups(scheme: Scheme, data: ScoringInput) -> list[Problem]:
    groups = {unit.group for unit in data.units}
    return [
        Problem("scheme", None, "", f"arena {arena.code}, indicator {ind.code}: unknown group {g}")
        for arena in scheme.arenas
        for ind in arena.indicators
        for g in ind.groups
        if g not in groups
    ]


def _check_values(scheme: Scheme, data: ScoringInput, resolved: Resolved) -> list[Problem]:
    cols = data.values
    ui, ii = resolved.value_unit, resolved.value_indicator
    problems = _unknown("values", cols.unit, ui, "unit")
    problems += _unknown("values", cols.indicator, ii, "indicator")
    known = (ui >= 0) & (ii >= 0)
    problems += _duplicates("values", ii * len(data.units) + ui, known, "unit and indicator")
    for column in ("value", "target", "previous"):
        for i in np.flatnonzero(np.isinf(getattr(cols, column))):
            problems.append(Problem("values", int(i), column, "not a finite number"))
    problems += _check_rules(scheme.indicators, cols, ii, known)
    return sorted(problems, key=lambda p: (p.index, p.column))


def _unknown(sheet: str, codes, index: np.ndarray, column: str) -> list[Problem]:
    return [
        Problem(sheet, int(i), column, f"unknown {column} {_code(codes[i])}")
        for i in np.flatnonzero(index < 0)
    ]


def _code(code) -> str:
    """Show a code quoted, or a position (integer input) bare."""
    return repr(code) if isinstance(code, str) else str(code)


def _duplicates(sheet: str, key: np.ndarray, known: np.ndarray, what: str) -> list[Problem]:
    keys = key[known]
    # Counting is cheapest while keys are dense (values); sorting when sparse (panel).
    if len(keys) and keys.max() < 4 * len(keys):
        clash = np.any(np.bincount(keys) > 1)
    else:
        ordered = np.sort(keys)
        clash = np.any(ordered[1:] == ordered[:-1])
    if not clash:
        return []
    rows = np.flatnonzero(known)
    order = rows[np.argsort(key[rows], kind="stable")]
    same = np.flatnonzero(key[order][1:] == key[order][:-1])
    return [
        Problem(sheet, int(order[j + 1]), "", f"duplicate row: same {what} as", int(order[j]))
        for j in same
    ]


def _check_rules(indicators, cols, ii: np.ndarray, known: np.ndarray) -> list[Problem]:
    """Check what each rule needs of its rows, vectorised over all rows at once."""

    def per_row(attribute, default):
        # Index -1 (unknown indicator) picks the trailing default.
        return np.array([attribute(ind) for ind in indicators] + [default])[ii]

    given = known & ~np.isnan(cols.value)
    problems = [
        Problem(
            "values",
            int(r),
            "indicator",
            f"indicator {indicators[ii[r]].code} is scored "
            "by judges: give its scores in the panel sheet",
        )
        for r in np.flatnonzero(known & per_row(lambda ind: ind.rule == "panel", False))
    ]
    completion = given & per_row(lambda ind: ind.rule == "completion", False)
    problems += [
        Problem(
            "values",
            int(r),
            "target",
            f"target of completion indicator "
            f"{indicators[ii[r]].code} must be a number > 0, got {_show(cols.target[r])}",
        )
        for r in np.flatnonzero(completion & ~(cols.target > 0))
    ]
    peers = np.where(known, per_row(lambda ind: ind.peers if ind.rule == "rank" else 0, 0), 0)
    average = per_row(lambda ind: ind.average, False)
    return (
        problems
        + _positions(indicators, ii, peers, average, "value", cols.value)
        + _positions(indicators, ii, peers, average, "previous", cols.previous)
    )


def _positions(indicators, ii, peers, average, column: str, k: np.ndarray) -> list[Problem]:
    """Name positions outside 1..peers, and fractional ones where an average is not expected."""
    fractional = (k != np.round(k)) & ~average
    bad = (peers > 0) & ~np.isnan(k) & (fractional | (k < 1) | (k > peers))
    return [
        Problem(
            "values",
            int(r),
            column,
            f"position of rank indicator {indicators[ii[r]].code} must be "
            f"{'a number' if average[r] else 'a whole number'} in 1..{peers[r]}, "
            f"got {_show(k[r])}",
        )
        for r in np.flatnonzero(bad)
    ]


def _show(x: float) -> str:
    return "blank" if np.isnan(x) else f"{x:g}"


def _check_panel(scheme: Scheme, data: ScoringInput, resolved: Resolved) -> list[Problem]:
    cols = data.panel
    pu, pi = resolved.panel_unit, resolved.panel_indicator
    is_panel = np.array([ind.rule == "panel" for ind in scheme.indicators] + [False])
    problems = _unknown("panel", cols.unit, pu, "unit")
    problems += [
        Problem(
            "panel",
            int(i),
            "indicator",
            ("unknown" if pi[i] < 0 else "not a panel indicator:") + f" {cols.indicator[i]!r}",
        )
        for i in np.flatnonzero(~is_panel[pi])
    ]
    problems += [
        Problem("panel", int(i), "score", f"score must be 0-100, got {cols.score[i]:g}")
        for i in np.flatnonzero(~((cols.score >= 0) & (cols.score <= 100)))
    ]
    problems += _check_classes(scheme, cols, pi, is_panel[pi] & (resolved.panel_class < 0))
    judge = encode(cols.judge)
    key = (pi * len(data.units) + pu) * (int(judge.max(initial=0)) + 1) + judge
    problems += _duplicates("panel", key, (pu >= 0) & (pi >= 0), "unit, indicator and judge")
    return sorted(problems, key=lambda p: (p.index, p.column))


def _check_classes(scheme: Scheme, cols, pi: np.ndarray, bad: np.ndarray) -> list[Problem]:
    """Name every panel row whose rater class is not one of its indicator's classes."""
    problems = []
    for r in np.flatnonzero(bad):
        ind = scheme.indicators[pi[r]]
        code = DEFAULT_CLASS if cols.rater_class is None else cols.rater_class[r]
        if not ind.classes:
            message = f"indicator {ind.code} has no rater classes: leave class blank, got {code!r}"
        else:
            names = ", ".join(c for c, _ in ind.classes)
            what = "class is blank" if code == DEFAULT_CLASS else f"unknown class {code!r}"
            message = f"{what}: indicator {ind.code} is scored by rater classes {names}"
        problems.append(Problem("panel", int(r), "class", message))
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
                Problem("exemptions", i, "", "duplicate row: same unit and indicator as", seen[key])
            )
        seen.setdefault(key, i)
    return problems


def _check_carriers(scheme: Scheme, data: ScoringInput, units: dict[str, int]) -> list[Problem]:
    codes = {ind.code for ind in scheme.indicators}
    problems, seen = [], {}
    for i, row in enumerate(data.carriers):
        problems += _unit_known("carriers", i, row.unit, units)
        if row.indicator not in codes:
            problems.append(
                Problem("carriers", i, "indicator", f"unknown indicator {row.indicator!r}")
            )
        if not (np.isfinite(row.weight) and 0 < row.weight <= 1):
            problems.append(
                Problem("carriers", i, "weight", f"weight must be in (0, 1], got {row.weight:g}")
            )
        key = (row.unit, row.indicator)
        if key in seen:
            problems.append(
                Problem("carriers", i, "", "duplicate row: same unit and indicator as", seen[key])
            )
        seen.setdefault(key, i)
    return problems
