"""Fairness checks of a contest's judges before its results go into the quarter.

Per judge, over the units he scored (revealed, not void):

- **leniency**: the mean of (his score − the mean of the other judges' scores of that unit);
- **correlation**: Pearson's r between his scores and the other judges' means of the same
  units (at least 3 units, and neither series constant; otherwise none);
- **flagged** when |leniency| > 2 × the panel's spread AND |leniency| ≥ 3 points, where the
  panel's spread is the standard deviation (population) of every single deviation of the OTHER
  judges (each of their scores minus the mean of the judges other than them). The floor of 3
  points keeps a panel that agrees closely from flagging a judge over a point.

Robustness of the order: the contest is scored again without each judge in turn and without
each rater class in turn; for each variant, does the order of the top and bottom units
(the first and last `k` places, k = min(3, units // 2)) stay as published?
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leitai.contest.models import Contest, ContestUnit, Judge, Submission
from leitai.contest.selectors import (
    CODE,
    revealed_sheets,
    rounded,
    running_order,
    score_rows,
)

FLAG_SPREADS = 2.0
FLAG_FLOOR = 3.0
MIN_UNITS_FOR_R = 3
EDGE = 3
CONTEST = CODE


@dataclass(frozen=True)
class Deviations:
    """The arithmetic of the checks for judges (rows) × units (columns) with NaN = no score."""

    leniency: np.ndarray
    correlation: np.ndarray
    spread: np.ndarray
    flagged: np.ndarray
    units: np.ndarray


def deviations(scores: np.ndarray) -> Deviations:
    """Return each judge's leniency, correlation, panel spread and flag (see the module)."""
    scores = np.asarray(scores, dtype=float)
    judges = scores.shape[0]
    present = ~np.isnan(scores)
    filled = np.where(present, scores, 0.0)
    col_sum, col_count = filled.sum(axis=0), present.sum(axis=0)
    other_count = col_count - present
    with np.errstate(invalid="ignore", divide="ignore"):
        others = (col_sum - filled) / other_count
    usable = present & (other_count > 0)
    dev = np.where(usable, scores - others, np.nan)
    counts = usable.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        leniency = np.where(counts > 0, np.nansum(np.nan_to_num(dev), axis=1) / counts, np.nan)
    correlation = np.full(judges, np.nan)
    spread = np.full(judges, np.nan)
    for j in range(judges):
        mine, theirs = scores[j, usable[j]], others[j, usable[j]]
        if len(mine) >= MIN_UNITS_FOR_R and mine.std() > 0 and theirs.std() > 0:
            correlation[j] = float(np.corrcoef(mine, theirs)[0, 1])
        rest = np.delete(dev, j, axis=0)
        rest = rest[~np.isnan(rest)]
        if rest.size:
            spread[j] = float(rest.std())
    with np.errstate(invalid="ignore"):
        flagged = (np.abs(leniency) > FLAG_SPREADS * spread) & (np.abs(leniency) >= FLAG_FLOOR)
    return Deviations(leniency, correlation, spread, flagged, counts)


@dataclass
class JudgeCheck:
    """One judge's line of the fairness check."""

    judge: Judge
    units: int
    leniency: float | None
    correlation: float | None
    spread: float | None
    flagged: bool
    replaced: bool


def _value(x) -> float | None:
    return None if np.isnan(x) else round(float(x), 2)


def counted_sheets(contest: Contest) -> list[tuple[ContestUnit, Submission]]:
    """Return the revealed rounds' counted sheets (not void), in running order."""
    return [
        (r, s) for r in running_order(contest) for s in revealed_sheets(r) if s.voided_at is None
    ]


def judge_checks(contest: Contest) -> list[JudgeCheck]:
    """Return every judge's fairness line (judges without a counted score have none)."""
    rows = counted_sheets(contest)
    judges = {s.judge_id: s.judge for _r, s in rows}
    rounds = {r.pk: r for r, _s in rows}
    if not judges:
        return []
    j_index = {pk: i for i, pk in enumerate(judges)}
    u_index = {pk: i for i, pk in enumerate(rounds)}
    matrix = np.full((len(judges), len(rounds)), np.nan)
    replaced = set()
    for r, s in rows:
        # A replaced score is checked as the judge gave it, so the flag stays explained.
        given = s.original_total if s.original_total is not None else s.total
        matrix[j_index[s.judge_id], u_index[r.pk]] = float(given)
        if s.original_total is not None:
            replaced.add(s.judge_id)
    d = deviations(matrix)
    return [
        JudgeCheck(
            judge=judge,
            units=int(d.units[i]),
            leniency=_value(d.leniency[i]),
            correlation=_value(d.correlation[i]),
            spread=_value(d.spread[i]),
            flagged=bool(d.flagged[i]),
            replaced=pk in replaced,
        )
        for pk, i in j_index.items()
        for judge in [judges[pk]]
    ]


@dataclass
class Variant:
    """The contest scored without one judge or one rater class: is the order's edge kept?"""

    kind: str
    label: str
    top: list[str]
    bottom: list[str]
    kept: bool


@dataclass
class UnitRobustness:
    """A unit's published place, its best and worst place over the variants, and how often
    the variants kept its place."""

    name: str
    place: int | None
    best: int | None
    worst: int | None
    kept: float


@dataclass
class Robustness:
    edge: int
    top: list[str]
    bottom: list[str]
    variants: list[Variant]
    units: list[UnitRobustness]

    @property
    def all_kept(self) -> bool:
        return all(v.kept for v in self.variants)


def _places(contest: Contest, rows) -> dict[str, int]:
    """Return unit name → place of the contest scored from these rows."""
    if not rows:
        return {}
    result = score_rows(contest, rows)
    names = {r.unit.code: r.unit.name for r, _s in rows}
    places = {}
    for code, name in names.items():
        unit = result.unit(code)
        if not unit.indicators[CONTEST].missing and unit.rank is not None:
            places[name] = unit.rank
    return places


def _edges(places: dict[str, int], edge: int) -> tuple[list[str], list[str]]:
    ordered = sorted(places, key=lambda name: (places[name], name))
    return ordered[:edge], ordered[len(ordered) - edge :] if edge else []


def robustness(contest: Contest) -> Robustness:
    """Score the contest again without each judge and without each rater class."""
    rows = counted_sheets(contest)
    published = _places(contest, rows)
    edge = min(EDGE, len(published) // 2)
    top, bottom = _edges(published, edge)
    drops: list[tuple[str, str, list]] = []
    judges = {s.judge_id: s.judge for _r, s in rows}
    for pk, judge in judges.items():
        drops.append(("judge", judge.name, [(r, s) for r, s in rows if s.judge_id != pk]))
    classes = sorted({s.judge.rater_class for _r, s in rows if s.judge.rater_class})
    if len(classes) > 1:
        for code in classes:
            kept_rows = [(r, s) for r, s in rows if s.judge.rater_class != code]
            drops.append(("class", code, kept_rows))
    variants, seen = [], {name: [] for name in published}
    for kind, label, kept_rows in drops:
        places = _places(contest, kept_rows)
        v_top, v_bottom = _edges(places, edge)
        variants.append(Variant(kind, label, v_top, v_bottom, (v_top, v_bottom) == (top, bottom)))
        for name in published:
            seen[name].append(places.get(name))
    units = []
    for name in sorted(published, key=lambda n: (published[n], n)):
        got = [p for p in seen[name] if p is not None]
        kept = sum(p == published[name] for p in got) / len(seen[name]) if seen[name] else 1.0
        units.append(
            UnitRobustness(
                name, published[name], min(got, default=None), max(got, default=None), kept
            )
        )
    return Robustness(edge, top, bottom, variants, units)


def others_mean(sheet: Submission, sheets: list[Submission]):
    """Return the mean of the other counted judges' scores of the same unit, of the sheet's
    rater class when it has other judges there, else of all other judges (2 decimals)."""
    others = [s for s in sheets if s.pk != sheet.pk and s.voided_at is None]
    same = [s for s in others if s.judge.rater_class == sheet.judge.rater_class]
    pool = same or others
    if not pool:
        return None
    return rounded(sum(float(s.total) for s in pool) / len(pool))
