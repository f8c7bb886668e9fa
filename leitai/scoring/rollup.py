"""Year roll-up: a year's totals from its quarters' totals, then the year's adjustments."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from leitai.scoring.engine import (
    ArenaArrays,
    Result,
    adjustment_points,
    arena_scores,
    previous_rank_array,
    scheme_weights,
    weighted_total,
)
from leitai.scoring.inputs import Adjustment, ScoringInput, Unit, ValueColumns
from leitai.scoring.ranking import competition_ranks
from leitai.scoring.validate import InputError, Problem, check


def roll_up(
    quarters: Mapping[str, Result],
    adjustments: Sequence[Adjustment] = (),
    previous_ranks: Mapping[str, int] | None = None,
    previous_groups: Mapping[str, str] | None = None,
) -> Result:
    """Roll quarter results (keyed Q1..Q4) up to the year and rank it.

    Year total = Σ w_q total_q / Σ w_q over the quarters in which the unit was ranked. Year
    arena scores are the same weighted mean over the quarters in which the arena applied;
    the year's bonus and deduction (with the arena caps) then change the arena score, and the
    total by that change times the arena's share of the unit's weights.
    """
    scheme = next(iter(quarters.values())).scheme
    units = _units(quarters)
    data = ScoringInput(units, ValueColumns.from_rows([]), adjustments=tuple(adjustments))
    problems = [p for p in check(scheme, data) if p.sheet == "adjustments"]
    problems += [
        Problem("quarters", None, "", f"unknown quarter {q!r}")
        for q in quarters
        if q not in dict(scheme.quarter_weights)
    ]
    if problems:
        raise InputError(problems)
    index = {unit.code: i for i, unit in enumerate(units)}
    total, arena_mean, vetoed = _means(scheme, quarters, index, len(units))
    arena = _adjust(scheme, data, index, arena_mean)
    weights = scheme_weights(scheme)
    with np.errstate(invalid="ignore"):
        change = np.nan_to_num(arena.score - arena_mean)
    total = total + weighted_total(weights, np.where(np.isnan(arena_mean), np.nan, change))
    for row in adjustments:
        vetoed[index[row.unit]] |= row.kind == "veto"
    return _result(scheme, units, arena, total, vetoed, previous_ranks, previous_groups)


def _units(quarters: Mapping[str, Result]) -> tuple[Unit, ...]:
    """Return every unit of any quarter, with its group and name from its latest quarter."""
    latest: dict[str, Unit] = {}
    for quarter in sorted(quarters):
        for unit in quarters[quarter].units:
            latest[unit.code] = unit
    return tuple(latest.values())


def _means(scheme, quarters, index, n_units) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n_arenas = len(scheme.arenas)
    total_sum, total_w = np.zeros(n_units), np.zeros(n_units)
    arena_sum, arena_w = np.zeros((n_arenas, n_units)), np.zeros((n_arenas, n_units))
    vetoed = np.zeros(n_units, dtype=bool)
    for quarter, result in quarters.items():
        w = scheme.quarter_weight(quarter)
        at = np.array([index[u.code] for u in result.units], dtype=np.int64)
        ranked = result.rank > 0
        total_sum[at] += np.where(ranked, w * np.nan_to_num(result.total), 0.0)
        total_w[at] += w * ranked
        applies = ~np.isnan(result.arena.score)
        arena_sum[:, at] += np.where(applies, w * np.nan_to_num(result.arena.score), 0.0)
        arena_w[:, at] += w * applies
        vetoed[at] |= result.vetoed
    with np.errstate(divide="ignore", invalid="ignore"):
        return total_sum / total_w, arena_sum / arena_w, vetoed


def _adjust(scheme, data, index, arena_mean) -> ArenaArrays:
    raw = adjustment_points(scheme, data.adjustments, index, arena_mean.shape[1])
    applies = ~np.isnan(arena_mean)
    # Arena scores of the year are already on 0-100, so they enter as points out of 100.
    return arena_scores(scheme, np.nan_to_num(arena_mean), np.where(applies, 100.0, 0.0), raw)


def _result(scheme, units, arena, total, vetoed, previous_ranks, previous_groups) -> Result:
    groups = tuple(dict.fromkeys(unit.group for unit in units))
    group = np.array([groups.index(u.group) for u in units], dtype=np.int64)
    rank = competition_ranks(group, total, vetoed)
    prev = previous_rank_array(units, group, groups, previous_ranks, previous_groups)
    return arenas_only_result(scheme, units, arena, total, rank, vetoed, prev)


def arenas_only_result(scheme, units, arena, total, rank, vetoed, previous) -> Result:
    """A Result of arena scores and totals only (no indicator arrays): a year, a read quarter."""
    groups = tuple(dict.fromkeys(unit.group for unit in units))
    group = np.array([groups.index(u.group) for u in units], dtype=np.int64)
    empty = np.zeros((0, len(units)))
    return Result(
        scheme,
        units,
        groups,
        group,
        empty,
        empty,
        empty,
        empty,
        empty.astype(bool),
        empty.astype(bool),
        empty.astype(bool),
        {},
        arena,
        total,
        rank,
        vetoed,
        previous,
        None,
        {u.code: i for i, u in enumerate(units)},
        has_indicators=False,
    )
