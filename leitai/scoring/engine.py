"""The scoring pass: indicator points, arena scores, totals and ranks for one period."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np

from leitai.scoring import explain
from leitai.scoring.inputs import ScoringInput, Unit
from leitai.scoring.panel import PanelArrays, PanelFigures, panel_arrays
from leitai.scoring.ranking import competition_ranks
from leitai.scoring.rules import RULES, Columns, group_range, relative_in_range
from leitai.scoring.scheme import Scheme
from leitai.scoring.validate import InputError, Problem, check, resolve, warnings

FACT_ARRAYS = ("value", "target", "previous", "points", "applicable", "exempt", "missing")


class IndicatorResult(NamedTuple):
    """One unit's points on one indicator; points is None when the indicator does not apply.

    A named tuple (immutable, compared by value) because one is built per unit and indicator.
    """

    points: float | None
    max_points: float
    applicable: bool
    missing: bool
    explain_zh: str
    explain_en: str


@dataclass(frozen=True)
class ArenaResult:
    """One unit's arena score (None when no indicator of the arena applies) and its parts."""

    score: float | None
    base: float | None
    bonus: float
    deduction: float
    explain_zh: str
    explain_en: str


@dataclass(frozen=True)
class Sensitivity:
    """How a unit's rank moves when arena weights are jittered."""

    median: int
    p5: int
    p95: int
    kept: float


@dataclass(frozen=True)
class UnitResult:
    """Everything computed for one unit."""

    unit: str
    name: str
    group: str
    total: float | None
    rank: int | None
    rank_change: int | None
    vetoed: bool
    arenas: dict[str, float | None]
    arena_details: dict[str, ArenaResult]
    indicators: dict[str, IndicatorResult]
    sensitivity: Sensitivity | None = None


@dataclass(frozen=True)
class ArenaArrays:
    """Per arena (rows) and unit (columns): the parts of arena scores; NaN = not applicable."""

    points: np.ndarray
    max_points: np.ndarray
    bonus_raw: np.ndarray
    bonus: np.ndarray
    deduction_raw: np.ndarray
    deduction: np.ndarray
    base: np.ndarray
    score: np.ndarray


@dataclass(frozen=True)
class Result:
    """A scored period held as arrays; per-unit records are built on demand."""

    scheme: Scheme
    units: tuple[Unit, ...]
    groups: tuple[str, ...]
    group: np.ndarray
    value: np.ndarray
    target: np.ndarray
    previous: np.ndarray
    points: np.ndarray
    applicable: np.ndarray
    exempt: np.ndarray
    missing: np.ndarray
    extras: dict[int, dict[str, np.ndarray]]
    arena: ArenaArrays
    total: np.ndarray
    rank: np.ndarray
    vetoed: np.ndarray
    previous_rank: np.ndarray
    sensitivity: dict[str, np.ndarray] | None = None
    _index: dict[str, int] = field(default_factory=dict, repr=False)
    has_indicators: bool = True
    warnings: tuple[Problem, ...] = ()
    panel: PanelArrays | None = None
    # Per indicator and unit the carried weight (SCORING.md "Carried shares"); None = all 1.
    weight: np.ndarray | None = None

    @cached_property
    def lists(self) -> dict:
        """Return the per-indicator arrays as nested lists, for building records one by one.

        Indexing Python lists is far cheaper than reading NumPy scalars a million times.
        """
        lists: dict = {name: getattr(self, name).tolist() for name in FACT_ARRAYS}
        lists["weight"] = None if self.weight is None else self.weight.tolist()
        lists["extras"] = {
            i: {key: array.tolist() for key, array in extra.items()}
            for i, extra in self.extras.items()
        }
        return lists

    def panel_figures(self, unit: str, indicator: str) -> PanelFigures | None:
        """Return the judges' figures of a unit on a panel indicator (None for other rules):
        per rater class the number of scores, the mean, the weight used and the dropped scores.
        """
        codes = {ind.code: i for i, ind in enumerate(self.scheme.indicators)}
        i = codes[indicator]
        if self.panel is None or i not in self.panel.slots:
            return None
        return self.panel.figures(self.scheme.indicators[i], i, self._index[unit])

    def unit(self, code: str, *, explain: bool = True) -> UnitResult:
        """Return the result of one unit."""
        return build_unit(self, self._index[code], explain=explain)

    def ordered(self, *, explain: bool = True, english: bool = True) -> list[UnitResult]:
        """Return unit results by group (first appearance), rank (unranked last), unit code."""
        return list(self.iter_ordered(explain=explain, english=english))

    def iter_ordered(self, *, explain: bool = True, english: bool = True) -> Iterator[UnitResult]:
        """Yield unit results in the order of ordered(), building each only when needed."""
        for u in self.order():
            yield build_unit(self, int(u), explain=explain, english=english)

    def order(self) -> np.ndarray:
        """Return the unit numbers by group (first appearance), rank (unranked last), code."""
        rank = np.where(self.rank > 0, self.rank, np.iinfo(np.int64).max)
        codes = np.array([u.code for u in self.units])
        return np.lexsort((codes, rank, self.group))


def score(
    scheme: Scheme,
    data: ScoringInput,
    previous_ranks: Mapping[str, int] | None = None,
    previous_groups: Mapping[str, str] | None = None,
) -> Result:
    """Score one period; raise InputError listing every problem of bad input.

    A rank change is given when the unit had a previous rank (and, when `previous_groups`
    is given, was then in the same group).
    """
    resolved = resolve(scheme, data)
    problems = check(scheme, data, resolved)
    if problems:
        raise InputError(problems)
    index = resolved.units
    group_of = {g: n for n, g in enumerate(dict.fromkeys(unit.group for unit in data.units))}
    groups = tuple(group_of)
    group = np.fromiter((group_of[u.group] for u in data.units), np.int64, len(data.units))
    matrices = _matrices(scheme, data, resolved)
    applicable, exempt = _applicability(scheme, data, index, groups, group)
    panel, extras = _panel(scheme, data, resolved, matrices[0])
    points, missing = _points(scheme, matrices, applicable, group, len(groups), extras)
    weight = carried_weights(scheme, data, index)
    if weight is not None:
        points *= weight
    arena = _arenas(scheme, data, index, points, applicable, weight)
    total = weighted_total(scheme_weights(scheme), arena.score)
    vetoed = _vetoed(data, index)
    rank = competition_ranks(group, total, vetoed)
    prev = previous_rank_array(data.units, group, groups, previous_ranks, previous_groups)
    return Result(
        scheme,
        data.units,
        groups,
        group,
        *matrices,
        points,
        applicable,
        exempt,
        missing,
        extras,
        arena,
        total,
        rank,
        vetoed,
        prev,
        None,
        index,
        warnings=tuple(warnings(scheme, data, resolved)),
        panel=panel,
        weight=weight,
    )


def scheme_weights(scheme: Scheme) -> np.ndarray:
    """Return the arena weights in scheme order."""
    return np.array([arena.weight for arena in scheme.arenas], dtype=float)


def weighted_total(weights: np.ndarray, arena_score: np.ndarray) -> np.ndarray:
    """Return Σ w·score / Σ w over the arenas that apply to each unit (NaN when none)."""
    applies = ~np.isnan(arena_score)
    denominator = weights @ applies
    with np.errstate(divide="ignore", invalid="ignore"):
        total = (weights @ np.where(applies, arena_score, 0.0)) / denominator
    return np.where(denominator > 0, total, np.nan)


def _matrices(scheme: Scheme, data: ScoringInput, resolved) -> tuple:
    n_units = len(data.units)
    # One flat index and one block: 1-D scatter is much faster than 2-D fancy indexing.
    flat = resolved.value_indicator * n_units + resolved.value_unit
    block = np.full((3, len(scheme.indicators), n_units), np.nan)
    for matrix, column in zip(
        block, (data.values.value, data.values.target, data.values.previous), strict=True
    ):
        matrix.reshape(-1)[flat] = column
    return tuple(block)


def _applicability(scheme, data, index, groups, group) -> tuple[np.ndarray, np.ndarray]:
    indicators = scheme.indicators
    applicable = np.ones((len(indicators), len(data.units)), dtype=bool)
    for i, ind in enumerate(indicators):
        if ind.groups:
            applicable[i] = np.isin(group, [groups.index(g) for g in ind.groups])
    exempt = np.zeros_like(applicable)
    codes = {ind.code: i for i, ind in enumerate(indicators)}
    for row in data.exemptions:
        exempt[codes[row.indicator], index[row.unit]] = True
    return applicable & ~exempt, exempt


def _panel(scheme, data, resolved, value) -> tuple[PanelArrays, dict[int, dict]]:
    """Place each panel indicator's mean in `value`; return the judges' figures, and per
    indicator the count and extremes of all its scores (what the plain explanation shows)."""
    panels = [i for i, ind in enumerate(scheme.indicators) if ind.rule == "panel"]
    arrays = panel_arrays(scheme.indicators, panels, resolved, data.panel, value.shape[1])
    extras = {}
    for s, i in enumerate(panels):
        value[i] = arrays.unit_mean[s]
        extras[i] = {
            "count": arrays.count[s].sum(axis=1),
            "top": arrays.top[s].max(axis=1),
            "bottom": arrays.bottom[s].min(axis=1),
        }
    return arrays, extras


def carried_weights(scheme: Scheme, data: ScoringInput, index) -> np.ndarray | None:
    """Return the carried weight per indicator and unit (1 where none is given), or None
    when the input has no carriers."""
    if not data.carriers:
        return None
    codes = {ind.code: i for i, ind in enumerate(scheme.indicators)}
    weight = np.ones((len(scheme.indicators), len(data.units)))
    for row in data.carriers:
        weight[codes[row.indicator], index[row.unit]] = row.weight
    return weight


def _points(scheme, matrices, applicable, group, n_groups, extras) -> tuple:
    value, target, previous = matrices
    points = np.zeros_like(value)
    has_value = ~np.isnan(value)
    for i, ind in enumerate(scheme.indicators):
        columns = Columns(value[i], target[i], previous[i], group, n_groups)
        scored = applicable[i] & has_value[i]
        if ind.rule == "relative":
            lo, hi = group_range(columns, scored)
            extras[i] = {"lo": lo, "hi": hi}
            points[i] = relative_in_range(ind, columns, scored, lo, hi)
        else:
            points[i] = RULES[ind.rule](ind, columns, scored)
    return points, applicable & ~has_value


def adjustment_points(scheme, adjustments, index, n_units) -> dict[str, np.ndarray]:
    """Return the uncapped bonus and deduction points per arena and unit."""
    shape = (len(scheme.arenas), n_units)
    raw = {"bonus": np.zeros(shape), "deduction": np.zeros(shape)}
    codes = {arena.code: a for a, arena in enumerate(scheme.arenas)}
    for row in adjustments:
        if row.kind != "veto":
            amount = row.points if row.points is not None else scheme.bonus_level(row.level)
            raw[row.kind][codes[row.arena], index[row.unit]] += amount
    return raw


def _arenas(scheme, data, index, points, applicable, weight) -> ArenaArrays:
    raw = adjustment_points(scheme, data.adjustments, index, points.shape[1])
    sums, maxima, start = [], [], 0
    for arena in scheme.arenas:
        part = slice(start, start + len(arena.indicators))
        max_points = np.array([ind.max_points for ind in arena.indicators])
        sums.append(points[part].sum(axis=0))
        if weight is None:
            maxima.append(max_points @ applicable[part])
        else:
            maxima.append((max_points[:, None] * weight[part] * applicable[part]).sum(axis=0))
        start += len(arena.indicators)
    return arena_scores(scheme, np.array(sums), np.array(maxima), raw)


def arena_scores(scheme, sums, maxima, raw) -> ArenaArrays:
    """Return arena scores from points, maximum points and uncapped adjustments."""
    caps = [(a.bonus_cap, a.deduction_cap) for a in scheme.arenas]
    bonus_cap = np.array([np.inf if b is None else b for b, _ in caps])[:, None]
    deduction_cap = np.array([np.inf if d is None else d for _, d in caps])[:, None]
    bonus = np.minimum(raw["bonus"], bonus_cap)
    deduction = np.minimum(raw["deduction"], deduction_cap)
    applies = maxima > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        base = np.where(applies, 100.0 * sums / maxima, np.nan)
    arena_score = np.maximum(0.0, base + bonus - deduction)
    return ArenaArrays(
        sums, maxima, raw["bonus"], bonus, raw["deduction"], deduction, base, arena_score
    )


def _vetoed(data: ScoringInput, index: dict[str, int]) -> np.ndarray:
    vetoed = np.zeros(len(data.units), dtype=bool)
    for row in data.adjustments:
        if row.kind == "veto":
            vetoed[index[row.unit]] = True
    return vetoed


def previous_rank_array(units, group, groups, ranks, previous_groups) -> np.ndarray:
    """Return each unit's previous rank, 0 when it had none in the same group."""
    out = np.zeros(len(units), dtype=np.int64)
    if not ranks:
        return out
    previous_groups = previous_groups or {}
    for i, unit in enumerate(units):
        same_group = previous_groups.get(unit.code, unit.group) == groups[group[i]]
        if unit.code in ranks and same_group:
            out[i] = ranks[unit.code]
    return out


def build_unit(result: Result, u: int, *, explain: bool = True, english: bool = True) -> UnitResult:
    """Build the record of unit number `u`."""
    unit = result.units[u]
    rank = int(result.rank[u]) or None
    previous = int(result.previous_rank[u]) or None
    total = float(result.total[u]) if rank else None
    details = {
        a.code: _arena_result(result, k, u, explain) for k, a in enumerate(result.scheme.arenas)
    }
    return UnitResult(
        unit.code,
        unit.name,
        unit.group,
        total,
        rank,
        previous - rank if rank and previous else None,
        bool(result.vetoed[u]),
        {code: detail.score for code, detail in details.items()},
        details,
        {
            ind.code: _indicator_result(result, i, u, explain, english)
            for i, ind in enumerate(result.scheme.indicators)
        }
        if result.has_indicators
        else {},
        _sensitivity(result, u),
    )


def _indicator_result(result: Result, i: int, u: int, with_text: bool, english: bool):
    ind, lists = result.scheme.indicators[i], result.lists
    applicable = lists["applicable"][i][u]
    zh = en = ""
    if with_text:
        facts = indicator_facts(result, i, u)
        zh = explain.indicator(ind, facts, "zh")
        en = explain.indicator(ind, facts, "en") if english else ""
    points = lists["points"][i][u] if applicable else None
    max_points = ind.max_points * (1.0 if lists["weight"] is None else lists["weight"][i][u])
    return IndicatorResult(points, max_points, applicable, lists["missing"][i][u], zh, en)


def indicator_facts(result: Result, i: int, u: int) -> explain.Facts:
    """Collect what explains unit u's points on indicator i."""
    lists = result.lists
    extras = lists["extras"].get(i)
    extra = {key: values[u] for key, values in extras.items()} if extras else {}
    ind = result.scheme.indicators[i]
    if ind.classes and result.panel is not None:
        extra["panel"] = result.panel.figures(ind, i, u)
    return explain.Facts(
        lists["value"][i][u],
        lists["target"][i][u],
        lists["previous"][i][u],
        lists["points"][i][u],
        lists["applicable"][i][u],
        lists["exempt"][i][u],
        lists["missing"][i][u],
        weight=1.0 if lists["weight"] is None else lists["weight"][i][u],
        **extra,
    )


def _arena_result(result: Result, k: int, u: int, with_text: bool) -> ArenaResult:
    a = result.arena
    applicable = bool(a.max_points[k, u] > 0)
    facts = explain.ArenaFacts(
        applicable,
        float(a.points[k, u]),
        float(a.max_points[k, u]),
        float(a.base[k, u]),
        float(a.bonus_raw[k, u]),
        float(a.bonus[k, u]),
        float(a.deduction_raw[k, u]),
        float(a.deduction[k, u]),
        float(a.score[k, u]),
    )
    arena = result.scheme.arenas[k]
    zh = explain.arena(arena, facts, "zh") if with_text else ""
    en = explain.arena(arena, facts, "en") if with_text else ""
    if not applicable:
        return ArenaResult(None, None, 0.0, 0.0, zh, en)
    return ArenaResult(facts.score, facts.base, facts.bonus, facts.deduction, zh, en)


def _sensitivity(result: Result, u: int) -> Sensitivity | None:
    s = result.sensitivity
    if s is None or not result.rank[u]:
        return None
    return Sensitivity(int(s["median"][u]), int(s["p5"][u]), int(s["p95"][u]), float(s["kept"][u]))
