"""Competition ranks within groups, with a 1e-9 tie tolerance and vetoed units last."""

from __future__ import annotations

import numpy as np

TIE = 1e-9


def competition_ranks(group: np.ndarray, total: np.ndarray, vetoed: np.ndarray) -> np.ndarray:
    """Return ranks (1 = best) per unit within its group; 0 for units with no total (NaN).

    Vetoed units come after every non-vetoed unit of their group. A unit ties with the
    leader of the current tie block when it is within 1e-9 of it (1, 2, 2, 4).
    """
    ranks = np.zeros(len(total), dtype=np.int64)
    ranked = np.flatnonzero(~np.isnan(total))
    if not len(ranked):
        return ranks
    order = ranked[np.lexsort((-total[ranked], vetoed[ranked], group[ranked]))]
    g, v, t = group[order], vetoed[order], total[order]
    new_group = np.r_[True, g[1:] != g[:-1]]
    hard_break = new_group | np.r_[True, v[1:] != v[:-1]]
    starts = _block_starts(t, hard_break)
    position = np.arange(len(order))
    group_start = np.maximum.accumulate(np.where(new_group, position, 0))
    block_start = np.maximum.accumulate(np.where(starts, position, 0))
    ranks[order] = block_start - group_start + 1
    return ranks


def _block_starts(t: np.ndarray, hard_break: np.ndarray) -> np.ndarray:
    """Mark where a new tie block starts in descending totals."""
    # A gap over 1e-9 to the neighbour is always a break; only runs of small gaps need the
    # leader rule, which is sequential, so it runs on those (rare) runs alone.
    starts = hard_break | np.r_[True, (t[:-1] - t[1:]) > TIE]
    for i in np.flatnonzero(~starts):
        if starts[i - 1]:
            leader = t[i - 1]
        if leader - t[i] > TIE:
            starts[i] = True
            leader = t[i]
    return starts
