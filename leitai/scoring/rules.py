"""The six indicator rules of SCORING.md, vectorised over the units of one indicator.

Each rule takes arrays over all units (NaN = no value) and a boolean mask `scored` of the
units to which the indicator applies and that have a value; it returns points, 0 elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from leitai.scoring.scheme import Indicator


@dataclass(frozen=True)
class Columns:
    """One indicator's inputs over all units; `group` is each unit's group index."""

    value: np.ndarray
    target: np.ndarray
    previous: np.ndarray
    group: np.ndarray
    n_groups: int


def completion(ind: Indicator, c: Columns, scored: np.ndarray) -> np.ndarray:
    """Score the target completion rate r, capped at `cap`, zero below `zero_below`."""
    v, t = c.value, c.target
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = v / t if ind.higher else np.where(v <= 0, ind.cap, t / v)
    points = ind.max_points * np.minimum(np.maximum(ratio, 0.0), ind.cap)
    points = np.where(ratio < ind.zero_below, 0.0, points)
    return np.where(scored, points, 0.0)


def group_range(c: Columns, scored: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return each unit's group minimum and maximum over the scored units."""
    lo = np.full(c.n_groups, np.inf)
    hi = np.full(c.n_groups, -np.inf)
    np.minimum.at(lo, c.group[scored], c.value[scored])
    np.maximum.at(hi, c.group[scored], c.value[scored])
    return lo[c.group], hi[c.group]


def relative(ind: Indicator, c: Columns, scored: np.ndarray) -> np.ndarray:
    """Score linearly between the group's worst (floor x M) and best (M) value."""
    return relative_in_range(ind, c, scored, *group_range(c, scored))


def relative_in_range(ind, c: Columns, scored, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Score `relative` given each unit's group minimum and maximum."""
    span = hi - lo
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (c.value - lo) / span if ind.higher else (hi - c.value) / span
    # x lies in [0, 1] by definition; clipping keeps float rounding from leaving that range.
    points = ind.max_points * (ind.floor + (1.0 - ind.floor) * np.clip(x, 0.0, 1.0))
    points = np.where(span == 0, ind.max_points, points)
    return np.where(scored, points, 0.0)


def rank(ind: Indicator, c: Columns, scored: np.ndarray) -> np.ndarray:
    """Score a position among peers, plus or minus places gained or lost since last time,
    plus the position table's points."""
    k, k0, m = c.value, c.previous, ind.max_points
    if ind.step:
        base = m * np.maximum(1.0 - ind.step * (k - 1.0), 0.0)
    else:
        base = m * (1.0 - (1.0 - ind.floor) * (k - 1.0) / (ind.peers - 1.0))
    gained = np.where(k < k0, ind.advance * (k0 - k), 0.0)
    lost = np.where(k > k0, ind.retreat * (k - k0), 0.0)
    total = base + gained - lost
    if ind.top_points or ind.bottom_points:
        total = total + position_points(ind, k)
    points = np.minimum(np.maximum(total, 0.0), ind.cap * m)
    return np.where(scored, points, 0.0)


def position_points(ind: Indicator, k: np.ndarray) -> np.ndarray:
    """Return the position table's points for each position (0 where no entry or no value).

    An average position counts at its nearest place, a half at the better one (2.5 -> 2);
    a place in both tables takes the top table's points.
    """
    n = ind.peers
    table = np.zeros(n + 1)
    bottom = len(ind.bottom_points)
    table[n + 1 - bottom :] = ind.bottom_points
    table[1 : 1 + len(ind.top_points)] = ind.top_points
    with np.errstate(invalid="ignore"):
        place = np.ceil(k - 0.5)
    known = (place >= 1) & (place <= n)
    return np.where(known, table[np.where(known, place, 0).astype(np.int64)], 0.0)


def band_index(ind: Indicator, v: np.ndarray) -> np.ndarray:
    """Return the index of the band each value falls in, -1 for none."""
    thresholds = np.array([b[0] for b in ind.bands])
    if ind.higher:
        return np.searchsorted(thresholds, v, side="right") - 1
    index = np.searchsorted(thresholds, v, side="left")
    return np.where(index >= len(thresholds), -1, index)


def bands(ind: Indicator, c: Columns, scored: np.ndarray) -> np.ndarray:
    """Score the fraction of the band the value reaches."""
    fractions = np.array([b[1] for b in ind.bands] + [0.0])
    # Index -1 picks the trailing 0.0: no band reached means no points.
    points = ind.max_points * fractions[band_index(ind, c.value)]
    return np.where(scored, points, 0.0)


def share(ind: Indicator, c: Columns, scored: np.ndarray) -> np.ndarray:
    """Score the share done, clipped to [0, 1]; a `percent` indicator's values are in percent."""
    share = c.value / 100.0 if ind.percent else c.value
    points = ind.max_points * np.clip(share, 0.0, 1.0)
    return np.where(scored, points, 0.0)


def panel(ind: Indicator, c: Columns, scored: np.ndarray) -> np.ndarray:
    """Score the judges' (trimmed) mean, already placed in `value` by the engine."""
    return np.where(scored, ind.max_points * c.value / 100.0, 0.0)


RULES: dict[str, Callable[[Indicator, Columns, np.ndarray], np.ndarray]] = {
    "completion": completion,
    "relative": relative,
    "rank": rank,
    "bands": bands,
    "share": share,
    "panel": panel,
}


def panel_means(
    key: np.ndarray, scores: np.ndarray, size: int, trim_from: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Return (mean, count, top, bottom) per key; drop one top and one bottom when n >= trim."""
    count = np.bincount(key, minlength=size).astype(float)
    total = np.bincount(key, weights=scores, minlength=size)
    top = np.full(size, -np.inf)
    bottom = np.full(size, np.inf)
    np.maximum.at(top, key, scores)
    np.minimum.at(bottom, key, scores)
    trim = count >= trim_from
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(trim, (total - top - bottom) / (count - 2), total / count)
    # Sum minus extremes can cancel badly; the mean of the rest lies between the extremes.
    mean = np.minimum(np.maximum(mean, bottom), top)
    return np.where(count > 0, mean, np.nan), count, top, bottom
