"""Robustness of ranks: rerun the ranking with jittered arena weights."""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from leitai.progress import Progress
from leitai.scoring.engine import Result, scheme_weights, weighted_total
from leitai.scoring.ranking import competition_ranks


def sensitivity(result: Result, runs: int, jitter: float, seed: int, *, progress=None) -> Result:
    """Return `result` with per-unit median, p5, p95 rank and share of runs that kept the rank.

    Each run multiplies every arena weight by an independent uniform factor in
    [1 - jitter, 1 + jitter] (seeded) and re-normalises. Percentiles are nearest-rank.
    """
    if runs < 1 or not 0 <= jitter < 1:
        raise ValueError("sensitivity needs runs >= 1 and 0 <= jitter < 1")
    weights = scheme_weights(result.scheme)
    factors = np.random.default_rng(seed).uniform(1 - jitter, 1 + jitter, (runs, len(weights)))
    ranks = np.empty((runs, len(result.units)), dtype=np.int64)
    bar = Progress(runs, "sensitivity", stream=progress) if progress else None
    for run in range(runs):
        jittered = weights * factors[run]
        total = weighted_total(jittered / jittered.sum(), result.arena.score)
        ranks[run] = competition_ranks(result.group, total, result.vetoed)
        if bar:
            bar.advance()
    if bar:
        bar.finish()
    return dataclasses.replace(result, sensitivity=summarise(ranks, result.rank))


def nearest_rank(sorted_ranks: np.ndarray, percent: float) -> np.ndarray:
    """Return the nearest-rank percentile of each column of already sorted ranks."""
    runs = sorted_ranks.shape[0]
    return sorted_ranks[max(math.ceil(percent / 100 * runs), 1) - 1]


def summarise(ranks: np.ndarray, published: np.ndarray) -> dict[str, np.ndarray]:
    """Summarise the ranks of all runs (rows) per unit (columns)."""
    ordered = np.sort(ranks, axis=0)
    return {
        "median": nearest_rank(ordered, 50),
        "p5": nearest_rank(ordered, 5),
        "p95": nearest_rank(ordered, 95),
        "kept": (ranks == published).mean(axis=0),
    }
