"""Judges' panels (rule 6 of SCORING.md): rater classes, trimming within each class, the
weighted mean over the classes that scored, the judges' figures, and rank votes as scores.

Scores are keyed by (panel slot, unit, class) and reduced with NumPy, as `panel_means` does for
(panel slot, unit): no loop per unit. Within an indicator the classes are computed in the order
of their sorted codes, so the weighted mean is the same float whatever order the scheme (or a
JSON column that reorders keys) lists them in; explanations and figures follow the scheme order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from leitai.scoring.rules import panel_means
from leitai.scoring.scheme import Indicator

DEFAULT_CLASS = ""  # the one class of a panel indicator without `classes`
RANK_TOP = 100.0  # the score of rank 1 in a rank vote


@dataclass(frozen=True)
class PanelClass:
    """One rater class's figures for one unit on one panel indicator.

    `weight` is the scheme's weight (1 for the default class); `share` the weight used, after
    re-normalising over the classes that have scores (0 for a class without scores). When the
    class was trimmed (count >= trim_from), `dropped_top` and `dropped_bottom` name the judges
    whose highest and lowest scores were dropped; `top` and `bottom` are the class's extremes.
    """

    code: str
    weight: float
    count: int
    mean: float | None
    share: float
    trimmed: bool
    top: float | None
    bottom: float | None
    dropped_top: object = None
    dropped_bottom: object = None


@dataclass(frozen=True)
class PanelFigures:
    """The judges' figures of one unit on one panel indicator: the mean m (0-100, None without
    scores), the number of scores and each class in scheme order."""

    mean: float | None
    count: int
    classes: tuple[PanelClass, ...]

    @property
    def renormalised(self) -> bool:
        """Tell whether some class had no scores while others had (weights re-normalised)."""
        return 0 < sum(1 for c in self.classes if c.count) < len(self.classes)


def class_positions(ind: Indicator) -> dict[str, int]:
    """Return each class code's position in the computation (sorted codes)."""
    if not ind.classes:
        return {DEFAULT_CLASS: 0}
    return {code: n for n, code in enumerate(sorted(code for code, _ in ind.classes))}


def resolve_classes(indicators: Sequence[Indicator], codes, rows_indicator) -> np.ndarray:
    """Return each panel row's class position in its indicator; -1 when the class is not one of
    the indicator's (blank under `classes`, given without them, or unknown)."""
    n = len(rows_indicator)
    if codes is None:
        ids, distinct = np.zeros(n, dtype=np.int64), [DEFAULT_CLASS]
    else:
        index: dict = {}
        ids = np.fromiter((index.setdefault(c, len(index)) for c in codes), np.int64, n)
        distinct = list(index)
    # Row -1 (an unknown indicator) stays -1.
    table = np.full((len(indicators) + 1, max(len(distinct), 1)), -1, dtype=np.int64)
    for i, ind in enumerate(indicators):
        if ind.rule == "panel":
            positions = class_positions(ind)
            table[i, : len(distinct)] = [positions.get(code, -1) for code in distinct]
    return table[rows_indicator, ids]


@dataclass(frozen=True)
class PanelArrays:
    """Every panel indicator's judges' figures per (slot, unit, class position).

    `slots` maps an indicator's position in the scheme to its slot; `key` is each input row's
    flat (slot, unit, class) key, kept with the scores and judges to find the dropped scores
    when a caller asks for them.
    """

    slots: dict[int, int]
    count: np.ndarray
    mean: np.ndarray
    share: np.ndarray
    top: np.ndarray
    bottom: np.ndarray
    unit_mean: np.ndarray
    key: np.ndarray
    scores: np.ndarray
    judge: Sequence

    @cached_property
    def dropped(self) -> tuple[np.ndarray, np.ndarray]:
        """Return per flat key the input row dropped as the lowest and as the highest score.

        Among tied lowest scores the first listed is dropped, among tied highest the last
        listed, so two different rows are dropped even when every score is the same.
        """
        return extreme_rows(self.key, self.scores, self.count.size)

    def figures(self, ind: Indicator, i: int, u: int) -> PanelFigures:
        """Return the figures of unit u on indicator i (a panel indicator)."""
        s = self.slots[i]
        positions = class_positions(ind)
        bottom_row, top_row = self.dropped
        base = (s * self.count.shape[1] + u) * self.count.shape[2]
        classes = []
        for code, weight in ind.classes or ((DEFAULT_CLASS, 1.0),):
            c = positions[code]
            n = int(self.count[s, u, c])
            trimmed = n >= ind.trim_from
            classes.append(
                PanelClass(
                    code,
                    weight,
                    n,
                    float(self.mean[s, u, c]) if n else None,
                    float(self.share[s, u, c]),
                    trimmed,
                    float(self.top[s, u, c]) if n else None,
                    float(self.bottom[s, u, c]) if n else None,
                    self._judge(top_row[base + c]) if trimmed else None,
                    self._judge(bottom_row[base + c]) if trimmed else None,
                )
            )
        mean = float(self.unit_mean[s, u])
        total = sum(c.count for c in classes)
        return PanelFigures(None if math.isnan(mean) else mean, total, tuple(classes))

    def _judge(self, row):
        judge = self.judge[int(row)]
        return judge.item() if isinstance(judge, np.generic) else judge


def extreme_rows(key: np.ndarray, scores: np.ndarray, size: int) -> tuple[np.ndarray, ...]:
    """Return per key the row of its lowest score (first listed among ties) and of its highest
    (last listed among ties); -1 for a key without rows."""
    order = np.lexsort((np.arange(len(key)), scores, key))
    ordered = key[order]
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    last = np.ones(len(ordered), dtype=bool)
    last[:-1] = first[1:]
    bottom = np.full(size, -1, dtype=np.int64)
    top = np.full(size, -1, dtype=np.int64)
    bottom[ordered[first]] = order[first]
    top[ordered[last]] = order[last]
    return bottom, top


def panel_arrays(indicators, panels: list[int], resolved, data_panel, n_units) -> PanelArrays:
    """Compute every panel indicator's class means and unit means, vectorised over all rows.

    Per class with n_c >= trim_from one highest and one lowest score are dropped; the unit mean
    is Σ w_c m_c / Σ w_c over the classes with scores (rule 6 of SCORING.md).
    """
    n_classes = max([len(indicators[i].classes) for i in panels] + [1])
    slot = np.full(len(indicators) + 1, -1)
    slot[panels] = np.arange(len(panels))
    key = (slot[resolved.panel_indicator] * n_units + resolved.panel_unit) * n_classes
    key = key + resolved.panel_class
    weights = np.zeros((len(panels), n_classes))
    trim = np.zeros((len(panels), n_classes), dtype=np.int64)
    for s, i in enumerate(panels):
        ind = indicators[i]
        positions = class_positions(ind)
        for code, weight in ind.classes or ((DEFAULT_CLASS, 1.0),):
            weights[s, positions[code]] = weight
        trim[s] = ind.trim_from
    shape = (len(panels), n_units, n_classes)
    trim_per_key = np.broadcast_to(trim[:, None, :], shape).reshape(-1)
    means = panel_means(key, data_panel.score, trim_per_key.size, trim_per_key)
    mean, count, top, bottom = (a.reshape(shape) for a in means)
    has = count > 0
    used = np.where(has, weights[:, None, :], 0.0)
    total = used.sum(axis=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(has, used / total[..., None], 0.0)
        unit_mean = (np.where(has, mean, 0.0) * used).sum(axis=2) / total
    # A weighted mean lies between the class means; rounding must not take it outside.
    low = np.where(has, mean, np.inf).min(axis=2)
    high = np.where(has, mean, -np.inf).max(axis=2)
    unit_mean = np.where(total > 0, np.minimum(np.maximum(unit_mean, low), high), np.nan)
    return PanelArrays(
        {i: s for s, i in enumerate(panels)},
        count,
        mean,
        share,
        top,
        bottom,
        unit_mean,
        key,
        data_panel.score,
        data_panel.judge,
    )


class RankVoteError(ValueError):
    """Ranks that cannot be turned into scores; `messages` lists every problem found."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = list(messages)


def rank_vote_scores(ranks: Sequence[float], step: float = 3.0) -> list[float]:
    """Turn one judge's ranks of n units (1 = best) into scores 100 − step × (k − 1).

    The ranks must be the whole numbers 1..n, each once (a judge orders the units); step must
    be a number > 0. A score that would fall below 0 (k > 1 + 100 / step) is 0. The scores then
    go through the panel rule like typed scores, trimming included.
    """
    messages = []
    if isinstance(step, bool) or not isinstance(step, int | float) or not math.isfinite(step):
        messages.append(f"step must be a number > 0, got {step!r}")
    elif step <= 0:
        messages.append(f"step must be a number > 0, got {step:g}")
    n, seen = len(ranks), {}
    for position, k in enumerate(ranks, start=1):
        whole = not isinstance(k, bool) and isinstance(k, int | float) and float(k).is_integer()
        if not whole or not 1 <= k <= n:
            messages.append(f"item {position}: a rank must be a whole number in 1..{n}, got {k!r}")
        elif int(k) in seen:
            messages.append(f"item {position}: rank {int(k)} already given at item {seen[int(k)]}")
        else:
            seen[int(k)] = position
    if messages:
        raise RankVoteError(messages)
    return [max(RANK_TOP - step * (int(k) - 1), 0.0) for k in ranks]
