"""A scored period's output columns, a block of units at a time, for the file writers.

The writers used to build one record per unit (UnitResult, with an IndicatorResult and an
explanation per indicator) and format it cell by cell; at province size (15,000 units × 60
indicators) that was nine tenths of `leitai score`. A Frame holds the same fields for a block
of units in output order (by group, rank, code) as columns: NumPy arrays formatted a column
at a time, and explanations from the templates of explain_columns. What each writer writes
is unchanged (tests compare the two ways).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import repeat
from json.encoder import encode_basestring
from typing import Any

import numpy as np

from leitai.scoring.engine import FACT_ARRAYS, Result
from leitai.scoring.explain_columns import WHOLE, arena_column, indicator_column

BLOCK = 2_000  # units per frame: columns of a block, not of the whole province, in memory
SENSITIVITY_FIELDS = ("median", "p5", "p95", "kept")
BOOLS = np.array(["false", "true"], dtype=object)


@dataclass
class Column:
    """One output column: values (a NumPy array or a list of text) and where it is blank."""

    values: Any
    present: np.ndarray | None = None  # None: every cell has a value
    kind: str = "text"  # text, float, int or bool

    def cells(self) -> list:
        """Return the cells as Python values (None where blank), as a workbook holds them."""
        cells = self.values if self.kind == "text" else self.values.tolist()
        return self._blank(list(cells), None)

    def csv(self) -> list[str]:
        """Return the cells as CSV text: repr for floats, true/false, blank for none."""
        return self._blank(self._text(), "")

    def json(self) -> list[str]:
        """Return the cells as JSON text (what json.dumps writes for each)."""
        if self.kind == "text":
            return self._blank(list(map(encode_basestring, self.values)), "null")
        return self._blank(self._text(), "null")

    def _text(self) -> list[str]:
        if self.kind == "text":
            return list(self.values)
        if self.kind == "bool":
            return BOOLS[self.values.astype(np.intp)].tolist()
        if self.kind == "float":
            return float_reprs(self.values)
        return list(map(int.__repr__, self.values.tolist()))

    def _blank(self, cells: list, blank) -> list:
        if self.present is not None:
            for k in np.flatnonzero(~self.present).tolist():
                cells[k] = blank
        return cells


# repr() of a float equal to a number of hundredths: its whole part, then these decimals.
REPR_DECIMALS = np.array([".0"] + [f".{r:02d}".rstrip("0") for r in range(1, 100)], dtype=object)
LARGEST_WHOLE = 1e13  # below this, hundredths are far apart compared with the float spacing


def float_reprs(x: np.ndarray) -> list[str]:
    """Return repr() of each float, without calling it for numbers of hundredths.

    A float that is the nearest double to h/100 (h whole, |x| < 1e13) has that decimal as its
    shortest round-tripping form, so repr() writes it in fixed notation: the whole part, then
    the decimals (".0" for none). About half the points of a period are such numbers
    (full marks, nought, band fractions); the others go through repr().
    """
    x = np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        hundredths = np.rint(x * 100.0)
        exact = (np.abs(x) < LARGEST_WHOLE) & (hundredths / 100.0 == x) & ~np.signbit(x)
    out = np.empty(len(x), dtype=object)
    if exact.any():
        whole, part = np.divmod(hundredths[exact].astype(np.int64), 100)
        small = whole < len(WHOLE)
        text = WHOLE[np.where(small, whole, 0)]
        if not small.all():
            text[~small] = list(map(str, whole[~small].tolist()))
        out[exact] = text + REPR_DECIMALS[part]
    rest = ~exact
    if rest.any():
        out[rest] = list(map(float.__repr__, x[rest].tolist()))
    return out.tolist()


class Constant(Column):
    """A column holding one number n times (an indicator's max_points)."""

    def __init__(self, value: float, n: int):
        super().__init__([value] * n)
        self.value, self.n = value, n

    def cells(self) -> list:
        return list(self.values)

    def csv(self) -> list[str]:
        return [repr(self.value) if isinstance(self.value, float) else str(self.value)] * self.n

    def json(self) -> list[str]:
        return [json.dumps(self.value)] * self.n


def frames(result: Result, block: int = BLOCK) -> Iterator[Frame]:
    """Yield the result's units in output order, `block` units a frame."""
    order = result.order()
    for start in range(0, len(order), block):
        yield Frame(result, order[start : start + block])


class Frame:
    """The output columns of some units (unit numbers `at`, in output order)."""

    def __init__(self, result: Result, at: np.ndarray):
        self.result, self.at, self.n = result, at, len(at)
        units = [result.units[u] for u in at.tolist()]
        self.code = [u.code for u in units]
        self.name = [u.name for u in units]
        self.group = [u.group for u in units]
        rank = result.rank[at]
        previous = result.previous_rank[at]
        self.ranked = rank > 0
        self.rank = rank
        self.changed = self.ranked & (previous > 0)
        self.change = previous - rank
        self.total = result.total[at]
        self.vetoed = result.vetoed[at]
        self.arena_score = result.arena.score[:, at]
        self.arena_applies = result.arena.max_points[:, at] > 0
        self._indicators: list[list[Column]] | None = None

    def unit_columns(self) -> list[Column]:
        """Return the unit fields: code, name, group, total, rank, rank change, vetoed."""
        return [
            Column(self.code),
            Column(self.name),
            Column(self.group),
            Column(self.total, self.ranked, "float"),
            Column(self.rank, self.ranked, "int"),
            Column(self.change, self.changed, "int"),
            Column(self.vetoed, kind="bool"),
        ]

    def arena_scores(self) -> list[Column]:
        """Return each arena's score (blank where no indicator of it applies)."""
        return [
            Column(score, applies, "float")
            for score, applies in zip(self.arena_score, self.arena_applies, strict=True)
        ]

    def sensitivity(self) -> list[Column]:
        """Return the sensitivity fields (none without a sensitivity run)."""
        s = self.result.sensitivity
        if s is None:
            return []
        kinds = ("int", "int", "int", "float")
        return [
            Column(np.asarray(s[f])[self.at], self.ranked, kind)
            for f, kind in zip(SENSITIVITY_FIELDS, kinds, strict=True)
        ]

    def indicator(self, i: int) -> list[Column]:
        """Return points, max_points, applicable, missing and explanation of indicator i."""
        r, at = self.result, self.at
        facts = {name: getattr(r, name)[i, at] for name in FACT_ARRAYS}
        facts.update({key: values[at] for key, values in r.extras.get(i, {}).items()})
        ind = r.scheme.indicators[i]
        if ind.classes and r.panel is not None:  # the judges' figures of each rater class
            figures = np.empty(self.n, dtype=object)
            for k, u in enumerate(np.arange(len(r.units))[at].tolist()):
                figures[k] = r.panel.figures(ind, i, u)
            facts["panel"] = figures
        if r.weight is None:
            max_points = Constant(ind.max_points, self.n)
        else:  # carried shares: each unit's maximum is its share of the indicator's
            facts["weight"] = r.weight[i, at]
            max_points = Column(ind.max_points * facts["weight"], kind="float")
        return [
            Column(facts["points"], facts["applicable"], "float"),
            max_points,
            Column(facts["applicable"], kind="bool"),
            Column(facts["missing"], kind="bool"),
            Column(indicator_column(ind, facts)),
        ]

    def indicators(self) -> list[list[Column]]:
        """Return indicator() of every indicator (none in a year's roll-up), built once."""
        if self._indicators is None:
            count = len(self.result.scheme.indicators) if self.result.has_indicators else 0
            self._indicators = [self.indicator(i) for i in range(count)]
        return self._indicators

    def everyone(self) -> list[Column]:
        """Return the columns of the CSV file and the workbook's 全部单位 sheet."""
        columns = self.unit_columns() + self.arena_scores()
        for indicator in self.indicators():
            columns += indicator
        return columns + self.sensitivity()

    def ranked_columns(self) -> list[Column]:
        """Return the columns of the per-group ranking sheets."""
        columns = self.unit_columns()
        columns[6] = Column(np.where(self.vetoed, "是", "").tolist())
        return columns + self.arena_scores() + self.sensitivity()

    def arena_columns(self) -> list[Column]:
        """Return the 擂台得分 sheet's columns: a row per unit and arena."""
        arenas = self.result.scheme.arenas
        texts = self.arena_texts()
        return [
            *self._repeat(len(arenas)),
            Column(np.tile([a.name for a in arenas], self.n).tolist()),
            Column(self.arena_score.T.reshape(-1), self.arena_applies.T.reshape(-1), "float"),
            Column(_interleave(texts)),
        ]

    def point_columns(self) -> list[Column]:
        """Return the 指标得分 sheet's columns: a row per unit and indicator."""
        r = self.result
        if not r.has_indicators:
            return [Column([]) for _ in range(11)]
        indicators = r.scheme.indicators
        arena_of = [a.name for a in r.scheme.arenas for _ in a.indicators]
        parts = self.indicators()

        def mixed(field: int) -> list:
            return _interleave([part[field].cells() for part in parts])

        applicable = np.array([part[2].values for part in parts]).T.reshape(-1)
        missing = np.array([part[3].values for part in parts]).T.reshape(-1)
        points = np.array([part[0].values for part in parts]).T.reshape(-1)
        return [
            *self._repeat(len(indicators)),
            Column(np.tile(arena_of, self.n).tolist()),
            Column(np.tile([ind.code for ind in indicators], self.n).tolist()),
            Column(np.tile([ind.name for ind in indicators], self.n).tolist()),
            Column(points, applicable, "float"),
            Column(mixed(1)),
            Column(np.where(applicable, "是", "否").tolist()),
            Column(np.where(missing, "是", "").tolist()),
            Column(mixed(4)),
        ]

    def _repeat(self, times: int) -> list[Column]:
        """Return code, name and group, each repeated `times` times in a row."""
        fields = (self.code, self.name, self.group)
        return [Column([x for x in values for _ in range(times)]) for values in fields]

    def arena_texts(self) -> list[list[str]]:
        """Return each arena's explanation for the frame's units."""
        r, at = self.result, self.at
        return [
            arena_column(arena, {name: getattr(r.arena, name)[k, at] for name in ARENA_FIELDS})
            for k, arena in enumerate(r.scheme.arenas)
        ]

    def json_lines(self) -> list[str]:
        """Return each unit's JSON record (json.dumps of writers.unit_json), a line each."""
        r = self.result
        parts: list = []
        for key, column in zip(UNIT_KEYS, self.unit_columns(), strict=True):
            parts += [f', "{key}": ' if parts else f'{{"{key}": ', column.json()]
        parts.append(', "arenas": {')
        for k, (arena, column) in enumerate(zip(r.scheme.arenas, self.arena_scores(), strict=True)):
            parts += [(", " if k else "") + encode_basestring(arena.code) + ": ", column.json()]
        parts.append('}, "indicators": {')
        for i, columns in enumerate(self.indicators()):
            code = encode_basestring(r.scheme.indicators[i].code)
            parts.append((", " if i else "") + code + ": {")
            for n, (field, column) in enumerate(zip(INDICATOR_KEYS, columns, strict=True)):
                parts += [(", " if n else "") + f'"{field}": ', column.json()]
            parts.append("}")
        parts.append('}, "arena_explain": {')
        for k, (arena, texts) in enumerate(zip(r.scheme.arenas, self.arena_texts(), strict=True)):
            parts += [(", " if k else "") + encode_basestring(arena.code) + ": "]
            parts.append(list(map(encode_basestring, texts)))
        parts.append("}")
        if r.sensitivity is not None:
            parts += [', "sensitivity": ', self._sensitivity_json()]
        parts.append("}")
        return _join_rows(parts, self.n)

    def _sensitivity_json(self) -> list[str]:
        fields = [column.json() for column in self.sensitivity()]
        return [
            "{"
            + ", ".join(f'"{f}": {v}' for f, v in zip(SENSITIVITY_FIELDS, values, strict=True))
            + "}"
            if ranked
            else "null"
            for ranked, *values in zip(self.ranked.tolist(), *fields, strict=True)
        ]


UNIT_KEYS = ("unit", "name", "group", "total", "rank", "rank_change", "vetoed")
INDICATOR_KEYS = ("points", "max_points", "applicable", "missing", "explain")
ARENA_FIELDS = ("points", "max_points", "base", "bonus_raw", "bonus", "deduction_raw")
ARENA_FIELDS += ("deduction", "score")


def _join_rows(parts: list, n: int) -> list[str]:
    """Join text pieces (a str: the same in every row; a list: one per row) row by row."""
    merged: list = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    columns = [repeat(p, n) if isinstance(p, str) else p for p in merged]
    return ["".join(row) for row in zip(*columns, strict=False)]  # repeat() never ends


def _interleave(columns: list[list]) -> list:
    """Return the cells of equal-length columns row by row: a0, b0, c0, a1, b1, …"""
    out = []
    for row in zip(*columns, strict=True):
        out.extend(row)
    return out
